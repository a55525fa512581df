#!/usr/bin/env bash
# Builds the benchmarks (Release, -DCITEGRAPH_BUILD_BENCHMARKS=ON), generates the synthetic
# corpora, runs bench_pipeline with 1 and 2 threads and the peers (networkx, igraph, scipy) on
# the same files, and prints the joined table (benchmarks/table.py).
#
#   benchmarks/run.sh                 # default sizes, ~15 min on 2 cores
#   ROUNDS=3 benchmarks/run.sh        # every measurement three times more (medians of medians)
#   QUICK=1 benchmarks/run.sh         # 10x smaller corpora: a smoke test of the whole chain
#
# Environment: BUILD (build dir, default build-bench), DATA (corpora and results, default
# $BUILD/bench-data), REPEAT (runs per measurement, default 3), ROUNDS (default 1), LARGE, MID,
# PAIRS, SMALL, TINY (source counts), SEED, INSTALL_PEERS=0 to never apt-get install.
# Never part of the test suite; needs nothing the tests need.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${BUILD:-$ROOT/build-bench}"
DATA="${DATA:-$BUILD/bench-data}"
REPEAT="${REPEAT:-3}"
ROUNDS="${ROUNDS:-1}"
SEED="${SEED:-20240611}"
if [[ "${QUICK:-0}" == 1 ]]; then scale=10; else scale=1; fi
LARGE="${LARGE:-$((1000000 / scale))}"  # PageRank, sampled betweenness, build, memory vs igraph/scipy
MID="${MID:-$((100000 / scale))}"       # networkx PageRank, writers vs igraph, XML read
PAIRS="${PAIRS:-$((5000 / scale))}"    # co-citation + coupling vs scipy
SMALL="${SMALL:-2500}"                  # exact betweenness on ~10^4 nodes
TINY="${TINY:-1000}"                    # co-citation vs networkx's bipartite projection
PY=/usr/bin/python3
RESULTS="$DATA/results.txt"

say() { printf '== %s\n' "$*" >&2; }

# The peers come from Debian, like every other dependency.
if ! $PY -c 'import networkx, igraph, scipy' 2>/dev/null; then
  if [[ "${INSTALL_PEERS:-1}" == 1 && "$(id -u)" == 0 ]]; then
    say "installing python3-networkx python3-igraph python3-scipy"
    apt-get install -y python3-networkx python3-igraph python3-scipy >/dev/null
  else
    say "peers missing: apt-get install python3-networkx python3-igraph python3-scipy"
    exit 1
  fi
fi

say "building (Release) in $BUILD"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCITEGRAPH_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$BUILD" --target citegraph_generate citegraph_bench_pipeline citegraph_bench_pairs \
  -j2 >/dev/null
GEN="$BUILD/benchmarks/generate"
BENCH="$BUILD/benchmarks/bench_pipeline"
PEERS="$ROOT/benchmarks/peers.py"
# OPENBLAS_CORETYPE/L2_SIZE pin an old kernel on this machine; they slow numpy, so the peers run
# without them (this command only; see the environment README). SpMV and sparse products do
# not call BLAS, so this only matters for dense work.
peers() { env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$PY" "$PEERS" "$@"; }

mkdir -p "$DATA"
for n in "$LARGE" "$MID" "$PAIRS" "$SMALL" "$TINY"; do
  if [[ ! -s "$DATA/s$n.csv" ]]; then
    say "generating $n sources"
    "$GEN" --sources "$n" --seed "$SEED" --pairs "$DATA/s$n.csv" | tee -a "$DATA/generate.txt"
  fi
done
# A topical corpus (one field's PubMed search): 30k sources, ~900k citations, skewed popularity.
if [[ ! -s "$DATA/topical.csv" ]]; then
  "$GEN" --sources 30000 --works-ratio 10 --mean-refs 30 --seed "$SEED" --pairs "$DATA/topical.csv" \
    | tee -a "$DATA/generate.txt"
fi
if [[ ! -s "$DATA/s$MID.xml.gz" ]]; then
  "$GEN" --sources "$MID" --seed "$SEED" --xml "$DATA/s$MID.xml.gz" | tee -a "$DATA/generate.txt"
fi

: >"$RESULTS"
{
  echo "# $(date -u +%FT%TZ) $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB," \
    "load average $(cut -d' ' -f1-3 /proc/loadavg), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo none)"
} | tee -a "$RESULTS"

run() { "$@" | tee -a "$RESULTS"; }
out="$DATA/out"
for round in $(seq "$ROUNDS"); do
  say "round $round/$ROUNDS"
  # Reading and building are single-threaded: timed once, with --threads 1.
  for t in 1 2; do
    if [[ $t == 1 ]]; then stages=load,; else stages=; fi
    run "$BENCH" --input "$DATA/s$LARGE.csv" --threads "$t" --repeat "$REPEAT" --out-dir "$out" \
      --stages "${stages}pagerank,betweenness_sampled"
    run "$BENCH" --input "$DATA/s$MID.csv" --threads "$t" --repeat "$REPEAT" --out-dir "$out" \
      --stages "${stages}pagerank,writers"
    run "$BENCH" --input "$DATA/s$PAIRS.csv" --threads "$t" --repeat "$REPEAT" --out-dir "$out" \
      --stages pairs
    run "$BENCH" --input "$DATA/s$SMALL.csv" --threads "$t" --repeat "$REPEAT" --stages betweenness_exact
    run "$BENCH" --input "$DATA/s$TINY.csv" --threads "$t" --repeat "$REPEAT" --out-dir "$out" \
      --stages pairs
  done
  # Co-citation + coupling (>= 2) vs scipy, with and without CSV, 1 and 2 threads, one run.
  run env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$BUILD/benchmarks/bench_pairs" \
    --pairs "$DATA/topical.csv" --min-count 2 --repeat "$REPEAT" --out-dir "$DATA" --python "$PY"
  # PubMed XML: read, build and the distributions (which need journals and years). The reader
  # may refuse the file while it is being written; the rest of the run does not depend on it.
  run "$BENCH" --input "$DATA/s$MID.xml.gz" --format pubmed-xml --threads 1 --repeat "$REPEAT" \
    --stages load,distributions || say "PubMed XML stage failed (see above)"

  run peers pagerank --pairs "$DATA/s$LARGE.csv" --peers igraph,scipy --repeat "$REPEAT"
  run peers pagerank --pairs "$DATA/s$MID.csv" --peers networkx,igraph,scipy --repeat "$REPEAT"
  run peers graphml --pairs "$DATA/s$MID.csv" --peers igraph --repeat "$REPEAT" --tmp "$DATA"
  run peers cocitation --pairs "$DATA/s$PAIRS.csv" --peers scipy --repeat "$REPEAT"
  run peers cocitation --pairs "$DATA/s$TINY.csv" --peers scipy,networkx --repeat "$REPEAT" \
    --nx-max-pairs-edges 100000
  run peers betweenness --pairs "$DATA/s$SMALL.csv" --peers igraph,networkx --repeat "$REPEAT"
done
rm -rf "$out"

echo
"$PY" "$ROOT/benchmarks/table.py" "$RESULTS"
echo
"$PY" "$ROOT/benchmarks/table.py" "$RESULTS" --markdown
