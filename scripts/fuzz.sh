#!/usr/bin/env bash
# Fuzzes the input readers with libFuzzer (tests/fuzz/fuzz_reader.cpp, one target per format),
# and the citation parser the PubMed XML and JATS readers call on every reference text
# (tests/fuzz/fuzz_citation.cpp, target "citation").
#
#   scripts/fuzz.sh [SECONDS] [FORMAT...]
#
# SECONDS per target (default 20); FORMATs among pubmed_page pairs medline pubmed_xml jats
# citation (default: all). Configures a separate Clang build directory (everything in it is
# instrumented with -fsanitize=fuzzer-no-link,address,undefined), builds the targets and runs each
# for SECONDS with -max_len=1048576 (citation: 65536, one reference text), seeded with the
# fixtures in tests/data (citation: the 30 real reference texts of tests/fuzz/seeds/citation,
# from tests/data/citations/*.tsv; all read in place, never copied) and with a seed corpus made
# in the build directory (seeds/) from every fixture of every format and mutated copies of each:
# cut at several points, bytes flipped, a NUL, invalid UTF-8 or a terminal escape inserted, a
# piece repeated, CRLF line ends, an over-long line, and for XML a wrapper root, an undeclared entity and an element with many attributes. The mutations are
# deterministic (seeded by the file name), so a run can be repeated.
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
all_formats=(pubmed_page pairs medline pubmed_xml jats citation)
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
    citation) echo "$root/tests/fuzz/seeds/citation" ;;
  esac
}

# The longest input libFuzzer makes: whole files for the readers, one reference text (already
# far longer than any real one) for the citation parser.
max_len_for() {
  case $1 in
    citation) echo 65536 ;;
    *) echo 1048576 ;;
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

# The mutated seed corpus, shared by every target (a reader must cope with any format's bytes).
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"
echo "== seed corpus $seeds/ (fixtures of every format, mutated)" >&2
python3 - "$root/tests/data/fixtures" "$root/tests/data/seeds" "$root/tests/fuzz/seeds" "$seeds" <<'PY'
import os, random, sys, zlib

fixtures, page_seeds, fuzz_seeds, out = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
files = []
for base in (fixtures, page_seeds, fuzz_seeds):
    for directory, _, names in os.walk(base):
        files += [os.path.join(directory, name) for name in sorted(names)]

def mutations(name, data):
    rng = random.Random(zlib.crc32(name.encode()))
    n = len(data)
    yield "orig", data
    for k in (3, 2):
        yield f"cut{k}", data[: n * (k - 1) // k]
    yield "cut_rand", data[: rng.randrange(n + 1)]
    for i in range(3):
        b = bytearray(data)
        for _ in range(1 + i * 4):
            if b:
                b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        yield f"flip{i}", bytes(b)
    for tag, insert in (("nul", b"\0"), ("ff", b"\xff\xfe"), ("esc", b"\x1b[2J\x07"),
                        ("cut_utf8", b"\xc3")):
        at = rng.randrange(n + 1)
        yield tag, data[:at] + insert + data[at:]
    a, b = sorted(rng.randrange(n + 1) for _ in range(2))
    yield "repeat", data[:b] + data[a:b] * 3 + data[b:]
    yield "crlf", data.replace(b"\n", b"\r\n")
    at = data.find(b"\n", n // 2)
    if at >= 0:
        yield "longline", data[:at] + b"x" * 20000 + data[at:]
    if data.lstrip().startswith(b"<"):
        body = data
        if body.lstrip().startswith(b"<?xml"):
            body = body[body.find(b"?>") + 2 :]
        yield "wrapped", b"<RAW_DATA>\n" + body + b"\n</RAW_DATA>\n"
        gt = data.find(b">", n // 2)
        if gt >= 0:
            yield "nbsp", data[: gt + 1] + b"&nbsp;" + data[gt + 1 :]
            attributes = b"".join(b' a%d="1"' % i for i in range(400))
            lt = data.rfind(b"<", 0, gt)
            if lt >= 0 and data[lt + 1 : lt + 2] not in (b"/", b"!", b"?"):
                yield "attrs", data[:gt] + attributes + data[gt:]

count = 0
for path in files:
    with open(path, "rb") as handle:
        data = handle.read()
    name = os.path.basename(path)
    for tag, mutated in mutations(name, data):
        with open(os.path.join(out, f"{name}.{tag}"), "wb") as handle:
            handle.write(mutated[: 1 << 20])
        count += 1
print(f"{count} seeds from {len(files)} fixtures", file=sys.stderr)
PY

# Stacks for UBSan reports too (ASan prints them by default).
export UBSAN_OPTIONS="print_stacktrace=1:${UBSAN_OPTIONS:-}"
failed=()
for format in "${formats[@]}"; do
  corpus="$build/corpus/$format"
  crashes="$artifacts/$format"
  mkdir -p "$corpus" "$crashes"
  echo "== fuzz_$format for ${seconds}s (seeds: $(seeds_for "$format"); crashes: $crashes/)" >&2
  # The first corpus directory receives new inputs; the seed directories are only read.
  if ! "$build/tests/fuzz/fuzz_$format" "$corpus" "$(seeds_for "$format")" "$seeds" \
      -max_total_time="$seconds" -max_len="$(max_len_for "$format")" -timeout=20 -rss_limit_mb=4096 \
      -artifact_prefix="$crashes/" -print_final_stats=1 2>"$build/fuzz_$format.log"; then
    failed+=("$format")
    echo "!! fuzz_$format failed; log: $build/fuzz_$format.log" >&2
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error|fuzz_reader|fuzz_citation|artifact_prefix|Test unit written)' \
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
