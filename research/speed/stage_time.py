"""Time one core stage on a fresh bench corpus, for back-to-back comparisons of two versions.

    python research/speed/stage_time.py --size 3000 --stage clean [--workers 2]

Builds a bench corpus (``newsweave.bench.corpus``, as ``newsweave bench`` does), ingests it,
runs the stages before ``--stage`` untimed, then prints the wall time of that stage. The bench
itself runs every size and stage in one go, so its figures move with the machine's drift over
a quarter of an hour; running this for the old and the new code in turn, several times, shows
a change of a tenth in one stage.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from newsweave.bench.corpus import generate, load_base_texts, write_corpus
from newsweave.bench.measure import _context, core_stages
from newsweave.pipeline.parallel import worker_count
from newsweave.workspace import Workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=3000)
    parser.add_argument("--stage", choices=["clean", "cluster", "relate"], default="clean")
    parser.add_argument("--workers", type=int, default=worker_count())
    parser.add_argument("--benchmarks", type=Path, default=Path("../shared/benchmarks"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsweave-stage-") as folder:
        corpus = Path(folder) / "corpus"
        write_corpus(generate(load_base_texts(args.benchmarks), args.size), corpus)
        files = sorted(str(p) for p in corpus.glob("*.jsonl.gz"))
        with Workspace.open(
            str(Path(folder) / "stage.db"), stages=core_stages(), workers=args.workers
        ) as ws:
            ws.ingest(files)
            for stage in ws.stages:
                started = time.perf_counter()
                stage.run(_context(ws))
                if stage.name.startswith(args.stage):
                    print(f"{stage.name}: {time.perf_counter() - started:.2f} s")
                    return


if __name__ == "__main__":
    main()
