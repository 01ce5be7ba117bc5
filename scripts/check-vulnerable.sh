#!/usr/bin/env bash
# Known vulnerabilities in the solution's NuGet packages (direct and transitive): exit 1 on any, naming them.
#   scripts/check-vulnerable.sh                          audit against the configured package sources
#   scripts/check-vulnerable.sh --audit-source URL ...   audit against these NuGet V3 service indexes instead
#                                                        (also BAQYLAU_AUDIT_SOURCES="URL URL")
# It is NuGet's own audit (restore's NU1901-NU1904), fed by a source's VulnerabilityInfo resource. A configured
# source without that resource cannot answer, so it is left out; when none is left, the check says it was skipped
# (exit 0) instead of reporting a false all-clear. A source named with --audit-source must answer (exit 2 if not).
# The restore runs on a temporary copy of the project files: the working tree's obj/ folders are never touched.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
root="$(repo_root)"
ensure_dotnet

explicit=()
read -r -a explicit <<<"${BAQYLAU_AUDIT_SOURCES:-}"
while [ $# -gt 0 ]; do
  case "$1" in
    --audit-source) explicit+=("${2:?--audit-source needs a URL}"); shift 2 ;;
    -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) say "Unknown argument: $1"; exit 2 ;;
  esac
done

has_vulnerability_data() { curl -fsS --compressed --max-time 15 "$1" 2>/dev/null | grep -q '"VulnerabilityInfo/'; }

sources=()
if [ "${#explicit[@]}" -gt 0 ]; then
  for index in "${explicit[@]}"; do
    if ! has_vulnerability_data "$index"; then
      say "Audit source $index does not publish vulnerability data (no VulnerabilityInfo resource in its service index)."
      exit 2
    fi
    sources+=("$index")
  done
else
  for index in $(cd "$root" && dotnet nuget list source --format short 2>/dev/null | awk '/^E/ {print $2}'); do
    if has_vulnerability_data "$index"; then sources+=("$index"); fi
  done
  if [ "${#sources[@]}" -eq 0 ]; then
    echo "Vulnerability check skipped: no package source here publishes vulnerability data (see docs/security.md)."
    exit 0
  fi
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/baqylau-audit.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The audit sources in a nuget.config one folder above the copy: NuGet merges it with the copy's own and the
# user's, so packages still come from the usual sources (or the global packages folder).
{
  echo '<?xml version="1.0" encoding="utf-8"?>'
  echo '<configuration>'
  echo '  <auditSources>'
  echo '    <clear />'
  n=0
  for index in "${sources[@]}"; do
    n=$((n + 1))
    insecure=""
    # NuGet refuses plain-HTTP sources unless told; only a loopback test feed should ever need this.
    case "$index" in http://*) insecure=' allowInsecureConnections="true"' ;; esac
    printf '    <add key="audit%d" value="%s"%s />\n' "$n" "$index" "$insecure"
  done
  echo '  </auditSources>'
  echo '</configuration>'
} >"$work/nuget.config"

mkdir -p "$work/repo"
(cd "$root" && find . \( -name bin -o -name obj -o -name node_modules -o -name .data -o -name .git \) -prune -o -type f \
  \( -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name '*.slnx' -o -name global.json -o -iname nuget.config \) \
  -print0 | xargs -0 cp --parents -t "$work/repo")

say "Auditing NuGet packages against: ${sources[*]}"
set +e
# A private HTTP cache: vulnerability pages are fetched fresh, never an earlier run's copy of another feed.
report=$(cd "$work/repo" && NUGET_HTTP_CACHE_PATH="$work/http-cache" DOTNET_CLI_UI_LANGUAGE=en \
  dotnet restore Baqylau.slnx --disable-build-servers -nologo -v minimal \
    -p:NuGetAudit=true -p:NuGetAuditMode=all -p:NuGetAuditLevel=low -p:TreatWarningsAsErrors=true 2>&1)
code=$?
set -e

found=$(grep -E 'NU190[1-4]' <<<"$report" | sed -E 's/^.*NU190[1-4]: (Warning As Error: )?//; s/ \[[^]]*\]$//' | sort -u || true)
if [ -n "$found" ]; then
  echo "$found"
  echo "Known vulnerable packages: update them, or suppress one advisory with NuGetAuditSuppress and say why."
  exit 1
fi
if [ "$code" -ne 0 ]; then
  # Vulnerability data that could not be read (NU1900) or a failed restore is no all-clear.
  echo "$report" | tail -30
  echo "Vulnerability check failed: the audit did not complete."
  exit 1
fi
echo "No known vulnerable packages (audit sources: ${sources[*]})."
