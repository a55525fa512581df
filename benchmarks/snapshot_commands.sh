#!/usr/bin/env bash
# Whole commands on a CSV and on its .cgraph snapshot (issue 12): `citegraph build`, then
# `distributions` and `centrality` on each input, wall time and peak RSS by /usr/bin/time,
# outputs compared byte for byte (a difference fails the script), and the ratio.
# Usage: benchmarks/snapshot_commands.sh BUILD_DIR PAIRS.csv [CENTRALITY_OPTIONS...]
# (BUILD_DIR has apps/citegraph; the snapshot and outputs go beside PAIRS.csv.)
set -euo pipefail
build=$1
csv=$2
shift 2
centrality_options=("$@")
cg=$build/apps/citegraph
snap=${csv%.*}.cgraph
out=$(dirname "$csv")
timed() {  # timed LABEL COMMAND... -> "LABEL seconds=S peak_rss_mb=M"
  local label=$1
  shift
  /usr/bin/time -f "%e %M" -o "$out/time.txt" "$@"
  read -r s kb <"$out/time.txt"
  echo "$label seconds=$s peak_rss_mb=$((kb / 1024)) loadavg=$(cut -d' ' -f1 /proc/loadavg)"
  echo "$s" >"$out/last_seconds"
}
timed "build_snapshot" "$cg" build "$csv" --out "$snap" -q
echo "snapshot_bytes $(stat -c %s "$snap") csv_bytes $(stat -c %s "$csv")"
for cmd in distributions centrality; do
  opts=()
  [[ $cmd == centrality ]] && opts=("${centrality_options[@]}")
  timed "$cmd input=csv" "$cg" "$cmd" "${opts[@]}" "$csv" -q --out "$out/$cmd.csv.out"
  csv_s=$(cat "$out/last_seconds")
  timed "$cmd input=cgraph" "$cg" "$cmd" "${opts[@]}" "$snap" -q --out "$out/$cmd.cgraph.out"
  snap_s=$(cat "$out/last_seconds")
  cmp "$out/$cmd.csv.out" "$out/$cmd.cgraph.out" || { echo "$cmd: outputs differ" >&2; exit 1; }
  echo "$cmd whole command (seconds) cgraph vs csv ours=$snap_s csv=$csv_s" \
    "ratio=$(awk -v a="$csv_s" -v b="$snap_s" 'BEGIN { printf "%.1fx", (b > 0 ? a / b : 0) }')" \
    "identical_output=yes options=${opts[*]:-none}"
done
