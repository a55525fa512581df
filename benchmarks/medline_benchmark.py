#!/usr/bin/python3
"""Times Biopython's MEDLINE parser (Bio.Medline.parse) on one file, for medline_benchmark.

Run by benchmarks/medline_benchmark (which generates the file and times citegraph's reader on
it in the same run), or by hand:  /usr/bin/python3 medline_benchmark.py FILE

Prints one line, `biopython records=N authors=A pmid_sum=S bytes=B seconds=T`. The authors and
PMID sums let the caller check that both parsers read the same records; authors are counted as
citegraph does (FAU when a record has any, else AU).
"""

import os
import sys
import time


def main() -> int:
    if len(sys.argv) != 2:
        print(f"usage: {sys.argv[0]} MEDLINE_FILE", file=sys.stderr)
        return 1
    path = sys.argv[1]
    try:
        from Bio import Medline
    except ImportError:
        print("Biopython is missing: apt-get install python3-biopython", file=sys.stderr)
        return 2

    records = 0
    authors = 0
    pmid_sum = 0
    start = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        for record in Medline.parse(handle):
            records += 1
            authors += len(record.get("FAU") or record.get("AU") or ())
            pmid_sum += int(record["PMID"])
    seconds = time.perf_counter() - start
    print(
        f"biopython records={records} authors={authors} pmid_sum={pmid_sum} "
        f"bytes={os.path.getsize(path)} seconds={seconds:.6f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
