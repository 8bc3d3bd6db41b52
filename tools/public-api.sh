#!/usr/bin/env bash
# Rewrites FluxBatch.Runtime's public API baseline (runtime/FluxBatch.Runtime/PublicAPI.Shipped.txt) from the code.
# Both baseline files are emptied, the project is built once, and every member the analyzer reports as public but
# not declared (RS0016, its message quotes the baseline line) becomes a line of PublicAPI.Shipped.txt, sorted.
# Reading the build's own diagnostics, not `dotnet format analyzers`, also lists the members that source generators
# add (System.Text.Json contexts), which the format tool does not see.
# Run it after a reviewed change of the public surface (or after merging branches that each changed it) and commit
# both files: the diff of PublicAPI.Shipped.txt is the change of the surface.
#   tools/public-api.sh            rewrite the baseline
#   tools/public-api.sh --check    build only: non-zero exit when the code and the baseline differ (RS0016/RS0017)
set -euo pipefail
cd "$(dirname "$0")/.."
project=runtime/FluxBatch.Runtime/FluxBatch.Runtime.csproj
shipped=runtime/FluxBatch.Runtime/PublicAPI.Shipped.txt
unshipped=runtime/FluxBatch.Runtime/PublicAPI.Unshipped.txt
header='#nullable enable'

if [[ "${1:-}" == "--check" ]]; then
  exec dotnet build "$project" -nologo -clp:ErrorsOnly
fi

printf '%s\n' "$header" > "$shipped"
printf '%s\n' "$header" > "$unshipped"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Fails by design (every public member is undeclared now); other errors are reported below.
dotnet build "$project" -nologo -clp:ErrorsOnly -p:RunAnalyzersDuringBuild=true > "$log" 2>&1 || true
if grep -E ': error [A-Z]+[0-9]+:' "$log" | grep -v -E ': error RS0016:' | grep -q .; then
  grep -E ': error [A-Z]+[0-9]+:' "$log" | grep -v -E ': error RS0016:' | sort -u >&2
  echo "the build has errors besides RS0016: fix them first (the baseline files are left empty)" >&2
  exit 1
fi
{
  printf '%s\n' "$header"
  sed -n -E "s/.*: error RS0016: Symbol '(.*)' is not part of the declared public API.*/\1/p" "$log" | LC_ALL=C sort -u
} > "$shipped"
echo "$(($(wc -l < "$shipped") - 1)) public API entries in $shipped"
dotnet build "$project" -nologo -clp:ErrorsOnly
