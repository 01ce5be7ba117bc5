#!/usr/bin/env bash
# Back up Baqylau: the database (pg_dump custom format), the uploaded files, and the keys, into one new folder.
#   ConnectionStrings__Baqylau='Host=…;Database=…;Username=…;Password=…' scripts/backup.sh [backup-root]
# Environment: Baqylau__DataDirectory (default .data/), PG_BIN (folder with pg_dump, at least the server's version).
# Writes backup-root/baqylau-YYYYMMDDTHHMMSSZ/{database.dump, files.tar.gz, keys.tar.gz, SHA256SUMS}.
# keys.tar.gz holds the key that decrypts the internal fields: store it apart from the dump (docs/operations.md).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$(dirname "${BASH_SOURCE[0]}")/lib/pgconn.sh"

if [ -z "${ConnectionStrings__Baqylau:-}" ]; then
  say "Set ConnectionStrings__Baqylau to the database to back up."
  exit 2
fi
npgsql_to_pgenv "$ConnectionStrings__Baqylau"
data="$(data_dir)"
root="${1:-$(repo_root)/.data/backups}"
out="$root/baqylau-$(date -u +%Y%m%dT%H%M%SZ)"
umask 077
mkdir -p "$out"

say "Dumping database ${PGDATABASE:-?} on ${PGHOST:-localhost}:${PGPORT:-5432}..."
"$(pg_tool pg_dump)" --format=custom --compress=6 --no-owner --no-privileges --file "$out/database.dump"

# Uploaded photos and evidence files: the database names them, so they belong to the same backup.
folders=()
for f in uploads evidence; do [ -d "$data/$f" ] && folders+=("$f"); done
tar -C "$data" -czf "$out/files.tar.gz" "${folders[@]}" --files-from /dev/null

# Keys under {DataDirectory}/keys: the internal-fields key (without it, internal parts are unreadable),
# the mirror signing key, and any Data Protection key-encryption key. Data Protection keys themselves are in the database.
if [ -d "$data/keys" ]; then
  tar -C "$data" -czf "$out/keys.tar.gz" keys
else
  say "Warning: no $data/keys folder; the backup has no keys."
fi

(cd "$out" && sha256sum -- * > SHA256SUMS)
say "Backup written to $out"
say "Move keys.tar.gz to separate storage: with it and the dump, the internal parts can be read."
echo "$out"
