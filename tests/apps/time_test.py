#!/usr/bin/env python3
"""The literature over time, end to end (part of issue #22): a PubMed XML corpus drawn so that
one work is cited only by the sources of 2004-2006 and one keyword is carried only by the
sources of 2006-2008; analyze must report exactly those bursts in bursts.csv, nodes.csv and the
report; main_path.csv must hold the chain drawn into the corpus with SPC weights computed here
independently by networkx, and main_path.graphml/.gexf must be laid out with x = year and
validate against the GraphML and GEXF schemas.

Usage: time_test.py PATH/TO/citegraph REPO_ROOT
"""
import csv
import json
import statistics
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

import networkx as nx

CG, ROOT = sys.argv[1], sys.argv[2]
errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)


def article(pmid, year, refs, keywords=()):
    refs_xml = "".join(
        f'<Reference><Citation>Ref {r}.</Citation><ArticleIdList><ArticleId IdType="pubmed">{r}'
        "</ArticleId></ArticleIdList></Reference>" for r in refs)
    kw = "".join(f"<Keyword>{k}</Keyword>" for k in keywords)
    kw_xml = f'<KeywordList Owner="NOTNLM">{kw}</KeywordList>' if kw else ""
    return (f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}'
            f"</PMID><Article><Journal><JournalIssue><PubDate><Year>{year}</Year></PubDate>"
            f"</JournalIssue><Title>Journal {pmid % 7}</Title></Journal><ArticleTitle>Work {pmid}"
            f"</ArticleTitle></Article>{kw_xml}</MedlineCitation><PubmedData><ReferenceList>"
            f"{refs_xml}</ReferenceList></PubmedData></PubmedArticle>\n")


def corpus(path):
    """Sources 2000-2009, four a year; each cites background works 90001-90004 and the
    previous year's first source (a citation chain through the years); the sources of
    2004-2006 also cite the hot work 99999; the first three sources of 2006-2008 carry the
    keyword "rituximab" besides "fibrosis" (every source)."""
    records, chain = [], []
    for year in range(2000, 2010):
        for k in range(4):
            pmid = 1000 * (year - 1990) + k
            refs = [90001, 90002, 90003, 90004]
            if chain and k == 0:
                refs.append(chain[-1])
            if 2004 <= year <= 2006:
                refs.append(99999)
            keywords = ["fibrosis"] + (["rituximab"] if 2006 <= year <= 2008 and k < 3 else [])
            records.append(article(pmid, year, refs, keywords))
            if k == 0:
                chain.append(pmid)
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" ?>\n<PubmedArticleSet>\n' + "".join(records) +
                "</PubmedArticleSet>\n")
    return chain


