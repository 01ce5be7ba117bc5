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

# Known vulnerabilities: fail on any. The check needs a package source that publishes vulnerability data
# (nuget.org's service index lists a VulnerabilityInfo resource); a mirror without one, or no network,
# cannot answer, so the check says so and is skipped rather than reporting "no vulnerable packages" falsely.
vulnerable_packages() {
  local sources index has_feed=0
  sources=$(dotnet nuget list source --format short 2>/dev/null | awk '/^E/ {print $2}')
  for index in $sources; do
    if curl -fsS --max-time 15 "$index" 2>/dev/null | grep -q '"VulnerabilityInfo'; then has_feed=1; fi
  done
  if [ "$has_feed" -eq 0 ]; then
    echo "Vulnerability check skipped: no package source here publishes vulnerability data (see docs/security.md)."
    return 0
  fi
  local report
  report=$(dotnet list Baqylau.slnx package --vulnerable --include-transitive 2>&1) || { echo "$report"; return 1; }
  if grep -qE '^\s+> ' <<<"$report"; then
    echo "$report"
    echo "Known vulnerable packages: update them (dotnet list package --vulnerable --include-transitive)."
    return 1
  fi
  echo "No known vulnerable packages."
}

status=0
vulnerable_packages || status=1
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
