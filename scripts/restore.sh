#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into a database and data directory.
#   ConnectionStrings__Baqylau='Host=…;Database=…;Username=…;Password=…' scripts/restore.sh <backup-folder> [--keys keys.tar.gz] [--create]
# --create   create the database first (UTF-8, C.UTF-8 ctype; needs the CREATEDB right); otherwise it must exist and be empty
# --keys F   the keys archive, when it is kept apart from the backup folder (default: <backup-folder>/keys.tar.gz)
# Environment: Baqylau__DataDirectory (default .data/), PG_BIN (folder with pg_restore and psql).
# Stop the app first; apply migrations of a newer version afterwards (dotnet Baqylau.Web.dll migrate).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/pgconn.sh"

backup="" keys="" create=0
while [ $# -gt 0 ]; do
  case "$1" in
    --create) create=1; shift ;;
    --keys) keys="$2"; shift 2 ;;
    *) backup="$1"; shift ;;
  esac
done
if [ -z "$backup" ] || [ ! -f "$backup/database.dump" ]; then
  say "Usage: scripts/restore.sh <backup-folder> [--keys keys.tar.gz] [--create]"
  exit 2
fi
if [ -z "${ConnectionStrings__Baqylau:-}" ]; then
  say "Set ConnectionStrings__Baqylau to the database to restore into."
  exit 2
fi
keys="${keys:-$backup/keys.tar.gz}"
(cd "$backup" && sha256sum --quiet -c SHA256SUMS) || { say "The backup's checksums do not match: refusing to restore."; exit 1; }

npgsql_to_pgenv "$ConnectionStrings__Baqylau"
target="$PGDATABASE"
if [ "$create" = 1 ]; then
  say "Creating database $target..."
  PGDATABASE=postgres "$(pg_tool psql)" -v ON_ERROR_STOP=1 -q -c \
    "CREATE DATABASE \"$target\" ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8' TEMPLATE template0"
fi

say "Restoring database $target..."
"$(pg_tool pg_restore)" --no-owner --no-privileges --exit-on-error --dbname "$target" "$backup/database.dump"

data="$(data_dir)"
mkdir -p "$data"
tar -C "$data" -xzf "$backup/files.tar.gz"
if [ -f "$keys" ]; then
  # Never replace a different key silently: data encrypted with it would become unreadable.
  if [ -d "$data/keys" ] && [ -n "$(ls -A "$data/keys" 2>/dev/null)" ]; then
    tmp="$(mktemp -d)"
    tar -C "$tmp" -xzf "$keys"
    for f in "$tmp"/keys/*; do
      name="$(basename "$f")"
      if [ -f "$data/keys/$name" ] && ! cmp -s "$f" "$data/keys/$name"; then
        say "$data/keys/$name exists and differs from the backup's: move it away first."
        rm -rf "$tmp"
        exit 1
      fi
    done
    rm -rf "$tmp"
  fi
  (umask 077 && tar -C "$data" -xzf "$keys")
else
  say "Warning: no keys archive ($keys): internal parts of incidents stay unreadable until the key file is put back."
fi
say "Restored $backup into database $target and $data"
