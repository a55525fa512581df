#!/usr/bin/env python3
"""Evaluate how citegraph turns PubMed XML <Reference> elements into cited works.

Measures the acceptance criteria of "parse every reference's text" on real PubMed
efetch/baseline XML:

  a. references read / turned into citations / skipped (by reason, from summary.json);
     share of cited works with a journal and with a year; implausible years;
     journal names that look like author lists; cited works labelled by a bare id;
     UTF-8 validity of every output file.
  b. journal correctness against the journal written in NLM/Vancouver-style citation text.
  c. bibliographic-coupling recovery when every <ArticleIdList> inside <Reference> is removed.

Usage:
  scripts/eval_references.py DIR [DIR ...] [--citegraph PATH] [--keep WORKDIR] [--examples N]

All DIRs form one corpus. Python 3 standard library only; runs the citegraph binary.
Always exits 0 after printing the report (a failed citegraph run is reported, not raised).
"""

import argparse
import collections
import csv
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BIN = os.path.join(HERE, "..", "build", "apps", "citegraph")
HARD_MAX_YEAR = 2027
MIN_YEAR = 1500

AUTHOR_LIST_RE = re.compile(r"^[A-Z][A-Za-z'\-]+ [A-Z]{1,3}(, [A-Z][A-Za-z'\-]+ [A-Z]{1,3})+")
ID_LABEL_RE = re.compile(r"^(\d+|(doi|pmc|key|title):.*|PMC\d+|10\.\d{4,}/.*)$", re.I)
# NLM/Vancouver date: ". 2013;" or ". 1994 Jul 21;" or ". 2012 Sep-Oct;" (dotted form), or " 2017;" (no dot)
MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Spring|Summer|Autumn|Fall|Winter)"
DATE_TAIL = r"(?: %s(?:[-/]%s)?(?: \d{1,2}(?:-\d{1,2})?)?)?;" % (MONTHS, MONTHS)
NLM_DOT_RE = re.compile(r"\. ((?:1[5-9]|20)\d{2})" + DATE_TAIL)
NLM_SPACE_RE = re.compile(r"(?<=[A-Za-z)]) ((?:1[5-9]|20)\d{2})" + DATE_TAIL)
ABBREV_WORD_RE = re.compile(r"^[A-Z][a-z]{0,7}$")


# ---------------------------------------------------------------- input helpers

def input_files(dirs):
    out = []
    for d in dirs:
        for root, _, names in os.walk(d):
            for n in sorted(names):
                if n.endswith(".xml") or n.endswith(".xml.gz"):
                    out.append(os.path.join(root, n))
    return sorted(out)


def read_bytes(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".gz"):
        data = gzip.decompress(data)
    return data


def text_of(el):
    return "".join(el.itertext()).strip() if el is not None else ""


def ids_of(ref):
    """PMID, DOI (lower-case), PMCID of a <Reference>'s ArticleIdList."""
    ids = {}
    for aid in ref.findall("./ArticleIdList/ArticleId"):
        t = (aid.get("IdType") or "").lower()
        v = (aid.text or "").strip()
        if v and t in ("pubmed", "doi", "pmc") and t not in ids:
            ids[t] = v.lower() if t == "doi" else v
    return ids


def scan_inputs(files):
    """Parse the inputs with xml.etree: records, references, per-reference ids and text."""
    info = {"files": len(files), "records": 0, "references": 0, "refs_with_ids": 0,
            "refs_with_pmid": 0, "refs_with_text": 0, "empty_files": [], "bad_files": [],
            "refs": []}  # refs: (citing pmid, citation text, ids)
    for path in files:
        try:
            root = ET.fromstring(read_bytes(path))
        except ET.ParseError as e:
            info["bad_files"].append((path, str(e)))
            continue
        arts = root.findall(".//PubmedArticle") + root.findall(".//PubmedBookArticle")
        if not arts:
            info["empty_files"].append(path)
        info["records"] += len(arts)
        for art in arts:
            pmid = (art.findtext("./MedlineCitation/PMID") or art.findtext("./BookDocument/PMID") or "").strip()
            for ref in art.iter("Reference"):
                info["references"] += 1
                ids = ids_of(ref)
                cit = text_of(ref.find("Citation"))
                if ids:
                    info["refs_with_ids"] += 1
                if "pubmed" in ids:
                    info["refs_with_pmid"] += 1
                if cit:
                    info["refs_with_text"] += 1
                info["refs"].append((pmid, cit, ids))
    return info


