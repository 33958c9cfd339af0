"""Write a corpus that is one very large story: COUNT outlets running one report (research).

    python research/speed/big_story.py 300 /tmp/big-story [--benchmarks ../shared/benchmarks]
    python research/speed/full_run.py /tmp/big-story

The mission's hard case: one event reaching a user hundreds of times as wire copies and light
edits. The report is the longest BASIL article among the bench corpus's base texts; each record
is a wire copy (cut, or with an intro line) or an edit (a paragraph dropped, words replaced), as
``newsweave.bench.corpus`` makes them, dated within three days. The same arguments give the
same files.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from newsweave.bench.corpus import (
    FIRST_DAY,
    _edited,
    _wire_copy,
    load_base_texts,
    write_corpus,
)


def records(count: int, benchmarks: Path, seed: int = 3) -> Iterator[dict[str, str]]:
    bases = [b for b in load_base_texts(benchmarks) if "basil" in b.dataset.lower()]
    report = max(bases, key=lambda b: (sum(len(p.split()) for p in b.paragraphs), b.title))
    rng = random.Random(seed)
    for index in range(count):
        paragraphs = list(report.paragraphs)
        paragraphs = _wire_copy(paragraphs, rng) if rng.random() < 0.6 else _edited(paragraphs, rng)
        outlet = rng.randrange(1000)
        yield {
            "title": report.title,
            "text": "\n\n".join(paragraphs),
            "url": f"https://outlet{outlet}.example/news/{index}",
            "source": f"Outlet {outlet}",
            "date": (FIRST_DAY + timedelta(days=rng.randint(0, 2))).isoformat(),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--benchmarks", type=Path, default=Path("../shared/benchmarks"))
    args = parser.parse_args()
    paths = write_corpus(records(args.count, args.benchmarks), args.folder)
    print(f"{args.count} articles in {len(paths)} file(s) under {args.folder}")


if __name__ == "__main__":
    main()
