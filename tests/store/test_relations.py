"""Fingerprint storage and the search for articles that share passages."""

from __future__ import annotations

import itertools
import random
from collections import Counter

import numpy as np
import pytest

from builders.prints import stored_prints
from newsweave.store import Store, relations
from newsweave.store.relations import (
    MAX_FINGERPRINT_ARTICLES,
    Prints,
    candidate_pairs,
    fingerprint_rows,
    save_prints,
    shared_fingerprint_pairs,
)


def _prints(article: str, passages: list[int]) -> Prints:
    return Prints(article, np.zeros(128, dtype=np.uint64), 100, [], passages)


def _rows(store: Store) -> tuple[int, int, int]:
    rows = fingerprint_rows(store)
    return rows["fingerprints"], rows["fingerprints_recent"], rows["fingerprints_pending"]


def test_saving_prints_again_replaces_the_old_ones() -> None:
    with Store.open(":memory:") as store:
        save_prints(store, [_prints("a", [1, 2, 3]), _prints("b", [3, 4])])
        save_prints(store, [_prints("a", [3, 9])])
        assert stored_prints(store) == [(3, "a"), (3, "b"), (4, "b"), (9, "a")]
        # The stored list of "a" is its new one: replacing once more leaves nothing behind.
        save_prints(store, [_prints("a", [])])
        assert stored_prints(store) == [(3, "b"), (4, "b")]
        assert _rows(store) == (0, 2, 0)


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