REF_BLOCK_RE = re.compile(rb"<Reference\b[^>]*>.*?</Reference>", re.S)
REF_IDS_RE = re.compile(rb"\s*<ArticleIdList\b[^>]*>.*?</ArticleIdList>", re.S)


def strip_reference_ids(files, src_dirs, dest):
    """Copy the inputs to dest with every <ArticleIdList> inside <Reference> removed."""
    for path in files:
        base = next(d for d in src_dirs if os.path.abspath(path).startswith(os.path.abspath(d) + os.sep))
        rel = os.path.relpath(path, base)
        target = os.path.join(dest, os.path.basename(os.path.abspath(base)), rel)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        data = read_bytes(path)
        data = REF_BLOCK_RE.sub(lambda m: REF_IDS_RE.sub(b"", m.group(0)), data)
        if target.endswith(".gz"):
            target = target[:-3]
        with open(target, "wb") as f:
            f.write(data)


# ---------------------------------------------------------------- citegraph runs

def run_citegraph(binary, dirs, out, excludes=()):
    cmd = [binary, "analyze", "--out", out, "--no-provenance", "--quiet"]
    for d in dirs:
        cmd += ["--corpus", "X=" + d]
    for e in excludes:
        cmd += ["--exclude", e]
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stderr.decode("utf-8", "replace"), cmd


def run_with_fallback(binary, dirs, out, empty_files, log):
    """Run as given; if citegraph refuses the directory, retry leaving out the files with no record."""
    rc, err, _ = run_citegraph(binary, dirs, out)
    if rc == 0:
        return True
    log.append("citegraph exit %d on the inputs as given: %s" % (rc, err.strip().splitlines()[-1] if err.strip() else ""))
    if not empty_files:
        return False
    excludes = sorted({os.path.basename(f) for f in empty_files})
    rc, err, _ = run_citegraph(binary, dirs, out, excludes)
    log.append("retried with --exclude for %d file(s) holding no PubmedArticle: %s -> exit %d"
               % (len(excludes), " ".join(excludes), rc))
    if rc != 0:
        log.append("  " + (err.strip().splitlines()[-1] if err.strip() else ""))
    return rc == 0


def load_run(out):
    with open(os.path.join(out, "summary.json"), encoding="utf-8") as f:
        summary = json.load(f)
    with open(os.path.join(out, "nodes.csv"), encoding="utf-8", newline="") as f:
        nodes = {r["Id"]: r for r in csv.DictReader(f)}
    with open(os.path.join(out, "edges.csv"), encoding="utf-8", newline="") as f:
        edges = [(r["Source"], r["Target"]) for r in csv.DictReader(f)]
    return summary, nodes, edges


def as_int(s):
    try:
        return int(s)
    except (TypeError, ValueError):
        return None


def norm_journal(s):
    return re.sub(r"[\s.]+", "", s or "").casefold()


def pct(a, b):
    return "%d/%d = %.1f%%" % (a, b, 100.0 * a / b) if b else "%d/0 = n/a" % a


def short(s, n=150):
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


# ---------------------------------------------------------------- part a

