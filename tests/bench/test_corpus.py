"""The synthetic bench corpus: deterministic, and its duplicates do not grow with its size."""

from __future__ import annotations

from collections import Counter

from newsweave.bench.corpus import BaseText, generate


def bases(count: int) -> list[BaseText]:
    return [
        BaseText(
            f"Title {n}",
            tuple(
                f"Sentence {n}-{p}-a says something about {n}. Sentence {n}-{p}-b adds more."
                for p in range(4)
            ),
            "ecbplus" if n % 2 else "basil",
        )
        for n in range(count)
    ]


def test_the_corpus_is_the_same_for_the_same_seed() -> None:
    assert list(generate(bases(30), 200)) == list(generate(bases(30), 200))
    assert list(generate(bases(30), 200)) != list(generate(bases(30), 200, seed=8))


def test_exact_republication_stays_rare_when_the_corpus_outgrows_its_bases() -> None:
    # Wire copies are meant to be there (about one article in six is an untouched copy); the
    # same text drawn again and again as an "original" is not.
    for size in (100, 2000):
        texts = Counter(r["text"] for r in generate(bases(40), size))
        repeated = sum(n - 1 for n in texts.values() if n > 1)
        assert repeated / size < 0.25, (size, repeated)
