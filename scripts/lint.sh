#!/usr/bin/env bash
# clang-format (the committed .clang-format) over every C++ file, every docs/*.md that is
# mentioned exists, and clang-tidy (the committed
# .clang-tidy, warnings as errors) over every library and application source, using the
# compile_commands.json of a configured build directory.
# Usage: scripts/lint.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/lint.sh BUILD_DIR}
[[ -f $build/compile_commands.json ]] || { echo "lint: $build/compile_commands.json missing" >&2; exit 1; }

echo "== clang-format" >&2
git ls-files '*.cpp' '*.hpp' | xargs clang-format --dry-run -Werror

echo "== documentation links" >&2
# Every docs/*.md that code, scripts or docs mention exists.
missing=0
while IFS= read -r doc; do
  [[ -f $doc ]] || { echo "lint: $doc is mentioned but does not exist" >&2; missing=1; }
done < <(git ls-files | xargs grep -ohE 'docs/[A-Za-z0-9_-]+\.md' 2>/dev/null | sort -u)
[[ $missing == 0 ]]

echo "== clang-tidy" >&2
# GCC-only warning flags of the build are unknown to clang; that is not a finding.
git ls-files 'support/*.cpp' 'graph/*.cpp' 'read/*.cpp' 'write/*.cpp' 'analysis/*.cpp' 'pipeline/*.cpp' 'apps/*.cpp' |
  xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet --warnings-as-errors='*' \
        --extra-arg=-Wno-unknown-warning-option
echo "lint: clean" >&2
