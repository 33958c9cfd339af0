"""Candidate search: exact while small, a graph index beyond the limit, same answers for clear
nearest neighbours and the same answers every time."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.models.stories import Vector
from newsweave.stages.cluster.neighbours import NeighbourIndex


def _unit_rows(rng: np.random.Generator, n: int, d: int = 32) -> Vector:
    rows = rng.standard_normal((n, d)).astype(np.float32)
    unit: Vector = rows / np.linalg.norm(rows, axis=1, keepdims=True)
    return unit


def test_the_index_switches_to_a_graph_at_the_limit_and_keeps_every_row() -> None:
    rng = np.random.default_rng(1)
    vectors = _unit_rows(rng, 300)
    index = NeighbourIndex(32, exact_limit=200)
    index.add(vectors[:150])
    assert not index.approximate
    index.add(vectors[150:])
    assert index.approximate and index.ntotal == 300
    # A slightly perturbed copy of a stored row finds that row first.
    queries = vectors[[3, 170, 299]] + 0.01 * _unit_rows(rng, 3)
    _, rows = index.search(queries, 5)
    assert rows[:, 0].tolist() == [3, 170, 299]


def test_graph_search_is_deterministic() -> None:
    vectors = _unit_rows(np.random.default_rng(2), 400)
    answers = []
    for _ in range(2):
        index = NeighbourIndex(32, exact_limit=100)
        for begin in range(0, 400, 50):
            index.add(vectors[begin : begin + 50])
        answers.append(index.search(vectors[:20], 10)[1])
    assert np.array_equal(answers[0], answers[1])


def test_exact_search_matches_brute_force() -> None:
    vectors = _unit_rows(np.random.default_rng(3), 100)
    index = NeighbourIndex(32)
    index.add(vectors)
    _, rows = index.search(vectors[:5], 3)
    expected = np.argsort(-(vectors[:5] @ vectors.T), axis=1)[:, :3]
    assert np.array_equal(rows, expected)


def test_a_saved_graph_answers_as_the_original() -> None:
    vectors = _unit_rows(np.random.default_rng(4), 300)
    index = NeighbourIndex(32, exact_limit=100)
    index.add(vectors)
    copy = NeighbourIndex.from_bytes(index.to_bytes(), 32, exact_limit=100)
    assert copy.approximate and copy.ntotal == 300
    sims, rows = index.search(vectors[:30], 8)
    copy_sims, copy_rows = copy.search(vectors[:30], 8)
    assert np.array_equal(rows, copy_rows) and np.array_equal(sims, copy_sims)


def test_a_saved_index_of_other_dimensions_is_refused() -> None:
    index = NeighbourIndex(32)
    index.add(_unit_rows(np.random.default_rng(5), 10))
    with pytest.raises(ValueError, match="dimensions"):
        NeighbourIndex.from_bytes(index.to_bytes(), 16)
    with pytest.raises(ValueError, match="unreadable"):
        NeighbourIndex.from_bytes(b"not an index", 32)
