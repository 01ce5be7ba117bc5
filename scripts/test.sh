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
dotnet test Baqylau.slnx -c Release --logger "trx" --results-directory "$results" -v quiet -nologo 2>&1 | tee "$results/console.log" || status=$?

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
