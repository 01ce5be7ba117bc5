#!/usr/bin/env bash
# Run the whole test suite: unit, integration (a throwaway PostgreSQL from the local binaries) and browser tests.
# BAQYLAU_TEST_CONNECTION=... uses that server instead of starting one.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root="$(repo_root)"
cd "$root"

ensure_dotnet
ensure_postgres
ensure_chromium
ensure_axe_core "$root"
# Playwright brings only its driver; the browser is Debian's Chromium.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

results="$root/.data/test-results"
rm -rf "$results"
mkdir -p "$results"

# Known vulnerabilities: fail on any. Skipped, saying so, when no package source publishes vulnerability data
# (BAQYLAU_AUDIT_SOURCES names sources that do); see scripts/check-vulnerable.sh and docs/security.md.
status=0
"$root/scripts/check-vulnerable.sh" || status=1
# Style: the .editorconfig is the style, and a run fails on a file that strays from it (`dotnet format` fixes it).
if ! dotnet format Baqylau.slnx --verify-no-changes -v quiet >"$results/format.log" 2>&1; then
  say "dotnet format found files that stray from .editorconfig (run: dotnet format Baqylau.slnx):"
  grep -E "(error|warning) [A-Z]+" "$results/format.log" | sed "s|$root/||" | head -n 40 >&2 || true
  status=1
fi
# Names this run's throwaway PostgreSQL clusters (tests/Baqylau.Testing/TestPostgres.cs), for the check below;
# kept to what TestPostgres keeps of it (12 lower-case letters and digits), so both name the same folders.
run="${BAQYLAU_TEST_RUN:-$(printf 'r%d%04d' "$$" "$((RANDOM % 10000))")}"
run="$(printf '%s' "$run" | tr 'A-Z' 'a-z' | tr -cd 'a-z0-9' | cut -c1-12)"
export BAQYLAU_TEST_RUN="${run:-local}"
dotnet test Baqylau.slnx -c Release --logger "trx" --results-directory "$results" -v quiet -nologo 2>&1 | tee "$results/console.log" || status=$?

# The test processes have exited: every cluster of this run must be stopped and deleted by now. Others' clusters
# (scripts/run.sh's .data/postgres, another checkout's test run) carry no or another run id and are not touched.
tmp="${TMPDIR:-/tmp}"
tmp="${tmp%/}"
left=$(find "$tmp" -maxdepth 1 -type d -name "baqylau-test-pg-*-$BAQYLAU_TEST_RUN-*" 2>/dev/null || true)
running=$(ps -eo pid=,args= | awk -v pat="baqylau-test-pg-[0-9]+-$BAQYLAU_TEST_RUN-" '$0 ~ pat { print }')
if [ -n "$left$running" ]; then
  say "The test run left PostgreSQL behind (it must stop and delete its clusters itself):"
  [ -z "$running" ] || say "$running"
  [ -z "$left" ] || say "$left"
  # Cleaned up here all the same, so the machine does not keep an idle server until the next run.
  for dir in $left; do
    if [ -f "$dir/postmaster.pid" ]; then kill -INT "$(head -n 1 "$dir/postmaster.pid")" 2>/dev/null || true; fi
  done
  for dir in $left; do
    for _ in $(seq 50); do [ -f "$dir/postmaster.pid" ] || break; sleep 0.1; done
    rm -rf "$dir" "$dir.password"
  done
  status=1
fi

# One plain closing line for CI, summed over every test project.
awk '
  /^(Passed|Failed)!/ {
    for (i = 1; i <= NF; i++) {
      gsub(",", "", $(i+1))
      if ($i == "Failed:") f += $(i+1)
      if ($i == "Passed:") p += $(i+1)
      if ($i == "Skipped:") s += $(i+1)
    }
    runs++
  }
  END {
    if (runs == 0) { print "0 passed, 0 failed"; exit }
    printf "%d passed, %d failed, %d skipped\n", p, f, s
  }' "$results/console.log"
exit "$status"
