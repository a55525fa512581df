#!/usr/bin/env bash
# Writes the seed corpus of the cgraph fuzz target (tests/fuzz/seeds/cgraph/): small valid
# snapshots that `citegraph build` writes from fixtures of tests/data/fixtures (pairs, MEDLINE,
# JATS, PubMed XML with text references, and two corpora in one graph, so that every section
# has entries), then corrupted copies of the smallest: cut at the end of the header, in the
# middle of a section and one byte short, a flipped byte in the header and in a section, and
# bytes appended. File names are the SHA-1 of the content (as the other seed directories).
#
#   tests/fuzz/make_cgraph_seeds.sh [CITEGRAPH]   (default: build/apps/citegraph)
set -euo pipefail
cd "$(dirname "$0")/../.."
citegraph=${1:-build/apps/citegraph}
fixtures=tests/data/fixtures
seeds=tests/fuzz/seeds/cgraph
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

build() {  # NAME INPUT...
  local name=$1
  shift
  "$citegraph" build "$@" --out "$work/$name.cgraph" >/dev/null 2>&1
}
build noci "$fixtures/citation_pairs/opencitations_noci_citations.csv"
build icite "$fixtures/citation_pairs/oc_ds_converter_icite_rows.csv"
build medline "$fixtures/medline/biopython_pubmed_result2.txt"
build jats "$fixtures/jats/citegraph_article.xml"
build text_refs "$fixtures/pubmed_xml_text_refs/metapub_pmid_38747095.xml"
build two_corpora --corpus pairs="$fixtures/citation_pairs/opencitations_noci_citations.csv" \
  --corpus medline="$fixtures/medline/biopython_pubmed_result2.txt"

# Corrupted copies of the smallest snapshot (the header is 672 bytes, section data from 704).
python3 - "$work/noci.cgraph" "$work" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
out = sys.argv[2]
def save(name, content):
    open(f"{out}/{name}.cgraph", "wb").write(content)
save("cut_header", data[:672])
save("cut_middle", data[: len(data) // 2])
save("cut_last_byte", data[:-1])
flipped = bytearray(data); flipped[30] ^= 0x40; save("flip_header", bytes(flipped))
flipped = bytearray(data); flipped[-80] ^= 0x01; save("flip_section", bytes(flipped))
save("appended", data + b"\0" * 64)
PY

mkdir -p "$seeds"
find "$seeds" -maxdepth 1 -type f -delete
for file in "$work"/*.cgraph; do
  cp "$file" "$seeds/$(sha1sum "$file" | cut -d' ' -f1)"
done
echo "$(find "$seeds" -type f | wc -l) files, $(cat "$seeds"/* | wc -c) bytes in $seeds/" >&2
