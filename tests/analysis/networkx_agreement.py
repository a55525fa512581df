#!/usr/bin/python3
"""Checks the centrality pass against networkx on random graphs.

    /usr/bin/python3 networkx_agreement.py PATH_TO_analysis_driver [SEED]

Directed citation graphs (G(n, p) with isolated works, a scale-free multigraph collapsed to a
DiGraph with its self-loops kept, a growing citation network whose oldest works are dangling):
in/out degree, PageRank, HITS hubs and authorities, betweenness (plain and normalised) and
harmonic closeness. Undirected weighted co-citation networks (integer counts from a random
citation network, random integer and real weights, isolated works): strength, eigenvector
centrality with weight=weight, and betweenness with distance = 1/weight (and unweighted).

A score x agrees with networkx's y when |x - y| <= 1e-9 * max(|y|, 1e-3 * max|y|): relative
to 1e-9, and absolute (1e-12 of the largest score) for scores near 0. Both sides iterate to
tolerances far below that. The worst error per measure is printed; the exit status is 1 on any
disagreement. The seed is fixed (20240601) unless given as the second argument or in
CITEGRAPH_TEST_SEED.

networkx 2.x computes pagerank and hits with scipy when it is installed; without scipy this
script uses networkx's own pure-Python power iterations (_pagerank_python, _hits_python), which
compute the same quantities by the same definition.
"""

import math
import os
import random
import subprocess
import sys
import tempfile

import networkx as nx

RTOL = 1e-9
NEAR_ZERO = 1e-3  # of the largest score: below it the error is measured against that floor
DRIVER_TOLERANCE = "1e-14"  # L1 change that ends the driver's iterations

try:
    import scipy  # noqa: F401  (only to choose networkx's implementation)

    HAVE_SCIPY = True
except ImportError:
    HAVE_SCIPY = False


def nx_pagerank(g):
    n = g.number_of_nodes()
    # networkx stops when the L1 change is < n * tol.
    if HAVE_SCIPY:
        return nx.pagerank(g, alpha=0.85, tol=1e-16, max_iter=100000)
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    x = _pagerank_python(g, alpha=0.85, tol=1e-16, max_iter=100000)
    total = math.fsum(x.values())
    assert n == len(x)
    return {v: s / total for v, s in x.items()}


def nx_hits(g):
    if HAVE_SCIPY:
        return nx.hits(g, max_iter=100000, tol=1e-14)
    from networkx.algorithms.link_analysis.hits_alg import _hits_python

    return _hits_python(g, max_iter=100000, tol=1e-14)


class Comparison:
    def __init__(self):
        self.worst = {}  # measure -> (error, graph, node, ours, theirs)
        self.failures = []

    def check(self, graph_name, measure, ours, theirs):
        scale = max((abs(y) for y in theirs.values()), default=0.0)
        floor = NEAR_ZERO * scale
        worst = (0.0, graph_name, None, None, None)
        for v, y in theirs.items():
            x = ours[v]
            denominator = max(abs(y), floor)
            if denominator == 0.0:
                err = 0.0 if x == 0.0 else math.inf
            else:
                err = abs(x - y) / denominator
            if math.isnan(err):
                err = math.inf
            if err > worst[0]:
                worst = (err, graph_name, v, x, y)
            if err > RTOL:
                self.failures.append((graph_name, measure, v, x, y, err))
        previous = self.worst.get(measure)
        if previous is None or worst[0] > previous[0]:
            self.worst[measure] = worst

    def check_exact(self, graph_name, measure, ours, theirs):
        for v, y in theirs.items():
            if ours[v] != y:
                self.failures.append((graph_name, measure, v, ours[v], y, math.inf))
        self.worst.setdefault(measure, (0.0, graph_name, None, None, None))


def run_driver(driver, mode, lines, n, options):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(lines) + "\n")
        path = f.name
    try:
        args = [driver, mode, path, f"nodes={n}", f"tolerance={DRIVER_TOLERANCE}",
                "max_iterations=100000"] + options
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    reports = {}
    rows = {}
    for line in out.splitlines():
        if line.startswith("# ") and "=" in line:
            fields = line[2:].split()
            reports[fields[0]] = dict(f.split("=") for f in fields[1:])
        elif line and not line.startswith("#"):
            fields = line.split()
            rows[int(fields[0])] = fields[1:]
    if len(rows) != n:
        raise SystemExit(f"driver printed {len(rows)} rows for {n} nodes")
    return reports, rows


def require_converged(comparison, name, reports, measures):
    for measure in measures:
        if reports[measure].get("converged") != "1":
            comparison.failures.append((name, measure + " converged", None, reports[measure],
                                        "1", math.inf))


