#!/usr/bin/env bash
# README command 2 (and .ci/run): install what is missing, build with warnings as errors (the
# benchmarks too, so that they keep compiling), run the whole test suite (which also installs
# the build and builds examples/library against it); lint (clang-format, clang-tidy, doc links);
# then the same suite under AddressSanitizer + UBSan; then every reader's libFuzzer target
# briefly (CITEGRAPH_FUZZ_SECONDS each, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
jobs=$(nproc)
for variant in release sanitize; do
  dir=build-test-$variant
  flags=(-DCMAKE_BUILD_TYPE=Release -DCITEGRAPH_WERROR=ON -DCITEGRAPH_BUILD_BENCHMARKS=ON)
  [[ $variant == sanitize ]] && flags=(-DCMAKE_BUILD_TYPE=Debug -DCITEGRAPH_WERROR=ON -DCITEGRAPH_SANITIZE=ON)
  echo "== $variant build" >&2
  cmake -S . -B "$dir" "${flags[@]}" >/dev/null
  cmake --build "$dir" -j"$jobs"
  (cd "$dir" && ctest --output-on-failure -j"$jobs")
  if [[ $variant == release ]]; then scripts/lint.sh "$dir"; fi
done
echo "== fuzz the readers" >&2
scripts/fuzz.sh "${CITEGRAPH_FUZZ_SECONDS:-10}"
