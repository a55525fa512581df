#!/usr/bin/env python3
"""Peer of bench_pairs: co-citation and coupling counts with scipy on the same pairs CSV.

Usage: pairs_benchmark.py PAIRS_CSV MIN_COUNT REPEAT OUT_DIR

A is the sources x cited-works incidence matrix of the OCC pairs file (`citing,referenced`),
int32 ones. Co-citation is A.T @ A, coupling A @ A.T (scipy's SMMP sparse product, one thread).
Prints key=value lines that bench_pairs reads:
  products_seconds   A.T@A + A@A.T, the best of REPEAT runs (and *_cpu_seconds: process CPU
                     time, the fair figure on a shared machine)
  select_seconds     upper triangle (k=1) and count >= MIN_COUNT of both products
  csv_seconds        np.savetxt of the kept pairs (PMID, PMID, count) to OUT_DIR, both tables
  cocitation_pairs / coupling_pairs   pairs kept, for bench_pairs to compare with its own
  peak_rss_mb
"""
import os
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp


def best_of(repeat, fn):
    """(best wall seconds, best CPU seconds, last value) over `repeat` runs."""
    best, best_cpu, value = None, None, None
    for _ in range(repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        value = fn()
        elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        best = elapsed if best is None else min(best, elapsed)
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
    return best, best_cpu, value


def main():
    path, min_count, repeat, out_dir = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with open(path, "rb") as f:
        header = f.readline()
        if header.strip() != b"citing,referenced":
            raise SystemExit(f"{path}: not an OCC pairs file (header {header!r})")
        values = np.array(f.read().replace(b"\n", b",").split(b",")[:-1], dtype=np.int64)
    pairs = values.reshape(-1, 2)
    sources, rows = np.unique(pairs[:, 0], return_inverse=True)
    works, cols = np.unique(pairs[:, 1], return_inverse=True)
    a = sp.csr_matrix((np.ones(len(rows), dtype=np.int32), (rows, cols)),
                      shape=(len(sources), len(works)))
    at = a.T.tocsr()

    products_s, products_cpu, (co, cp) = best_of(repeat, lambda: (at @ a, a @ at))

    def select():
        kept = []
        for m in (co, cp):
            upper = sp.triu(m, k=1).tocoo()
            keep = upper.data >= min_count
            kept.append((upper.row[keep], upper.col[keep], upper.data[keep]))
        return kept

    select_s, select_cpu, kept = best_of(repeat, select)

    def write():
        for name, ids, (r, c, d) in (("cocitation", works, kept[0]), ("coupling", sources, kept[1])):
            target = os.path.join(out_dir, f"scipy_{name}.csv")
            np.savetxt(target, np.column_stack([ids[r], ids[c], d]), fmt="%d", delimiter=",",
                       header="Source,Target,count", comments="")
            os.remove(target)

    csv_s, csv_cpu, _ = best_of(1, write)
    print(f"products_seconds={products_s:.6f}")
    print(f"select_seconds={select_s:.6f}")
    print(f"csv_seconds={csv_s:.6f}")
    print(f"products_cpu_seconds={products_cpu:.6f}")
    print(f"select_cpu_seconds={select_cpu:.6f}")
    print(f"csv_cpu_seconds={csv_cpu:.6f}")
    print(f"cocitation_pairs={len(kept[0][2])}")
    print(f"coupling_pairs={len(kept[1][2])}")
    print(f"peak_rss_mb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0:.0f}")


if __name__ == "__main__":
    main()
