#!/usr/bin/env python3
"""A small OCC-style citation pairs file (citing,referenced) for the citegraph-mpi tests.

Sources cite works drawn with a skewed (Zipf-like) popularity from a universe R times larger
than the sources; sources are themselves works, so chains exist and some sources are cited.
A few sources cite nothing inside the file (dangling works for PageRank come from the cited-only
works). Deterministic for a given --seed.
"""
import argparse
import random


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, required=True)
    parser.add_argument("--ratio", type=int, default=3)
    parser.add_argument("--mean-refs", type=float, default=8.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    universe = args.sources * args.ratio
    first = 1000001
    # Popularity: work of rank r has weight 1/(r+1)^0.8; ranks map to PMIDs by a shuffle.
    order = list(range(universe))
    rng.shuffle(order)
    weights = [1.0 / (r + 1) ** 0.8 for r in range(universe)]
    with open(args.out, "w", encoding="ascii") as out:
        out.write("citing,referenced\n")
        for s in range(args.sources):
            citing = first + s
            k = max(1, min(universe - 1, int(rng.lognormvariate(0, 0.8) * args.mean_refs / 1.4)))
            cited = set()
            for rank in rng.choices(range(universe), weights=weights, k=k):
                work = first + order[rank]
                if work != citing:
                    cited.add(work)
            for work in sorted(cited, key=lambda _: rng.random()):
                out.write(f"{citing},{work}\n")


if __name__ == "__main__":
    main()
