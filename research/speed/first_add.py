"""Time the first additions of a new process to a filled store, with and without the saved
story index.

    python research/speed/first_add.py STORE_DIR [--size 50000] [--adds 3]

The first call builds a bench corpus of ``--size`` articles (``newsweave.bench.corpus``, as
``newsweave bench`` does) and a store of it in ``STORE_DIR``, with a few hundred spare records;
later calls reuse it. Each measurement copies the store, then runs a new process that opens the
copy and adds ``--adds`` spare records one at a time through ``Workspace.add``: once without
the saved index (the process rebuilds it from the stored features, then saves it), once more
with it.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from newsweave.bench.corpus import generate, load_base_texts, write_corpus
from newsweave.bench.measure import core_stages
from newsweave.store.database import STORY_INDEX_SUFFIX
from newsweave.workspace import Workspace

SPARE = 200
DB = "s.db"


def build(folder: Path, size: int, benchmarks: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    records = generate(load_base_texts(benchmarks), size + SPARE)
    write_corpus(itertools.islice(records, size), folder / "corpus")
    spare = [json.dumps(r, ensure_ascii=False) for r in records][:SPARE]
    (folder / "spare.jsonl").write_text("\n".join(spare) + "\n", encoding="utf-8")
    files = sorted(str(p) for p in (folder / "corpus").glob("*.jsonl.gz"))
    with Workspace.open(str(folder / DB), stages=core_stages()) as ws:
        ws.run(files)
    Path(str(folder / DB) + STORY_INDEX_SUFFIX).unlink(missing_ok=True)


def add(db: Path, spare: Path, first: int, count: int) -> None:
    """In this process: open ``db`` and add spare records ``first...`` one by one."""
    lines = spare.read_text(encoding="utf-8").splitlines()
    started = time.perf_counter()
    with Workspace.open(str(db), stages=core_stages()) as ws:
        print(f"  open {1000 * (time.perf_counter() - started):.0f} ms", flush=True)
        for number in range(first, first + count):
            started = time.perf_counter()
            ws.add(lines[number].encode(), f"<spare>/{number}")
            print(f"  add {number}: {1000 * (time.perf_counter() - started):.0f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--adds", type=int, default=3)
    parser.add_argument("--benchmarks", type=Path, default=Path("../shared/benchmarks"))
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        add(args.store / DB, args.store / "spare.jsonl", args.child, args.adds)
        return
    if not (args.store / DB).exists():
        build(args.store, args.size, args.benchmarks)
    with tempfile.TemporaryDirectory(prefix="newsweave-first-add-") as folder:
        work = Path(folder)
        shutil.copy(args.store / DB, work / DB)
        shutil.copy(args.store / "spare.jsonl", work / "spare.jsonl")
        for first, label in ((0, "no saved index"), (args.adds, "saved index")):
            print(label, flush=True)
            command = [sys.executable, __file__, str(work), "--adds", str(args.adds)]
            subprocess.run([*command, "--child", str(first)], check=True)


if __name__ == "__main__":
    main()
