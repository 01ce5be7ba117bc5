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
