#!/usr/bin/env bash
# Runs every benchmark and assembles BENCHMARKS.md from their sections (bench/out/*.md).
# Benchmarks measure this machine; CI timings on SwiftShader are not GPU performance.
# The before/after benchmarks (drop-to-findings, triage) also build a baseline revision (BENCH_BASELINE_REV, default
# 6f6d8eb; `none` skips it) and write their rows to bench/out/compare/*.json, from which bench/out/baseline-compare.md
# (one table) is rebuilt each time one of them runs.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/ensure-chromium.sh
mkdir -p bench/out
only="${1:-}"
# `npm run bench -- --assemble` only rebuilds BENCHMARKS.md from the sections already in bench/out.
if [ "$only" != "--assemble" ]; then
[ -z "$only" ] && rm -rf bench/out/*.md bench/out/compare
for b in bench/*.bench.ts; do
  name=$(basename "$b" .bench.ts)
  if [ -n "$only" ] && [ "$name" != "$only" ]; then continue; fi
  echo "== bench: $name"
  npx tsx "$b"
done
fi
{
  echo "# StatRead benchmarks"
  echo
  echo "Written by \`npm run bench\` (scripts/bench.sh) on $(date -u +%Y-%m-%d)."
  echo "Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB RAM, no GPU;"
  echo "Chromium: $(/usr/bin/chromium --version 2>/dev/null || echo n/a); Node $(node --version)."
  echo "Browser GPU work here runs on SwiftShader (software): WebGPU/WebGL numbers are not GPU performance."
  echo
  for f in bench/out/*.md; do cat "$f"; echo; done
} > BENCHMARKS.md
echo "wrote BENCHMARKS.md"
