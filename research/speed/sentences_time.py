"""Time the sentence splitter on the benchmark texts, as paragraphs and set on one line.

    python research/speed/sentences_time.py [--benchmarks ../shared/benchmarks]

Prints the best of three passes in milliseconds per text, for the texts as the benchmarks give
them (one paragraph per line) and for the same texts with their paragraphs joined on one line (a
flattened scrape), and a digest of every split, so that two versions can be compared for speed
and for sameness.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Callable
from pathlib import Path

from newsweave.bench.corpus import load_base_texts
from newsweave.nlp.sentences import split_sentences


def best_ms(texts: list[str], split: Callable[[str], object]) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for text in texts:
            split(text)
        best = min(best, time.perf_counter() - started)
    return 1000 * best / max(1, len(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--benchmarks", type=Path, default=Path("../shared/benchmarks"))
    args = parser.parse_args()
    bases = load_base_texts(args.benchmarks)
    paragraphs = ["\n".join((b.title, *b.paragraphs)) for b in bases]
    one_line = [" ".join((b.title, *b.paragraphs)) for b in bases]
    words = sum(len(t.split()) for t in paragraphs) / max(1, len(paragraphs))
    print(f"{len(paragraphs)} texts, {words:.0f} words on average")
    print(f"as paragraphs: {best_ms(paragraphs, split_sentences):.3f} ms a text")
    print(f"on one line:   {best_ms(one_line, split_sentences):.3f} ms a text")
    splits = repr([split_sentences(t) for t in paragraphs + one_line]).encode()
    print("digest", hashlib.sha1(splits).hexdigest()[:16])


if __name__ == "__main__":
    main()