def citation_case(driver, comparison, name, g, normalized, threads):
    n = g.number_of_nodes()
    lines = [f"{u} {v}" for u, v in g.edges()]
    options = [f"normalized={int(normalized)}", f"threads={threads}", "limit=100000"]
    reports, rows = run_driver(driver, "citation", lines, n, options)
    require_converged(comparison, name, reports, ["pagerank", "hits"])
    column = lambda i, cast=float: {v: cast(r[i]) for v, r in rows.items()}  # noqa: E731
    comparison.check_exact(name, "in_degree", column(0, int), dict(g.in_degree()))
    comparison.check_exact(name, "out_degree", column(1, int), dict(g.out_degree()))
    comparison.check(name, "pagerank", column(2), nx_pagerank(g))
    hubs, authorities = nx_hits(g)
    comparison.check(name, "hits hub", column(3), hubs)
    comparison.check(name, "hits authority", column(4), authorities)
    measure = "betweenness (normalized)" if normalized else "betweenness"
    comparison.check(name, measure, column(5),
                     nx.betweenness_centrality(g, normalized=normalized))
    comparison.check(name, "harmonic", column(6), nx.harmonic_centrality(g))
    print(f"  {name}: n={n} m={g.number_of_edges()} pagerank iterations="
          f"{reports['pagerank']['iterations']} hits iterations={reports['hits']['iterations']}")


def cocitation_case(driver, comparison, name, g, normalized, weighted):
    n = g.number_of_nodes()
    lines = [f"{u} {v} {d['weight']!r}" for u, v, d in g.edges(data=True)]
    options = [f"normalized={int(normalized)}", f"weighted={int(weighted)}", "limit=100000",
               "threads=2"]
    reports, rows = run_driver(driver, "cocitation", lines, n, options)
    require_converged(comparison, name, reports, ["eigenvector"])
    column = lambda i: {v: float(r[i]) for v, r in rows.items()}  # noqa: E731
    comparison.check(name, "strength", column(0), dict(g.degree(weight="weight")))
    # networkx stops when the L1 change is < n * tol.
    reference = nx.eigenvector_centrality(g, weight="weight", max_iter=100000, tol=1e-16)
    comparison.check(name, "eigenvector", column(1), reference)
    for u, v, d in g.edges(data=True):
        d["distance"] = 1.0 / d["weight"]
    measure = "cocitation betweenness " + ("1/weight" if weighted else "unweighted")
    comparison.check(name, measure + (" (normalized)" if normalized else ""), column(2),
                     nx.betweenness_centrality(g, normalized=normalized,
                                               weight="distance" if weighted else None))
    print(f"  {name}: n={n} m={g.number_of_edges()} eigenvector iterations="
          f"{reports['eigenvector']['iterations']}")


def growing_citations(rng, n, mean_refs):
    """Works arrive in order; each cites earlier works, preferring the often cited."""
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    weights = [1.0] * n
    for v in range(1, n):
        k = min(v, rng.randint(0, 2 * mean_refs))
        cited = set()
        while len(cited) < k:
            cited.add(rng.choices(range(v), weights=weights[:v])[0])
        for u in cited:
            g.add_edge(v, u)
            weights[u] += 1.0
    return g


def with_isolated(g, extra):
    n = g.number_of_nodes()
    g.add_nodes_from(range(n, n + extra))
    return g


def cocitation_of(citations):
    """Co-citation counts of a citation graph: works cited together by the same source."""
    g = nx.Graph()
    g.add_nodes_from(citations.nodes())
    for s in citations.nodes():
        refs = sorted(citations.successors(s))
        for i, a in enumerate(refs):
            for b in refs[i + 1:]:
                if g.has_edge(a, b):
                    g[a][b]["weight"] += 1
                else:
                    g.add_edge(a, b, weight=1)
    for _, _, d in g.edges(data=True):
        d["weight"] = float(d["weight"])
    return g


