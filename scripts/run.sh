#!/usr/bin/env bash
# Start Baqylau with demo content on a private PostgreSQL under .data/ (provisioned on first run).
#   scripts/run.sh                       http://127.0.0.1:5080
#   scripts/run.sh --urls http://127.0.0.1:8080
# Environment: BAQYLAU_DEMO_PASSWORD (demo accounts' password; generated and printed once otherwise),
# BAQYLAU_DEMO_TOTP_SECRET (pre-enrols the demo admin and editor in TOTP), ConnectionStrings__Baqylau (use that server).
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
exec dotnet run --project src/Baqylau.Web/Baqylau.Web.csproj -c Release --no-build --no-launch-profile -- --urls "$urls" "${args[@]}"
