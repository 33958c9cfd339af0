"""How long the relate stage's main process waits for its search worker, research only.

    python research/speed/relate_wait.py [--size 10000] [--benchmarks ../shared/benchmarks]

Builds a bench corpus (``newsweave.bench.corpus``), runs the core stages with two workers, and
prints each stage's seconds and, for relate, the time the main process spent waiting for the
worker's searched batches (in all, and for the first batch, which nothing can overlap). A
small wait means both sides are busy: the stage needs less work, not better overlap.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import newsweave.stages.relate.stage as relate
from newsweave.bench.corpus import generate, load_base_texts, write_corpus
from newsweave.bench.measure import _context, core_stages
from newsweave.store import Store
from newsweave.workspace import Workspace

WAITS: list[float] = []


def _timed_batches(
    searcher: relate.WorkerSearcher, store: Store, pending: Sequence[str]
) -> Iterator[relate.Searched]:
    batches = _BATCHES(searcher, store, pending)
    while True:
        started = time.perf_counter()
        try:
            batch = next(batches)
        except StopIteration:
            return
        WAITS.append(time.perf_counter() - started)
        yield batch


_BATCHES = relate.WorkerSearcher.batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--benchmarks", type=Path, default=Path("../shared/benchmarks"))
    args = parser.parse_args()
    relate.WorkerSearcher.batches = _timed_batches  # type: ignore[method-assign,assignment]
    with tempfile.TemporaryDirectory(prefix="newsweave-relate-wait-") as folder:
        corpus = Path(folder) / "corpus"
        write_corpus(generate(load_base_texts(args.benchmarks), args.size), corpus)
        files = sorted(str(p) for p in corpus.glob("*.jsonl.gz"))
        with Workspace.open(str(Path(folder) / "s.db"), stages=core_stages(), workers=2) as ws:
            ws.ingest(files)
            for stage in ws.stages:
                started = time.perf_counter()
                stage.run(_context(ws))
                print(f"{stage.name}: {time.perf_counter() - started:.1f} s")
    if WAITS:
        print(
            f"relate waited {sum(WAITS):.1f} s for {len(WAITS)} searched batches,"
            f" {WAITS[0]:.1f} s of it for the first"
        )


if __name__ == "__main__":
    main()
