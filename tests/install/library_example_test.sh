#!/usr/bin/env bash
# Installs the build tree into a temporary prefix, builds examples/library against it with
# find_package(citegraph) as a separate CMake project, and checks what it prints for the seeds.
# Usage: library_example_test.sh BUILD_DIR REPO_ROOT
set -euo pipefail
build=$1
root=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --install "$build" --prefix "$work/prefix" >"$work/install.log"
for f in include/citegraph/graph/citation_graph.hpp include/citegraph/pipeline/config.hpp \
         include/citegraph/version.hpp lib/cmake/citegraph/citegraphConfig.cmake \
         lib/cmake/citegraph/citegraphConfigVersion.cmake bin/citegraph; do
  [[ -e $work/prefix/$f ]] || { echo "FAIL: the install tree lacks $f" >&2; exit 1; }
done
# Private headers stay private.
for f in read/xml_stream.hpp analysis/centrality_detail.hpp support/memory.hpp; do
  if find "$work/prefix" -path "*/$f" | grep -q .; then echo "FAIL: private header $f installed" >&2; exit 1; fi
done

cmake -S "$root/examples/library" -B "$work/example" -DCMAKE_PREFIX_PATH="$work/prefix" \
      -DCMAKE_BUILD_TYPE=Release >"$work/configure.log" || { cat "$work/configure.log" >&2; exit 1; }
cmake --build "$work/example" >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
# Nothing of our warning flags or our source tree reaches the consumer.
if grep -rqE -- "-Wconversion|-I$root( |$)|-I$root/ " "$work/example/CMakeFiles" 2>/dev/null; then
  echo "FAIL: the consumer build inherited our warning flags or the source tree" >&2; exit 1
fi

"$work/example/cocitation_counts" "$root/examples/ssc_review.txt" "$root/examples/sle_review.txt" \
  >"$work/out.txt"
cat "$work/out.txt"
grep -qx "works 133" "$work/out.txt" || { echo "FAIL: expected 133 works" >&2; exit 1; }
grep -qx "citations 131" "$work/out.txt" || { echo "FAIL: expected 131 citations" >&2; exit 1; }
grep -qx "co-citation pairs 8515" "$work/out.txt" || { echo "FAIL: expected 8515 pairs" >&2; exit 1; }
set +e
"$work/example/cocitation_counts" "$work/does-not-exist" 2>/dev/null
status=$?
set -e
[[ $status == 2 ]] || { echo "FAIL: a missing input gave exit $status, expected 2" >&2; exit 1; }
echo "library example: 1 passed, 0 failed"
