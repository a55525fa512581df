#!/usr/bin/python3
"""The peer of bench_clustering: python3-igraph's Louvain (multilevel) and Leiden on the same map.

    bench_clustering --write-network map.txt ...
    /usr/bin/python3 clustering_peer.py map.txt MEMBERSHIP_FILE?

Reads the network bench_clustering wrote ("n" then "a b w" lines), runs igraph's
community_multilevel and community_leiden (modularity, iterated to convergence) with the edge
weights, and prints one line per method with its wall and CPU seconds (graph construction not
included) and modularity, in bench_clustering's `key=value` style. With a second argument (one
cluster per line, as cluster_driver prints after its '#' line) it also prints igraph's modularity
of that partition, so the ratio to igraph's best can be read off.
"""

import sys
import time

import igraph as ig


def main():
    with open(sys.argv[1]) as f:
        n = int(f.readline())
        edges = []
        weights = []
        for line in f:
            a, b, w = line.split()
            edges.append((int(a), int(b)))
            weights.append(float(w))
    g = ig.Graph(n=n, edges=edges)
    best = -1.0
    for name, run in (
        ("igraph_multilevel", lambda: g.community_multilevel(weights=weights)),
        ("igraph_leiden", lambda: g.community_leiden(objective_function="modularity",
                                                      weights=weights, n_iterations=-1)),
    ):
        wall = time.perf_counter()
        cpu = time.process_time()
        clustering = run()
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - wall
        q = g.modularity(clustering.membership, weights=weights)
        best = max(best, q)
        print(f"{name} nodes={n} edges={len(edges)} seconds={wall:.4g} cpu_seconds={cpu:.4g} "
              f"modularity={q:.5f} clusters={len(clustering)}")
    if len(sys.argv) > 2:
        with open(sys.argv[2]) as f:
            membership = [int(x) for x in f if not x.startswith("#")]
        q = g.modularity(membership, weights=weights)
        print(f"citegraph_partition modularity={q:.5f} ratio_to_igraph_best={q / best:.4f}")


if __name__ == "__main__":
    main()
