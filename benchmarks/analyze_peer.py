#!/usr/bin/env python3
"""The Python pipeline a user would write instead of `citegraph analyze --min-count N`.

Usage: analyze_peer.py PAIRS_CSV MIN_COUNT OUT_DIR

On an OCC pairs file (`citing,referenced`): pandas reads it; A is the sources x cited-works
incidence matrix (duplicates collapsed, self-citations dropped, as citegraph does); co-citation
is scipy's A.T @ A, bibliographic coupling A @ A.T, each kept as the upper triangle with
count >= MIN_COUNT; PageRank (damping 0.85) of the citation graph with python-igraph (PRPACK);
three CSVs written with pandas: cocitation.csv and coupling.csv (PMID, PMID, count) and
pagerank.csv (PMID, score). Prints key=value lines (seconds per stage, pairs kept) that
analyze_benchmark.sh reads; run it under /usr/bin/time for the peak memory.
"""
import os
import sys
import time

import igraph
import numpy as np
import pandas as pd
import scipy.sparse as sp


def main():
    path, min_count, out_dir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(out_dir, exist_ok=True)
    times = {}
    start = time.perf_counter()

    def lap(name):
        nonlocal start
        now = time.perf_counter()
        times[name] = now - start
        start = now

    edges = pd.read_csv(path, dtype={"citing": np.int64, "referenced": np.int64})
    edges = edges[edges.citing != edges.referenced].drop_duplicates()
    lap("read")

    sources, rows = np.unique(edges.citing.to_numpy(), return_inverse=True)
    works, cols = np.unique(edges.referenced.to_numpy(), return_inverse=True)
    a = sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                      shape=(len(sources), len(works)))
    kept = {}
    for name, product, ids in (("cocitation", lambda: a.T.tocsr() @ a, works),
                               ("coupling", lambda: a @ a.T.tocsc(), sources)):
        upper = sp.triu(product(), k=1).tocoo()
        keep = upper.data >= min_count
        kept[name] = pd.DataFrame({"a": ids[upper.row[keep]], "b": ids[upper.col[keep]],
                                   "count": upper.data[keep]})
    lap("pairs")

    nodes, index = np.unique(np.concatenate([edges.citing.to_numpy(),
                                             edges.referenced.to_numpy()]), return_inverse=True)
    m = len(edges)
    graph = igraph.Graph(n=len(nodes), edges=np.column_stack([index[:m], index[m:]]).tolist(),
                         directed=True)
    scores = graph.pagerank(damping=0.85)
    lap("pagerank")

    for name, table in kept.items():
        table.to_csv(os.path.join(out_dir, name + ".csv"), index=False)
    pd.DataFrame({"pmid": nodes, "pagerank": scores}).to_csv(
        os.path.join(out_dir, "pagerank.csv"), index=False)
    lap("write")

    for name, seconds in times.items():
        print(f"{name}_seconds={seconds:.3f}")
    print(f"total_seconds={sum(times.values()):.3f}")
    for name, table in kept.items():
        print(f"{name}_pairs={len(table)}")


if __name__ == "__main__":
    main()
