#!/usr/bin/env bash
# Baqylau's load benchmarks (issue 7), bounded and on 127.0.0.1 only:
#   benchmarks/run.sh                   full run: 100,000 incidents, 10,000 statements, 20 s per scenario
#   BENCH_INCIDENTS=5000 BENCH_STATEMENTS=500 BENCH_DURATION=5s benchmarks/run.sh    a quick try
#   BENCH_REUSE=1 benchmarks/run.sh     keep the cluster and data of the previous run (skips the generator)
# It makes a throwaway PostgreSQL cluster under $BENCH_DIR (default /tmp/baqylau-bench), loads the demo content and
# the generated data, publishes and starts the app in Release, ReadyToRun (Production settings), drives it with wrk (2 threads, 32
# connections), serves the same statement page from nginx as the reference, and writes a Markdown table to
# benchmarks/results/latest.md (copy the numbers into docs/performance.md with the date and machine).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"
root="$(repo_root)"
cd "$root"

INCIDENTS="${BENCH_INCIDENTS:-100000}"
STATEMENTS="${BENCH_STATEMENTS:-10000}"
DURATION="${BENCH_DURATION:-20s}"
DIR="${BENCH_DIR:-/tmp/baqylau-bench}"
PG_PORT="${BENCH_PG_PORT:-54339}"
APP_PORT="${BENCH_APP_PORT:-5090}"
NGINX_PORT="${BENCH_NGINX_PORT:-5091}"
APP="http://127.0.0.1:$APP_PORT"
RESULTS="$root/benchmarks/results"
mkdir -p "$RESULTS"
OUT="$RESULTS/latest.md"

ensure_dotnet
ensure_postgres
for tool in wrk nginx curl; do
  if ! command -v "$tool" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$tool" ]; then
    can_install || { say "$tool is needed (apt-get install $tool)"; exit 1; }
    apt_install "$tool"
  fi
done
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
BIN="$(postgres_bin_dir)"

app_pid=""
nginx_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  as_pg "$BIN/pg_ctl" -D "$DIR/pg" -m fast stop >/dev/null 2>&1 || true
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: the cluster belongs to the postgres user then.
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

REUSE="${BENCH_REUSE:-0}"
if [ "$REUSE" = 1 ] && [ -f "$DIR/pg/PG_VERSION" ] && [ -f "$DIR/generated" ]; then
  say "== Reusing the cluster and data in $DIR/pg (port $PG_PORT)"
  as_pg "$BIN/pg_ctl" -D "$DIR/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR/www" "$DIR/mirror"
  mkdir -p "$DIR/www"
else
  REUSE=0
  say "== Cluster in $DIR/pg (port $PG_PORT)"
  as_pg "$BIN/pg_ctl" -D "$DIR/pg" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  mkdir -p "$DIR/pg" "$DIR/data" "$DIR/www"
  [ "$(id -u)" -eq 0 ] && chown postgres "$DIR/pg"
  as_pg "$BIN/initdb" -D "$DIR/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
as_pg "$BIN/pg_ctl" -D "$DIR/pg" -l "$DIR/pg/server.log" -w start \
  -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c shared_buffers=1GB -c max_connections=200 -c synchronous_commit=off" >/dev/null
CONN="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=baqylau_bench;Maximum Pool Size=64"
[ "$REUSE" = 1 ] || "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE baqylau_bench" postgres

say "== Publish (Release, ReadyToRun, as docs/operations.md deploys it)"
# ReadyToRun: precompiled code, so the app does not JIT its start-up (4.4 s to ready without, 2.3 s with, on a
# slow day of this machine).
PUBLISHED="$DIR/app"
rm -rf "$PUBLISHED"
dotnet publish src/Baqylau.Web/Baqylau.Web.csproj -c Release -r "$(dotnet_rid)" --self-contained false -p:PublishReadyToRun=true \
  -o "$PUBLISHED" -v quiet -nologo >/dev/null
dotnet build benchmarks/Baqylau.DataGen/Baqylau.DataGen.csproj -c Release -v quiet -nologo >/dev/null
WEB_DLL="$PUBLISHED/Baqylau.Web.dll"
GEN_DLL="$(ls benchmarks/Baqylau.DataGen/bin/Release/net10.0/Baqylau.DataGen.dll)"

# Production settings, a log file instead of a terminal, and no rate limit: wrk is one client hammering on purpose.
export ASPNETCORE_ENVIRONMENT=Production
export ConnectionStrings__Baqylau="$CONN"
export Baqylau__DataDirectory="$DIR/data"
export BAQYLAU_DEMO_PASSWORD="bench-password-2026"
export Baqylau__RateLimits__Enabled=false

