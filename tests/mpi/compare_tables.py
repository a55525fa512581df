#!/usr/bin/env python3
"""Compares a citegraph-mpi CSV with citegraph's: the same header, the same rows in the same
order, every field byte-identical except the columns named with --tolerant, which must agree to
--rel (relative; absolute below 1e-300). Prints the first difference and exits 1."""
import argparse
import csv
import sys


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("expected")
    parser.add_argument("actual")
    parser.add_argument("--tolerant", action="append", default=[])
    parser.add_argument("--rel", type=float, default=1e-9)
    args = parser.parse_args()
    with open(args.expected, newline="") as f:
        expected = list(csv.reader(f))
    with open(args.actual, newline="") as f:
        actual = list(csv.reader(f))
    if not expected or expected[0] != (actual[0] if actual else None):
        sys.exit(f"header differs: {expected[:1]} vs {actual[:1]}")
    if len(expected) != len(actual):
        sys.exit(f"{len(expected) - 1} rows expected, {len(actual) - 1} written")
    missing = [name for name in args.tolerant if name not in expected[0]]
    if missing:
        sys.exit(f"no column {missing[0]} in {args.expected}")
    tolerant = {expected[0].index(name) for name in args.tolerant}
    worst = 0.0
    for row, (e, a) in enumerate(zip(expected, actual)):
        if len(e) != len(a):
            sys.exit(f"row {row}: {len(e)} fields expected, {len(a)} written")
        for col, (x, y) in enumerate(zip(e, a)):
            if col in tolerant and x != y:
                fx, fy = float(x), float(y)
                rel = abs(fx - fy) / max(abs(fx), 1e-300)
                worst = max(worst, rel)
                if rel > args.rel:
                    sys.exit(f"row {row} {expected[0][col]}: {x} vs {y} (relative {rel:.3g})")
            elif x != y:
                sys.exit(f"row {row} {expected[0][col]}: {x!r} vs {y!r}")
    print(f"{len(expected) - 1} rows agree" + (f" (worst relative {worst:.3g})" if tolerant else ""))


if __name__ == "__main__":
    main()