def part_a(P, scan, summary, nodes, edges, outdir, n_ex):
    P("== a. references → citations ==")
    P("input files %d (records read by xml.etree %d), <Reference> elements %d "
      "(with Citation text %d, with an ArticleIdList %d, with a PMID %d)"
      % (scan["files"], scan["records"], scan["references"], scan["refs_with_text"],
         scan["refs_with_ids"], scan["refs_with_pmid"]))
    g = summary.get("graph", {})
    reader_skips = collections.Counter()
    reader_warn = collections.Counter()
    read_refs = 0
    for inp in summary.get("inputs", []):
        read_refs += inp.get("references", 0)
        for r in inp.get("skipped_by_reason", []):
            reader_skips[r["reason"]] += r["count"]
        for r in inp.get("warnings_by_reason", []):
            reader_warn[r["reason"]] += r["count"]
    P("citegraph: references read %d, citations (edges) %d, cited works %d, sources %d"
      % (g.get("references", read_refs), len(edges),
         sum(1 for n in nodes.values() if n["kind"] != "source"), g.get("source_nodes", 0)))
    P("  skipped by the reader (summary.json inputs[].skipped_by_reason):")
    for reason, c in reader_skips.most_common():
        P("    %6d  %s" % (c, reason))
    if not reader_skips:
        P("    none")
    P("  skipped by the graph (summary.json graph.skipped_by_reason):")
    for r in g.get("skipped_by_reason", []):
        P("    %6d  %s" % (r["count"], r["reason"]))
    if not g.get("skipped_by_reason"):
        P("    none")
    P("  not new edges: duplicate_edges %s, self_citations %s, references_unidentified %s"
      % (g.get("duplicate_edges"), g.get("self_citations"), g.get("references_unidentified")))
    P("  warnings (inputs[].warnings_by_reason):")
    for reason, c in reader_warn.most_common():
        P("    %6d  %s" % (c, reason))
    for r in g.get("warnings_by_reason", []):
        P("    %6d  %s (graph)" % (r["count"], r["reason"]))
    if not reader_warn and not g.get("warnings_by_reason"):
        P("    none")
    accounted = len(edges) + sum(reader_skips.values()) + sum(r["count"] for r in g.get("skipped_by_reason", [])) \
        + (g.get("duplicate_edges") or 0) + (g.get("self_citations") or 0)
    P("  balance: edges + skips + duplicates + self-citations = %d vs <Reference> elements %d%s"
      % (accounted, scan["references"], "" if accounted == scan["references"] else "  (MISMATCH)"))
    for sf in summary.get("skipped_files", []):
        P("  file not read: %s (%s)" % (sf.get("path"), sf.get("reason")))

    cited = [n for n in nodes.values() if n["kind"] != "source"]
    nc = len(cited)
    with_j = sum(1 for n in cited if n["journal"].strip())
    with_y = sum(1 for n in cited if n["year"].strip())
    P("cited works with a journal: %s" % pct(with_j, nc))
    P("cited works with a year:    %s" % pct(with_y, nc))
    edge_w = collections.Counter(t for _, t in edges)
    cit_with_j = sum(edge_w[n["Id"]] for n in cited if n["journal"].strip())
    cit_with_y = sum(edge_w[n["Id"]] for n in cited if n["year"].strip())
    P("citations (edges) to a work with a journal: %s; with a year: %s"
      % (pct(cit_with_j, len(edges)), pct(cit_with_y, len(edges))))

    # years: a cited year must lie in [1500, max citing year + 1]
    src_year = {i: as_int(n["year"]) for i, n in nodes.items() if n["kind"] == "source"}
    citing_year = {}
    for s, t in edges:
        y = src_year.get(s)
        if y is not None:
            citing_year[t] = max(citing_year.get(t, y), y)
    bad_years = []
    for n in cited:
        y = as_int(n["year"])
        if y is None:
            continue
        limit = min(HARD_MAX_YEAR, citing_year[n["Id"]] + 1) if n["Id"] in citing_year else HARD_MAX_YEAR
        if y < MIN_YEAR or y > limit:
            bad_years.append((n, limit))
    certain = [n for n, _ in bad_years if as_int(n["year"]) < MIN_YEAR or as_int(n["year"]) > HARD_MAX_YEAR]
    P("cited works with a year outside [1500, 2027] (certainly bad): %s" % pct(len(certain), with_y))
    P("cited works with a year outside [1500, citing year+1] (cap 2027): %s" % pct(len(bad_years), with_y))
    P("  (citing year = the latest year of the sources citing the work; a PubmedBookArticle's year is its first edition)")
    for n, limit in sorted(bad_years, key=lambda x: (-abs(as_int(x[0]["year"]) - x[1]), x[0]["Id"]))[:n_ex]:
        P("    year %s (limit %d)  %s  label=%r journal=%r" % (n["year"], limit, n["Id"], short(n["Label"], 80), short(n["journal"], 60)))

    # journal names that look like author lists
    bad_j = [n for n in cited if n["journal"] and (AUTHOR_LIST_RE.search(n["journal"]) or " et al" in n["journal"])]
    names = {n["journal"] for n in bad_j}
    P("cited works whose journal looks like an author list: %s (%d distinct names)" % (pct(len(bad_j), with_j), len(names)))
    for j in sorted(names, key=lambda s: (-len(s), s))[:n_ex]:
        P("    %r" % short(j, 160))
    long_j = sorted({n["journal"] for n in cited if len(n["journal"]) > 80}, key=len, reverse=True)
    P("distinct journal names longer than 80 characters: %d" % len(long_j))
    for j in long_j[:5]:
        P("    %r" % short(j, 160))

    # bare-id labels among cited works that have citation text
    text_pmid, text_doi, text_pmc = set(), set(), set()
    for _, cit, ids in scan["refs"]:
        if cit:
            text_pmid.add(ids.get("pubmed"))
            text_doi.add(ids.get("doi"))
            text_pmc.add(ids.get("pmc"))
    def has_text(n):
        if n["Id"].startswith(("key:", "title:")):
            return True
        return (n["pmid"] and n["pmid"] in text_pmid) or (n["doi"] and n["doi"].lower() in text_doi) \
            or (n["pmcid"] and n["pmcid"] in text_pmc)
    texted = [n for n in cited if has_text(n)]
    bare = [n for n in texted if n["Label"] == n["Id"] or ID_LABEL_RE.match(n["Label"].strip())]
    P("cited works with citation text labelled by a bare number/id: %s" % pct(len(bare), len(texted)))
    for n in bare[:5]:
        P("    Id=%s Label=%r" % (n["Id"], n["Label"]))

    # top journals (overall rows)
    try:
        with open(os.path.join(outdir, "journals.csv"), encoding="utf-8", newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["corpus"] == "*"]
        P("top journals (journals.csv, corpus *):")
        for r in rows[:8]:
            P("    %5s  %r" % (r["count"], short(r["journal"], 120) if r["journal"] else "(unknown)"))
    except (OSError, KeyError):
        pass

    # UTF-8
    bad_utf8 = []
    names_out = sorted(os.listdir(outdir))
    for name in names_out:
        path = os.path.join(outdir, name)
        if os.path.isfile(path):
            try:
                with open(path, "rb") as f:
                    f.read().decode("utf-8", "strict")
            except UnicodeDecodeError as e:
                bad_utf8.append("%s (%s)" % (name, e))
    P("output files valid UTF-8: %d/%d%s" % (len(names_out) - len(bad_utf8), len(names_out),
                                              "" if not bad_utf8 else "  BAD: " + "; ".join(bad_utf8)))


