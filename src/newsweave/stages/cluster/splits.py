"""Two events in one story: the cut that tells them apart, if the story's names call for one.

Articles join a story one at a time, each because it is close enough to the story so far. Two
events of one kind (a boxer's title defence against one challenger, then against another; one
team's two playoff games) share most of their words, so a story can take in reports of both.
What tells them apart are the names and numbers the reports of one event share and the reports
of the other do not: the challenger, the score, the sum offered.

The test looks at those alone. Each member is a vector of its entity phrases (``e:``) and numbers
(``#``), each weighed by its IDF in the whole collection and by how rare it is *within the
story* (``log((n + 1) / df)``, so that the names every member carries, which say what the story
is about, weigh little), leaving out terms only one member carries. The members' cosine
similarities form a graph, cut in two by the normalised cut (the sign order of the graph's
Fiedler vector, the best cut along it). A low normalised cut means two groups that each share
names among themselves and hardly any across: two events.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from newsweave.models.stories import ArticleFeatures
from newsweave.stages.cluster.similarity import FloatArray, IntArray, SparseVector

# Term prefixes of entity phrases and numbers in ``ArticleFeatures.terms``.
NAME_PREFIXES = ("e:", "#")


@dataclass(frozen=True, slots=True)
class Cut:
    """A story's members in two groups, with the normalised cut between them (0: no shared
    names across; 2: no better than any random halving)."""

    groups: tuple[tuple[int, ...], tuple[int, ...]]
    ncut: float


def name_vectors(
    items: Sequence[SparseVector], idf: Callable[[IntArray], FloatArray]
) -> FloatArray:
    """Unit rows of the members' shared names and numbers (``items``: each member's damped
    ``name_terms`` by term id; ``idf``: the collection's IDF of term ids), weighed as the
    module says."""
    n = len(items)
    ids = np.concatenate([item.ids for item in items]) if items else np.zeros(0, np.int64)
    damped = np.concatenate([item.weights for item in items]) if items else np.zeros(0)
    rows = np.repeat(np.arange(n), [len(item.ids) for item in items])
    terms, column, frequency = np.unique(ids, return_inverse=True, return_counts=True)
    # Terms only one member carries are left out: they link nobody.
    shared = frequency > 1
    kept = shared[column]
    renumbered = np.cumsum(shared) - 1
    weights = idf(terms[shared]) * np.log((n + 1) / frequency[shared])
    matrix = np.zeros((n, int(shared.sum())))
    columns = renumbered[column[kept]]
    matrix[rows[kept], columns] = damped[kept] * weights[columns]
    norms = np.linalg.norm(matrix, axis=1)
    norms[norms == 0.0] = 1.0
    unit: FloatArray = matrix / norms[:, None]
    return unit


def name_terms(features: ArticleFeatures) -> tuple[tuple[str, int], ...]:
    """An article's entity phrases and numbers with their counts."""
    return tuple(pair for pair in features.terms if pair[0].startswith(NAME_PREFIXES))


def best_cut(vectors: FloatArray) -> Cut | None:
    """The normalised-cut bisection of the members whose rows are not empty (the others stay
    out of both groups), or None when fewer than two such members are linked to another."""
    linked = np.flatnonzero(np.abs(vectors).sum(axis=1) > 0.0)
    if len(linked) < 4:
        return None
    rows = vectors[linked]
    weights = np.clip(rows @ rows.T, 0.0, None)
    np.fill_diagonal(weights, 0.0)
    degree = weights.sum(axis=1)
    if np.any(degree == 0.0):
        # A member sharing names with nobody else in the story is its own component: cut
        # among the rest only.
        keep = degree > 0.0
        linked, weights = linked[keep], weights[np.ix_(keep, keep)]
        degree = weights.sum(axis=1)
        if len(linked) < 4:
            return None
    scale = 1.0 / np.sqrt(degree)
    laplacian = np.eye(len(linked)) - weights * np.outer(scale, scale)
    _, eigenvectors = np.linalg.eigh(laplacian)
    fiedler = eigenvectors[:, 1] * scale
    # The eigenvector's sign is arbitrary: orient it so the result does not depend on it.
    if fiedler[0] > 0.0:
        fiedler = -fiedler
    order = np.argsort(fiedler, kind="stable")
    total = float(degree.sum())
    best, cut_at = math.inf, 0
    inside = np.zeros(len(linked), dtype=bool)
    volume = across = 0.0
    for k in range(1, len(linked)):
        # Moving one member in adds its links to the outside and removes those to the inside.
        member = order[k - 1]
        across += float(degree[member] - 2.0 * weights[member, inside].sum())
        inside[member] = True
        volume += float(degree[member])
        ncut = max(across, 0.0) / volume + max(across, 0.0) / (total - volume)
        if ncut < best - 1e-12:
            best, cut_at = ncut, k
    first = tuple(sorted(int(linked[i]) for i in order[:cut_at]))
    second = tuple(sorted(int(linked[i]) for i in order[cut_at:]))
    return Cut((first, second), best)


def two_events(
    items: Sequence[SparseVector],
    idf: Callable[[IntArray], FloatArray],
    threshold: float,
    min_group: int,
) -> Cut | None:
    """The cut of a story's members (``items``, as ``name_vectors`` takes them) into two
    events, if its normalised cut is below ``threshold`` and each group has at least
    ``min_group`` members; else None."""
    cut = best_cut(name_vectors(items, idf))
    if cut is None or cut.ncut >= threshold:
        return None
    if min(len(g) for g in cut.groups) < min_group:
        return None
    return cut
