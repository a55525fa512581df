#!/usr/bin/env bash
# End-to-end tests of the citegraph command line, as a user runs it.
# Usage: cli_test.sh PATH/TO/citegraph REPO_ROOT
set -uo pipefail
cg=$1
root=$2
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# expect_status STATUS DESCRIPTION -- COMMAND...
expect_status() {
  local want=$1 what=$2; shift 3
  "$@" >"$work/stdout" 2>"$work/stderr"
  local got=$?
  [[ $got == "$want" ]] || { fail "$what: exit $got, expected $want"; sed 's/^/    /' "$work/stderr" | head -20 >&2; }
}
expect_stderr() { grep -qE -- "$1" "$work/stderr" || { fail "$2: stderr lacks /$1/"; sed 's/^/    /' "$work/stderr" | head -20 >&2; }; }

ssc=$root/examples/ssc_review.txt
sle=$root/examples/sle_review.txt

# --- the bundled example -------------------------------------------------------------------
expect_status 0 "analyze seeds" -- "$cg" analyze --corpus SSc="$ssc" --corpus SLE="$sle" --out "$work/out" --no-provenance
for f in citation.graphml nodes.csv edges.csv summary.json; do
  [[ -s $work/out/$f ]] || fail "analyze did not write $f"
done
grep -q "wrote $work/out/citation.graphml" "$work/stdout" || fail "analyze does not say where the results are"

"$py" - "$work/out" "$ssc" <<'PY' || fail "seed figures"
import csv, json, re, sys
out, ssc = sys.argv[1], sys.argv[2]
nodes = {r["Id"]: r for r in csv.DictReader(open(f"{out}/nodes.csv", newline="", encoding="utf-8"))}
edges = list(csv.DictReader(open(f"{out}/edges.csv", newline="", encoding="utf-8")))
summary = json.load(open(f"{out}/summary.json"))
errors = []
def check(cond, msg):
    if not cond: errors.append(msg)
pmids = re.findall(r"\[PMID: (\d+)\]", open(ssc, encoding="utf-8").read())
check(len(pmids) == 131, f"seed has {len(pmids)} PMIDs")
sources = [r for r in nodes.values() if r["kind"] == "source"]
cited = [r for r in nodes.values() if r["kind"] == "cited-only"]
check(len(sources) == 2, f"{len(sources)} sources")
check(len(cited) == 131, f"{len(cited)} cited works")
check(len(edges) == 131, f"{len(edges)} edges")
check(all(e["corpus"] == "SSc" for e in edges), "edges not all SSc")
check(len({e["Source"] for e in edges}) == 1, "edges from more than one source")
check(all(p in nodes for p in pmids), "a reference lost its PMID as node id")
check(all(e["Type"] == "Directed" for e in edges), "edge Type")
check({e["Target"] for e in edges} == set(pmids), "edge targets differ from the reference PMIDs")
n = nodes["11827993"]
check(n["journal"] == "J Clin Invest" and n["year"] == "2002", f"11827993: {n['journal']} {n['year']}")
check(nodes["18784130"]["journal"] == "Rheumatology (Oxford)", "18784130 journal")
check(nodes["28558437"]["year"] == "", f"28558437 year {nodes['28558437']['year']!r}")
check(nodes["28558437"]["journal"] == "Iran Biomed J", "28558437 journal")
# GraphML ids are XML NMTOKENs, so '/' is written _x002F_; CSV uses the same ids.
sle = nodes.get("doi:10.1177_x002F_0961203318768889")
check(sle is not None, "SLE review is not a vertex identified by its DOI")
if sle:
    check(sle["doi"] == "10.1177/0961203318768889", "SLE doi attribute")
    check("Tehran University of Medical Sciences" in sle["affiliations"], "SLE affiliations")
    check(sle["keywords"].split("; ") == ["Mesenchymal stem cell", "senescence", "systemic lupus erythematosus", "treatment"], f"SLE keywords {sle['keywords']!r}")
    check(sle["out_degree"] == "0" and sle["in_degree"] == "0", "SLE has edges")
    check(sle["corpora"] == "SLE", "SLE corpora")
