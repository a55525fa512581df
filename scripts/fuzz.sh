#!/usr/bin/env bash
# Fuzzes the input readers with libFuzzer (tests/fuzz/fuzz_reader.cpp, one target per format),
# the citation parser the PubMed XML and JATS readers call on every reference text
# (tests/fuzz/fuzz_citation.cpp, target "citation"), and the binary .cgraph snapshot reader
# (tests/fuzz/fuzz_snapshot.cpp, target "cgraph"). docs/fuzzing.md has the figures of a long run.
#
#   scripts/fuzz.sh [SECONDS] [FORMAT...]                    short run (scripts/test.sh)
#   scripts/fuzz.sh --long [--runs N | SECONDS] [FORMAT...]  long run
#   scripts/fuzz.sh --minimise [FORMAT...]                   remake the readers' seed corpus
#
# FORMATs among pubmed_page pairs medline pubmed_xml jats citation cgraph (default: all;
# --minimise: all but citation and cgraph). Every mode configures a separate Clang build
# directory (everything in it is instrumented with -fsanitize=fuzzer-no-link,address,undefined),
# builds the targets, then runs them one at a time (one process, one core), each seeded with its
# seed corpus tests/fuzz/seeds/FORMAT/ (read in place; tests/fuzz/seeds/README.md), inputs at
# most 64 KiB (-max_len=65536: one reference text for the citation parser, a few records for a
# reader, a small snapshot).
#
# Short run: each target for SECONDS (default 20); inputs that grow coverage are kept in the
# build directory's corpus/FORMAT/ and seed the next short run.
#
# --long: each target for N executions (--runs N, default 1000000), or for SECONDS, from the
# seed corpus alone (a fresh long/FORMAT/ in the build directory, so that runs compare), and
# prints a line per target: executions, seconds, executions per second, coverage (cov: edges,
# ft: features, as libFuzzer counts them) and crashes, then the same as a Markdown table.
#
# --minimise: remakes tests/fuzz/seeds/FORMAT/ (not citation, whose 30 real reference texts are
# chosen by hand, nor cgraph, whose snapshots tests/fuzz/make_cgraph_seeds.sh writes): candidates made from every fixture of tests/data (tests/fuzz/make_seeds.py:
# the fixtures cut into small records, and mutated copies of those), plus the current seeds, go
# through libFuzzer's -merge=1 -use_counters=0, which keeps the smallest inputs that reach every
# edge the candidates reach.
#
# A crashing input is written to $CITEGRAPH_FUZZ_ARTIFACTS/FORMAT/ (default /tmp/citegraph-fuzz),
# never into the repository. Exits non-zero if any target crashed, leaked, timed out or ran out
# of memory.
#
# Environment: CITEGRAPH_FUZZ_BUILD_DIR (default build-fuzz), CITEGRAPH_FUZZ_ARTIFACTS,
# CITEGRAPH_FUZZ_JOBS (parallel compile jobs, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=short
seconds=20
runs=
case ${1:-} in
  --long)
    mode=long
    seconds=
    runs=1000000
    shift
    if [[ ${1:-} == --runs ]]; then
      [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "fuzz.sh: --runs needs a number" >&2; exit 2; }
      runs=$2
      shift 2
    elif [[ ${1:-} =~ ^[0-9]+$ ]]; then
      seconds=$1
      runs=
      shift
    fi
    ;;
  --minimise | --minimize)
    mode=minimise
    shift
    ;;
  *)
    if [[ ${1:-} =~ ^[0-9]+$ ]]; then
      seconds=$1
      shift
    fi
    ;;
