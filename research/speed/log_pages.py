"""Which tables and indexes an addition writes to the write-ahead log, research only.

    python research/speed/log_pages.py STORE_DIR [--warm 20] [--adds 40]

``STORE_DIR`` as for ``add_steps.py``. After ``--warm`` additions to a copy of the store, the
log is emptied (checkpoint thread stopped, a TRUNCATE checkpoint), ``--adds`` more are made,
and the page number of every frame in the log is matched to the tree that holds the page
(SQLite's ``dbstat``). Each page written costs 4 KB of log; a full log stalls one commit.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import tempfile
from collections import Counter
from pathlib import Path

import newsweave.store.database as database
from newsweave.bench.measure import core_stages
from newsweave.workspace import Workspace

WAL_HEADER = 32
FRAME_HEADER = 24


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--adds", type=int, default=40)
    args = parser.parse_args()
    database.FALLBACK_CHECKPOINT_PAGES = 10**9  # every frame of the measured additions stays
    lines = (args.store / "spare.jsonl").read_text("utf-8").splitlines()
    with tempfile.TemporaryDirectory(prefix="newsweave-log-pages-") as folder:
        db = Path(folder) / "s.db"
        shutil.copy(args.store / "s.db", db)
        os.sync()
        with Workspace.open(str(db), stages=core_stages()) as ws:
            for number in range(args.warm):
                ws.add(lines[number].encode("utf-8"), f"<spare>/{number}")
            assert ws.store.checkpointer is not None
            ws.store.checkpointer.close()
            ws.store.checkpointer = None
            ws.store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
            for number in range(args.warm, args.warm + args.adds):
                report = ws.add(lines[number].encode("utf-8"), f"<spare>/{number}")
                crashed = [p for p in report.problems if p.code == "stage.crashed"]
                if crashed:
                    raise SystemExit(f"addition {number}: {crashed[0].message}")
            log = Path(str(db) + "-wal").read_bytes()
            page_size = struct.unpack(">I", log[8:12])[0]
            pages = [
                struct.unpack(">I", log[at : at + 4])[0]
                for at in range(
                    WAL_HEADER, len(log) - FRAME_HEADER - page_size + 1, FRAME_HEADER + page_size
                )
            ]
            owner = dict(ws.store.connection.execute("SELECT pageno, name FROM dbstat").fetchall())
    frames = Counter(owner.get(page, "(new or freed)") for page in pages)
    distinct = Counter(owner.get(page, "(new or freed)") for page in set(pages))
    print(f"{len(pages) / args.adds:.1f} log pages an addition ({args.adds} additions)")
    for name, count in frames.most_common(15):
        print(
            f"  {count / args.adds:7.1f} pages, {distinct[name] / args.adds:6.1f} distinct  {name}"
        )


if __name__ == "__main__":
    main()