start_app() { # start_app <log> [extra env assignments...]
  local log="$1"; shift
  local t0; t0=$(date +%s%N)
  env "$@" dotnet "$WEB_DLL" --urls "$APP" --contentRoot "$PUBLISHED" >"$log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 600); do
    if curl -fs -o /dev/null "$APP/health/ready"; then
      READY_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
      return 0
    fi
    kill -0 "$app_pid" 2>/dev/null || { say "The app stopped; see $log"; tail -20 "$log" >&2; exit 1; }
    sleep 0.05
  done
  say "The app did not get ready in 30 s; see $log"; exit 1
}
stop_app() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }
peak_mb() { awk '/VmHWM/ { printf "%d", $2 / 1024 }' "/proc/$app_pid/status"; }

if [ "$REUSE" = 1 ]; then
  say "== Migrations (data kept)"
  start_app "$DIR/app-seed.log" Baqylau__MigrateOnStart=true Baqylau__SeedDemo=false
  stop_app
  read -r GEN_S INCIDENTS STATEMENTS < "$DIR/generated"
else
  say "== Schema and demo content"
  start_app "$DIR/app-seed.log" Baqylau__MigrateOnStart=true Baqylau__SeedDemo=true
  stop_app

  say "== Generating $INCIDENTS incidents and $STATEMENTS statements"
  gen_started=$(date +%s)
  dotnet "$GEN_DLL" "$CONN" "$INCIDENTS" "$STATEMENTS" 2>"$DIR/generate.log" || { tail -20 "$DIR/generate.log" >&2; exit 1; }
  GEN_S=$(( $(date +%s) - gen_started ))
  echo "$GEN_S $INCIDENTS $STATEMENTS" > "$DIR/generated"
fi

psql_q() { "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d baqylau_bench -Atqc "$1"; }
# One generated statement (its Russian page) for the single-page runs, and 2,000 for the uncached run.
STATEMENT_PATH="/ru/statements/$(psql_q "SELECT t.\"Slug\" FROM \"StatementTranslations\" t WHERE t.\"Culture\" = 'ru' ORDER BY t.\"Slug\" LIMIT 1")"
psql_q "SELECT '/ru/statements/' || t.\"Slug\" FROM \"StatementTranslations\" t WHERE t.\"Culture\" = 'ru' ORDER BY md5(t.\"Slug\") LIMIT 2000" > "$DIR/statement-paths.txt"
CATEGORY="$(psql_q "SELECT \"Slug\" FROM \"IncidentCategories\" ORDER BY \"SortOrder\" LIMIT 1")"
TIMELINE_FILTERED="/ru/incidents?category=$CATEGORY&from=2020&to=2020&q=%D0%BD%D0%B0%D0%B1%D0%BB%D1%8E%D0%B4%D0%B0%D1%82%D0%B5%D0%BB%D0%B5%D0%B9"

psql_q "SELECT '/ru/incidents/' || \"PublicId\" FROM \"Incidents\" WHERE \"Visibility\" = 1 ORDER BY md5(\"PublicId\") LIMIT 2000" > "$DIR/incident-paths.txt"
# A wrk script that walks a list of paths (one per line), so each request asks for a different page.
paths_lua() { # paths_lua <paths file> <lua file>
  cat > "$2" <<EOF
local paths = {}
for line in io.lines("$1") do paths[#paths + 1] = line end
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
EOF
}
paths_lua "$DIR/incident-paths.txt" "$DIR/incident-paths.lua"
paths_lua "$DIR/statement-paths.txt" "$DIR/paths.lua"

RESULT_ROWS=()
# The JIT tiers code up under load for several seconds; each scenario is measured after a warm-up of its own.
WARMUP="${BENCH_WARMUP:-10s}"
warm() { # warm <url> [lua script]
  if [ -n "${2:-}" ]; then wrk -t2 -c32 -d"$WARMUP" --timeout 5s -s "$2" "$1" >/dev/null; else wrk -t2 -c32 -d"$WARMUP" --timeout 5s "$1" >/dev/null; fi
}
run_wrk() { # run_wrk <label> <url> [lua script]
  local label="$1" url="$2" script="${3:-}" out
  [ "$label" = "nginx: same statement page (reference)" ] || warm "$url" "$script"
  if [ -n "$script" ]; then
    out=$(wrk -t2 -c32 -d"$DURATION" --timeout 5s --latency -s "$script" "$url")
  else
    out=$(wrk -t2 -c32 -d"$DURATION" --timeout 5s --latency "$url")
  fi
  echo "$out" > "$DIR/wrk-$(echo "$label" | tr -c 'a-zA-Z0-9' '-').txt"
  local rps p50 p99 non2xx sock
  rps=$(awk '/Requests\/sec/ { printf "%d", $2 }' <<<"$out")
  p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
  p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
  non2xx=$(awk '/Non-2xx/ { print $5 }' <<<"$out"); non2xx=${non2xx:-0}
  sock=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 }' <<<"$out"); sock=${sock:-0}
  local mem="-"
  [ -n "$app_pid" ] && [ "$label" != "nginx: same statement page (reference)" ] && mem="$(peak_mb)"
  RESULT_ROWS+=("| $label | $rps | $p50 | $p99 | $non2xx / $sock | $mem |")
  say "$label: $rps req/s, p50 $p50, p99 $p99, errors $non2xx/$sock"
}

