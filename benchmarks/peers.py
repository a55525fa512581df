#!/usr/bin/python3
"""The tools a user would pick instead of citegraph, timed on the same generated corpus.

Reads a pairs CSV written by benchmarks/generate (`citing,referenced`, one PMID pair per line)
and times, per task, the peers that do it:

  pagerank      networkx (read_edgelist + nx.pagerank), igraph (PRPACK), scipy CSR SpMV
  betweenness   igraph (exact, every source), networkx (k sampled sources: the per-source
                time is what is compared, and the line says so)
  cocitation    scipy sparse A.T @ A and A @ A.T (counts only), networkx bipartite projection
  graphml       igraph Graph.write_graphml (vertex name and pagerank, like bench_pipeline)

Each measurement prints one line in bench_pipeline's shape, `STAGE peer=NAME key=value ...`,
which benchmarks/table.py joins with ours. Vertex ids are the PMIDs in ascending order, the same
order citegraph's builder gives them, so the graphs are the same node for node.

This script needs python3-networkx, python3-igraph and python3-scipy (Debian); run.sh installs
them. The test suite never imports it.
"""

import argparse
import gc
import os
import resource
import statistics
import sys
import tempfile
import time


def log(message):
    print(message, file=sys.stderr, flush=True)


def sci(x):
    text = f"{x:.2g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    negative = exponent.startswith("-")
    exponent = exponent.lstrip("+-").lstrip("0")
    return f"{mantissa}e{'-' if negative else ''}{exponent}"


def emit(stage, peer, graph, fields, runs):
    print(f"{stage} peer={peer} {graph} threads=1 {fields} runs={runs}", flush=True)


def timed(runs, fn):
    """Median wall time of `runs` calls, and the last result."""
    times = []
    result = None
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def load_pairs(path):
    """(citing, cited) as dense ids 0..n-1 in ascending PMID order, and n. Fast numpy path."""
    import numpy as np

    with open(path, "rb") as f:
        header = f.readline()
        if header.strip() != b"citing,referenced":
            raise SystemExit(f"{path}: not an OCC pairs file (header {header!r})")
        body = f.read()
    values = np.fromstring(body.replace(b"\n", b","), dtype=np.int64, sep=",")
    pairs = values.reshape(-1, 2)
    pmids, dense = np.unique(pairs, return_inverse=True)
    dense = dense.reshape(-1, 2).astype(np.int32)
    load_pairs.pmids = pmids
    return dense[:, 0].copy(), dense[:, 1].copy(), len(pmids)


def graph_label(n, m):
    return f"n={sci(n)} m={sci(m)}"


# ---------------------------------------------------------------------------------------------
def task_pagerank(args, peers):
    import numpy as np

    src, dst, n = load_pairs(args.pairs)
    m = len(src)
    graph = graph_label(n, m)
    if "igraph" in peers:
        import igraph as ig

        load_s, g = timed(1, lambda: ig.Graph(n=n, edges=np.column_stack([src, dst]), directed=True))
        conv_s, pr = timed(
            args.repeat, lambda: g.pagerank(damping=0.85, implementation="prpack", directed=True)
        )
        emit("pagerank_converge", "igraph", graph, f"implementation=prpack seconds={conv_s:.4f}",
             args.repeat)
        emit("pagerank_load", "igraph", graph,
             f"what=Graph(edges)_from_numpy seconds={load_s:.4f}", 1)
        del g
    if "scipy" in peers:
        import scipy.sparse as sp

        # The pull matrix of one PageRank iteration: row v holds the works citing v.
        a = sp.csr_matrix((np.ones(m), (dst, src)), shape=(n, n))
        x = np.random.default_rng(1).random(n)
        reps = max(args.repeat, 5)
        spmv_s, _ = timed(reps, lambda: a @ x)
        emit("pagerank_iteration", "scipy", graph,
             f"what=csr_spmv seconds={spmv_s:.5f}", reps)
        del a
    if "networkx" in peers:
        if m > args.nx_max_edges:
            log(f"networkx pagerank skipped: m={m} > --nx-max-edges {args.nx_max_edges}")
        else:
            import networkx as nx

            def load():
                with open(args.pairs, "rb") as f:
                    f.readline()
                    return nx.read_edgelist(f, delimiter=",", create_using=nx.DiGraph,
                                            nodetype=int)

            load_s, g = timed(1, load)
            # networkx stops when the L1 change is < N * tol: the same 1e-10 as ours.
            tol = 1e-10 / g.number_of_nodes()
            conv_s, _ = timed(1, lambda: nx.pagerank(g, alpha=0.85, tol=tol, max_iter=1000))
            emit("pagerank_converge", "networkx", graph, f"seconds={conv_s:.4f}", 1)
            emit("pagerank_load", "networkx", graph, f"what=read_edgelist seconds={load_s:.4f}", 1)
            emit("pagerank_load_converge", "networkx", graph,
                 f"seconds={load_s + conv_s:.4f}", 1)
            del g
    log(f"peers pagerank peak_rss_mb={peak_rss_mb():.0f}")


