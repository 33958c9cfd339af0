"""Time quote extraction and fusion on one story told many times, research only.

    python research/quotes/fusion_speed.py COPIES OUT.json [--seeds ../shared/seeds]

Writes ``COPIES`` articles, each one of the first four seed articles with a closing line of its
own, runs the whole pipeline on them and the seeds, prints the seconds of the quote stages, and
dumps every stored quote row to ``OUT.json`` (compare two versions' dumps with ``cmp``: a speed
change to fusion must store the same quotes).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsweave.workspace import Workspace


def _timed(spent: dict[str, float], name: str, run: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return run(*args, **kwargs)
        finally:
            spent[name] = spent.get(name, 0.0) + time.perf_counter() - started

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("copies", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seeds", type=Path, default=Path("../shared/seeds"))
    args = parser.parse_args()
    seeds = sorted(p for p in args.seeds.iterdir() if p.is_file())
    with tempfile.TemporaryDirectory(prefix="newsweave-fusion-") as folder:
        lines = []
        for n in range(args.copies):
            body = seeds[n % 4].read_text("utf-8") + f"\n\nFiled by correspondent number {n}."
            record = {"title": f"Report {n}", "text": body, "source": f"Outlet {n}"}
            lines.append(json.dumps(record | {"date": "2025-03-26"}))
        corpus = Path(folder) / "copies.jsonl"
        corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        spent: dict[str, float] = {}
        with Workspace.open(str(Path(folder) / "s.db")) as ws:
            for stage in ws.stages:
                stage.run = _timed(spent, stage.name, stage.run)  # type: ignore[method-assign]
            ws.run([str(corpus), *(str(p) for p in seeds)])
            rows = {
                table: [list(r) for r in ws.store.query(f"SELECT * FROM {table} ORDER BY 1")]
                for table in ("quote_occurrences", "quotes")
            }
    args.out.write_text(json.dumps(rows, sort_keys=True, default=str), encoding="utf-8")
    quotes = {name: round(seconds, 1) for name, seconds in spent.items() if "quote" in name}
    print(f"{args.copies} copies: {quotes}; {len(rows['quotes'])} quotes")


if __name__ == "__main__":
    main()
