#!/usr/bin/env bash
# Runs two citegraph binaries over every bundled example and test fixture with the same command
# lines and compares every output file byte for byte, with exit statuses. A restructure with no
# behaviour change (issue #23) must leave this silent; it prints each difference otherwise.
#
# Usage: scripts/compare_outputs.sh REFERENCE_BINARY CANDIDATE_BINARY [WORK_DIR]
# Exit status: 0 identical, 1 differences found, 2 usage error.
set -uo pipefail
cd "$(dirname "$0")/.."
[[ $# -ge 2 ]] || { echo "usage: $0 REFERENCE_BINARY CANDIDATE_BINARY [WORK_DIR]" >&2; exit 2; }
reference=$(realpath "$1")
candidate=$(realpath "$2")
work=${3:-$(mktemp -d)}
mkdir -p "$work"

fixtures=tests/data/fixtures
# One line per run: a name and the arguments after the binary. Outputs go to OUT (a directory
# for analyze, a file for the one-pass commands); {SNAPSHOT} is the snapshot the build run wrote.
runs=(
  "example|analyze --corpus SSc=examples/ssc_review.txt --corpus SLE=examples/sle_review.txt --out OUT --no-provenance"
  "example_xml|analyze examples/pubmed_xml --out OUT --no-provenance"
  "pubmed_xml|analyze $fixtures/pubmed_xml --out OUT --no-provenance"
  "text_refs|analyze --corpus A=$fixtures/pubmed_xml_text_refs --corpus B=$fixtures/pubmed_xml_coupling --out OUT --no-provenance"
  "jats_medline|analyze --corpus J=$fixtures/jats --corpus M=$fixtures/medline --out OUT --no-provenance"
  "pairs|analyze $fixtures/citation_pairs --out OUT --no-provenance"
  "seeds|analyze tests/data/seeds --min-count 1 --normalization cosine --counting fractional --out OUT --no-provenance"
  "coupling|cocite --coupling $fixtures/pubmed_xml_coupling $fixtures/pubmed_xml_text_refs --out OUT"
  "cocite|cocite --corpus SSc=examples/ssc_review.txt --corpus X=$fixtures/pubmed_xml --normalization association --out OUT"
  "overlap|overlap --corpus SSc=examples/ssc_review.txt --corpus X=$fixtures/pubmed_xml --table shared --out OUT"
  "centrality|centrality examples/ssc_review.txt $fixtures/pubmed_xml --out OUT"
  "centrality_cocitation|centrality --table cocitation examples/ssc_review.txt --out OUT"
  "journals|distributions --table journals $fixtures/pubmed_xml_text_refs $fixtures/pubmed_xml --out OUT"
  "years|distributions --table years $fixtures/pubmed_xml_text_refs $fixtures/pubmed_xml --out OUT"
  "inspect|inspect $fixtures examples"
  "inspect_fuzz_seeds|inspect --verbose tests/fuzz/seeds"
  "analyze_fuzz_seeds|analyze --corpus P=tests/fuzz/seeds/pubmed_xml --corpus J=tests/fuzz/seeds/jats --corpus M=tests/fuzz/seeds/medline --out OUT --no-provenance"
  "strict|analyze --strict $fixtures/pubmed_xml_text_refs --out OUT --no-provenance"
  "build|build --corpus SSc=examples/ssc_review.txt --corpus X=$fixtures --out OUT.cgraph"
  "snapshot_analyze|analyze {SNAPSHOT} --out OUT --no-provenance"
  "snapshot_cocite|cocite {SNAPSHOT} --min-count 2 --out OUT"
)

run_all() {  # BINARY DIR: every run into DIR/NAME, with stdout, stderr and exit status beside it
  local binary=$1 dir=$2 entry name args
  mkdir -p "$dir"
  for entry in "${runs[@]}"; do
    name=${entry%%|*}
    args=${entry#*|}
    args=${args//\{SNAPSHOT\}/$dir/build.cgraph}
    args=${args//OUT/$dir/$name}
    # shellcheck disable=SC2086  # the arguments are word-split on purpose
    "$binary" $args --threads 2 >"$dir/$name.stdout" 2>"$dir/$name.stderr"
    echo $? >"$dir/$name.status"
    # stdout and stderr name the output paths, which differ between the two trees.
    sed -i "s|$dir/||g" "$dir/$name.stdout" "$dir/$name.stderr"
  done
}

run_all "$reference" "$work/reference"
run_all "$candidate" "$work/candidate"
if diff -r "$work/reference" "$work/candidate"; then
  echo "compare_outputs: ${#runs[@]} runs, every output byte-identical ($work)"
else
  echo "compare_outputs: outputs differ ($work)" >&2
  exit 1
fi
