# Helpers for scripts that talk to the app's database with libpq tools (pg_dump, pg_restore, psql).

# Exports PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD from an Npgsql connection string
# ("Host=…;Port=…;Database=…;Username=…;Password=…"), the format of ConnectionStrings__Baqylau.
npgsql_to_pgenv() {
  local cs="$1" part key value
  IFS=';' read -r -a parts <<<"$cs"
  for part in "${parts[@]}"; do
    [ -z "$part" ] && continue
    key="$(printf '%s' "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')"
    value="${part#*=}"
    case "$key" in
      host|server) export PGHOST="$value" ;;
      port) export PGPORT="$value" ;;
      database|db) export PGDATABASE="$value" ;;
      username|user|userid|"user id") export PGUSER="$value" ;;
      password|pwd) export PGPASSWORD="$value" ;;
    esac
  done
}

# The libpq tools: PG_BIN when set, else the newest /usr/lib/postgresql/*/bin, else PATH.
# pg_dump must be at least as new as the server; pg_restore reads dumps of its own version or older.
pg_tool() {
  local tool="$1" d
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN/$tool"; return; fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/$tool" ]; then echo "$d/$tool"; return; fi
  done
  command -v "$tool"
}

# The data directory (keys, uploads, evidence): Baqylau__DataDirectory, else .data/ at the repository root.
data_dir() {
  if [ -n "${Baqylau__DataDirectory:-}" ]; then echo "$Baqylau__DataDirectory"; else echo "$(repo_root)/.data"; fi
}