def pairs_case(driver, comparison, name, g):
    """Co-citation and coupling counts and witnesses against networkx's bipartite projection."""
    lines = [f"{u} {v}" for u, v in g.edges() if u != v]
    n = g.number_of_nodes()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "edges.txt")
        with open(path, "w") as f:
            f.write("\n".join(lines) + "\n")
        out = subprocess.run([driver, "pairs", path, f"nodes={n}", "threads=2"], check=True,
                             capture_output=True, text=True).stdout
    ours = {"C": {}, "B": {}}
    for line in out.splitlines():
        tag, a, b, count, *witnesses = line.split()
        ours[tag][(int(a), int(b))] = (float(count), sorted(int(w) for w in witnesses))
    incidence = nx.Graph()
    incidence.add_nodes_from((("s", v) for v in range(n)), bipartite=0)
    incidence.add_nodes_from((("w", v) for v in range(n)), bipartite=1)
    incidence.add_edges_from((("s", u), ("w", v)) for u, v in g.edges() if u != v)
    for tag, side, other in (("C", "w", "s"), ("B", "s", "w")):
        nodes = [x for x in incidence if x[0] == side]
        projected = nx.bipartite.weighted_projected_graph(incidence, nodes)
        theirs = {}
        for (_, a), (_, b), d in projected.edges(data=True):
            a, b = min(a, b), max(a, b)
            shared = set(incidence[(side, a)]) & set(incidence[(side, b)])
            theirs[(a, b)] = (float(d["weight"]), sorted(x[1] for x in shared))
        measure = "co-citation" if tag == "C" else "coupling"
        for extra in sorted(set(ours[tag]) - set(theirs)):
            comparison.failures.append((name, measure, extra, ours[tag][extra], None, math.inf))
        comparison.check_exact(name, measure + " counts and witnesses",
                               {k: ours[tag].get(k) for k in theirs}, theirs)
        assert len(theirs) > 0, f"{name}: no {measure} pairs to compare"


def random_weighted(rng, n, m, weight):
    g = nx.gnm_random_graph(n, m, seed=rng.randrange(2**32))
    for _, _, d in g.edges(data=True):
        d["weight"] = weight()
    return g


def main():
    if len(sys.argv) < 2:
        raise SystemExit("usage: networkx_agreement.py PATH_TO_analysis_driver [SEED]")
    driver = sys.argv[1]
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else int(
        os.environ.get("CITEGRAPH_TEST_SEED", "20240601"))
    rng = random.Random(seed)
    print(f"networkx {nx.__version__}, seed {seed}, "
          f"pagerank/hits via {'scipy' if HAVE_SCIPY else 'networkx pure-Python iterations'}")
    comparison = Comparison()

    gnp = with_isolated(nx.gnp_random_graph(60, 0.05, seed=rng.randrange(2**32),
                                            directed=True), 6)
    citation_case(driver, comparison, "gnp(60, 0.05) + 6 isolated", gnp, True, 1)

    scale_free = nx.DiGraph(nx.scale_free_graph(200, seed=rng.randrange(2**32)))
    citation_case(driver, comparison, "scale-free(200) with self-loops", scale_free, False, 2)

    growing = with_isolated(growing_citations(rng, 300, 3), 10)
    citation_case(driver, comparison, "growing citations(300) + 10 isolated", growing, False, 2)
    citation_case(driver, comparison, "growing citations(300), normalized", growing, True, 1)

    gnm = nx.gnm_random_graph(150, 600, seed=rng.randrange(2**32), directed=True)
    citation_case(driver, comparison, "gnm(150, 600)", gnm, False, 3)

    counts = with_isolated(random_weighted(rng, 80, 400, lambda: float(rng.randint(1, 6))), 3)
    cocitation_case(driver, comparison, "gnm(80, 400) weights 1..6 + 3 isolated", counts,
                    False, True)
    cocitation_case(driver, comparison, "gnm(80, 400) weights 1..6, normalized", counts, True,
                    True)

    cocited = cocitation_of(growing_citations(rng, 200, 4))
    cocitation_case(driver, comparison, "co-citation of growing citations(200)", cocited,
                    False, True)

    real = random_weighted(rng, 100, 500, lambda: rng.uniform(0.1, 3.0))
    cocitation_case(driver, comparison, "gnm(100, 500) real weights", real, False, True)
    cocitation_case(driver, comparison, "gnm(100, 500) unweighted betweenness", real, True,
                    False)

    pairs_case(driver, comparison, "growing citations(300)", growing)
    pairs_case(driver, comparison, "gnm(150, 600)", gnm)

    print("worst error per measure (|ours - networkx| / max(|networkx|, 1e-3 * max)):")
    for measure, (err, graph_name, v, x, y) in comparison.worst.items():
        where = f"  [{graph_name}, node {v}: {x} vs {y}]" if v is not None else ""
        print(f"  {measure:40s} {err:.3e}{where}")
    if comparison.failures:
        print(f"{len(comparison.failures)} disagreements, tolerance {RTOL:g}; first ones:")
        for failure in comparison.failures[:20]:
            print("  ", failure)
        return 1
    print(f"all measures agree within {RTOL:g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