def test_recent_prints_merge_into_the_large_table_past_their_share(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(relations, "MERGE_MIN_ROWS", 4)
    with Store.open(":memory:") as store:
        save_prints(store, [_prints("a", [1, 2, 3]), _prints("b", [3, 4])])
        # Five rows are more than four: all of them move to the large table.
        assert _rows(store) == (5, 0, 0)
        assert store.query_one("SELECT count(*) FROM fingerprints_recent")[0] == 0
        save_prints(store, [_prints("c", [4, 7])])
        # Two rows stay recent (not more than four, nor a quarter of five).
        assert _rows(store) == (5, 2, 0)
        assert store.query_one("SELECT count(*) FROM fingerprints")[0] == 5
        # Replacing "b" (in the large table) and "c" (recent) removes their rows where they are.
        save_prints(store, [_prints("b", [8]), _prints("c", [])])
        assert stored_prints(store) == [(1, "a"), (2, "a"), (3, "a"), (8, "b")]
        assert _rows(store) == (3, 1, 0)
        # Without ``merge`` (an addition of a few articles) the new rows wait, pending, and the
        # recent rows stay where they are, past their share or not.
        save_prints(store, [_prints("d", [10, 11, 12, 13, 14])], merge=False)
        assert _rows(store) == (3, 1, 5)
        # A batch of a run takes the pending rows with its own.
        save_prints(store, [_prints("e", [15])])
        assert _rows(store) == (10, 0, 0)


def test_candidates_are_found_in_every_table_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    batch = [_prints("n", [1, 2, 3, 5]), _prints("m", [1, 3, 8])]
    found = []
    # Every batch merged into the large table, none, or the stored ones left pending (one
    # pending article's rows moved to the recent table, or all of them waiting).
    for minimum_rows, merge, pending in (
        (1, True, 0),
        (10**9, True, 0),
        (10**9, False, 2),
        (10**9, False, 10**6),
    ):
        monkeypatch.setattr(relations, "MERGE_MIN_ROWS", minimum_rows)
        monkeypatch.setattr(relations, "PENDING_MAX_ROWS", pending)
        with Store.open(":memory:") as store:
            save_prints(store, [_prints("s0", [1, 2])], merge=merge)
            save_prints(store, [_prints("s1", [1, 2, 3]), _prints("s2", [5, 8])], merge=merge)
            # A batch article's own stored rows are not a candidate's.
            save_prints(store, [_prints("n", [1, 2, 3])], merge=merge)
            found.append(candidate_pairs(store, batch, 2))
    expected = {("n", "s0"), ("n", "s1"), ("m", "s1"), ("m", "n")}
    assert found == [expected] * 4


def test_pending_prints_move_to_the_recent_table_past_their_bound(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(relations, "PENDING_MAX_ROWS", 4)
    with Store.open(":memory:") as store:
        save_prints(store, [_prints("a", [1, 2, 2, 3])], merge=False)
        assert _rows(store) == (0, 0, 3)  # one row, of three distinct fingerprints
        save_prints(store, [_prints("b", [3, 4])], merge=False)
        # Five are more than four: all of them move, in one sweep.
        assert _rows(store) == (0, 5, 0)
        save_prints(store, [_prints("c", [5, 6])], merge=False)
        # Replacing a pending article and a recent one removes their rows where they are.
        save_prints(store, [_prints("c", [7]), _prints("a", [])], merge=False)
        assert stored_prints(store) == [(3, "b"), (4, "b"), (7, "c")]
        assert _rows(store) == (0, 2, 1)


def test_band_keys_find_near_duplicates_whether_pending_or_stored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def banded(article: str, bands: list[int]) -> Prints:
        return Prints(article, np.zeros(128, dtype=np.uint64), 100, bands, [])

    found = []
    for merge in (True, False):  # stored in the band table, or waiting in the pending rows
        monkeypatch.setattr(relations, "PENDING_MAX_ROWS", 10**6)
        with Store.open(":memory:") as store:
            save_prints(store, [banded("s0", [7, 8]), banded("s1", [9])], merge=merge)
            found.append(candidate_pairs(store, [banded("n", [8, 10]), banded("m", [10])], 2))
            if not merge:
                # The next batch of a run stores the waiting keys in the band table.
                save_prints(store, [banded("z", [])])
                keys = store.query("SELECT key, article_id FROM lsh_bands ORDER BY 1")
                assert [tuple(r) for r in keys] == [(7, "s0"), (8, "s0"), (9, "s1")]
    assert found == [{("n", "s0"), ("m", "n")}] * 2


def test_an_added_article_replaced_again_and_again_keeps_one_pending_row() -> None:
    with Store.open(":memory:") as store:
        # Too short for a fingerprint, then longer, then short again: each replaces the last.
        for passages in ([], [1, 2], [], [3]):
            save_prints(store, [_prints("a", passages)], merge=False)
            assert stored_prints(store) == [(h, "a") for h in passages]
            assert _rows(store) == (0, 0, len(passages))


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


def _banded_prints(rng: random.Random, article: str) -> Prints:
    passages = sorted({rng.randrange(60) for _ in range(rng.randrange(6))})
    bands = sorted({rng.randrange(-20, 0) for _ in range(rng.randrange(3))})
    return Prints(article, np.zeros(128, dtype=np.uint64), 100, bands, passages)


def _all_rows(store: Store) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    bands = store.query("SELECT key, article_id FROM lsh_bands ORDER BY 1, 2")
    return stored_prints(store), [(int(r[0]), str(r[1])) for r in bands]


@pytest.mark.parametrize(("seed", "held"), [(seed, 10**9) for seed in range(6)] + [(0, 9), (1, 9)])
def test_a_run_held_in_memory_finds_and_stores_what_storing_each_batch_would(
    monkeypatch: pytest.MonkeyPatch, seed: int, held: int
) -> None:
    """A run's batches searched against the prints of its earlier batches held in memory
    (``RunPrints``) find the pairs they find when each batch is stored before the next search,
    and the run stored at its end leaves the same rows: with articles stored before the run in
    the large, recent and pending tables, and articles of the run stored before it (whose old
    prints must not count)."""
    monkeypatch.setattr(relations, "MERGE_MIN_ROWS", 15)
    monkeypatch.setattr(relations, "STORE_CHUNK", 7)  # several transactions
    # Past ``held`` fingerprints, the run stores what it holds and goes on.
    monkeypatch.setattr(relations, "RUN_HELD_MAX_ROWS", held)
    rng = random.Random(seed)
    before = [[_banded_prints(rng, f"s{b}{i}") for i in range(8)] for b in range(3)]
    pending = [_banded_prints(rng, f"p{i}") for i in range(3)]
    # Articles of the run: some new, some stored before (related again with new prints).
    run_ids = [f"n{i}" for i in range(12)] + ["s00", "s11", "p1"]
    rng.shuffle(run_ids)
    batches = [[_banded_prints(rng, a) for a in run_ids[i : i + 4]] for i in range(0, 15, 4)]
    found: list[list[set[tuple[str, str]]]] = []
    stored = []
    for in_memory in (False, True):
        with Store.open(":memory:") as store:
            for batch in before:
                save_prints(store, batch)
            save_prints(store, pending, merge=False)
            run = relations.RunPrints()
            found.append([])
            for batch in batches:
                if in_memory:
                    found[-1].append(candidate_pairs(store, batch, 2, run))
                    relations.replace_signatures(store, batch)
                    relations.add_to_run(store, run, batch)
                else:
                    found[-1].append(candidate_pairs(store, batch, 2))
                    save_prints(store, batch)
            if in_memory:
                assert len(run) == len(run_ids)
                relations.store_run(store, run, merge=True)
            stored.append(_all_rows(store))
    assert found[0] == found[1]
    assert any(found[0])
    assert stored[0] == stored[1]


@pytest.mark.parametrize("run_max_rows", [30, 4_000_000])
def test_run_prints_find_every_holder_of_a_key_across_their_sorted_runs(
    monkeypatch: pytest.MonkeyPatch, run_max_rows: int
) -> None:
    monkeypatch.setattr(relations, "RUN_MAX_ROWS", run_max_rows)  # runs capped, or merged
    rng = random.Random(3)
    run = relations.RunPrints()
    expected: dict[int, set[str]] = {}
    for batch_number in range(9):  # batches of growing and shrinking sizes: runs merge
        batch = [
            Prints(f"a{batch_number}-{i}", np.zeros(128, dtype=np.uint64), 100, [], passages)
            for i in range(rng.randrange(1, 40))
            for passages in [sorted({rng.randrange(-500, 500) for _ in range(rng.randrange(9))})]
        ]
        run.add(batch)
        for p in batch:
            for h in p.passages:
                expected.setdefault(h, set()).add(p.article_id)
    wanted = np.array(sorted(rng.sample(range(-600, 600), 300)), dtype=np.int64)
    keys, holders = run.passage_holders(wanted)
    got: dict[int, set[str]] = {}
    for key, holder in zip(keys.tolist(), holders, strict=True):
        got.setdefault(key, set()).add(holder)
    assert got == {h: expected[h] for h in wanted.tolist() if h in expected}
    assert len(keys) == sum(len(expected.get(h, ())) for h in wanted.tolist())
    # The run's rows, each once, every run sorted by key.
    passages, _ = run.rows()
    assert all(np.all(np.diff(keys) >= 0) for keys, _ in passages.runs)
    rows = sorted(row for chunk in passages.sorted_chunks(50) for row in chunk)
    assert rows == sorted((h, a) for h, held in expected.items() for a in held)


def test_two_sorted_runs_merge_in_order_the_second_after_the_first_on_ties() -> None:
    rng = np.random.default_rng(1)
    for _ in range(50):
        a = np.sort(rng.integers(0, 30, rng.integers(0, 40)))
        b = np.sort(rng.integers(0, 30, rng.integers(0, 40)))
        first = (a, np.zeros(len(a), dtype=np.int32))
        keys, owners = relations._merged(first, (b, np.ones(len(b), dtype=np.int32)))
        assert keys.tolist() == sorted([*a.tolist(), *b.tolist()])
        for value in set(keys.tolist()):
            assert owners[keys == value].tolist() == [0] * int((a == value).sum()) + [1] * int(
                (b == value).sum()
            )
