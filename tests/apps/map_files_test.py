#!/usr/bin/env python3
"""The VOSviewer and Pajek files of `citegraph analyze`, end to end (#24): on real PubMed XML
(the held-out examples/pubmed_xml with the SSc review, the test fixtures) and on records whose
titles hold quotes, semicolons, commas, a backslash and non-ASCII text, every file is read back
by an independent reader -- Python's csv for the VOSviewer map and network files, json for the
VOSviewer JSON, networkx.read_pajek and igraph's Graph.Read_Pajek for the .net files, plain
parsing for .clu and .vec -- and must hold the same nodes, links, weights, clusters and
positions as cocitation.graphml (Pajek's positions through the documented affine map into the
unit square), with the same ids as nodes.csv. Then --formats: only the chosen files, the same
bytes, and an unknown name refused.

Usage: map_files_test.py PATH/TO/citegraph REPO_ROOT
"""
import collections
import csv
import json
import math
import os
import subprocess
import sys
import tempfile
import urllib.parse
import xml.etree.ElementTree as ET

import igraph
import networkx as nx

CG, ROOT = sys.argv[1], sys.argv[2]
FIXTURES = os.path.join(ROOT, "tests", "data", "fixtures")
EXAMPLES = os.path.join(ROOT, "examples")
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
MAP_HEADER = ["id", "label", "description", "url", "x", "y", "cluster", "weight<Citations>",
              "weight<Links>", "weight<Total link strength>", "score<Avg. pub. year>"]
NEW_FILES = ["citation.net", "cocitation_map.txt", "cocitation_network.txt",
             "cocitation.vos.json", "cocitation.net", "cocitation.clu", "cocitation.vec"]
errors = []


def check(cond, msg):
    if not cond:
        errors.append(msg)
    return cond


def analyze(args, out, status=0):
    run = subprocess.run([CG, "analyze", "--out", out, "--no-provenance", "-q"] + args,
                         capture_output=True, text=True)
    if run.returncode != status:
        raise SystemExit(f"citegraph analyze {args} exited {run.returncode}: {run.stderr}")
    return run


def read_graphml(path):
    """Nodes in file order as (id, {name: text}) and edges as (source, target, {name: text})."""
    root = ET.parse(path).getroot()
    graph = root.find(f"{GRAPHML}graph")
    data = lambda element: {d.get("key"): d.text or "" for d in element.findall(f"{GRAPHML}data")}
    nodes = [(n.get("id"), data(n)) for n in graph.findall(f"{GRAPHML}node")]
    edges = [(e.get("source"), e.get("target"), data(e)) for e in graph.findall(f"{GRAPHML}edge")]
    return nodes, edges


def one_line(text, keep_tab):
    return "".join(" " if (ord(c) < 0x20 and not (keep_tab and c == "\t")) or c == "\x7f" else c
                   for c in text)


def pajek_label(text):
    return one_line(text, True).replace('"', "'").replace("\\", "/")


def expected_url(data):
    if data.get("pmid"):
        return f"https://pubmed.ncbi.nlm.nih.gov/{data['pmid']}/"
    if data.get("doi"):
        return "https://doi.org/" + urllib.parse.quote(data["doi"], safe="/")
    return ""


def vos_cluster(data):
    return min(int(data["cluster"]) + 1, 1000)


def expected_items(nodes, edges):
    """Per map row: links and total strength, from cocitation.graphml."""
    index = {node_id: i for i, (node_id, _) in enumerate(nodes)}
    links, strength = [0] * len(nodes), [0.0] * len(nodes)
    for s, t, d in edges:
        for end in (index[s], index[t]):
            links[end] += 1
            strength[end] += float(d["weight"])
    return index, links, strength


