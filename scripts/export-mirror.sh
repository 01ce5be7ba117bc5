#!/usr/bin/env bash
# Export the public site (both languages) as a static, signed mirror: <folder>/ and <folder>.zip.
#   scripts/export-mirror.sh [folder]          default: .data/mirror-export
# Uses the same database as scripts/run.sh (the private cluster under .data/, with the demo), or
# ConnectionStrings__Baqylau when set. Set Baqylau__Mirror__SiteUrl=https://… to name the live site in
# canonical links, feeds and the sitemap. A second run rewrites only the files that changed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root="$(repo_root)"
cd "$root"

ensure_dotnet
ensure_postgres

folder="${1:-$root/.data/mirror-export}"
dotnet build src/Baqylau.Web/Baqylau.Web.csproj -c Release -v quiet -nologo >/dev/null
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Baqylau__SeedDemo="${Baqylau__SeedDemo:-true}"
exec dotnet run --project src/Baqylau.Web/Baqylau.Web.csproj -c Release --no-build --no-launch-profile -- export-mirror "$folder"