# ---------------------------------------------------------------- part b

def nlm_journal(text, lenient=False):
    """The journal an NLM/Vancouver citation text gives, or None when the text is not of that form."""
    m = NLM_DOT_RE.search(text)
    if m:
        head = text[: m.start()]  # text before ". YYYY"
    else:
        m = NLM_SPACE_RE.search(text)
        if not m:
            return None
        head = text[: m.start()]  # text before " YYYY"
    cut = head.rfind(". ")
    if lenient:  # a title ending in '?' or '!' also ends before the journal
        cut = max(cut, head.rfind("? "), head.rfind("! "))
    journal = head[cut + 2:] if cut >= 0 else head
    if lenient:
        # "Annu. Rev. Physiol. 2013;" : walk back over one-word abbreviation segments
        while cut >= 0:
            prev_cut = head.rfind(". ", 0, cut)
            seg = head[prev_cut + 2: cut] if prev_cut >= 0 else head[:cut]
            if not ABBREV_WORD_RE.match(seg.strip()) or " " in seg.strip():
                break
            journal = seg + ". " + journal
            cut = prev_cut
    journal = journal.strip()
    return journal or None


def part_b(P, scan, nodes, n_ex):
    P("")
    P("== b. journal correctness on NLM/Vancouver-style citation text ==")
    by_pmid = {n["pmid"]: n for n in nodes.values() if n["pmid"]}
    by_doi = {n["doi"].lower(): n for n in nodes.values() if n["doi"]}
    by_pmc = {n["pmcid"]: n for n in nodes.values() if n["pmcid"]}
    nlm_like = matched = 0
    res = {"strict": collections.Counter(), "lenient": collections.Counter()}
    wrong, missing = [], []
    for citing, cit, ids in scan["refs"]:
        if not cit:
            continue
        exp = nlm_journal(cit)
        if exp is None:
            continue
        nlm_like += 1
        node = None
        if "pubmed" in ids:
            node = by_pmid.get(ids["pubmed"])
        if node is None and "doi" in ids:
            node = by_doi.get(ids["doi"])
        if node is None and "pmc" in ids:
            node = by_pmc.get(ids["pmc"])
        if node is None or node["kind"] == "source":
            continue  # no id to match, or the journal comes from a parsed record
        matched += 1
        got = node["journal"]
        for mode in ("strict", "lenient"):
            e = nlm_journal(cit, lenient=(mode == "lenient"))
            if not got:
                res[mode]["missing"] += 1
            elif norm_journal(e) == norm_journal(got):
                res[mode]["right"] += 1
            else:
                res[mode]["wrong"] += 1
                if mode == "lenient":
                    wrong.append((e, got, cit, node["Id"]))
        if not got:
            missing.append((exp, cit, node["Id"]))
    P("references with NLM/Vancouver-like text: %d; matched by id to a cited-only work: %d" % (nlm_like, matched))
    for mode, label in (("strict", "journal = text after the last '. ' before the date"),
                        ("lenient", "same, also after '? '/'! ', dotted abbreviations kept whole ('Annu. Rev. Physiol.')")):
        c = res[mode]
        P("  %-7s right %s, wrong %d, no journal %d   [%s]" % (mode, pct(c["right"], matched), c["wrong"], c["missing"], label))
    P("  %d wrong examples (lenient; expected | citegraph | text):" % min(20, len(wrong)))
    for e, got, cit, nid in wrong[:20]:
        P("    %r | %r | %s" % (e, short(got, 70), short(cit, 130)))
    if missing:
        P("  no-journal examples (expected | text):")
        for e, cit, nid in missing[:5]:
            P("    %r | %s  [%s]" % (e, short(cit, 120), nid))