ssc_node = [r for r in sources if r["corpora"] == "SSc"]
check(len(ssc_node) == 1 and ssc_node[0]["out_degree"] == "131", "SSc source out-degree")
check(summary["graph"]["nodes"] == 133 and summary["graph"]["edges"] == 131, "summary graph counts")
check("generated_at" not in summary and "command_line" not in summary, "--no-provenance left provenance")
ins = {i["corpus"]: i for i in summary["inputs"]}
check(ins["SSc"]["format"] == "pubmed-page" and ins["SSc"]["records"] == 1 and ins["SSc"]["references"] == 131, "SSc input report")
check(len(ins["SSc"]["sha256"]) == 64, "sha256")
check(any("SLE" in w and "no reference list" in w for w in summary["warnings"]), "SLE's missing reference list is not reported")
for e in errors: print("  ", e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY

# GraphML: schema-valid, loadable by networkx and igraph with the same counts, Gephi's label key.
xmllint --noout --nonet --schema "$root/tests/data/schemas/graphml/graphml.xsd" "$work/out/citation.graphml" 2>"$work/xmllint" \
  || { fail "citation.graphml does not validate"; head "$work/xmllint" >&2; }
grep -q '<key id="label" for="node" attr.name="label" attr.type="string"' "$work/out/citation.graphml" || fail "no Gephi label key"
grep -qE 'key id="d[0-9]+"' "$work/out/citation.graphml" && fail "GraphML uses d-number key ids"
"$py" - "$work/out/citation.graphml" <<'PY' || fail "networkx/igraph load"
import sys, networkx as nx, igraph as ig
g = nx.read_graphml(sys.argv[1])
h = ig.Graph.Read_GraphML(sys.argv[1])
assert g.number_of_nodes() == 133 and g.number_of_edges() == 131, (g.number_of_nodes(), g.number_of_edges())
assert h.vcount() == 133 and h.ecount() == 131, (h.vcount(), h.ecount())
assert g.is_directed() and h.is_directed()
assert g.nodes["11827993"]["journal"] == "J Clin Invest" and g.nodes["11827993"]["year"] == 2002
PY

# Repeatable: two runs with --no-provenance give identical bytes.
expect_status 0 "second run" -- "$cg" analyze --corpus SSc="$ssc" --corpus SLE="$sle" --out "$work/out2" --no-provenance --quiet
[[ ! -s $work/stdout && ! -s $work/stderr ]] || fail "--quiet printed something"
for f in citation.graphml nodes.csv edges.csv summary.json; do
  cmp -s "$work/out/$f" "$work/out2/$f" || fail "$f differs between two runs"
done
# Without --no-provenance the summary records the command line.
expect_status 0 "provenance run" -- "$cg" analyze "$ssc" --out "$work/out3" --quiet
grep -q '"command_line"' "$work/out3/summary.json" || fail "summary.json lacks the command line"
grep -q '"corpus": "ssc_review"' "$work/out3/summary.json" || fail "unnamed input's corpus is not its file name"

# gzip'd and stdin input give the same graph.
gzip -c "$ssc" >"$work/ssc.txt.gz"
expect_status 0 "gz input" -- "$cg" analyze --corpus SSc="$work/ssc.txt.gz" --corpus SLE="$sle" --out "$work/outgz" --no-provenance --quiet
cmp -s "$work/out/citation.graphml" "$work/outgz/citation.graphml" || fail "gz input gives another graph"
"$cg" analyze --corpus SSc=- --corpus SLE="$sle" --out "$work/outstdin" --no-provenance --quiet <"$ssc" || fail "stdin input"
cmp -s "$work/out/citation.graphml" "$work/outstdin/citation.graphml" || fail "stdin input gives another graph"
# A directory is read recursively.
mkdir -p "$work/dir/sub" && cp "$ssc" "$work/dir/sub/a.txt" && cp "$sle" "$work/dir/b.txt"
expect_status 0 "directory input" -- "$cg" analyze --corpus ALL="$work/dir" --out "$work/outdir" --quiet
grep -q '"nodes": 133' "$work/outdir/summary.json" || fail "directory input"

# --- inspect -----------------------------------------------------------------------------
expect_status 0 "inspect seeds" -- "$cg" inspect "$ssc" "$sle"
grep -q "format: pubmed-page" "$work/stdout" || fail "inspect format"
grep -q "references: 131" "$work/stdout" || fail "inspect references"
grep -q "references with PMID: 131" "$work/stdout" || fail "inspect PMIDs"

# --- PubMed formats and merging across inputs ----------------------------------------------
data=$root/tests/data/fixtures
expect_status 0 "inspect medline and an update file" -- "$cg" inspect "$data/medline/biopython_pubmed_result2.txt" "$data/pubmed_xml/ncbiutils_update_pubmed22n1115.xml"
grep -q "format: medline" "$work/stdout" || fail "inspect: medline not detected"
grep -q "references: none (this format carries no reference lists)" "$work/stdout" || fail "inspect does not say MEDLINE has no references"
grep -q "deletions: 34" "$work/stdout" || fail "inspect: deletions of the update file"
expect_status 0 "analyze every fixture format" -- "$cg" analyze --corpus XML="$data/pubmed_xml" --corpus JATS="$data/jats" --corpus MED="$data/medline" --out "$work/formats" --quiet
"$py" - "$work/formats/summary.json" <<'PY' || fail "fixture formats through analyze"
import json, sys
s = json.load(open(sys.argv[1]))
formats = {i["format"] for i in s["inputs"]}
assert formats == {"pubmed-xml", "jats", "medline"}, formats
g = s["graph"]
# ncbiutils_markup.xml is one of the five articles of ncbiutils_pubmed.xml: merged, and its 72
# citations are duplicates. The update file deletes 34 PMIDs none of which was read. Every
# reference is a work, the JATS web page without ids (its text read by the citation parser) too.
assert (g["records"], g["records_merged"], g["references"], g["duplicate_edges"], g["edges"]) == (18, 1, 249, 72, 177), g
assert (g["deletions_unmatched"], g["references_unidentified"]) == (34, 0), g
assert all(i["skipped"] == 0 for i in s["inputs"]), [i["path"] for i in s["inputs"] if i["skipped"]]
PY
# A PubMed XML record of the SLE review (PMID 29631514, same DOI) merges with its page.
cat >"$work/sle.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd">
<PubmedArticleSet>
  <PubmedArticle>
    <MedlineCitation Status="MEDLINE" Owner="NLM">
      <PMID Version="1">29631514</PMID>
      <Article PubModel="Print-Electronic">
        <Journal><JournalIssue CitedMedium="Internet"><Volume>27</Volume><Issue>7</Issue>
          <PubDate><Year>2018</Year><Month>Jun</Month></PubDate></JournalIssue>
          <Title>Lupus</Title><ISOAbbreviation>Lupus</ISOAbbreviation></Journal>
        <ArticleTitle>Mesenchymal stem cell transplantation in systemic lupus erythematous, a mesenchymal stem cell disorder.</ArticleTitle>
        <ELocationID EIdType="doi" ValidYN="Y">10.1177/0961203318768889</ELocationID>
      </Article>
      <MedlineJournalInfo><MedlineTA>Lupus</MedlineTA></MedlineJournalInfo>
    </MedlineCitation>
    <PubmedData>
      <ReferenceList><Reference><Citation>J Clin Invest. 2002 Feb;109(3):337-46</Citation>
        <ArticleIdList><ArticleId IdType="pubmed">11827993</ArticleId></ArticleIdList></Reference></ReferenceList>
    </PubmedData>
  </PubmedArticle>
</PubmedArticleSet>
XML
expect_status 0 "page + XML of the same article" -- "$cg" analyze --corpus SSc="$ssc" --corpus SLE="$sle" --corpus SLE="$work/sle.xml" --out "$work/merged" --quiet
"$py" - "$work/merged/nodes.csv" <<'PY' || fail "SLE page and XML record are not one vertex"
import csv, sys
nodes = {r["Id"]: r for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8"))}
assert "29631514" in nodes and not any(k.startswith("doi:10.1177") for k in nodes), sorted(nodes)[-3:]
n = nodes["29631514"]
assert n["doi"] == "10.1177/0961203318768889" and n["kind"] == "source"
assert "Tehran University of Medical Sciences" in n["affiliations"], n["affiliations"]
assert n["out_degree"] == "1" and nodes["11827993"]["corpora"] == "SSc;SLE"
PY

# --- bad input ---------------------------------------------------------------------------
: >"$work/empty.txt"
expect_status 2 "empty file" -- "$cg" analyze "$work/empty.txt" --out "$work/bad1"
expect_stderr "empty" "empty file message"
[[ -e $work/bad1/citation.graphml ]] && fail "empty input wrote outputs"
expect_status 2 "inspect empty" -- "$cg" inspect "$work/empty.txt"
head -c 4096 /dev/urandom >"$work/random.bin"
expect_status 2 "random bytes" -- "$cg" analyze "$work/random.bin" --out "$work/bad2"
expect_stderr "random.bin" "random bytes message names the file"
head -c 1000 "$work/ssc.txt.gz" >"$work/truncated.txt.gz"
expect_status 2 "truncated gzip" -- "$cg" analyze "$work/truncated.txt.gz" --out "$work/bad3"
expect_stderr "truncated.txt.gz" "truncated gzip message"
expect_status 2 "missing file" -- "$cg" analyze "$work/nope.txt" --out "$work/bad4"
expect_stderr "nope.txt.*(No such file|cannot open)" "missing file message"
# A garbage reference line: skipped, counted, located; an error under --strict.
sed 's/^  57\. .*$/  57. ;;;(((garbage [PMID: 12x]/' "$ssc" >"$work/garbage.txt"
line=$(grep -n 'garbage' "$work/garbage.txt" | cut -d: -f1)
expect_status 0 "garbage reference line" -- "$cg" analyze --corpus SSc="$work/garbage.txt" --out "$work/bad5"
expect_stderr "garbage.txt:$line:[0-9]+" "garbage line location"
expect_stderr "garbage \[PMID: 12x\]" "garbage line quoted"
grep -q '"skipped": 1' "$work/bad5/summary.json" || fail "garbage line not counted in summary.json"
grep -q '"edges": 130' "$work/bad5/summary.json" || fail "the other 130 references were not kept"
expect_status 2 "garbage under --strict" -- "$cg" analyze --strict --corpus SSc="$work/garbage.txt" --out "$work/bad6"
expect_stderr "garbage.txt:$line" "strict message location"
[[ -e $work/bad6/citation.graphml ]] && fail "--strict failure wrote outputs"
# A pairs CSV with a non-numeric PMID.
printf 'citing,referenced\n100,200\n100,abc\n101,200\n' >"$work/pairs.csv"
expect_status 0 "pairs with a bad PMID" -- "$cg" analyze "$work/pairs.csv" --out "$work/bad7"
expect_stderr "pairs.csv:3:[0-9]+" "bad PMID location"
grep -q '"edges": 2' "$work/bad7/summary.json" || fail "pairs: good rows not kept"
expect_status 2 "pairs with a bad PMID under --strict" -- "$cg" analyze --strict "$work/pairs.csv" --out "$work/bad8"
# An output directory that cannot be created: exit 3, nothing written.
: >"$work/a-file"
expect_status 3 "unwritable output" -- "$cg" analyze "$ssc" --out "$work/a-file/out"
expect_stderr "a-file/out" "output error names the path"
# A failed run leaves the previous results intact.
cp -r "$work/out" "$work/keep"
expect_status 2 "failed rerun" -- "$cg" analyze "$work/empty.txt" --out "$work/keep" --no-provenance
cmp -s "$work/out/citation.graphml" "$work/keep/citation.graphml" || fail "failed run damaged previous results"
ls -a "$work/keep" | grep -q 'tmp' && fail "failed run left a temporary file"

# --- the analysis passes on the seeds ------------------------------------------------------
"$py" - "$work/out" <<'PY' || fail "analysis figures on the seeds"
import csv, json, sys
out = sys.argv[1]
rows = lambda name: list(csv.DictReader(open(f"{out}/{name}", newline="", encoding="utf-8")))
errors = []
def check(cond, msg):
    if not cond: errors.append(msg)
co = rows("cocitation.csv")
check(len(co) == 8515, f"{len(co)} co-citation pairs")
check(all(r["count"] == "1" and r["Weight"] == "1" and r["Type"] == "Undirected" for r in co), "pair counts")
check(len({r["citing"] for r in co}) == 1, "pairs cited by more than the SSc review")
check(rows("coupling.csv") == [], "coupling pairs with one citing source")
j = [r for r in rows("journals.csv") if r["corpus"] == "SSc"]
check(j[0]["journal"] == "J Invest Dermatol" and j[0]["count"] == "6" and j[0]["rank"] == "1", f"top journal {j[0]}")
check(sum(int(r["count"]) for r in j) == 131, "journal counts do not add up to 131")
y = [r for r in rows("years.csv") if r["corpus"] == "SSc"]
top = max((r for r in y if r["year"]), key=lambda r: int(r["count"]))
check(top["year"] == "2017" and top["count"] == "20", f"top year {top}")
unknown = [r for r in y if r["year"] == ""]
check(len(unknown) == 1 and unknown[0]["count"] == "1", "unknown year row")
check(sum(int(r["count"]) for r in y) == 131, "year counts do not add up to 131")
ov = rows("overlap.csv")
check(len(ov) == 1 and ov[0]["corpus_x"] == "SSc" and ov[0]["corpus_y"] == "SLE", "overlap rows")
o = ov[0]
check(o["references_shared"] == "" and "no reference list" in o["references_note"], "SLE's missing references not said in overlap.csv")
check(int(o["institutions_shared"]) >= 1, "no shared institution")
check(int(o["terms_shared"]) > 0, "no shared terms")
summary = json.load(open(f"{out}/summary.json"))
corp = {c["name"]: c for c in summary["corpora"]}
check(corp["SLE"]["reference_list_known"] is False, "SLE reference list reported as known")
check(corp["SSc"]["distribution"]["unknown_year"] == 1, "summary unknown year")
check(summary["cocitation"]["pairs"] == 8515, "summary pairs")
check(summary["centrality"]["pagerank"]["converged"], "pagerank not converged")
nodes = {r["Id"]: r for r in rows("nodes.csv")}
ranks = {nodes[p]["pagerank"] for p in nodes if nodes[p]["kind"] == "cited-only"}
check(len(ranks) == 1, "cited works of a star should share one PageRank")
check(abs(sum(float(r["pagerank"]) for r in nodes.values()) - 1) < 1e-9, "PageRank does not sum to 1")
for e in errors: print("  ", e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
xmllint --noout --nonet --schema "$root/tests/data/schemas/graphml/graphml.xsd" "$work/out/cocitation.graphml" 2>"$work/xmllint" \
  || { fail "cocitation.graphml does not validate"; head "$work/xmllint" >&2; }
"$py" - "$work/out/cocitation.graphml" <<'PY' || fail "cocitation.graphml in networkx/igraph"
import sys, networkx as nx, igraph as ig
g = nx.read_graphml(sys.argv[1])
h = ig.Graph.Read_GraphML(sys.argv[1])
assert not g.is_directed() and g.number_of_nodes() == 131 and g.number_of_edges() == 8515
assert h.vcount() == 131 and h.ecount() == 8515
assert all(d["weight"] == 1.0 for _, _, d in g.edges(data=True))
PY
# Results do not depend on the thread count.
expect_status 0 "analyze --threads 2" -- "$cg" analyze --corpus SSc="$ssc" --corpus SLE="$sle" --out "$work/out_t2" --no-provenance --quiet --threads 2
for f in "$work"/out/*; do
  cmp -s "$f" "$work/out_t2/$(basename "$f")" || fail "$(basename "$f") differs between --threads 1 and 2"
done
# A citing year for the Price index.
expect_status 0 "--year" -- "$cg" analyze --corpus SSc="$ssc" --corpus SLE="$sle" --year SSc=2020 --out "$work/out_year" --quiet
"$py" -c "
import json,sys
d = json.load(open('$work/out_year/summary.json'))['corpora'][0]['distribution']
assert d['known_age'] == 130 and d['price_index'] is not None and 0 < d['price_index'] < 1, d
" || fail "--year gives no Price index"
# The one-pass commands.
expect_status 0 "cocite" -- "$cg" cocite "$ssc" --quiet
[[ $(wc -l <"$work/stdout") == 8516 ]] || fail "cocite to stdout: $(wc -l <"$work/stdout") lines"
head -1 "$work/stdout" | grep -q '^Source,Target,Weight,Type,count,association,cosine,jaccard,inclusion,citing,citing_total$' || fail "cocite header"
expect_status 0 "cocite --top 10 --out" -- "$cg" cocite "$ssc" --top 10 --out "$work/top.csv"
[[ $(wc -l <"$work/top.csv") == 11 ]] || fail "cocite --top 10"
expect_status 0 "overlap" -- "$cg" overlap --corpus SSc="$ssc" --corpus SLE="$sle"
grep -q '^SSc,SLE,131,' "$work/stdout" || fail "overlap row"
expect_stderr "SLE.*no reference list" "overlap warns about SLE"
expect_status 0 "centrality" -- "$cg" centrality "$ssc" --quiet
head -1 "$work/stdout" | grep -q '^Id,Label,in_degree,out_degree,pagerank,hub,authority,betweenness,harmonic$' || fail "centrality header"
[[ $(wc -l <"$work/stdout") == 133 ]] || fail "centrality rows"
expect_status 0 "centrality --table cocitation" -- "$cg" centrality "$ssc" --table cocitation --quiet
grep -q 'eigenvector' "$work/stdout" || fail "co-citation centrality header"
expect_status 0 "distributions --table years" -- "$cg" distributions "$ssc" --table years --quiet
grep -q '^ssc_review,2017,20,' "$work/stdout" || fail "distributions years"
expect_status 0 "distributions" -- "$cg" distributions "$ssc" --quiet
grep -q '^ssc_review,J Invest Dermatol,6,' "$work/stdout" || fail "distributions journals"
# Streaming co-citation gives the same rows; seed works restrict to their pairs; the pre-run
# estimate guards stored runs.
expect_status 0 "cocite --stream" -- "$cg" cocite "$ssc" --stream --threads 2 --quiet --out "$work/streamed.csv"
"$cg" cocite "$ssc" --quiet >"$work/stored.csv"
cmp -s "$work/stored.csv" "$work/streamed.csv" || fail "cocite --stream differs from cocite"
expect_status 0 "cocite --seed-works" -- "$cg" cocite "$ssc" --seed-works 11827993,99
[[ $(wc -l <"$work/stdout") == 131 ]] || fail "--seed-works: $(wc -l <"$work/stdout") lines"
tail -n +2 "$work/stdout" | grep -vq '11827993' && fail "--seed-works: a pair without the seed"
expect_stderr "not in the graph, ignored: 99" "unknown seed work warned"
expect_stderr "estimate before the run: 8515 pair instances" "pre-run estimate"
expect_status 1 "--seed-works none known" -- "$cg" cocite "$ssc" --seed-works 99
expect_status 1 "--seed-works not a PMID" -- "$cg" cocite "$ssc" --seed-works 12x
expect_status 1 "--stream with --top" -- "$cg" cocite "$ssc" --stream --top 5
# One source citing 400 works: 79,800 co-citation pairs, 1.2 MiB of 16-byte records (the CSV is
# streamed, so the records are what a run holds).
{ echo citing,referenced; for ((i = 1001; i <= 1400; ++i)); do echo "1,$i"; done; } > "$work/star400.csv"
expect_status 1 "--max-pair-memory exceeded" -- "$cg" cocite "$work/star400.csv" --max-pair-memory 1 --out "$work/big.csv"
expect_stderr "above --max-pair-memory 1 MiB" "memory guard message"
[[ -e $work/big.csv ]] && fail "refused run wrote its output"
# Chunks in flight grow with the threads: one thread keeps the stream within 1 MiB.
expect_status 0 "--max-pair-memory with --stream" -- "$cg" cocite "$ssc" --max-pair-memory 1 --stream --threads 1 --quiet

expect_status 1 "bad --normalization" -- "$cg" cocite "$ssc" --normalization nope
expect_stderr "nope" "bad normalization names the value"
expect_status 1 "bad --table" -- "$cg" overlap "$ssc" --table nope
expect_status 1 "--year for an unknown corpus" -- "$cg" analyze "$ssc" --year Nope=2020
expect_status 1 "malformed --year" -- "$cg" analyze "$ssc" --year ssc_review=20x0

# --- --measures: only what is asked is computed, and a column is absent, never zeros (issue 20)
expect_status 0 "centrality --measures pagerank" -- "$cg" centrality "$ssc" --measures pagerank --out "$work/pr.csv"
[[ $(head -1 "$work/pr.csv") == "Id,Label,pagerank" ]] || fail "centrality --measures pagerank header: $(head -1 "$work/pr.csv")"
expect_status 0 "centrality, every measure" -- "$cg" centrality "$ssc" --out "$work/all_measures.csv"
"$py" - "$work/pr.csv" "$work/all_measures.csv" <<'PY' || fail "pagerank alone differs from pagerank among all"
import csv, sys
a = [(r["Id"], r["pagerank"]) for r in csv.DictReader(open(sys.argv[1]))]
b = [(r["Id"], r["pagerank"]) for r in csv.DictReader(open(sys.argv[2]))]
assert a == b and len(a) == 132
PY
expect_status 0 "centrality beyond --exact-limit" -- "$cg" centrality "$ssc" --exact-limit 10 --out "$work/cheap.csv"
expect_stderr "betweenness,harmonic left out by default" "the default names the measures left out"
expect_stderr "--measures all" "the note says how to ask for them"
[[ $(head -1 "$work/cheap.csv") == "Id,Label,in_degree,out_degree,pagerank,hub,authority" ]] || fail "cheap measures header: $(head -1 "$work/cheap.csv")"
expect_status 0 "analyze --measures pagerank" -- "$cg" analyze "$ssc" --measures pagerank --out "$work/measures_out" --no-provenance -q
"$py" - "$work/measures_out" <<'PY' || fail "analyze --measures pagerank outputs"
import csv, json, sys
out = sys.argv[1]
header = next(csv.reader(open(out + "/nodes.csv")))
assert "pagerank" in header and "betweenness" not in header and "hub" not in header, header
s = json.load(open(out + "/summary.json"))["centrality"]
assert s["measures"] == "pagerank" and s["pagerank"]["computed"], s
assert s["betweenness"] == {"computed": False, "reason": "not in --measures pagerank"}, s
assert s["cocitation_eigenvector"]["computed"] is False, s
PY
expect_status 1 "--measures of the other graph" -- "$cg" centrality "$ssc" --measures eigenvector
expect_stderr "none is a measure of the citation graph" "--measures eigenvector on the citation table"
expect_status 1 "--measures unknown" -- "$cg" centrality "$ssc" --measures closeness
expect_stderr "unknown measure 'closeness'" "--measures names the unknown item"
expect_status 1 "--measures on cocite" -- "$cg" cocite "$ssc" --measures pagerank

# --- per-command options (issue 8) and range-checked numbers (issues 10, 14) -------------------
expect_status 1 "inspect --damping" -- "$cg" inspect "$ssc" --damping 0.3
expect_stderr "not an option of 'inspect'" "inspect --damping names the command"
expect_status 1 "cocite --damping" -- "$cg" cocite "$ssc" --damping 0.3
expect_status 1 "overlap --min-count" -- "$cg" overlap "$ssc" --min-count 2
# Every command that reads inputs takes --threads (issue 20); the tables do not depend on it.
"$cg" inspect "$ssc" --threads 2 >"$work/inspect_t2.txt" 2>&1 || fail "inspect --threads 2"
"$cg" inspect "$ssc" --threads 1 >"$work/inspect_t1.txt" 2>&1 || fail "inspect --threads 1"
cmp -s "$work/inspect_t1.txt" "$work/inspect_t2.txt" || fail "inspect differs between --threads 1 and 2"
for cmd in distributions overlap; do
  expect_status 0 "$cmd --threads 2" -- "$cg" $cmd "$ssc" --threads 2 --quiet --out "$work/${cmd}_t2.csv"
  expect_status 0 "$cmd --threads 1" -- "$cg" $cmd "$ssc" --threads 1 --quiet --out "$work/${cmd}_t1.csv"
  cmp -s "$work/${cmd}_t1.csv" "$work/${cmd}_t2.csv" || fail "$cmd differs between --threads 1 and 2"
done
expect_status 1 "analyze --coupling" -- "$cg" analyze "$ssc" --coupling
expect_status 1 "analyze --stream" -- "$cg" analyze "$ssc" --stream
expect_status 1 "options before the command" -- "$cg" --quiet analyze "$ssc"
expect_stderr "the command comes first" "options before the command"
"$cg" --help >"$work/help_global"; "$cg" analyze --help >"$work/help_analyze"; "$cg" cocite --help >"$work/help_cocite"
cmp -s "$work/help_global" "$work/help_analyze" && fail "analyze --help equals the global help"
grep -q -- "--damping" "$work/help_analyze" || fail "analyze --help lacks --damping"
grep -q -- "--damping" "$work/help_cocite" && fail "cocite --help lists --damping"
grep -q -- "--coupling" "$work/help_cocite" || fail "cocite --help lacks --coupling"
grep -q -- "--coupling" "$work/help_analyze" && fail "analyze --help lists --coupling"
for opt in "--min-count -1" "--min-citations -1" "--top -1" "--top-per-node -1" "--max-pair-memory -1" \
           "--exact-limit -1" "--samples -1" "--max-iterations -1" "--threads -1" "--seed -1" \
           "--damping nan" "--tolerance inf" "--damping 1.5" "--min-count 1e3" "--min-count 4294967296"; do
  # shellcheck disable=SC2086
  expect_status 1 "analyze $opt" -- "$cg" analyze "$ssc" --out "$work/neg" $opt
  expect_stderr "^citegraph: ${opt%% *}:" "analyze $opt names the option"
done
[[ -e $work/neg ]] && fail "a refused option still wrote outputs"
expect_status 1 "cocite --top -1" -- "$cg" cocite "$ssc" --top -1
expect_status 0 "--min-count 0 is a valid count" -- "$cg" cocite "$ssc" --min-count 0 --out "$work/mc0.csv"

# --- output paths (issues 10, 14) -------------------------------------------------------------
expect_status 0 "cocite --out /dev/null" -- "$cg" cocite "$ssc" --out /dev/null -q
[[ -c /dev/null ]] || fail "/dev/null is no longer a device"
expect_status 0 "cocite --out x.csv.gz" -- "$cg" cocite "$ssc" --out "$work/pairs.csv.gz" -q
"$cg" cocite "$ssc" -q >"$work/pairs_plain.csv"
gzip -t "$work/pairs.csv.gz" 2>/dev/null || fail "--out x.csv.gz is not gzip"
cmp -s <(gzip -dc "$work/pairs.csv.gz") "$work/pairs_plain.csv" || fail "--out x.csv.gz differs from the plain CSV"
bytes=$("$cg" cocite "$ssc" -q --out >(wc -c >"$work/procsub_bytes"); sleep 0.5; cat "$work/procsub_bytes" 2>/dev/null)
[[ ${bytes// /} == "$(wc -c <"$work/pairs_plain.csv" | tr -d ' ')" ]] || fail "--out >(wc -c) got '${bytes}' bytes"
mkfifo "$work/fifo"
cat "$work/fifo" >"$work/from_fifo" &
reader=$!
expect_status 0 "cocite --out FIFO" -- "$cg" cocite "$ssc" -q --out "$work/fifo"
wait "$reader"
[[ -p $work/fifo ]] || fail "the FIFO was replaced"
cmp -s "$work/from_fifo" "$work/pairs_plain.csv" || fail "the FIFO reader did not get the table"
ln -s "$work/pairs_target.csv" "$work/pairs_link.csv"
expect_status 0 "cocite --out SYMLINK" -- "$cg" cocite "$ssc" -q --out "$work/pairs_link.csv"
[[ -L $work/pairs_link.csv ]] || fail "the symlink was replaced by a file"
cmp -s "$work/pairs_target.csv" "$work/pairs_plain.csv" || fail "the symlink's target was not written"
# A failed analyze leaves exactly the previous results.
expect_status 0 "analyze into old" -- "$cg" analyze "$ssc" --out "$work/old" --no-provenance -q
(cd "$work/old" && sha256sum -- * >"$work/old.sums")
rm "$work/old/summary.json" && mkdir "$work/old/summary.json"
expect_status 3 "analyze over a directory named summary.json" -- "$cg" analyze "$ssc" "$sle" --out "$work/old" -q
rmdir "$work/old/summary.json"
(cd "$work/old" && sha256sum -- * | grep -v summary.json) >"$work/old.after"
grep -v summary.json "$work/old.sums" | cmp -s - "$work/old.after" || fail "a refused analyze changed the old results"
expect_status 0 "analyze again" -- "$cg" analyze "$ssc" --out "$work/old" --no-provenance -q
[[ -z $(find "$work" -maxdepth 1 -name '.old.citegraph-*') ]] || fail "analyze left temporaries beside the output"

# --- what a pipeline can rely on (issue 10) --------------------------------------------------
fx=$root/tests/data/fixtures
expect_status 2 "analyze --format jats on PubMed XML" -- "$cg" analyze --format jats "$fx/pubmed_xml/biopython_pubmed7.xml" --out "$work/wrongfmt" -q
expect_stderr "no record read" "--format jats on PubMed XML says nothing was read"
[[ -e $work/wrongfmt ]] && fail "a run that read nothing wrote outputs"
# A directory of efetch files with one empty PubmedArticleSet (a PMID efetch did not find):
# read, the file named in a note; a directory of nothing but such files is still exit 2.
mkdir -p "$work/efetch" "$work/efetch_empty"
cp "$fx/pubmed_xml/biopython_pubmed7.xml" "$work/efetch/29963580.xml"
printf '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2019//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd">\n<PubmedArticleSet>\n</PubmedArticleSet>\n' >"$work/efetch/37909814.xml"
cp "$work/efetch/37909814.xml" "$work/efetch_empty/37909814.xml"
expect_status 0 "analyze an efetch directory with an empty set" -- "$cg" analyze "$work/efetch" --out "$work/efetch_out" --no-provenance -q
grep -q '37909814.xml' "$work/efetch_out/summary.json" || fail "the empty efetch file is not named in summary.json"
grep -q 'no record (the file holds none)' "$work/efetch_out/summary.json" || fail "the empty efetch file's note"
expect_status 2 "analyze a directory of empty sets only" -- "$cg" analyze "$work/efetch_empty" --out "$work/efetch_none" -q
expect_stderr "no record read" "a directory of empty sets says nothing was read"
expect_status 2 "an empty set named on the command line" -- "$cg" analyze "$work/efetch/37909814.xml" --out "$work/efetch_one" -q
# A directory of many efetch files with the same problems in each (issue 20): stderr says each
# reason once with its count, the report puts at most 20 table rows before its first chart,
# groups the directory as one input row, folds the per-file table at the end, and under
# --no-provenance no output names an absolute path.
"$py" - "$work/many" <<'PY'
import os, sys
out = sys.argv[1]; os.makedirs(out, exist_ok=True)
head = '<?xml version="1.0" ?>\n<PubmedArticleSet>\n'
for i in range(40):
    pmid = 30000000 + i
    refs = ('<Reference><Citation>Smith J. A study. N Engl J Med. 2001;344:1-9.</Citation>'
            '<ArticleIdList><ArticleId IdType="pubmed">11136953</ArticleId></ArticleIdList></Reference>'
            '<Reference><Citation>Jones K. Trial. Lancet 2002;359:10-20.</Citation>'
            '<ArticleIdList><ArticleId IdType="pubmed">0</ArticleId></ArticleIdList></Reference>'
            '<Reference><Citation>See the discussion above</Citation></Reference>')
    record = ('<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">%d</PMID>'
              '<Article><Journal><JournalIssue><PubDate><Year>2020</Year></PubDate></JournalIssue>'
              '<Title>Test Journal</Title></Journal><ArticleTitle>Record %d</ArticleTitle></Article>'
              '</MedlineCitation><PubmedData><ReferenceList>%s</ReferenceList></PubmedData>'
              '</PubmedArticle>\n' % (pmid, i, refs))
    with open(os.path.join(out, '%d.xml' % pmid), 'w') as f:
        f.write(head + record + '</PubmedArticleSet>\n')
with open(os.path.join(out, '39999999.xml'), 'w') as f:
    f.write(head + '</PubmedArticleSet>\n')
PY
expect_status 0 "analyze a directory of 41 files" -- "$cg" analyze "$work/many" --out "$work/many_out" --no-provenance
for reason in "invalid reference PMID" "reference text not parsed" "no record \(the file holds none\)"; do
  [[ $(grep -cE "^warning: $reason: " "$work/stderr") == 1 ]] || fail "stderr does not say '$reason' once"
done
expect_stderr "^warning: invalid reference PMID: 40 in 40 files, first: " "the grouped line counts files"
[[ $(wc -l <"$work/stderr") -lt 12 ]] || fail "stderr of a 41-file directory is $(wc -l <"$work/stderr") lines"
expect_status 0 "the same with --verbose" -- "$cg" analyze "$work/many" --out "$work/many_verbose" --no-provenance --verbose
[[ $(grep -c "invalid reference PMID" "$work/stderr") -ge 40 ]] || fail "--verbose does not list every file"
"$py" - "$work/many_out" "$work" <<'PY' || fail "the report of a directory of many files"
import os, re, sys
out, work = sys.argv[1], sys.argv[2]
raw = open(os.path.join(out, "report.html"), "rb").read()
html = raw.decode("utf-8")  # valid UTF-8, or this raises
first_chart = html.index("<svg")
assert html[:first_chart].count("<tr") <= 20, html[:first_chart].count("<tr")
assert html.index('id="summary"') < first_chart
inputs = html[html.index('id="inputs"'):first_chart]
assert inputs.count("<tr") == 2, inputs  # the header and one row for the directory
assert "<td class=\"n\">41</td>" in inputs, inputs
assert inputs.count("invalid reference PMID") == 1, inputs
files = html[html.index('id="files"'):]
assert files.count("<tr") == 42 and "<details>" in files, files.count("<tr")
absolute = re.compile(rb"(?<![.\w])" + re.escape(work.encode()))  # not "../tmp/x", a relative path
for name in os.listdir(out):
    data = open(os.path.join(out, name), "rb").read()
    assert not absolute.search(data), name + " names the absolute path " + work
PY

mkdir -p "$work/baseline/sub"
gzip -c "$fx/pubmed_xml/ncbiutils_pubmed.xml" >"$work/baseline/pubmed26n0001.xml.gz"
(cd "$work/baseline" && md5sum pubmed26n0001.xml.gz >pubmed26n0001.xml.gz.md5)
printf 'This directory holds PubMed baseline files.\n' >"$work/baseline/README.txt"
cp "$fx/pubmed_xml/biopython_pubmed7.xml" "$work/baseline/sub/extra.xml"
expect_status 2 "analyze --format medline on a directory of XML" -- "$cg" analyze --format medline "$work/baseline" --out "$work/wrongdir" -q
expect_status 0 "analyze a baseline directory with .md5 and README" -- "$cg" analyze "$work/baseline" --out "$work/base_out" --no-provenance
expect_stderr "warning: not a citation format: .*: 1, first: .*README.txt" "the skipped README is noted, one line per reason"
expect_stderr "pubmed26n0001.xml.gz.md5" "the skipped .md5 is noted"
"$py" - "$work/base_out/summary.json" "$work/base_out" <<'PY' || fail "summary.json of the baseline run"
import hashlib, json, os, sys
s = json.load(open(sys.argv[1])); out = sys.argv[2]
assert s["schema_version"] == 2, s["schema_version"]
skipped = sorted(os.path.basename(f["path"]) for f in s["skipped_files"])
assert skipped == ["README.txt", "pubmed26n0001.xml.gz.md5"], skipped
assert len(s["inputs"]) == 2, [i["path"] for i in s["inputs"]]
for o in s["outputs"]:
    if o["name"] == "summary.json":
        assert "sha256" not in o; continue
    data = open(os.path.join(out, o["name"]), "rb").read()
    assert o["bytes"] == len(data), o
    assert o["sha256"] == hashlib.sha256(data).hexdigest(), o
PY
expect_status 0 "--include" -- "$cg" analyze "$work/baseline" --include '*.xml.gz' --out "$work/inc_out" --no-provenance -q
"$py" -c 'import json,sys; s=json.load(open(sys.argv[1])); assert [i["path"].rsplit("/",1)[-1] for i in s["inputs"]]==["pubmed26n0001.xml.gz"], s["inputs"]' "$work/inc_out/summary.json" || fail "--include read other files"
expect_status 0 "--exclude with a path" -- "$cg" analyze "$work/baseline" --exclude 'sub/*' --exclude '*.md5' --out "$work/exc_out" --no-provenance -q
"$py" -c 'import json,sys; s=json.load(open(sys.argv[1])); assert len(s["inputs"])==1, s["inputs"]' "$work/exc_out/summary.json" || fail "--exclude sub/* still read sub/extra.xml"
expect_status 2 "--include matching nothing" -- "$cg" analyze "$work/baseline" --include '*.nbib' --out "$work/none_out" -q
expect_stderr "left out by --include/--exclude" "an empty selection says why"
expect_status 0 "the same file three times" -- "$cg" analyze "$ssc" "$ssc" "$ssc" --out "$work/dup_out" --no-provenance
expect_stderr "the same file as" "a repeated input is noted"
"$py" -c 'import json,sys; s=json.load(open(sys.argv[1])); assert len(s["inputs"])==1 and not s["inputs"][0]["path"].startswith("/"), s["inputs"]' "$work/dup_out/summary.json" || fail "a repeated input was read again, or the path is absolute under --no-provenance"
printf 'citing,referenced\n1,2\nx,3\n4,5\n' >"$work/one_bad.csv"
expect_status 0 "a pairs file with one bad line" -- "$cg" analyze "$work/one_bad.csv" --out "$work/bad_out" --no-provenance -q
"$py" -c 'import json,sys; s=json.load(open(sys.argv[1])); assert any(": 1 skipped: " in w for w in s["warnings"]), s["warnings"]' "$work/bad_out/summary.json" || fail "summary.json warnings do not list the skipped line"

# --metadata: an NBIB of cited works labels them without making them sources of any corpus.
printf 'citing,referenced\n1,16403221\n1,16377612\n2,16403221\n' >"$work/occ.csv"
expect_status 0 "--metadata" -- "$cg" analyze --corpus OCC="$work/occ.csv" --metadata "$fx/medline/biopython_pubmed_result2.txt" --out "$work/meta_out" --no-provenance -q
"$py" - "$work/meta_out" <<'PY' || fail "--metadata labels cited works and adds no corpus or source"
import csv, json, sys
out = sys.argv[1]
nodes = {r["Id"]: r for r in csv.DictReader(open(f"{out}/nodes.csv", newline="", encoding="utf-8"))}
assert set(nodes) == {"1", "2", "16403221", "16377612"}, sorted(nodes)
for pmid in ("16403221", "16377612"):
    assert nodes[pmid]["Label"] != pmid and nodes[pmid]["title"], nodes[pmid]
    assert nodes[pmid]["kind"] == "cited-only", nodes[pmid]["kind"]
    assert nodes[pmid]["corpora"] == "OCC", nodes[pmid]["corpora"]
s = json.load(open(f"{out}/summary.json"))
assert [c["name"] for c in s["corpora"]] == ["OCC"], s["corpora"]
assert len(s["metadata_inputs"]) == 1 and s["metadata_inputs"][0]["records"] == 4, s["metadata_inputs"]
assert s["graph"]["metadata_records"] == 4 and s["graph"]["metadata_used"] == 2, s["graph"]
assert s["graph"]["source_nodes"] == 2, s["graph"]
PY

# Memory follows the works, not the largest PMID (the builder's PMID index is paged).
printf 'citing,referenced\n39999999,39999998\n39999999,3\n' >"$work/big_pmid.csv"
printf 'citing,referenced\n9,8\n9,3\n' >"$work/small_pmid.csv"
"$py" - "$cg" "$work/big_pmid.csv" "$work/small_pmid.csv" <<'PY' || fail "peak memory grows with the largest PMID"
import resource, subprocess, sys
def peak(path):
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.argv[1], "distributions", path, "-q"], check=True, stdout=subprocess.DEVNULL)
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
small = peak(sys.argv[3]); big = peak(sys.argv[2])  # ru_maxrss of children is a running max: small first
assert big < small * 1.5 + 8192, f"PMID 39,999,999: {big} KiB, small PMIDs: {small} KiB"
PY

# 70 files as 70 PATHs: too many corpora, a usage error that says what to do instead.
mkdir -p "$work/many"
for i in $(seq 1 70); do printf 'citing,referenced\n%d,%d\n' "$i" $((i + 1000)) >"$work/many/p$i.csv"; done
expect_status 1 "70 positional files" -- "$cg" analyze "$work"/many/p*.csv --out "$work/many_out" -q
expect_stderr "give the directory" "too many corpora suggests the directory"
expect_status 0 "the directory of 70 files as one corpus" -- "$cg" analyze "$work/many" --out "$work/many_out" -q

# --- clusters, map, GEXF and report.html (issue 11) -------------------------------------------
# Three reference lists that barely overlap: the SSc page, a PubMed XML article, five more.
map_inputs=(--corpus SSc="$ssc" --corpus XML="$fx/pubmed_xml/biopython_pubmed7.xml"
            --corpus XML="$fx/pubmed_xml/ncbiutils_pubmed.xml")
expect_status 0 "analyze with clusters" -- "$cg" analyze "${map_inputs[@]}" --out "$work/map1" --no-provenance -q
expect_status 0 "analyze with clusters again, 2 threads" -- "$cg" analyze "${map_inputs[@]}" --out "$work/map2" --no-provenance -q --threads 2
for f in "$work"/map1/*; do
  cmp -s "$f" "$work/map2/$(basename "$f")" || fail "$(basename "$f") differs between two clustered runs"
done
"$py" - "$work/map1" <<'PY' || fail "clusters, positions and the summary of the map"
import csv, json, sys, xml.etree.ElementTree as ET
out = sys.argv[1]
nodes = list(csv.DictReader(open(f"{out}/nodes.csv", newline="", encoding="utf-8")))
clusters = {r["cluster"] for r in nodes if r["cluster"] != ""}
assert clusters == {"0", "1", "2"}, clusters
s = json.load(open(f"{out}/summary.json"))
c = s["clustering"]
assert [k["size"] for k in c["clusters"]] == sorted((k["size"] for k in c["clusters"]), reverse=True)
assert len(c["clusters"]) == 3 and c["modularity"] > 0.3, c
assert all(k["terms"] for k in c["clusters"]), [k["terms"] for k in c["clusters"]]
assert s["layout"]["components"] >= 1
ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
root = ET.parse(f"{out}/cocitation.graphml").getroot()
keys = {k.get("attr.name") for k in root.findall("g:key", ns)}
assert {"cluster", "x", "y"} <= keys, keys
PY
for g in citation cocitation; do
  xmllint --noout --nonet --relaxng "$root/tests/data/schemas/gexf-1.3/gexf.rng" "$work/map1/$g.gexf" 2>"$work/xmllint" \
    || { fail "$g.gexf does not validate against GEXF 1.3"; head -5 "$work/xmllint" >&2; }
done
expect_status 0 "--map-size 10" -- "$cg" analyze "${map_inputs[@]}" --map-size 10 --out "$work/map10" --no-provenance
expect_stderr "co-citation map: The map holds the 10 most cited of" "--map-size says what it selected"
"$py" -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["map"]["works"]==10 and s["map"]["max_works"]==10, s["map"]' "$work/map10/summary.json" || fail "--map-size 10 in summary.json"
[[ $(grep -c "<node " "$work/map10/cocitation.graphml") == 10 ]] || fail "cocitation.graphml of --map-size 10 has not 10 nodes"
expect_status 1 "--resolution 0" -- "$cg" analyze "$ssc" --resolution 0 --out "$work/bad"
expect_status 1 "--cluster-objective nope" -- "$cg" analyze "$ssc" --cluster-objective nope --out "$work/bad"
# report.html: self-contained, and it renders in headless Chromium with its plots.
report=$work/map1/report.html
grep -qiE '<script|<link|<img|<iframe|@import|url\(|src=' "$report" && fail "report.html refers to something outside itself"
chrome=$(command -v chromium || true)
if [[ -z $chrome ]]; then
  fail "chromium is missing (scripts/install-deps.sh installs it): report.html not rendered"
else
  timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --user-data-dir="$work/chrome" \
    --host-resolver-rules="MAP * ~NOTFOUND" --dump-dom "file://$report" >"$work/dom.html" 2>"$work/chrome.log" \
    || fail "chromium could not render report.html"
  "$py" - "$work/dom.html" <<'PY' || fail "the rendered report lacks its plots or sections"
import sys
dom = open(sys.argv[1], encoding="utf-8").read()
charts = dom.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"')
assert charts >= 4, f"{charts} charts"
for word in ("Bradford", "RPYS", "cluster", "Co-citation map", "PageRank", "pubmed.ncbi.nlm.nih.gov"):
    assert word in dom, word
PY
  timeout 120 "$chrome" --headless --no-sandbox --disable-gpu --user-data-dir="$work/chrome" \
    --hide-scrollbars --window-size=1100,1400 --screenshot="$work/report.png" "file://$report" >/dev/null 2>&1
  [[ -s $work/report.png ]] || fail "chromium took no screenshot of report.html"
fi

# Terminal escapes in input or in a path never reach stderr raw (issue 14, item 8).
printf 'citing,referenced\n1,2\n"\033]0;owned\007",3\n' >"$work/esc.csv"
cp "$work/esc.csv" "$work/$(printf 'esc\033[2J.csv')"
expect_status 0 "escapes in a bad line" -- "$cg" analyze "$work/esc.csv" "$work/$(printf 'esc\033[2J.csv')" --out "$work/esc_out"
grep -q $'\033' "$work/stderr" && fail "an escape character from the input reached stderr"
grep -q $'\007' "$work/stderr" && fail "a BEL from the input reached stderr"
grep -qF '\x1b' "$work/stderr" || fail "the escape is not shown escaped"

# Witness columns are bounded (the first N ids by id) with the total beside them (issue 9).
printf 'citing,referenced\n1,10\n1,11\n2,10\n2,11\n3,10\n3,11\n' >"$work/three.csv"
expect_status 0 "--witness-limit 2" -- "$cg" cocite "$work/three.csv" --witness-limit 2 -q
grep -qx '10,11,3,Undirected,3,0.3333333333333333,1,1,1,1 2,3' "$work/stdout" || fail "--witness-limit 2: $(tail -1 "$work/stdout")"
expect_status 0 "--witness-limit 0" -- "$cg" cocite "$work/three.csv" --witness-limit 0 --stream -q
grep -qx '10,11,3,Undirected,3,0.3333333333333333,1,1,1,1 2 3,3' "$work/stdout" || fail "--witness-limit 0 --stream: $(tail -1 "$work/stdout")"
expect_status 0 "--no-witnesses" -- "$cg" cocite "$work/three.csv" --no-witnesses -q
grep -qx '10,11,3,Undirected,3,0.3333333333333333,1,1,1,,' "$work/stdout" || fail "--no-witnesses: $(tail -1 "$work/stdout")"

# --- usage -------------------------------------------------------------------------------
expect_status 0 "--help" -- "$cg" --help
grep -q -- "--strict" "$work/stdout" || fail "--help lacks --strict"
expect_status 0 "--version" -- "$cg" --version
grep -qE '^citegraph [0-9]+\.[0-9]+\.[0-9]+' "$work/stdout" || fail "--version output"
expect_status 1 "no command" -- "$cg"
expect_status 1 "unknown command" -- "$cg" frobnicate x
expect_status 1 "unknown option" -- "$cg" analyze --bogus "$ssc"
expect_status 1 "bad --format" -- "$cg" analyze --format nonsense "$ssc"
expect_stderr "nonsense" "bad format names the value"
expect_status 1 "bad --corpus" -- "$cg" analyze --corpus SSc "$ssc"
expect_status 1 "no inputs" -- "$cg" analyze
expect_status 2 "wrong --format for the content" -- "$cg" analyze --format pairs "$ssc" --out "$work/bad9"
expect_stderr "ssc_review.txt:1" "wrong format location"

# --- snapshots: citegraph build, then every command on the .cgraph -------------------------
expect_status 0 "build snapshot" -- "$cg" build --corpus SSc="$ssc" --corpus SLE="$sle" --out "$work/seeds.cgraph"
grep -q "133 works, 131 citations" "$work/stdout" || fail "build does not report the graph"
head -c 8 "$work/seeds.cgraph" | od -An -c | grep -q "C   G   R   A   P   H" || fail "snapshot magic"
expect_status 0 "analyze snapshot" -- "$cg" analyze "$work/seeds.cgraph" --out "$work/out_snap" --no-provenance --quiet
diff -r "$work/out" "$work/out_snap" >/dev/null || fail "analyze on the snapshot differs from analyze on the seeds"
for cmd in "cocite" "overlap --table shared" "centrality" "distributions --table years --year SSc=2020"; do
  # shellcheck disable=SC2086
  "$cg" $cmd --corpus SSc="$ssc" --corpus SLE="$sle" -q >"$work/one_seeds" 2>/dev/null || fail "$cmd on the seeds"
  # shellcheck disable=SC2086
  "$cg" $cmd "$work/seeds.cgraph" -q >"$work/one_snap" 2>/dev/null || fail "$cmd on the snapshot"
  cmp -s "$work/one_seeds" "$work/one_snap" || fail "$cmd: the snapshot gives other output"
done
# A pairs input (other reports, other corpus) round-trips too.
pairs=$root/tests/data/fixtures/citation_pairs
expect_status 0 "build pairs snapshot" -- "$cg" build "$pairs" --out "$work/pairs.cgraph" -q
"$cg" analyze "$pairs" --out "$work/pairs_a" --no-provenance -q 2>/dev/null || fail "analyze pairs"
"$cg" analyze "$work/pairs.cgraph" --out "$work/pairs_b" --no-provenance -q 2>/dev/null || fail "analyze pairs snapshot"
diff -r "$work/pairs_a" "$work/pairs_b" >/dev/null || fail "pairs: the snapshot gives other outputs"
expect_status 0 "inspect snapshot" -- "$cg" inspect "$work/seeds.cgraph"
grep -q "citegraph snapshot (version 4)" "$work/stdout" || fail "inspect does not describe the snapshot"
# Broken snapshots: exit 2 with the path and what is wrong, and no output written.
head -c 3000 "$work/seeds.cgraph" >"$work/cut.cgraph"
expect_status 2 "truncated snapshot" -- "$cg" analyze "$work/cut.cgraph" --out "$work/snap_bad1"
expect_stderr "cut.cgraph: truncated snapshot" "truncated snapshot message"
[[ -e $work/snap_bad1 ]] && fail "a truncated snapshot left an output directory"
cp "$work/seeds.cgraph" "$work/flip.cgraph"
size=$(stat -c %s "$work/flip.cgraph")
printf '\x5a' | dd of="$work/flip.cgraph" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
expect_status 2 "corrupted snapshot" -- "$cg" distributions "$work/flip.cgraph"
expect_stderr "flip.cgraph: corrupt snapshot" "corrupted snapshot message"
cp "$work/seeds.cgraph" "$work/v9.cgraph"
printf '\x09' | dd of="$work/v9.cgraph" bs=1 seek=8 conv=notrunc 2>/dev/null
expect_status 2 "snapshot of another version" -- "$cg" centrality "$work/v9.cgraph"
expect_stderr "snapshot format version 9; this citegraph reads version 4" "version message"
expect_status 1 "snapshot with another input" -- "$cg" analyze "$work/seeds.cgraph" "$ssc" --out "$work/snap_bad2"
expect_stderr "must be the only input" "snapshot with another input message"
expect_status 1 "--year names no corpus of the snapshot" -- "$cg" distributions --year Nope=2020 "$work/seeds.cgraph"
# Looking for a snapshot never opens a FIFO input: its one writer's data reaches the reader.
mkfifo "$work/in_fifo"
cat "$ssc" >"$work/in_fifo" &
expect_status 0 "FIFO input beside the snapshot check" -- "$cg" distributions --table years "$work/in_fifo" -q
wait
grep -q "^in_fifo," "$work/stdout" || fail "the FIFO input was not read whole"
# A snapshot found in a directory is a file not read, with the reason.
mkdir "$work/with_snapshot"
cp "$ssc" "$work/seeds.cgraph" "$work/with_snapshot/"
expect_status 0 "directory holding a snapshot" -- "$cg" distributions "$work/with_snapshot"
expect_stderr "a citegraph snapshot: give it alone" "a snapshot in a directory is named as such"
expect_status 1 "build without --out" -- "$cg" build "$ssc"
expect_status 1 "build into .gz" -- "$cg" build "$ssc" --out "$work/s.cgraph.gz"

if [[ $failures -gt 0 ]]; then
  echo "$failures end-to-end check(s) failed" >&2
  exit 1
fi
echo "all end-to-end checks passed"
