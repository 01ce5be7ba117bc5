#!/usr/bin/env bash
# Start Baqylau with demo content on a private PostgreSQL under .data/ (provisioned on first run).
#   scripts/run.sh                       http://127.0.0.1:5080
#   scripts/run.sh --urls http://127.0.0.1:8080
# Environment: BAQYLAU_DEMO_PASSWORD (demo accounts' password; generated and printed once otherwise),
# BAQYLAU_DEMO_TOTP_SECRET (pre-enrols the demo admin and editor in TOTP), ConnectionStrings__Baqylau (use that server),
# Baqylau__Mail__Host (send mail there; otherwise a local mail catcher, smtp4dev, takes it: inbox at http://127.0.0.1:5081).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root="$(repo_root)"
cd "$root"

ensure_dotnet
ensure_postgres

urls="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --urls) urls="$2"; shift 2 ;;
    --urls=*) urls="${1#--urls=}"; shift ;;
    *) args+=("$1"); shift ;;
  esac
done

say "Building Baqylau..."
dotnet build src/Baqylau.Web/Baqylau.Web.csproj -c Release -v quiet -nologo >/dev/null

say ""
say "Baqylau is starting at ${urls%%;*}  (public site: ${urls%%;*}/kk and ${urls%%;*}/ru, staff: ${urls%%;*}/workspace)"
say "Stop it with Ctrl+C; the private PostgreSQL under .data/ stops with it and is reused next time."
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Baqylau__SeedDemo=true

# Mail: without a configured server, a local catcher with a web inbox (smtp4dev, a .NET tool in dotnet-tools.json)
# takes every message. It is started here only if nothing listens on its SMTP port yet, and only then stopped here.
catcher_pid=""
if [ -z "${Baqylau__Mail__Host:-}" ]; then
  if (exec 3<>/dev/tcp/127.0.0.1/2525) 2>/dev/null; then
    say "Something already listens on 127.0.0.1:2525: mail goes there (not started, and not stopped, by this script)."
  else
    mkdir -p "$root/.data"
    dotnet tool restore >/dev/null
    # Its own process group, so stopping it stops the tool's child process too.
    setsid dotnet tool run smtp4dev -- --urls=http://127.0.0.1:5081 --smtpport=2525 --imapport= --pop3port= --db= \
      --hostname=localhost --tlsmode=None >"$root/.data/smtp4dev.log" 2>&1 &
    catcher_pid=$!
    say "Mail catcher (smtp4dev): inbox at http://127.0.0.1:5081, SMTP at 127.0.0.1:2525; stops with the app."
  fi
  export Baqylau__Mail__Host=127.0.0.1 Baqylau__Mail__Port=2525 Baqylau__Mail__Tls=None
  export Baqylau__Mail__SiteUrl="${Baqylau__Mail__SiteUrl:-${urls%%;*}}"
fi

if [ -n "$catcher_pid" ]; then
  trap 'kill -- "-$catcher_pid" 2>/dev/null || true' EXIT
  dotnet run --project src/Baqylau.Web/Baqylau.Web.csproj -c Release --no-build --no-launch-profile -- --urls "$urls" "${args[@]}"
  exit $?
fi
exec dotnet run --project src/Baqylau.Web/Baqylau.Web.csproj -c Release --no-build --no-launch-profile -- --urls "$urls" "${args[@]}"
