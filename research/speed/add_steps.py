"""Where the time of single additions to a filled store goes, step by step, research only.

    python research/speed/add_steps.py STORE_DIR [--warm 20] [--adds 150]

``STORE_DIR`` is a store built by ``research/speed/first_add.py`` (``s.db`` and the spare
records ``spare.jsonl``). The store is copied (and the copy synced to disk, so that writing it
back does not sit in the timings), opened in this process, warmed with ``--warm`` additions,
then ``--adds`` more are timed: each stage, the relate steps of ``relate_parts.py`` and the
commit. Prints the percentiles of each and the slowest additions. Unlike ``newsweave bench``,
the process has not just run the whole corpus, so fewer texts and sentence vectors are cached.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import relate_parts

from newsweave.bench.measure import core_stages, percentile
from newsweave.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--adds", type=int, default=150)
    args = parser.parse_args()
    relate_parts._instrument()
    lines = (args.store / "spare.jsonl").read_text("utf-8").splitlines()
    rows: list[tuple[float, dict[str, float]]] = []
    with tempfile.TemporaryDirectory(prefix="newsweave-add-steps-") as folder:
        db = Path(folder) / "s.db"
        for path in args.store.glob("s.db*"):
            shutil.copy(path, Path(folder) / path.name)
        os.sync()
        with Workspace.open(str(db), stages=core_stages()) as ws:
            for stage in ws.stages:
                stage.run = relate_parts._timed("stage " + stage.name.split(".")[0], stage.run)  # type: ignore[method-assign]
            for number in range(args.warm + args.adds):
                relate_parts.SPENT.clear()
                started = time.perf_counter()
                report = ws.add(lines[number].encode("utf-8"), f"<spare>/{number}")
                total = (time.perf_counter() - started) * 1000
                crashed = [p for p in report.problems if p.code == "stage.crashed"]
                if crashed:  # a crashed stage would only look fast
                    raise SystemExit(f"addition {number}: {crashed[0].message}")
                if number >= args.warm:
                    steps = {k: v * 1000 for k, v in relate_parts.SPENT.items()}
                    rows.append((total, steps))
    totals = [total for total, _ in rows]
    print(
        f"add one: p50 {statistics.median(totals):.1f} ms, p95 {percentile(totals, 0.95):.1f} ms,"
        f" max {max(totals):.1f} ms"
    )
    for name in sorted({name for _, steps in rows for name in steps}):
        values = [steps.get(name, 0.0) for _, steps in rows]
        print(
            f"  {name:18} p50 {statistics.median(values):6.1f}  p95"
            f" {percentile(values, 0.95):6.1f}  above 30 ms: {sum(v > 30 for v in values)}"
        )
    for total, steps in sorted(rows, key=lambda row: -row[0])[:10]:
        shown = {k: round(v, 1) for k, v in steps.items() if v >= 0.5}
        print(f"  {total:6.1f} ms  {shown}")


if __name__ == "__main__":
    main()