# ---------------------------------------------------------------- part c

def shared_counts(nodes, edges, pmid_targets_only):
    by_src = collections.defaultdict(set)
    src_pmid = {i: n["pmid"] for i, n in nodes.items() if n["kind"] == "source" and n["pmid"]}
    for s, t in edges:
        if s not in src_pmid:
            continue
        if pmid_targets_only and not nodes.get(t, {}).get("pmid"):
            continue
        by_src[src_pmid[s]].add(t)
    keys = sorted(by_src)
    out = {}
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            k = len(by_src[a] & by_src[b])
            if k:
                out[(a, b)] = k
    return out, by_src


def part_c(P, with_run, without_run, n_ex):
    P("")
    P("== c. bibliographic coupling without reference ids ==")
    _, nodes_w, edges_w = with_run
    _, nodes_o, edges_o = without_run
    w, srcw = shared_counts(nodes_w, edges_w, True)
    wall, _ = shared_counts(nodes_w, edges_w, False)
    o, srco = shared_counts(nodes_o, edges_o, False)
    pairs = set(w) | set(o)
    s_w = sum(w.values())
    s_o = sum(o.values())
    s_min = sum(min(w.get(p, 0), o.get(p, 0)) for p in pairs)
    P("with ids: %d coupled source pairs sharing %d PMID-identified references (%d pairs / %d shared counting any id)"
      % (len(w), s_w, len(wall), sum(wall.values())))
    P("without ids: %d coupled source pairs sharing %d references; citations %d (with ids %d)"
      % (len(o), s_o, len(edges_o), len(edges_w)))
    P("recovery  = Σ min / Σ shared_with    = %s" % pct(s_min, s_w))
    P("precision = Σ min / Σ shared_without = %s   [shared by PMID only: a match the with-ids run"
      " makes by DOI counts as false]" % pct(s_min, s_o))
    all_pairs = set(wall) | set(o)
    s_min_all = sum(min(wall.get(p, 0), o.get(p, 0)) for p in all_pairs)
    P("precision = Σ min / Σ shared_without = %s   [shared by any id in the with-ids run]"
      % pct(s_min_all, s_o))
    diff = sorted(pairs, key=lambda p: -abs(w.get(p, 0) - o.get(p, 0)))
    shown = [p for p in diff if w.get(p, 0) != o.get(p, 0)][:n_ex]
    if shown:
        P("  pairs that differ (source PMIDs: with-ids / without-ids):")
        for p in shown:
            P("    %s–%s: %d / %d" % (p[0], p[1], w.get(p, 0), o.get(p, 0)))


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dirs", nargs="+", help="directories of PubMed XML (*.xml, *.xml.gz)")
    ap.add_argument("--citegraph", default=os.path.normpath(DEFAULT_BIN), help="citegraph binary")
    ap.add_argument("--keep", help="keep the runs' outputs in this directory (else a temporary one)")
    ap.add_argument("--examples", type=int, default=10, help="examples per finding (b prints 20 wrong)")
    args = ap.parse_args()

    lines = []
    def P(s=""):
        lines.append(s)
        print(s, flush=True)

    work = args.keep or tempfile.mkdtemp(prefix="eval_references.")
    os.makedirs(work, exist_ok=True)
    try:
        files = input_files(args.dirs)
        P("eval_references: %s" % " ".join(args.dirs))
        try:
            import hashlib, time
            with open(args.citegraph, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()[:16]
            P("citegraph: %s (sha256 %s…, built %s)" % (args.citegraph, digest,
              time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(args.citegraph)))))
        except OSError as e:
            P("citegraph: %s (%s)" % (args.citegraph, e))
        scan = scan_inputs(files)
        for path, err in scan["bad_files"]:
            P("  not well-formed XML: %s (%s)" % (path, err))
        for path in scan["empty_files"]:
            P("  input holding no PubmedArticle: %s" % path)

        log = []
        out_with = os.path.join(work, "with_ids")
        ok = run_with_fallback(args.citegraph, args.dirs, out_with, scan["empty_files"], log)
        for l in log:
            P("  " + l)
        if not ok:
            P("citegraph failed on the inputs; nothing to evaluate")
            return 0
        with_run = load_run(out_with)
        part_a(P, scan, with_run[0], with_run[1], with_run[2], out_with, args.examples)
        part_b(P, scan, with_run[1], args.examples)

        stripped = os.path.join(work, "inputs_without_ref_ids")
        if os.path.exists(stripped):
            shutil.rmtree(stripped)
        strip_reference_ids(files, args.dirs, stripped)
        sdirs = sorted(os.path.join(stripped, d) for d in os.listdir(stripped))
        left = sum(len(ref.findall("ArticleIdList"))
                   for p in input_files(sdirs)
                   for ref in ET.fromstring(read_bytes(p)).iter("Reference"))
        log = []
        out_without = os.path.join(work, "without_ids")
        ok = run_with_fallback(args.citegraph, sdirs, out_without, scan["empty_files"], log)
        P("")
        P("(stripped copy: %d ArticleIdList left inside <Reference>)" % left)
        for l in log:
            P("  " + l)
        if not ok:
            P("citegraph failed on the stripped inputs")
            return 0
        without_run = load_run(out_without)
        P("without ids, for comparison with a.:")
        cited_o = [n for n in without_run[1].values() if n["kind"] != "source"]
        P("  citations %d, cited works %d, with a journal %s, with a year %s"
          % (len(without_run[2]), len(cited_o), pct(sum(1 for n in cited_o if n["journal"]), len(cited_o)),
             pct(sum(1 for n in cited_o if n["year"]), len(cited_o))))
        skips = collections.Counter()
        for inp in without_run[0].get("inputs", []):
            for r in inp.get("skipped_by_reason", []):
                skips[r["reason"]] += r["count"]
        for r in without_run[0].get("graph", {}).get("skipped_by_reason", []):
            skips[r["reason"] + " (graph)"] += r["count"]
        for reason, c in skips.most_common():
            P("    skipped %6d  %s" % (c, reason))
        part_c(P, with_run, without_run, args.examples)
        if args.keep:
            P("")
            P("outputs kept in %s" % work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
