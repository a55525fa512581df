#!/usr/bin/env bash
# citegraph-mpi on N ranks writes what citegraph writes: cocite (co-citation, coupling,
# --min-count, --min-citations, --no-witnesses, both countings, normalisations, one batch and
# many) byte for byte, centrality --table citation with PageRank within 1e-9 relative; a bad
# input ends every rank with citegraph's status and leaves no output; a non-square rank count
# is refused. Generated pairs corpora (generate_pairs.py) and the PubMed-page reviews of
# examples/; well under a minute per rank count on an idle 2-core machine.
# Usage: mpi_agreement.sh CITEGRAPH CITEGRAPH_MPI MPIEXEC RANKS
set -euo pipefail
citegraph=$1
citegraph_mpi=$2
mpiexec=$3
ranks=$4
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v "$mpiexec" >/dev/null 2>&1; then
  echo "SKIP: $mpiexec not found: MPI is not installed (scripts/install-deps.sh installs it)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1  # CombBLAS is built with OpenMP; one thread per rank here
# Under AddressSanitizer (a -DCITEGRAPH_SANITIZE=ON build) leak checking is off for the MPI
# ranks only: Open MPI's plugins, unloaded at exit, and CombBLAS's LocalSpGEMM (an empty block's
# tuples) leak outside our code. Every other sanitizer check stays on; the citegraph runs keep
# leak checking.
mpi() {
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
    timeout 120 "$mpiexec" --allow-run-as-root --oversubscribe -np "$1" "${@:2}"
}

python3 "$here/generate_pairs.py" --sources 160 --seed 11 --out "$work/a.csv"
python3 "$here/generate_pairs.py" --sources 90 --seed 12 --mean-refs 12 --out "$work/b.csv"
inputs=(--corpus A="$work/a.csv" --corpus B="$work/b.csv")

failures=0
# check NAME [COMPARE-ARGS...] -- BATCH-PAIRS ARGS...: citegraph ARGS, citegraph-mpi ARGS with
# --batch-pairs BATCH-PAIRS (0 = its default), then the comparison.
check() {
  local name=$1
  shift
  local compare=()
  while [[ $1 != -- ]]; do compare+=("$1"); shift; done
  shift
  local batch=()
  [[ $1 != 0 ]] && batch=(--batch-pairs "$1")
  shift
  "$citegraph" "$@" "${inputs[@]}" -q -o "$work/expected.csv"
  if ! mpi "$ranks" "$citegraph_mpi" "$@" "${batch[@]}" "${inputs[@]}" -q -o "$work/actual.csv"; then
    echo "FAIL $name: citegraph-mpi failed on $ranks ranks"
    failures=$((failures + 1))
    return
  fi
  if out=$(python3 "$here/compare_tables.py" "${compare[@]}" "$work/expected.csv" "$work/actual.csv"); then
    echo "ok   $name: $out"
  else
    echo "FAIL $name on $ranks ranks: $out"
    failures=$((failures + 1))
  fi
}

check "cocite" -- 0 cocite
check "cocite, 3 batches or more" -- 300 cocite
check "coupling, many batches" -- 100 cocite --coupling
check "min-count 2, min-citations 2" -- 500 cocite --min-count 2 --min-citations 2
check "no witnesses, cosine" -- 0 cocite --no-witnesses --normalization cosine
check "fractional, association" -- 400 cocite --counting fractional --normalization association
check "coupling fractional, no witnesses, min-count 2" -- 0 cocite --coupling \
  --counting fractional --no-witnesses --min-count 2
check "centrality citation" --tolerant pagerank -- 0 centrality --table citation
check "centrality damping 0.5" --tolerant pagerank -- 0 centrality --damping 0.5 --tolerance 1e-12