def task_betweenness(args, peers):
    import numpy as np

    src, dst, n = load_pairs(args.pairs)
    m = len(src)
    graph = graph_label(n, m)
    if "igraph" in peers:
        import igraph as ig

        g = ig.Graph(n=n, edges=np.column_stack([src, dst]), directed=True)
        secs, _ = timed(args.repeat, lambda: g.betweenness(directed=True))
        emit("betweenness_exact", "igraph", graph,
             f"directed=yes sources={n} seconds={secs:.4f} per_source_ms={1e3 * secs / n:.4f}",
             args.repeat)
    if "networkx" in peers:
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(range(n))
        g.add_edges_from(zip(src.tolist(), dst.tolist()))
        k = min(args.nx_sources, n)
        secs, _ = timed(1, lambda: nx.betweenness_centrality(g, k=k, normalized=False, seed=1))
        emit("betweenness_exact", "networkx", graph,
             f"directed=yes sources={k} sampled_sources_extrapolated=yes seconds={secs:.4f} "
             f"per_source_ms={1e3 * secs / k:.4f}", 1)


def task_cocitation(args, peers):
    import numpy as np

    src, dst, n = load_pairs(args.pairs)
    m = len(src)
    graph = graph_label(n, m)
    if "scipy" in peers:
        import scipy.sparse as sp

        # A: sources x works incidence (rows = citing, columns = cited), int32 counts.
        a = sp.csr_matrix((np.ones(m, dtype=np.int32), (src, dst)), shape=(n, n))
        at = a.T.tocsr()

        def both():
            co = at @ a  # works x works: co-citation counts (diagonal = citation counts)
            cp = a @ at  # sources x sources: coupling counts
            return co.nnz + cp.nnz

        secs, nnz = timed(args.repeat, both)
        emit("pairs_total", "scipy", graph,
             f"what=A.T@A+A@A.T_counts_only nnz_with_diagonal={sci(nnz)} seconds={secs:.4f} "
             f"peak_rss_mb={peak_rss_mb():.0f}", args.repeat)
        co_s, co = timed(args.repeat, lambda: at @ a)
        emit("cocitation", "scipy", graph,
             f"what=A.T@A_counts_only nnz_with_diagonal={sci(co.nnz)} seconds={co_s:.4f}",
             args.repeat)
        del co, a, at
    if "networkx" in peers:
        if m > args.nx_max_pairs_edges:
            log(f"networkx projection skipped: m={m} > --nx-max-pairs-edges")
        else:
            import networkx as nx
            from networkx.algorithms import bipartite

            def project():
                b = nx.Graph()
                citing = set(src.tolist())
                cited = set(dst.tolist())
                # Works that are both citing and cited appear on both sides, as A's rows and
                # columns do: tag the sides so the bipartite graph stays bipartite.
                b.add_nodes_from((("s", v) for v in citing), bipartite=0)
                b.add_nodes_from((("w", v) for v in cited), bipartite=1)
                b.add_edges_from((("s", s), ("w", w)) for s, w in zip(src.tolist(), dst.tolist()))
                return bipartite.weighted_projected_graph(b, [("w", v) for v in cited])

            secs, p = timed(1, project)
            emit("cocitation", "networkx", graph,
                 f"what=weighted_projected_graph pairs={sci(p.number_of_edges())} "
                 f"seconds={secs:.4f}", 1)


def task_graphml(args, peers):
    import numpy as np

    src, dst, n = load_pairs(args.pairs)
    m = len(src)
    graph = graph_label(n, m)
    if "igraph" in peers:
        import igraph as ig

        g = ig.Graph(n=n, edges=np.column_stack([src, dst]), directed=True)
        g.vs["name"] = [str(p) for p in load_pairs.pmids.tolist()]
        g.vs["pagerank"] = g.pagerank(implementation="prpack")
        with tempfile.TemporaryDirectory(dir=args.tmp) as tmp:
            path = os.path.join(tmp, "igraph.graphml")
            secs, _ = timed(args.repeat, lambda: g.write_graphml(path))
            size = os.path.getsize(path)
        emit("write_graphml", "igraph", graph,
             f"mb={size / 1e6:.1f} seconds={secs:.4f} mb_per_s={size / 1e6 / secs:.1f}",
             args.repeat)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("task", choices=["pagerank", "betweenness", "cocitation", "graphml"])
    parser.add_argument("--pairs", required=True, help="pairs CSV from benchmarks/generate")
    parser.add_argument("--peers", default="networkx,igraph,scipy")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--nx-max-edges", type=int, default=5_000_000,
                        help="networkx PageRank only up to this many edges")
    parser.add_argument("--nx-max-pairs-edges", type=int, default=100_000,
                        help="networkx bipartite projection only up to this many edges")
    parser.add_argument("--nx-sources", type=int, default=100,
                        help="sampled sources for networkx betweenness (per-source time)")
    parser.add_argument("--tmp", default=None, help="directory for written files")
    args = parser.parse_args()
    peers = set(args.peers.split(","))
    {"pagerank": task_pagerank, "betweenness": task_betweenness,
     "cocitation": task_cocitation, "graphml": task_graphml}[args.task](args, peers)


if __name__ == "__main__":
    main()
