"""Where the relate stage and a warm add spend their time, research only.

    python research/speed/relate_parts.py --size 10000 --adds 100

Builds a bench corpus (``newsweave.bench.corpus``, as ``newsweave bench`` does), ingests, cleans
and clusters it, then times the relate stage with its main steps wrapped, then adds articles one
at a time and prints, for the slowest, each stage's milliseconds, the relate steps and the time
spent committing. The figures in the README come from ``newsweave bench``; this tells them apart.
With more than one worker (``--workers``, default: the usable cores), a run of the relate stage
fingerprints and searches its batches in a worker process, whose steps are not timed here; with
``--workers 1`` every step runs, and is timed, in this process.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import newsweave.stages.relate.compare as compare
import newsweave.stages.relate.retelling as retelling
import newsweave.stages.relate.stage as relate
import newsweave.store.database as database
from newsweave.bench.corpus import generate, load_base_texts, write_corpus
from newsweave.bench.measure import _context, core_stages, percentile
from newsweave.pipeline.parallel import worker_count
from newsweave.workspace import Workspace

SPENT: dict[str, float] = {}
STEPS = (
    (relate, ("candidate_pairs", "replace_signatures", "add_to_run", "store_run")),
    (relate, ("current_texts", "_prints", "compare_text")),
    (relate, ("with_retelling", "save_edge", "_merge_families", "_recompute_families")),
    (compare, ("verbatim_runs", "edited_sentences", "_comparison")),
)


def _timed(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            SPENT[name] = SPENT.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def _instrument() -> None:
    for module, names in STEPS:
        for name in names:
            setattr(module, name, _timed(name, getattr(module, name)))
    retelling.SameFactJudge.prepare = _timed("judge.prepare", retelling.SameFactJudge.prepare)  # type: ignore[method-assign]
    atomic = database.Store.atomic

    @contextlib.contextmanager
    def timed_atomic(store: database.Store) -> Iterator[Any]:
        outer = store._depth == 0
        with atomic(store) as conn:
            yield conn
            started = time.perf_counter()
        if outer:
            SPENT["commit"] = SPENT.get("commit", 0.0) + time.perf_counter() - started

    database.Store.atomic = timed_atomic  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--adds", type=int, default=100)
    parser.add_argument("--workers", type=int, default=worker_count())
    parser.add_argument("--benchmarks", type=Path, default=Path("../shared/benchmarks"))
    args = parser.parse_args()
    _instrument()
    with tempfile.TemporaryDirectory(prefix="newsweave-parts-") as folder:
        records = generate(load_base_texts(args.benchmarks), args.size + args.adds)
        write_corpus(itertools.islice(records, args.size), Path(folder) / "corpus")
        extra = list(records)[: args.adds]
        files = sorted(str(p) for p in (Path(folder) / "corpus").glob("*.jsonl.gz"))
        with Workspace.open(
            str(Path(folder) / "parts.db"), stages=core_stages(), workers=args.workers
        ) as ws:
            ws.ingest(files)
            for stage in ws.stages:
                SPENT.clear()
                started = time.perf_counter()
                stage.run(_context(ws))
                print(f"{stage.name}: {time.perf_counter() - started:.1f} s")
                if stage.name.startswith("relate"):
                    for name, seconds in sorted(SPENT.items(), key=lambda kv: -kv[1]):
                        print(f"  {name:20} {seconds:6.1f} s")
            rows = []
            for number, record in enumerate(extra):
                SPENT.clear()
                started = time.perf_counter()
                ws.ingest_bytes(_json(record), f"<parts>/extra-{number}")
                stages = {}
                for stage in ws.stages:
                    begun = time.perf_counter()
                    stage.run(_context(ws))
                    stages[stage.name.split(".")[0]] = round((time.perf_counter() - begun) * 1000)
                total = (time.perf_counter() - started) * 1000
                steps = {k: round(v * 1000) for k, v in SPENT.items() if v >= 0.001}
                rows.append((total, stages, steps))
    totals = [r[0] for r in rows]
    if not totals:
        return
    print(f"add one: p50 {statistics.median(totals):.1f} ms, p95 {percentile(totals, 0.95):.1f} ms")
    for total, stages, steps in sorted(rows, key=lambda r: -r[0])[:10]:
        print(f"  {total:5.0f} ms  {stages}  {steps}")


def _json(record: dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


if __name__ == "__main__":
    main()