# Graphs smaller than the process grid: 3 works (one pair), 2 works (no pair: the header only).
printf 'citing,referenced\n1,2\n1,3\n' >"$work/tiny.csv"
printf 'citing,referenced\n1,2\n' >"$work/one.csv"
for small in tiny one; do
  inputs=("$work/$small.csv")
  check "$small: cocite" -- 0 cocite
  check "$small: coupling" -- 0 cocite --coupling
  check "$small: centrality" --tolerant pagerank -- 0 centrality
done
# Another input format: the two PubMed-page reviews of examples/ as two corpora.
examples=$here/../../examples
inputs=(--corpus SLE="$examples/sle_review.txt" --corpus SSC="$examples/ssc_review.txt")
check "examples (pubmed-page): cocite" -- 2000 cocite
check "examples (pubmed-page): centrality" --tolerant pagerank -- 0 centrality
inputs=(--corpus A="$work/a.csv" --corpus B="$work/b.csv")

# The batches really are batches: the run reports more than one.
report=$(mpi "$ranks" "$citegraph_mpi" cocite --batch-pairs 300 "${inputs[@]}" -o "$work/x.csv" 2>&1)
batches=$(sed -n 's/.* in \([0-9]*\) batches.*/\1/p' <<<"$report")
if [[ -n $batches && $batches -gt 2 ]]; then
  echo "ok   --batch-pairs 300: $batches batches"
else
  echo "FAIL --batch-pairs 300: expected several batches, report: $report"
  failures=$((failures + 1))
fi

# A bad input: citegraph's status (2, input) on every rank, no output file, no hang.
printf 'citing,referenced\n1,2\nx,3\n' >"$work/bad.csv"
set +e
mpi "$ranks" "$citegraph_mpi" cocite --strict "$work/bad.csv" -o "$work/bad_out.csv" 2>"$work/err"
status=$?
set -e
if [[ $status -eq 2 && ! -e $work/bad_out.csv ]] && grep -q "bad.csv:3" "$work/err"; then
  echo "ok   --strict bad input: exit 2, no output"
else
  echo "FAIL --strict bad input: status $status, stderr: $(cat "$work/err")"
  failures=$((failures + 1))
fi

# A write error (a full disk) in the middle of the batches: status 3 on every rank, no hang.
if [[ -w /dev/full ]]; then
  set +e
  mpi "$ranks" "$citegraph_mpi" cocite --batch-pairs 100 "${inputs[@]}" -o /dev/full 2>"$work/err"
  status=$?
  set -e
  if [[ $status -eq 3 ]] && grep -q "/dev/full" "$work/err"; then
    echo "ok   write error: exit 3"
  else
    echo "FAIL write error: status $status, stderr: $(cat "$work/err")"
    failures=$((failures + 1))
  fi
fi

# Unsupported options are refused before any work.
set +e
mpi "$ranks" "$citegraph_mpi" cocite --top 5 "$work/a.csv" -o "$work/top.csv" 2>"$work/err"
status=$?
set -e
if [[ $status -eq 1 && ! -e $work/top.csv ]] && grep -q -- "--top" "$work/err"; then
  echo "ok   --top refused"
else
  echo "FAIL --top: status $status, stderr: $(cat "$work/err")"
  failures=$((failures + 1))
fi

if [[ $ranks -eq 1 ]]; then
  # CombBLAS needs a square grid: 2 ranks are refused with a message.
  set +e
  mpi 2 "$citegraph_mpi" cocite "$work/a.csv" -o "$work/two.csv" 2>"$work/err"
  status=$?
  set -e
  if [[ $status -ne 0 && ! -e $work/two.csv ]] && grep -q "square process grid" "$work/err"; then
    echo "ok   2 ranks refused"
  else
    echo "FAIL 2 ranks: status $status, stderr: $(cat "$work/err")"
    failures=$((failures + 1))
  fi
fi

if [[ $failures -ne 0 ]]; then
  echo "$failures check(s) failed on $ranks ranks"
  exit 1
fi
echo "all checks pass on $ranks ranks"
