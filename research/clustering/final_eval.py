"""The figures of the report: every part and mode, features computed afresh.

nice -n 10 python research/clustering/final_eval.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from newsweave.eval.clustering import evaluate_clustering, format_report

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks" / "clustering"


def main() -> None:
    start = time.perf_counter()
    report = evaluate_clustering(
        SHARED / "ecbplus", SHARED / "basil", progress=lambda m: print(m, file=sys.stderr)
    )
    print(format_report(report))
    print(f"({time.perf_counter() - start:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
