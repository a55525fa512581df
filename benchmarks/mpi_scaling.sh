#!/usr/bin/env bash
# citegraph-mpi against citegraph on one generated PubMed-like corpus (docs/scale-out.md):
# co-citation (--no-witnesses --min-count 3, so that writing stays small beside the product)
# and PageRank, at each rank count given; every output is checked equal to citegraph's.
# Prints per run: wall seconds, CPU seconds of all ranks, peak RSS of the largest process,
# pair instances per wall second and per CPU second, SpMV edges per second.
# Usage: benchmarks/mpi_scaling.sh BUILD_DIR [SOURCES [RANKS...]]
#   BUILD_DIR configured with -DCITEGRAPH_MPI=ON -DCITEGRAPH_BUILD_BENCHMARKS=ON and built
#   (targets citegraph citegraph-mpi citegraph_generate).
set -euo pipefail
build=$(cd "$1" && pwd)
sources=${2:-40000}
shift $(($# < 2 ? $# : 2))
ranks=("$@")
[[ ${#ranks[@]} -eq 0 ]] && ranks=(1 4 9)
citegraph=$build/apps/citegraph
citegraph_mpi=$build/apps/mpi/citegraph-mpi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1

"$build/benchmarks/generate" --sources "$sources" --pairs "$work/pairs.csv" >&2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

measure() {  # measure LOG COMMAND...: GNU time's wall, user+sys, max RSS (KB) into LOG
  /usr/bin/time -f "%e %U %S %M" -o "$1.time" "${@:2}" 2>"$1"
  read -r wall user sys rss <"$1.time"
  cpu=$(python3 -c "print(round($user + $sys, 2))")
}

cocite=(cocite --no-witnesses --min-count 3 "$work/pairs.csv")
measure "$work/single.log" "$citegraph" "${cocite[@]}" --stream -o "$work/single.csv"
instances=$(sed -n 's/.*estimate before the run: \([0-9]*\) pair instances.*/\1/p' "$work/single.log")
rate() { python3 -c "print(f'{$1 / $2:.3g}')"; }
echo "co-citation: $instances pair instances, $(($(wc -l <"$work/single.csv") - 1)) pairs with count >= 3"
echo "  citegraph --stream (1 thread): wall ${wall} s, cpu ${cpu} s, rss ${rss} KB," \
  "$(rate "$instances" "$wall") instances/s"
for n in "${ranks[@]}"; do
  measure "$work/mpi.log" mpirun --allow-run-as-root --oversubscribe -np "$n" "$citegraph_mpi" \
    "${cocite[@]}" -o "$work/mpi.csv"
  cmp -s "$work/single.csv" "$work/mpi.csv" || { echo "DIFFERENT output on $n ranks" >&2; exit 1; }
  product=$(sed -n 's/.*(product \([0-9.]*\) s.*/\1/p' "$work/mpi.log")
  batches=$(sed -n 's/.* in \([0-9]*\) batches.*/\1/p' "$work/mpi.log")
  echo "  citegraph-mpi $n ranks: wall ${wall} s (product ${product} s, $batches batches)," \
    "cpu ${cpu} s, max rss ${rss} KB; $(rate "$instances" "$product") instances/s in the" \
    "product, $(rate "$instances" "$cpu") per cpu-second; output identical"
done

echo "pagerank:"
for n in "${ranks[@]}"; do
  measure "$work/pr.log" mpirun --allow-run-as-root --oversubscribe -np "$n" "$citegraph_mpi" \
    centrality "$work/pairs.csv" -o "$work/pr.csv"
  grep '^pagerank:' "$work/pr.log" | sed "s/^/  /"
done