esac
all_formats=(pubmed_page pairs medline pubmed_xml jats citation cgraph)
formats=("$@")
if [[ ${#formats[@]} -eq 0 ]]; then
  formats=("${all_formats[@]}")
  [[ $mode == minimise ]] && formats=(pubmed_page pairs medline pubmed_xml jats)
fi
for format in "${formats[@]}"; do
  if [[ " ${all_formats[*]} " != *" $format "* ]]; then
    echo "fuzz.sh: unknown format '$format' (known: ${all_formats[*]})" >&2
    exit 2
  fi
  if [[ $mode == minimise && $format == citation ]]; then
    echo "fuzz.sh: the citation seeds are chosen by hand; --minimise remakes the readers' only" >&2
    exit 2
  fi
  if [[ $mode == minimise && $format == cgraph ]]; then
    echo "fuzz.sh: the cgraph seeds are written by tests/fuzz/make_cgraph_seeds.sh" >&2
    exit 2
  fi
done

# One reference text (already far longer than any real one) for the citation parser, a few
# records for a reader, a snapshot of a few dozen works: real parser bugs show up in small
# inputs, and a reader's bounds (line 16 MiB, start tag 1 MiB) are tested in tests/read, not here.
max_len=65536

if ! grep -q 'CITEGRAPH_FUZZ' CMakeLists.txt; then
  echo "fuzz.sh: CMakeLists.txt has no CITEGRAPH_FUZZ option: add" >&2
  echo "  option(CITEGRAPH_FUZZ ...) and if(CITEGRAPH_FUZZ) add_subdirectory(tests/fuzz) endif()" >&2
  exit 2
fi
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ not found (apt-get install clang)" >&2; exit 2; }

build=${CITEGRAPH_FUZZ_BUILD_DIR:-build-fuzz}
artifacts=${CITEGRAPH_FUZZ_ARTIFACTS:-/tmp/citegraph-fuzz}
jobs=${CITEGRAPH_FUZZ_JOBS:-2}

echo "== configure $build (clang, libFuzzer + ASan + UBSan)" >&2
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCITEGRAPH_FUZZ=ON -DCITEGRAPH_BUILD_TESTS=OFF -DCITEGRAPH_SANITIZE=OFF >/dev/null
targets=()
for format in "${formats[@]}"; do targets+=(--target "fuzz_$format"); done
echo "== build ${formats[*]}" >&2
cmake --build "$build" -j"$jobs" "${targets[@]}"

if [[ $mode == minimise ]]; then
  candidates="$build/seed-candidates"
  rm -rf "$candidates"
  mkdir -p "$candidates"
  python3 tests/fuzz/make_seeds.py "$candidates" "$root/tests/data/fixtures" "$root/tests/data/seeds"
  for format in "${formats[@]}"; do
    seeds="tests/fuzz/seeds/$format"
    merged="$build/seed-merge/$format"
    rm -rf "$merged"
    mkdir -p "$merged" "$seeds"
    echo "== merge into $seeds/" >&2
    "$build/tests/fuzz/fuzz_$format" -merge=1 -use_counters=0 -max_len="$max_len" \
      "$merged" "$candidates" "$seeds" >"$build/merge_$format.log" 2>&1 ||
      { echo "!! merge failed; log: $build/merge_$format.log" >&2; exit 1; }
    find "$seeds" -maxdepth 1 -type f -delete
    cp "$merged"/* "$seeds"/
    echo "   $(find "$seeds" -type f | wc -l) files, $(cat "$seeds"/* | wc -c) bytes;" \
      "$(grep -oE '[0-9]+ new coverage edges' "$build/merge_$format.log" | tail -1)" >&2
  done
  exit 0
fi

# Stacks for UBSan reports too (ASan prints them by default).
export UBSAN_OPTIONS="print_stacktrace=1:${UBSAN_OPTIONS:-}"
failed=()
rows=()
for format in "${formats[@]}"; do
  seeds="$root/tests/fuzz/seeds/$format"
  crashes="$artifacts/$format"
  log="$build/fuzz_$format.log"
  if [[ $mode == long ]]; then
    corpus="$build/long/$format"
    rm -rf "$corpus"
    limit=(-runs="$runs")
    [[ -n $seconds ]] && limit=(-max_total_time="$seconds")
    what=${runs:+$runs executions}
    what=${what:-${seconds}s}
  else
    corpus="$build/corpus/$format"
    limit=(-max_total_time="$seconds")
    what="${seconds}s"
  fi
  mkdir -p "$corpus" "$crashes"
  before=$(find "$crashes" -type f | wc -l)
  echo "== fuzz_$format for $what (seeds: $seeds; crashes: $crashes/)" >&2
  start=$(date +%s.%N)
  status=0
  # The first corpus directory receives new inputs; the seed directory is only read.
  "$build/tests/fuzz/fuzz_$format" "$corpus" "$seeds" "${limit[@]}" -max_len="$max_len" \
    -timeout=20 -rss_limit_mb=4096 -artifact_prefix="$crashes/" -print_final_stats=1 \
    2>"$log" || status=$?
  end=$(date +%s.%N)
  found=$(($(find "$crashes" -type f | wc -l) - before))
  if [[ $status -ne 0 ]]; then
    failed+=("$format")
    echo "!! fuzz_$format failed; log: $log" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|fuzz_reader|fuzz_citation|fuzz_snapshot|artifact_prefix|Test unit written)' \
      "$log" | head -20 >&2 || true
  fi
  executions=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
  coverage=$(grep -E '^#[0-9]+[[:space:]]+(DONE|NEW|REDUCE|pulse|INITED)' "$log" | tail -1 |
    grep -oE 'cov: [0-9]+ ft: [0-9]+' || echo "cov: ? ft: ?")
  elapsed=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
  rate=$(awk -v n="$executions" -v a="$start" -v b="$end" \
    'BEGIN { if (b > a && n ~ /^[0-9]+$/) printf "%.0f", n / (b - a); else print "?" }')
  [[ $status -ne 0 && $found -eq 0 ]] && found="?"
  echo "   fuzz_$format: $executions executions, ${elapsed}s, $rate exec/s, $coverage, crashes: $found" >&2
  rows+=("| $format | $executions | $elapsed | $rate | ${coverage#cov: } | $found |")
done

if [[ $mode == long ]]; then
  {
    echo "| target | executions | seconds | exec/s | cov / ft | crashes |"
    echo "|---|---:|---:|---:|---|---:|"
    printf '%s\n' "${rows[@]}" | sed 's/ ft: / \/ /'
  } >&2
fi
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz.sh: crashes in: ${failed[*]} (inputs in $artifacts/; reproduce with" \
    "$build/tests/fuzz/fuzz_FORMAT FILE)" >&2
  exit 1
fi
echo "fuzz.sh: no crash in ${formats[*]} ($what each)" >&2
