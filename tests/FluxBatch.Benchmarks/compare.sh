#!/bin/sh
# The CLI-vs-bare comparison of docs/benchmarks.md, in one command (about 9 minutes on a quiet 2-core machine):
#   tests/FluxBatch.Benchmarks/compare.sh [--startup-runs 5] [--no-memory] [--quick] [--only TEXT]
# Packs the fluxbatch tool as it ships (`dotnet pack`: the RID-specific, ReadyToRun package), installs it from that
# local package into a tool path as a user would, builds the benchmarks, then runs `FluxBatch.Benchmarks.dll compare`
# with the installed tool, which prints the tables. Run folders stay under /tmp/fluxbatch-compare.
set -eu
cd "$(dirname "$0")/../.."
work=/tmp/fluxbatch-compare
version=0.0.0-compare.$(date -u +%Y%m%d%H%M%S)
rm -rf "$work/feed" "$work/tool"
dotnet pack runtime/FluxBatch.Cli -c Release -o "$work/feed" -p:Version="$version" -nologo -v quiet
dotnet tool install --tool-path "$work/tool" --add-source "$work/feed" FluxBatch.Cli --version "$version" > /dev/null
# The installed copy goes into NuGet's cache under a one-off version: keep the cache clean.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/fluxbatch.cli*/"$version"
dotnet build tests/FluxBatch.Benchmarks -c Release -nologo -v quiet
exec dotnet tests/FluxBatch.Benchmarks/bin/Release/net10.0/FluxBatch.Benchmarks.dll compare --cli "$work/tool/fluxbatch" "$@"
