#!/usr/bin/env bash
# README command 1: install what is missing, build, and analyse the bundled example (the SSc and
# SLE seed reviews in examples/) into ./citegraph-out.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCITEGRAPH_BUILD_TESTS=OFF >/dev/null
cmake --build build -j"$(nproc)" --target citegraph
build/apps/citegraph analyze \
  --corpus SSc=examples/ssc_review.txt \
  --corpus SLE=examples/sle_review.txt \
  --out citegraph-out
echo "Results are in $(pwd)/citegraph-out: open report.html in a browser, cocitation.gexf or citation.graphml in Gephi."
