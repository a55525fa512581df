#!/usr/bin/env bash
# Fuzzes the input readers with libFuzzer (tests/fuzz/fuzz_reader.cpp, one target per format).
#
#   scripts/fuzz.sh [SECONDS] [FORMAT...]
#
# SECONDS per target (default 20); FORMATs among pubmed_page pairs medline pubmed_xml jats
# (default: all). Configures a separate Clang build directory (everything in it is instrumented
# with -fsanitize=fuzzer-no-link,address,undefined), builds the targets and runs each for SECONDS
# with -max_len=1048576, seeded with the fixtures in tests/data (read in place, never copied).
# Inputs that grow coverage go to the build directory's corpus/; a crashing input is written to
# $CITEGRAPH_FUZZ_ARTIFACTS/FORMAT/ (default /tmp/citegraph-fuzz), never into the repository.
# Exits non-zero if any target crashed, leaked, timed out or ran out of memory.
#
# Environment: CITEGRAPH_FUZZ_BUILD_DIR (default build-fuzz), CITEGRAPH_FUZZ_ARTIFACTS,
# CITEGRAPH_FUZZ_JOBS (parallel compile jobs, default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=20
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then
  seconds=$1
  shift
fi
all_formats=(pubmed_page pairs medline pubmed_xml jats)
formats=("$@")
[[ ${#formats[@]} -eq 0 ]] && formats=("${all_formats[@]}")
for format in "${formats[@]}"; do
  if [[ " ${all_formats[*]} " != *" $format "* ]]; then
    echo "fuzz.sh: unknown format '$format' (known: ${all_formats[*]})" >&2
    exit 2
  fi
done

# Seeds, read in place.
seeds_for() {
  case $1 in
    pubmed_page) echo "$root/tests/data/seeds" ;;
    pairs) echo "$root/tests/data/fixtures/citation_pairs" ;;
    medline) echo "$root/tests/data/fixtures/medline" ;;
    pubmed_xml) echo "$root/tests/data/fixtures/pubmed_xml" ;;
    jats) echo "$root/tests/data/fixtures/jats" ;;
  esac
}

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

# Stacks for UBSan reports too (ASan prints them by default).
export UBSAN_OPTIONS="print_stacktrace=1:${UBSAN_OPTIONS:-}"
failed=()
for format in "${formats[@]}"; do
  corpus="$build/corpus/$format"
  crashes="$artifacts/$format"
  mkdir -p "$corpus" "$crashes"
  echo "== fuzz_$format for ${seconds}s (seeds: $(seeds_for "$format"); crashes: $crashes/)" >&2
  # The first corpus directory receives new inputs; the seed directory is only read.
  if ! "$build/tests/fuzz/fuzz_$format" "$corpus" "$(seeds_for "$format")" \
      -max_total_time="$seconds" -max_len=1048576 -timeout=20 -rss_limit_mb=4096 \
      -artifact_prefix="$crashes/" -print_final_stats=1 2>"$build/fuzz_$format.log"; then
    failed+=("$format")
    echo "!! fuzz_$format failed; log: $build/fuzz_$format.log" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|fuzz_reader|artifact_prefix|Test unit written)' \
      "$build/fuzz_$format.log" | head -20 >&2 || true
  else
    grep -E '^(#[0-9]+ *DONE|stat::number_of_executed_units)' "$build/fuzz_$format.log" >&2 || true
  fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz.sh: crashes in: ${failed[*]} (inputs in $artifacts/; reproduce with" \
    "$build/tests/fuzz/fuzz_FORMAT FILE)" >&2
  exit 1
fi
echo "fuzz.sh: no crash in ${formats[*]} (${seconds}s each)" >&2