say "== Cached run"
start_app "$DIR/app-cached.log" Baqylau__MigrateOnStart=false Baqylau__SeedDemo=false
READY_CACHED_MS=$READY_MS
curl -fs -o "$DIR/www/statement.html" "$APP$STATEMENT_PATH"
curl -fs -o /dev/null "$APP$STATEMENT_PATH"
run_wrk "cached statement page" "$APP$STATEMENT_PATH"
run_wrk "JSON API, 50 incidents" "$APP/api/v1/incidents?limit=50"
stop_app

say "== nginx reference"
cat > "$DIR/nginx.conf" <<EOF
worker_processes 2;
pid $DIR/nginx.pid;
error_log $DIR/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $DIR/nginx-tmp;
  proxy_temp_path $DIR/nginx-tmp;
  fastcgi_temp_path $DIR/nginx-tmp;
  uwsgi_temp_path $DIR/nginx-tmp;
  scgi_temp_path $DIR/nginx-tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $DIR/www;
    location / { default_type "text/html; charset=utf-8"; try_files /statement.html =404; }
  }
}
EOF
mkdir -p "$DIR/nginx-tmp"
"$NGINX" -c "$DIR/nginx.conf" -g "daemon off;" &
nginx_pid=$!
sleep 0.5
run_wrk "nginx: same statement page (reference)" "http://127.0.0.1:$NGINX_PORT$STATEMENT_PATH"
kill "$nginx_pid"; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""

say "== Uncached run (output cache off)"
start_app "$DIR/app-uncached.log" Baqylau__MigrateOnStart=false Baqylau__SeedDemo=false Baqylau__PublicOutputCache=false
READY_UNCACHED_MS=$READY_MS
for p in $(head -50 "$DIR/statement-paths.txt"); do curl -fs -o /dev/null "$APP$p"; done
curl -fs -o /dev/null "$APP/ru/incidents"
run_wrk "uncached statement pages (2,000 different)" "$APP" "$DIR/paths.lua"
run_wrk "uncached timeline, first page" "$APP/ru/incidents"
run_wrk "uncached timeline, category + year + search word" "$APP$TIMELINE_FILTERED"
run_wrk "uncached JSON API, 50 incidents" "$APP/api/v1/incidents?limit=50"
run_wrk "uncached incident permalinks (2,000 different)" "$APP" "$DIR/incident-paths.lua"
PEAK_MB="$(peak_mb)"
stop_app

EXPORT_LINE="not measured: this build has no export-mirror command"
if grep -q '"export-mirror"' src/Baqylau.Web/Program.cs src/Baqylau.Web/**/*.cs 2>/dev/null; then
  say "== Static export"
  export_started=$(date +%s)
  # Bounded: a run that cannot finish in BENCH_EXPORT_TIMEOUT seconds is recorded as such, not waited for.
  export_status=0
  timeout "${BENCH_EXPORT_TIMEOUT:-900}" dotnet "$WEB_DLL" --contentRoot "$PUBLISHED" export-mirror "$DIR/mirror" \
    >"$DIR/export.log" 2>&1 || export_status=$?
  if [ "$export_status" -eq 0 ]; then
    EXPORT_LINE="$(( $(date +%s) - export_started )) s, $(find "$DIR/mirror" -type f | wc -l) files, $(du -sh "$DIR/mirror" | cut -f1)"
  elif [ "$export_status" -eq 124 ]; then
    EXPORT_LINE="stopped after ${BENCH_EXPORT_TIMEOUT:-900} s without finishing (see $DIR/export.log)"
  else
    EXPORT_LINE="failed: see $DIR/export.log"
  fi
fi

{
  echo "Run of $(date -u '+%Y-%m-%d %H:%M UTC') on $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(uname -sr)."
  echo "Data: $INCIDENTS generated incidents and $STATEMENTS statements (generated in $GEN_S s) besides the demo content."
  echo "wrk: 2 threads, 32 connections, $DURATION per scenario, on 127.0.0.1; app in Release, Production settings."
  echo
  echo "| scenario | requests/s | p50 | p99 | errors (non-2xx / socket) | app peak RSS so far (MB) |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${RESULT_ROWS[@]}"
  echo
  echo "- start to ready (process start to /health/ready 200): ${READY_CACHED_MS} ms, ${READY_UNCACHED_MS} ms"
  echo "- app peak memory (VmHWM) after the uncached run: ${PEAK_MB} MB"
  echo "- static export: $EXPORT_LINE"
} > "$OUT"
cat "$OUT"
