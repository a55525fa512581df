#!/usr/bin/env bash
# The whole `citegraph analyze --min-count N` against the Python pipeline a user would write
# instead (benchmarks/analyze_peer.py: pandas, scipy A.T@A and A@A.T, igraph PageRank, three
# CSVs), on the same OCC pairs file, side by side in one run (issue 9's target: >= 3x faster,
# <= half the peak memory). Runs alternate (peer, ours on 1 thread, ours on 2 threads) REPEAT
# times; each line is one run's wall time, CPU time (user + system) and peak RSS from
# /usr/bin/time; the summary takes the best wall time of each and the largest peak.
#
# Usage: benchmarks/analyze_benchmark.sh BUILD_DIR PAIRS_CSV [MIN_COUNT [REPEAT]]
#   e.g. build/benchmarks/generate --sources 30000 --works-ratio 10 --mean-refs 30 --pairs topical.csv
#        benchmarks/analyze_benchmark.sh build topical.csv 2 3
# Needs /usr/bin/time and Debian's python3-scipy, python3-pandas, python3-igraph (it calls
# /usr/bin/python3, not whatever python3 is first on PATH).
set -euo pipefail
build=${1:?usage: analyze_benchmark.sh BUILD_DIR PAIRS_CSV [MIN_COUNT [REPEAT]]}
pairs=${2:?usage: analyze_benchmark.sh BUILD_DIR PAIRS_CSV [MIN_COUNT [REPEAT]]}
min_count=${3:-2}
repeat=${4:-3}
here=$(cd "$(dirname "$0")" && pwd)
citegraph=$build/apps/citegraph
[[ -x $citegraph ]] || { echo "analyze_benchmark.sh: no $citegraph (build first)" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "analyze_benchmark.sh: /usr/bin/time is missing (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One run: prints "wall cpu peak_mb" of the command.
measure() {
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > "$work/stdout" 2> "$work/stderr" || {
    echo "analyze_benchmark.sh: failed: $*" >&2
    cat "$work/stderr" >&2
    exit 1
  }
  awk '{ printf "%.2f %.2f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$work/time"
}

echo "# $(date -u +%FT%TZ) load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
echo "# input $pairs ($(stat -c %s "$pairs") bytes), --min-count $min_count, $repeat rounds"
declare -A best_wall best_cpu peak
for name in python ours-1 ours-2; do best_wall[$name]=1e9; best_cpu[$name]=1e9; peak[$name]=0; done
for ((round = 1; round <= repeat; ++round)); do
  for name in python ours-1 ours-2; do
    rm -rf "$work/out"
    case $name in
      python) read -r wall cpu mb < <(measure /usr/bin/python3 "$here/analyze_peer.py" "$pairs" "$min_count" "$work/out")
              cp "$work/stdout" "$work/python.out" ;;
      ours-1) read -r wall cpu mb < <(measure "$citegraph" analyze "$pairs" --min-count "$min_count" --threads 1 --quiet --out "$work/out")
              cp "$work/out/summary.json" "$work/summary.json" ;;
      ours-2) read -r wall cpu mb < <(measure "$citegraph" analyze "$pairs" --min-count "$min_count" --threads 2 --quiet --out "$work/out") ;;
    esac
    echo "round $round $name: wall ${wall} s, cpu ${cpu} s, peak ${mb} MB, load $(cut -d' ' -f1 /proc/loadavg)"
    best_wall[$name]=$(awk -v a="${best_wall[$name]}" -v b="$wall" 'BEGIN { print (b < a ? b : a) }')
    best_cpu[$name]=$(awk -v a="${best_cpu[$name]}" -v b="$cpu" 'BEGIN { print (b < a ? b : a) }')
    peak[$name]=$(awk -v a="${peak[$name]}" -v b="$mb" 'BEGIN { print (b > a ? b : a) }')
  done
done

# Both sides must have found the same pairs.
py_co=$(sed -n 's/^cocitation_pairs=//p' "$work/python.out")
py_cp=$(sed -n 's/^coupling_pairs=//p' "$work/python.out")
read -r our_co our_cp < <(/usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))
print(s["cocitation"]["pairs"], s["coupling"]["pairs"])' "$work/summary.json")
agree=no
[[ $py_co == "$our_co" && $py_cp == "$our_cp" ]] && agree=yes
echo "pairs: co-citation python $py_co ours $our_co, coupling python $py_cp ours $our_cp: agree $agree"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo
echo "| measurement | python pipeline | citegraph 1 thread | citegraph 2 threads | ratio 1 thread | ratio 2 threads | target |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
echo "| wall time, best of $repeat | ${best_wall[python]} s | ${best_wall[ours-1]} s | ${best_wall[ours-2]} s | $(ratio "${best_wall[python]}" "${best_wall[ours-1]}")x | $(ratio "${best_wall[python]}" "${best_wall[ours-2]}")x | >= 3x |"
echo "| CPU time (user + sys), best of $repeat | ${best_cpu[python]} s | ${best_cpu[ours-1]} s | ${best_cpu[ours-2]} s | $(ratio "${best_cpu[python]}" "${best_cpu[ours-1]}")x | $(ratio "${best_cpu[python]}" "${best_cpu[ours-2]}")x | - |"
echo "| peak RSS, largest | ${peak[python]} MB | ${peak[ours-1]} MB | ${peak[ours-2]} MB | $(ratio "${peak[python]}" "${peak[ours-1]}")x less | $(ratio "${peak[python]}" "${peak[ours-2]}")x less | >= 2x less |"
[[ $agree == yes ]]