def check_map_file(tag, out, nodes, links, strength):
    with open(f"{out}/cocitation_map.txt", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    check(rows[0] == MAP_HEADER, f"{tag}: map header {rows[0]}")
    rows = rows[1:]
    check(len(rows) == len(nodes), f"{tag}: map has {len(rows)} items, GraphML {len(nodes)}")
    for i, (row, (node_id, d)) in enumerate(zip(rows, nodes)):
        item = dict(zip(MAP_HEADER, row))
        where = f"{tag}: map item {i + 1} ({node_id})"
        check(len(row) == len(MAP_HEADER), f"{where}: {len(row)} fields")
        check(item["id"] == str(i + 1), f"{where}: id {item['id']}")
        check(item["description"] == node_id, f"{where}: description {item['description']}")
        check(item["label"] == one_line(d["label"], True), f"{where}: label {item['label']!r}")
        check(item["url"] == expected_url(d), f"{where}: url {item['url']}")
        check(float(item["x"]) == float(d["x"]) and float(item["y"]) == float(d["y"]),
              f"{where}: position {item['x']},{item['y']} vs {d['x']},{d['y']}")
        check(int(item["cluster"]) == vos_cluster(d), f"{where}: cluster {item['cluster']}")
        check(float(item["weight<Citations>"]) == float(d["citations"]), f"{where}: citations")
        check(int(item["weight<Links>"]) == links[i], f"{where}: links {item['weight<Links>']}")
        check(math.isclose(float(item["weight<Total link strength>"]), strength[i],
                           rel_tol=1e-12), f"{where}: total link strength")
        check(item["score<Avg. pub. year>"] == d.get("year", ""), f"{where}: year")
    return rows


def expected_links(nodes, edges, index):
    return sorted((index[s] + 1, index[t] + 1, float(d["weight"])) for s, t, d in edges)


def check_network_file(tag, out, links):
    with open(f"{out}/cocitation_network.txt", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    got = sorted((int(a), int(b), float(w)) for a, b, w in rows)
    check(got == links, f"{tag}: cocitation_network.txt differs from the GraphML edges")
    pairs = [frozenset((a, b)) for a, b, _ in got]
    check(len(set(pairs)) == len(pairs), f"{tag}: a link is written twice")


def check_json(tag, out, nodes, links, link_count, strength, summary):
    doc = json.load(open(f"{out}/cocitation.vos.json", encoding="utf-8"))
    items = doc["network"]["items"]
    check(len(items) == len(nodes), f"{tag}: JSON has {len(items)} items")
    for i, (item, (node_id, d)) in enumerate(zip(items, nodes)):
        where = f"{tag}: JSON item {i + 1}"
        check(item["id"] == i + 1 and item["description"] == node_id, f"{where}: id")
        check(item["label"] == one_line(d["label"], True), f"{where}: label")
        check(item.get("url", "") == expected_url(d), f"{where}: url")
        check(item["x"] == float(d["x"]) and item["y"] == float(d["y"]), f"{where}: position")
        check(item["cluster"] == vos_cluster(d), f"{where}: cluster")
        w = item["weights"]
        check(w["Citations"] == float(d["citations"]) and w["Links"] == link_count[i] and
              math.isclose(w["Total link strength"], strength[i], rel_tol=1e-12),
              f"{where}: weights {w}")
        year = item["scores"].get("Avg. pub. year")
        check(year == (int(d["year"]) if d.get("year") else None), f"{where}: year {year}")
    got = sorted((l["source_id"], l["target_id"], l["strength"]) for l in doc["network"]["links"])
    check(got == links, f"{tag}: JSON links differ from the GraphML edges")
    terms = [", ".join(c["terms"]) for c in summary["clustering"]["clusters"]]
    used = sorted({vos_cluster(d) for _, d in nodes})
    clusters = doc["network"]["clusters"]
    check([c["cluster"] for c in clusters] == used, f"{tag}: JSON clusters {clusters}")
    for c in clusters:
        if c["cluster"] < 1000:
            check(c["label"] == terms[c["cluster"] - 1], f"{tag}: cluster {c['cluster']} label")
    check(doc["config"]["parameters"]["item_size"] == "Citations", f"{tag}: JSON config")


def unit_square(nodes):
    """The documented map of positions into [0, 1]: one scale, shorter range centred, y flipped."""
    xs = [float(d["x"]) for _, d in nodes]
    ys = [float(d["y"]) for _, d in nodes]
    span = max(max(xs) - min(xs), max(ys) - min(ys))
    if span == 0:
        return lambda x, y: (0.5, 0.5)
    ox = (1 - (max(xs) - min(xs)) / span) / 2
    oy = (1 - (max(ys) - min(ys)) / span) / 2
    return lambda x, y: ((x - min(xs)) / span + ox, (max(ys) - y) / span + oy)


def check_cocitation_net(tag, out, nodes, edges, index):
    path = f"{out}/cocitation.net"
    to_unit = unit_square(nodes)
    labels = [pajek_label(d["label"]) for _, d in nodes]
    places = [to_unit(float(d["x"]), float(d["y"])) for _, d in nodes]
    close = lambda a, b: abs(a - b) <= 6e-7  # six decimals
    # igraph: vertices in file order, so everything by index.
    g = igraph.Graph.Read_Pajek(path)
    check(not g.is_directed() and g.vcount() == len(nodes), f"{tag}: igraph reads {g.vcount()}")
    for i, v in enumerate(g.vs):
        check(v["id"] == labels[i], f"{tag}: igraph label {i + 1}: {v['id']!r} vs {labels[i]!r}")
        check(close(v["x"], places[i][0]) and close(v["y"], places[i][1]),
              f"{tag}: igraph position {i + 1}: {v['x']},{v['y']} vs {places[i]}")
        check(0 <= v["x"] <= 1 and 0 <= v["y"] <= 1, f"{tag}: position {i + 1} off the square")
    got = sorted((min(e.tuple) + 1, max(e.tuple) + 1, e["weight"]) for e in g.es)
    want = sorted((min(index[s], index[t]) + 1, max(index[s], index[t]) + 1, float(d["weight"]))
                  for s, t, d in edges)
    check(got == want, f"{tag}: igraph edges differ from the GraphML edges")
    # networkx names nodes by label (equal labels merge), so compare by label.
    h = nx.read_pajek(path)
    check(set(h.nodes) == set(labels), f"{tag}: networkx labels differ")
    unique = {l for l, n in collections.Counter(labels).items() if n == 1}
    for i, label in enumerate(labels):
        if label in unique:
            a = h.nodes[label]
            check(a["id"] == str(i + 1) and close(a["x"], places[i][0]) and
                  close(a["y"], places[i][1]), f"{tag}: networkx node {i + 1} {a}")
    got = sorted((tuple(sorted((u, v))), d["weight"]) for u, v, d in h.edges(data=True))
    want = sorted((tuple(sorted((labels[index[s]], labels[index[t]]))), float(d["weight"]))
                  for s, t, d in edges)
    check(got == want, f"{tag}: networkx edges differ from the GraphML edges")


def read_vertices_file(path, parse):
    lines = open(path, encoding="utf-8").read().split("\n")
    check(lines[-1] == "", f"{path}: no final newline")
    n = int(lines[0].split()[1])
    check(lines[0] == f"*Vertices {n}" and len(lines) == n + 2, f"{path}: layout")
    return [parse(x) for x in lines[1:-1]]


def check_partition_vector(tag, out, nodes):
    clu = read_vertices_file(f"{out}/cocitation.clu", int)
    check(clu == [int(d["cluster"]) + 1 for _, d in nodes], f"{tag}: cocitation.clu")
    vec = read_vertices_file(f"{out}/cocitation.vec", float)
    check(vec == [float(d["citations"]) for _, d in nodes], f"{tag}: cocitation.vec")


def check_citation_net(tag, out):
    with open(f"{out}/nodes.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with open(f"{out}/edges.csv", newline="", encoding="utf-8") as f:
        arcs = [(r["Source"], r["Target"]) for r in csv.DictReader(f)]
    index = {r["Id"]: i for i, r in enumerate(rows)}
    labels = [pajek_label(r["Label"]) for r in rows]
    path = f"{out}/citation.net"
    g = igraph.Graph.Read_Pajek(path)
    check(g.is_directed() and g.vcount() == len(rows), f"{tag}: citation.net has {g.vcount()}")
    check(g.vs["id"] == labels, f"{tag}: citation.net labels differ from nodes.csv")
    check(sorted(e.tuple for e in g.es) == sorted((index[s], index[t]) for s, t in arcs),
          f"{tag}: citation.net arcs differ from edges.csv")
    h = nx.read_pajek(path)
    check(h.is_directed() and set(h.nodes) == set(labels), f"{tag}: networkx citation.net")
    check(sorted(h.edges()) == sorted((labels[index[s]], labels[index[t]]) for s, t in arcs),
          f"{tag}: networkx citation.net arcs")
    return {r["Id"] for r in rows}


def check_run(tag, out):
    nodes, edges = read_graphml(f"{out}/cocitation.graphml")
    summary = json.load(open(f"{out}/summary.json", encoding="utf-8"))
    check(len(nodes) >= 3 and len(edges) > 0, f"{tag}: the map is too small to test")
    index, link_count, strength = expected_items(nodes, edges)
    links = expected_links(nodes, edges, index)
    check_map_file(tag, out, nodes, link_count, strength)
    check_network_file(tag, out, links)
    check_json(tag, out, nodes, links, link_count, strength, summary)
    check_cocitation_net(tag, out, nodes, edges, index)
    check_partition_vector(tag, out, nodes)
    ids = check_citation_net(tag, out)
    check({node_id for node_id, _ in nodes} <= ids, f"{tag}: map ids missing from nodes.csv")
    written = {o["name"] for o in summary["outputs"]}
    check(set(NEW_FILES) <= written, f"{tag}: summary.json outputs lack {set(NEW_FILES) - written}")
    return nodes


def special_records(path):
    """Sources citing works whose titles hold quotes, ';', ',', a backslash and non-ASCII."""
    def article(pmid, title, year, refs):
        ref = "".join(f'<Reference><Citation>Ref {p}</Citation><ArticleIdList><ArticleId '
                      f'IdType="pubmed">{p}</ArticleId></ArticleIdList></Reference>' for p in refs)
        return (f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">'
                f'{pmid}</PMID><Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print">'
                f'<Volume>1</Volume><PubDate><Year>{year}</Year></PubDate></JournalIssue><Title>'
                f'Journal of Tests</Title><ISOAbbreviation>J Tests</ISOAbbreviation></Journal>'
                f'<ArticleTitle>{title}</ArticleTitle></Article></MedlineCitation><PubmedData>'
                f'<ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList>'
                f'<ReferenceList>{ref}</ReferenceList></PubmedData></PubmedArticle>')
    works = [article(9000001, "Source one", 2020, [9000004, 9000005, 9000006]),
             article(9000002, "Source two", 2021, [9000004, 9000005, 9000007]),
             article(9000003, "Source three", 2022, [9000004, 9000006, 9000007]),
             article(9000004, "A &quot;quoted&quot; title;&#9;a tab, and caf\u00e9", 1999, []),
             article(9000005, "Back\\slash, \u00fcml\u00e4uts; \u6f22\u5b57 &lt;b&gt;", 2001, []),
             article(9000006, "Plain title", 2003, []),
             article(9000007, "Commas, semicolons; and &quot;more&quot;\\", 2005, [])]
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<PubmedArticleSet>\n')
        f.write("\n".join(works) + "\n</PubmedArticleSet>\n")


def check_formats(tmp, args, full):
    chosen = os.path.join(tmp, "chosen")
    analyze(args + ["--formats", "vosviewer, pajek"], chosen)
    listing = sorted(os.listdir(chosen))
    check(listing == sorted(NEW_FILES + ["report.html", "summary.json"]),
          f"--formats vosviewer,pajek wrote {listing}")
    for name in NEW_FILES:
        same = open(f"{chosen}/{name}", "rb").read() == open(f"{full}/{name}", "rb").read()
        check(same, f"--formats vosviewer,pajek: {name} differs from the full run's")
    only = os.path.join(tmp, "graphml_only")
    analyze(args + ["--formats", "graphml"], only)
    listing = sorted(os.listdir(only))
    check(listing == ["citation.graphml", "cocitation.graphml", "historiograph.graphml",
                      "main_path.graphml", "report.html", "slices.graphml", "summary.json"],
          f"--formats graphml wrote {listing}")
    bad = os.path.join(tmp, "bad")
    run = analyze(args + ["--formats", "graphml,vosviewr"], bad, status=1)
    check("--formats" in run.stderr and "vosviewr" in run.stderr, f"bad --formats: {run.stderr}")
    check(not os.path.exists(bad), "a refused --formats wrote outputs")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        held_out = ["--corpus", f"SSc={EXAMPLES}/ssc_review.txt",
                    "--corpus", f"PubMed={EXAMPLES}/pubmed_xml"]
        analyze(held_out, f"{tmp}/held_out")
        check_run("examples (SSc + PubMed XML)", f"{tmp}/held_out")
        fixtures = ["--corpus", f"X={FIXTURES}/pubmed_xml", "--normalization", "association"]
        analyze(fixtures, f"{tmp}/fixtures")
        check_run("fixtures/pubmed_xml, association", f"{tmp}/fixtures")
        special_records(f"{tmp}/special.xml")
        analyze([f"{tmp}/special.xml"], f"{tmp}/special")
        nodes = check_run("special labels", f"{tmp}/special")
        labels = {d["label"] for _, d in nodes}
        check(any('"' in l and ";" in l and "\u00e9" in l for l in labels) and
              any("\\" in l and "\u6f22" in l for l in labels),
              f"special labels did not reach the map: {labels}")
        check_formats(tmp, held_out, f"{tmp}/held_out")
    if errors:
        print(f"{len(errors)} failure(s):", file=sys.stderr)
        for e in errors[:40]:
            print("  " + e, file=sys.stderr)
        sys.exit(1)
    print("map files: VOSviewer and Pajek agree with cocitation.graphml")


main()
