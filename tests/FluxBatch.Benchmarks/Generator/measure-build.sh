#!/usr/bin/env bash
# Build-time cost of the preset generator, measured the way a user pays it: `dotnet build` of a project with
# N manifests, with and without the generator, after touching one .cs file (so the compiler runs each time).
# Usage: tests/FluxBatch.Benchmarks/Generator/measure-build.sh [manifests=100] [runs=7]
# Prints each run's wall time and the median of each variant. Referenced projects are built once first, then
# skipped (BuildProjectReferences=false) so the timings hold the compile of this project only.
set -euo pipefail
count=${1:-100}
runs=${2:-7}
root=$(cd "$(dirname "$0")/../../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cat > "$work/Directory.Build.props" <<'PROPS'
<Project />
PROPS
cat > "$work/BuildCost.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <Import Project="$root/generator/FluxBatch.Generator/build/FluxBatch.Generator.props" />
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
    <DefineConstants Condition="'\$(WithGenerator)' != 'false'">\$(DefineConstants);WITH_GENERATOR</DefineConstants>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$root/runtime/FluxBatch.Runtime/FluxBatch.Runtime.csproj" />
    <ProjectReference Include="$root/generator/FluxBatch.Generator/FluxBatch.Generator.csproj"
                      OutputItemType="Analyzer" ReferenceOutputAssembly="false" Condition="'\$(WithGenerator)' != 'false'" />
    <AdditionalFiles Include="manifests/*.flux.yaml" />
  </ItemGroup>
</Project>
PROJ
cat > "$work/Program.cs" <<'CS'
#if WITH_GENERATOR
System.Console.WriteLine($"presets generated: {FluxBatch.Presets.FluxBatchPresets.All.Count}");
#else
System.Console.WriteLine("built without the generator");
#endif
CS
mkdir -p "$work/manifests"
for i in $(seq -w 1 "$count"); do
  cat > "$work/manifests/preset-$i.flux.yaml" <<YAML
# Build-cost manifest $i: a poster grid.
name: preset-$i
model: flux-2-flex
prompt: |
  A minimalist concert poster for "{{ band }}", headline "{{ headline | string.upcase }}"
  set in {{ font }} lettering, {{ palette }} palette, printed on textured paper.
vars:
  band: Night Owls $i      # who plays
  headline: Live at the Roundhouse
  palette: warm
defaults:
  width: 1024
  height: 1536
  output_format: png
sweep:
  grid:
    font: [condensed sans-serif, art deco serif]
    steps: [12, 24, 50]
    guidance: [2.5, 4.0, 5.5]
seeds: { base: 2026, count: 2 }
budget: { max_usd: 50.00 }
YAML
done

cd "$work"
dotnet build -v:q -nologo >/dev/null   # restore and build the referenced projects once
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for variant in false true; do
  dotnet build --no-restore -v:q -nologo -p:BuildProjectReferences=false -p:WithGenerator=$variant >/dev/null   # warm up this variant
  times=()
  for _ in $(seq "$runs"); do
    touch Program.cs
    start=$(date +%s%N)
    dotnet build --no-restore -v:q -nologo -p:BuildProjectReferences=false -p:WithGenerator=$variant >/dev/null
    times+=($(( ($(date +%s%N) - start) / 1000000 )))
  done
  echo "with generator=$variant: runs(ms)=${times[*]} median=$(printf '%s\n' "${times[@]}" | median) ms"
done
# Proof that the measured builds really generated the presets:
dotnet bin/Debug/net10.0/BuildCost.dll
