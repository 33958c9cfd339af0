"""Fingerprint storage and the search for articles that share passages."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import numpy as np

from newsweave.store import Store
from newsweave.store.relations import (
    MAX_FINGERPRINT_ARTICLES,
    Prints,
    candidate_pairs,
    save_prints,
    shared_fingerprint_pairs,
)


def _prints(article: str, passages: list[int]) -> Prints:
    return Prints(article, np.zeros(128, dtype=np.uint64), 100, [], passages)


def test_saving_prints_again_replaces_the_old_ones() -> None:
    with Store.open(":memory:") as store:
        save_prints(store, [_prints("a", [1, 2, 3]), _prints("b", [3, 4])])
        save_prints(store, [_prints("a", [3, 9])])
        rows = store.query("SELECT hash, article_id FROM fingerprints ORDER BY hash, article_id")
        assert [tuple(r) for r in rows] == [(3, "a"), (3, "b"), (4, "b"), (9, "a")]
        # The stored list of "a" is its new one: replacing once more leaves nothing behind.
        save_prints(store, [_prints("a", [])])
        assert store.query_one("SELECT count(*) FROM fingerprints WHERE article_id = 'a'")[0] == 0


def test_candidates_share_enough_rare_fingerprints_with_the_batch() -> None:
    with Store.open(":memory:") as store:
        crowd = [_prints(f"s{i}", [5, 6]) for i in range(2, 2 + MAX_FINGERPRINT_ARTICLES)]
        save_prints(store, [_prints("s0", [1, 2]), _prints("s1", [1, 2, 3]), *crowd])
        # 5 and 6 are held by one article too many: sharing them says nothing.
        batch = [_prints("n", [1, 2, 3, 5, 6]), _prints("m", [1, 3, 8])]
        assert candidate_pairs(store, batch, 2) == {
            ("n", "s0"),
            ("n", "s1"),
            ("m", "s1"),
            ("m", "n"),
        }
        assert candidate_pairs(store, batch, 3) == {("n", "s1")}


def _reference(
    mine: list[tuple[int, str]], stored: list[tuple[int, str]], minimum: int
) -> set[tuple[str, str]]:
    holders: dict[int, set[str]] = {}
    batch: dict[int, set[str]] = {}
    for value, article in [*mine, *stored]:
        holders.setdefault(value, set()).add(article)
    for value, article in mine:
        batch.setdefault(value, set()).add(article)
    shared: Counter[tuple[str, str]] = Counter()
    for value, articles in holders.items():
        if not 2 <= len(articles) <= MAX_FINGERPRINT_ARTICLES:
            continue
        for a, b in itertools.combinations(sorted(articles), 2):
            if a in batch.get(value, ()) or b in batch.get(value, ()):
                shared[(a, b)] += 1
    return {pair for pair, count in shared.items() if count >= minimum}


def test_counting_shared_fingerprints_agrees_with_a_plain_count() -> None:
    rng = random.Random(7)
    for trial in range(30):
        hashes = [rng.randrange(-40, 40) for _ in range(12)] + [99] * (trial % 3)
        mine = [(h, f"b{rng.randrange(6)}") for h in hashes for _ in range(rng.randrange(1, 4))]
        stored = [(rng.choice(hashes), f"s{rng.randrange(30)}") for _ in range(rng.randrange(80))]
        # A fingerprint every article holds is too common to count.
        stored += [(99, f"s{i}") for i in range(MAX_FINGERPRINT_ARTICLES)]
        for minimum in (1, 2, 3):
            expected = _reference(mine, stored, minimum)
            assert shared_fingerprint_pairs(mine, stored, minimum) == expected
