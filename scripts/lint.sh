#!/usr/bin/env bash
# clang-format (the committed .clang-format) over every C++ file, and clang-tidy (the committed
# .clang-tidy, warnings as errors) over every library and application source, using the
# compile_commands.json of a configured build directory.
# Usage: scripts/lint.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/lint.sh BUILD_DIR}
[[ -f $build/compile_commands.json ]] || { echo "lint: $build/compile_commands.json missing" >&2; exit 1; }

echo "== clang-format" >&2
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror

echo "== clang-tidy" >&2
# GCC-only warning flags of the build are unknown to clang; that is not a finding.
git ls-files 'graph/*.cpp' 'io/*.cpp' 'analysis/*.cpp' 'pipeline/*.cpp' 'apps/*.cpp' |
  xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet --warnings-as-errors='*' \
        --extra-arg=-Wno-unknown-warning-option
echo "lint: clean" >&2