with tempfile.TemporaryDirectory() as tmp:
    xml = os.path.join(tmp, "field.xml")
    chain = corpus(xml)
    out = os.path.join(tmp, "out")
    run = subprocess.run([CG, "analyze", xml, "--out", out, "--no-provenance", "-q"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"citegraph failed ({run.returncode}): {run.stderr}")

    bursts = list(csv.DictReader(open(f"{out}/bursts.csv", encoding="utf-8")))
    works = [b for b in bursts if b["kind"] == "work"]
    terms = [b for b in bursts if b["kind"] == "term"]
    check([(b["item"], b["begin"], b["end"]) for b in works] == [("99999", "2004", "2006")],
          f"work bursts: {works}")
    check([(b["item"], b["begin"], b["end"]) for b in terms] == [("rituximab", "2006", "2008")],
          f"term bursts: {terms}")
    check(all(float(b["strength"]) > 0 for b in bursts), "a burst without strength")

    nodes = {r["Id"]: r for r in csv.DictReader(open(f"{out}/nodes.csv", encoding="utf-8"))}
    check(nodes["99999"]["burst_begin"] == "2004" and nodes["99999"]["burst_end"] == "2006",
          f"nodes.csv burst of 99999: {nodes['99999']}")
    check(nodes["90001"]["burst"] == "", "a work without a burst has a burst value")

    # SPC by networkx on the flow graph (cited -> citing): source-to-sink paths through an arc.
    flow = nx.DiGraph()
    for r in csv.DictReader(open(f"{out}/edges.csv", encoding="utf-8")):
        flow.add_edge(r["Target"], r["Source"])
    sources = [v for v in flow if flow.in_degree(v) == 0]
    sinks = [v for v in flow if flow.out_degree(v) == 0]
    to_here = {v: 1 if flow.in_degree(v) == 0 else 0 for v in flow}
    for v in nx.topological_sort(flow):
        for w in flow.successors(v):
            to_here[w] += to_here[v]
    from_here = {v: 1 if flow.out_degree(v) == 0 else 0 for v in flow}
    for v in reversed(list(nx.topological_sort(flow))):
        for w in flow.successors(v):
            from_here[v] += from_here[w]
    rows = list(csv.DictReader(open(f"{out}/main_path.csv", encoding="utf-8")))
    check(rows, "main_path.csv is empty")
    for r in rows:
        spc = to_here[r["Source"]] * from_here[r["Target"]]
        check(int(r["spc"]) == spc, f"spc of {r['Source']}->{r['Target']}: {r['spc']} != {spc}")
    on_global = {(r["Source"], r["Target"]) for r in rows if r["global"] == "true"}
    for a, b in zip(chain, chain[1:]):
        check((str(a), str(b)) in on_global, f"the chain {a}->{b} is not on the global path")

    summary = json.load(open(f"{out}/summary.json", encoding="utf-8"))
    check(summary["bursts"]["first_year"] == 2000 and summary["bursts"]["work_bursts"] == 1,
          f"summary bursts: {summary['bursts']}")
    check(summary["main_path"]["exact"] and summary["main_path"]["cycle_arcs_removed"] == 0,
          f"summary main_path: {summary['main_path']}")

    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ET.parse(f"{out}/main_path.graphml").getroot()
    keys = {k.get("id"): k.get("attr.name") for k in graph.findall("g:key", ns)}
    for node in graph.iter("{http://graphml.graphdrawing.org/xmlns}node"):
        data = {keys[d.get("key")]: d.text for d in node.findall("g:data", ns)}
        if data.get("year"):
            check(float(data["x"]) == float(data["year"]), f"x is not the year: {data}")
    for schema, name in [("graphml/graphml.xsd", "main_path.graphml"),
                         ("gexf-1.3/gexf.rng", "main_path.gexf"),
                         ("graphml/graphml.xsd", "historiograph.graphml"),
                         ("gexf-1.3/gexf.rng", "historiograph.gexf")]:
        flag = "--relaxng" if schema.endswith(".rng") else "--schema"
        lint = subprocess.run(["xmllint", "--noout", "--nonet", flag,
                               os.path.join(ROOT, "tests", "data", "schemas", schema),
                               f"{out}/{name}"], capture_output=True, text=True)
        check(lint.returncode == 0, f"{name} does not validate: {lint.stderr[:300]}")

    # The historiograph: the chain sources are each cited by the next one (LCS 1), none by any
    # other source; the last of the chain is cited by nobody.
    hist = {r["Id"]: r for r in csv.DictReader(open(f"{out}/historiograph.csv", encoding="utf-8"))}
    check(sorted(hist) == sorted(str(p) for p in chain[:-1]), f"historiograph nodes: {sorted(hist)}")
    check(all(r["lcs"] == "1" and r["x"] == r["year"] for r in hist.values()),
          f"historiograph rows: {list(hist.values())[:2]}")
    hg = ET.parse(f"{out}/historiograph.graphml").getroot()
    links = {(e.get("source"), e.get("target"))
             for e in hg.iter("{http://graphml.graphdrawing.org/xmlns}edge")}
    expected = {(str(b), str(a)) for a, b in zip(chain[:-2], chain[1:-1])}
    check(links == expected, f"historiograph citations: {sorted(links)} != {sorted(expected)}")

    report = open(f"{out}/report.html", encoding="utf-8").read()
    check('id="historiograph"' in report, "the report has no historiograph")
    check('id="bursts"' in report and "rituximab" in report, "the report has no bursts")
    check('id="main-path"' in report, "the report has no main path")

    # The clusters' years (summary.json) against the map's works in nodes.csv (cluster, year), on
    # real PubMed XML with text references.
    real = os.path.join(tmp, "real")
    fixtures = os.path.join(ROOT, "tests", "data", "fixtures")
    run = subprocess.run([CG, "analyze", os.path.join(fixtures, "pubmed_xml_text_refs"),
                          os.path.join(fixtures, "pubmed_xml"), "--out", real, "-q",
                          "--no-provenance"], capture_output=True, text=True)
    check(run.returncode == 0, f"analyze on the fixtures failed: {run.stderr}")
    years = {}
    for r in csv.DictReader(open(f"{real}/nodes.csv", encoding="utf-8")):
        if r["cluster"] != "" and r["year"] != "":
            years.setdefault(int(r["cluster"]), []).append(int(r["year"]))
    clusters = json.load(open(f"{real}/summary.json", encoding="utf-8"))["clustering"]["clusters"]
    check(len(clusters) > 1, f"the fixtures' map has {len(clusters)} clusters")
    for c, cluster in enumerate(clusters):
        y = years.get(c, [])
        check(cluster["dated_works"] == len(y), f"cluster {c}: dated {cluster['dated_works']}")
        if not y:
            continue
        expected = (statistics.mean(y), statistics.median(y), min(y), max(y))
        got = (cluster["mean_year"], cluster["median_year"], cluster["first_year"],
               cluster["last_year"])
        check(abs(got[0] - expected[0]) < 1e-9 and got[1:] == expected[1:],
              f"cluster {c} years {got} != {expected}")
    report = open(f"{real}/report.html", encoding="utf-8").read()
    check('id="timeline"' in report and "#1 " in report, "the report has no cluster timeline")

    # Time slices (default: one-year slices, g-index with k = 25) recounted from edges.csv and
    # nodes.csv: per year the works its citing works cite, the g most cited selected (ties by
    # the graph's node order, which is nodes.csv's row order), pairs co-cited in the year.
    rows = list(csv.DictReader(open(f"{real}/nodes.csv", encoding="utf-8")))
    order = {r["Id"]: i for i, r in enumerate(rows)}
    year = {r["Id"]: int(r["year"]) for r in rows if r["year"]}
    refs = {}
    for r in csv.DictReader(open(f"{real}/edges.csv", encoding="utf-8")):
        refs.setdefault(r["Source"], []).append(r["Target"])
    by_year = {}
    for citing, cited in refs.items():
        if citing in year:
            by_year.setdefault(year[citing], []).append(cited)
    slices = list(csv.DictReader(open(f"{real}/slices.csv", encoding="utf-8")))
    links = {}
    for r in csv.DictReader(open(f"{real}/slice_links.csv", encoding="utf-8")):
        links[(int(r["begin"]), r["Source"], r["Target"])] = int(r["count"])
    expected_links = {}
    for row in slices:
        y = int(row["begin"])
        counts = {}
        for cited in by_year.get(y, []):
            for w in cited:
                counts[w] = counts.get(w, 0) + 1
        ranked = sorted(counts, key=lambda w: (-counts[w], order[w]))
        g = max([k for k in range(len(ranked) + 1)
                 if k * k <= 25 * sum(counts[w] for w in ranked[:k])])
        chosen = set(ranked[:g])
        check(int(row["selected"]) == g and int(row["cited_works"]) == len(counts),
              f"slice {y}: selected {row['selected']} of {row['cited_works']}, expected {g} of "
              f"{len(counts)}")
        for cited in by_year.get(y, []):
            picked = sorted((w for w in set(cited) if w in chosen), key=lambda w: order[w])
            for i, a in enumerate(picked):
                for b in picked[i + 1:]:
                    expected_links[(y, a, b)] = expected_links.get((y, a, b), 0) + 1
    check(links == expected_links, f"slice links differ: {len(links)} vs {len(expected_links)}")
    check(len(expected_links) > 0, "the fixtures' slices have no link")

    # slices.gexf plays in Gephi's timeline: dynamic, each work from its first slice's year.
    first_year = {r["Id"]: r["first_year"]
                  for r in csv.DictReader(open(f"{real}/slice_works.csv", encoding="utf-8"))}
    gexf = ET.parse(f"{real}/slices.gexf").getroot()
    gns = "{http://gexf.net/1.3}"
    check(gexf.find(f"{gns}graph").get("mode") == "dynamic", "slices.gexf is not dynamic")
    starts = {n.get("id"): n.get("start") for n in gexf.iter(f"{gns}node")}
    check(starts == first_year, "slices.gexf node starts differ from slice_works.csv first_year")
    for schema, name in [("gexf-1.3/gexf.rng", "slices.gexf"),
                         ("graphml/graphml.xsd", "slices.graphml")]:
        flag = "--relaxng" if schema.endswith(".rng") else "--schema"
        lint = subprocess.run(["xmllint", "--noout", "--nonet", flag,
                               os.path.join(ROOT, "tests", "data", "schemas", schema),
                               f"{real}/{name}"], capture_output=True, text=True)
        check(lint.returncode == 0, f"{name} does not validate: {lint.stderr[:300]}")

if errors:
    print(f"{len(errors)} failure(s):")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("time passes end to end: ok")
