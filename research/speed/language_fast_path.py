"""How the clean stage's English fast path (``language.plainly_english``) agrees with the model.

    python research/speed/language_fast_path.py [--store PATH]

Reads every text of the benchmarks (ECB+, BASIL, PolNeAR, the extraction benchmark's gold
bodies) and the seeds, and, with ``--store``, the clean texts of a newsweave store (the bench
corpus). For each text: the language the model gives (py3langid on the same sample, the same
probability floor) and whether the fast path calls it English. Prints how many English texts
the fast path takes, how many times it says English where the model does not, and the highest
marker share among texts the model calls something else.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from collections import Counter
from pathlib import Path

from newsweave.stages.clean.language import (
    _WORD,
    ENGLISH_MARKERS,
    MIN_PROBABILITY,
    SAMPLE_CHARS,
    _identifier,
    plainly_english,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"


def benchmark_texts(shared: Path) -> list[tuple[str, str]]:
    bench = shared / "benchmarks"
    texts = []
    for path in sorted((bench / "clustering" / "ecbplus").glob("*/*.json")):
        texts.append(("ecbplus", json.loads(path.read_text("utf-8")).get("text", "")))
    for path in sorted((bench / "clustering" / "basil" / "articles").glob("*/*.json")):
        paragraphs = json.loads(path.read_text("utf-8")).get("body-paragraphs", [])
        body = "\n".join(" ".join(p) if isinstance(p, list) else str(p) for p in paragraphs)
        texts.append(("basil", body))
    for path in sorted((bench / "quotes" / "polnear" / "data").glob("*/text/*.txt")):
        texts.append(("polnear", path.read_text("utf-8", errors="replace")))
    truth = json.loads((bench / "extraction" / "aeb" / "ground-truth.json").read_text("utf-8"))
    texts.extend(("aeb", item.get("articleBody", "")) for item in truth.values())
    for path in sorted((shared / "seeds").glob("*")):
        if path.is_file():
            texts.append(("seeds", path.read_text("utf-8", errors="replace")))
    return texts


def marker_share(sample: str) -> float:
    words = _WORD.findall(sample.lower())
    return sum(w in ENGLISH_MARKERS for w in words) / len(words) if words else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="also the clean texts of this newsweave store")
    args = parser.parse_args()
    texts = benchmark_texts(SHARED)
    if args.store:
        with sqlite3.connect(args.store) as connection:
            texts.extend(
                ("store", row[0]) for row in connection.execute("SELECT text FROM articles")
            )
    taken, english, wrong = Counter(), Counter(), Counter()
    highest: dict[str, float] = {}
    for source, text in texts:
        sample = text[:SAMPLE_CHARS]
        code, probability = _identifier().classify(sample) if sample.strip() else (None, 0.0)
        model = code if probability >= MIN_PROBABILITY else None
        fast = plainly_english(sample)
        english[source] += model == "en"
        taken[source] += fast and model == "en"
        wrong[source] += fast and model != "en"
        if model != "en":
            highest[source] = max(highest.get(source, 0.0), marker_share(sample))
    for source in sorted(english):
        count = sum(1 for s, _ in texts if s == source)
        print(
            f"{source:8} texts {count:6}  English {english[source]:6}"
            f"  fast path {taken[source]:6} ({taken[source] / max(1, english[source]):.0%})"
            f"  wrong {wrong[source]}  highest other share {highest.get(source, 0.0):.3f}"
        )
    total = sum(english.values())
    print(
        f"all      texts {len(texts):6}  English {total:6}  fast path {sum(taken.values()):6}"
        f" ({sum(taken.values()) / max(1, total):.0%})  wrong {sum(wrong.values())}"
    )


if __name__ == "__main__":
    main()
