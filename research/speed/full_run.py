"""Time every stage of the whole pipeline (``newsweave run``) on a corpus, research only.

    python research/speed/full_run.py CORPUS [--workers 2]

``CORPUS`` is a folder of inputs; to make one from the bench corpus::

    python -c "from pathlib import Path; from newsweave.bench.corpus import generate, \\
    load_base_texts, write_corpus; write_corpus(generate(load_base_texts(\\
    Path('../shared/benchmarks')), 500), Path('/tmp/corpus'))"

Ingests it into a fresh store (or, with ``--store DB``, into a copy of that store: the cost of
adding articles to what is there), then runs each stage in turn and prints its wall time, the
CPU time of this process and of its workers, and how many items it processed. ``newsweave bench``
times the core stages only; this shows what the later ones (quotes, facts, summaries) cost.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from pathlib import Path

from newsweave.bench.measure import _context
from newsweave.pipeline.parallel import worker_count
from newsweave.pipeline.registry import default_stages
from newsweave.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--workers", type=int, default=worker_count())
    parser.add_argument("--store", type=Path, help="add the corpus to a copy of this store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsweave-full-run-") as folder:
        db = Path(folder) / "s.db"
        if args.store:
            # The store and what is saved beside it (the clustering snapshot).
            for path in args.store.parent.glob(args.store.name + "*"):
                shutil.copy(path, Path(folder) / path.name.replace(args.store.name, "s.db", 1))
        with Workspace.open(str(db), stages=default_stages(), workers=args.workers) as ws:
            run_stages(ws, args.corpus)


def run_stages(ws: Workspace, corpus: Path) -> None:
    """Ingest ``corpus``, then run and time each stage."""
    started = time.perf_counter()
    ws.ingest([str(corpus)])
    print(f"{'ingest':26s} wall {time.perf_counter() - started:7.2f}")
    total = 0.0
    for stage in ws.stages:
        before, started = os.times(), time.perf_counter()
        result = stage.run(_context(ws))
        after, wall = os.times(), time.perf_counter() - started
        total += wall
        main_cpu = after.user + after.system - before.user - before.system
        workers_cpu = (
            after.children_user
            + after.children_system
            - before.children_user
            - before.children_system
        )
        print(
            f"{stage.name:26s} wall {wall:7.2f} cpu here {main_cpu:7.2f}"
            f" workers {workers_cpu:6.2f}  items {result.processed}",
            flush=True,
        )
    print(f"{'stages in all':26s} wall {total:7.2f}")


if __name__ == "__main__":
    main()
