# Shared by scripts/run.sh and scripts/test.sh. Sourced, not run.
# shellcheck shell=bash

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

repo_root() { cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd; }

say() { printf '%s\n' "$*" >&2; }

# May this user install OS packages without a prompt?
can_install() {
  [ "$(id -u)" -eq 0 ] && return 0
  command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null
}

apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  say "Installing with apt-get: $*"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# initdb + pg_ctl on PATH, or under Debian's versioned folder.
postgres_bin_dir() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
  done
  return 1
}

# PostgreSQL 15+ binaries for the private cluster: install them when missing and allowed, else say what to do.
ensure_postgres() {
  if postgres_bin_dir >/dev/null; then return 0; fi
  if [ -n "${ConnectionStrings__Baqylau:-}" ] || [ -n "${BAQYLAU_TEST_CONNECTION:-}" ]; then return 0; fi
  if can_install && command -v apt-get >/dev/null 2>&1; then
    apt_install postgresql postgresql-contrib
    postgres_bin_dir >/dev/null && return 0
  fi
  say "No PostgreSQL binaries (initdb, pg_ctl) found on PATH or under /usr/lib/postgresql/*/bin."
  say "Install them (Debian/Ubuntu: sudo apt-get install postgresql), or point Baqylau at a server:"
  say "  ConnectionStrings__Baqylau='Host=...;Database=baqylau;Username=...;Password=...' (app)"
  say "  BAQYLAU_TEST_CONNECTION='Host=...;Username=...;Password=...' (tests)"
  exit 1
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1; then
    say "The .NET 10 SDK is required (dotnet not found on PATH)."
    exit 1
  fi
}

# Debian's Chromium for the browser tests (Playwright drives it; no browser is downloaded). BAQYLAU_CHROMIUM overrides.
ensure_chromium() {
  local chromium="${BAQYLAU_CHROMIUM:-/usr/bin/chromium}"
  if [ -x "$chromium" ]; then return 0; fi
  if can_install && command -v apt-get >/dev/null 2>&1; then
    apt_install chromium
    [ -x "$chromium" ] && return 0
  fi
  say "Chromium not found at $chromium: the browser tests need it."
  say "Install it (Debian/Ubuntu: sudo apt-get install chromium) or set BAQYLAU_CHROMIUM to a Chromium binary."
  exit 1
}

# axe-core for the browser tests, from npm as pinned in tests/Baqylau.BrowserTests/package-lock.json.
ensure_axe_core() {
  local dir="$1/tests/Baqylau.BrowserTests"
  if [ -f "$dir/node_modules/axe-core/axe.min.js" ]; then return 0; fi
  if ! command -v npm >/dev/null 2>&1; then
    say "npm not found: the browser tests need it once, to install axe-core (Debian: sudo apt-get install npm)."
    exit 1
  fi
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}

# This machine's .NET runtime identifier (linux-x64, linux-arm64), for a ReadyToRun publish.
dotnet_rid() { dotnet --info | awk '$1 == "RID:" { print $2; exit }'; }
