#!/usr/bin/env bash
# The size gate of the lint step (issue #23): no function of the library or the applications
# over 80 lines (counted by clang-tidy's readability-function-size: the body's lines, blank lines
# and comments included) or over 25 branches (if, loops, case labels, && and ||); the thresholds
# are in .clang-tidy, which scripts/lint.sh applies with every other check. This runs that check
# alone, for a quick look while cutting functions.
# Usage: scripts/function_size.sh BUILD_DIR [FILE...]   (default: every library and app source)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/function_size.sh BUILD_DIR [FILE...]}
shift
if [[ $# -eq 0 ]]; then
  mapfile -t files < <(git ls-files '*.cpp' | grep -vE '^(tests|benchmarks|examples)/')
else
  files=("$@")
fi
printf '%s\n' "${files[@]}" |
  xargs -P "$(nproc)" -n 4 clang-tidy -p "$build" --quiet --checks='-*,readability-function-size' \
        --warnings-as-errors='*' --extra-arg=-Wno-unknown-warning-option
echo "function size: every function within 80 lines and 25 branches" >&2
