#!/usr/bin/env bash
# Defaults that use the machine, commands that compute only what is asked (issue 20):
#  1. `analyze` on a topical corpus (30,000 citing papers, generate --sources 30000
#     --works-ratio 10 --mean-refs 30) with no --threads (every core) against --threads 1: wall
#     time, CPU use (%), and the outputs compared byte for byte (--no-provenance).
#  2. `centrality --measures pagerank` against `--measures all` on an OCC-shaped snapshot
#     (default 5,000,000 citations: generate --sources 143000, 35 references each on average):
#     wall time, the ratio, and the pagerank column compared.
# Prints one line per measurement; a difference in outputs fails the script.
# Usage: benchmarks/everyday_benchmark.sh BUILD_DIR [WORK_DIR] [OCC_SOURCES]
# (BUILD_DIR has apps/citegraph and benchmarks/generate, i.e. -DCITEGRAPH_BUILD_BENCHMARKS=ON.)
set -euo pipefail
build=$1
work=${2:-/tmp/citegraph-everyday}
occ_sources=${3:-143000}
cg=$build/apps/citegraph
gen=$build/benchmarks/generate
mkdir -p "$work"
timed() {  # timed LABEL COMMAND... -> "LABEL seconds=S cpu=P% peak_rss_mb=M"
  local label=$1
  shift
  /usr/bin/time -f "%e %P %M" -o "$work/time.txt" "$@"
  read -r s cpu kb <"$work/time.txt"
  echo "$label seconds=$s cpu=$cpu peak_rss_mb=$((kb / 1024)) loadavg=$(cut -d' ' -f1 /proc/loadavg)"
  echo "$s" >"$work/last_seconds"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; }

# 1. analyze: default threads against one.
topical=$work/topical.csv
[[ -s $topical ]] || "$gen" --sources 30000 --works-ratio 10 --mean-refs 30 --pairs "$topical" >/dev/null
rm -rf "$work/analyze_default" "$work/analyze_one"
timed "analyze threads=default($(nproc) cores)" "$cg" analyze "$topical" --min-count 2 \
  --out "$work/analyze_default" --no-provenance -q
default_s=$(cat "$work/last_seconds")
timed "analyze threads=1" "$cg" analyze "$topical" --min-count 2 --threads 1 \
  --out "$work/analyze_one" --no-provenance -q
one_s=$(cat "$work/last_seconds")
diff -r "$work/analyze_default" "$work/analyze_one" >/dev/null ||
  { echo "analyze: outputs differ between the default and --threads 1" >&2; exit 1; }
echo "analyze default vs --threads 1: speed-up $(ratio "$one_s" "$default_s") identical_output=yes"

# 2. centrality: PageRank alone against every measure, on a snapshot.
occ=$work/occ.csv
snap=$work/occ.cgraph
[[ -s $occ ]] || "$gen" --sources "$occ_sources" --pairs "$occ" >/dev/null
[[ -s $snap ]] || "$cg" build "$occ" --out "$snap" -q
echo "snapshot citations=$(($(wc -l <"$occ") - 1))"
timed "centrality --measures pagerank" "$cg" centrality "$snap" --measures pagerank -q \
  --out "$work/pagerank.csv"
pagerank_s=$(cat "$work/last_seconds")
timed "centrality --measures all" "$cg" centrality "$snap" --measures all -q --out "$work/all.csv"
all_s=$(cat "$work/last_seconds")
python3 - "$work/pagerank.csv" "$work/all.csv" <<'PY'
import csv, sys
one = [(r["Id"], r["pagerank"]) for r in csv.DictReader(open(sys.argv[1]))]
every = [(r["Id"], r["pagerank"]) for r in csv.DictReader(open(sys.argv[2]))]
assert one == every, "the pagerank column differs"
PY
echo "centrality pagerank alone vs all measures: speed-up $(ratio "$all_s" "$pagerank_s")" \
  "same_pagerank=yes"
