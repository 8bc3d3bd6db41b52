#!/bin/sh
# The CLI-vs-bare comparison of docs/benchmarks.md, in one command (about 5 minutes on a quiet 2-core machine):
#   tests/FluxBatch.Benchmarks/compare.sh [--startup-runs 5] [--no-memory]
# Publishes the fluxbatch CLI as the tool ships (Release, ReadyToRun), builds the benchmarks, then runs
# `FluxBatch.Benchmarks.dll compare`, which prints the tables. Run folders stay under /tmp/fluxbatch-compare.
set -eu
cd "$(dirname "$0")/../.."
rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)
out=/tmp/fluxbatch-compare/cli
dotnet publish runtime/FluxBatch.Cli -c Release -r "$rid" --self-contained false -o "$out" -nologo -v quiet
dotnet build tests/FluxBatch.Benchmarks -c Release -nologo -v quiet
exec dotnet tests/FluxBatch.Benchmarks/bin/Release/net10.0/FluxBatch.Benchmarks.dll compare --cli "$out/fluxbatch.dll" "$@"
