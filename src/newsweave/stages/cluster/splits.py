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
import numpy.typing as npt

from newsweave.models.stories import ArticleFeatures
from newsweave.stages.cluster.similarity import FloatArray, IntArray, SparseVector

# Term prefixes of entity phrases and numbers in ``ArticleFeatures.terms``.
NAME_PREFIXES = ("e:", "#")


@dataclass(frozen=True, slots=True)
class Cut:
    """A story's members in two groups (the anchor's first), with the normalised cut between
    them (0: no shared names across; about 1: as many across as a group with no structure
    has; 2: names shared only across)."""

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


def best_cut(vectors: FloatArray, anchor: int = 0) -> Cut | None:
    """The normalised-cut bisection of the members that share a name with another, the group
    holding member ``anchor`` first (members sharing none stay out of both groups). None when
    ``anchor`` shares no name with the others or fewer than four members share any: the cut
    says who leaves the anchor's story, and the anchor's names must say what that story is."""
    weights = np.clip(vectors @ vectors.T, 0.0, None)
    np.fill_diagonal(weights, 0.0)
    linked = weights.sum(axis=1) > 0.0
    if not linked[anchor] or int(linked.sum()) < 4:
        return None
    reached = _component(weights, anchor)
    if not np.array_equal(reached, linked):
        # Members sharing no name with the anchor's side at all: a cut with nothing across,
        # made whole (the graph's eigenvectors would pick one of several such cuts).
        return Cut((_indices(reached), _indices(linked & ~reached)), 0.0)
    members = np.flatnonzero(linked)
    weights = weights[np.ix_(members, members)]
    degree = weights.sum(axis=1)
    scale = 1.0 / np.sqrt(degree)
    laplacian = np.eye(len(members)) - weights * np.outer(scale, scale)
    _, eigenvectors = np.linalg.eigh(laplacian)
    fiedler = eigenvectors[:, 1] * scale
    # The eigenvector's sign is arbitrary: oriented by the anchor, so the result is not.
    if fiedler[int(np.searchsorted(members, anchor))] > 0.0:
        fiedler = -fiedler
    order = np.argsort(fiedler, kind="stable")
    total = float(degree.sum())
    best, cut_at = math.inf, 0
    inside = np.zeros(len(members), dtype=bool)
    volume = across = 0.0
    for k in range(1, len(members)):
        # Moving one member in adds its links to the outside and removes those to the inside.
        member = order[k - 1]
        across += float(degree[member] - 2.0 * weights[member, inside].sum())
        inside[member] = True
        volume += float(degree[member])
        ncut = max(across, 0.0) / volume + max(across, 0.0) / (total - volume)
        if ncut < best - 1e-12:
            best, cut_at = ncut, k
    side = np.zeros(len(vectors), dtype=bool)
    side[members[order[:cut_at]]] = True
    if not side[anchor]:
        side[members] = ~side[members]
    return Cut((_indices(side), _indices(linked & ~side)), best)


def _component(weights: FloatArray, start: int) -> npt.NDArray[np.bool_]:
    """The members linked to ``start`` through any chain of shared names."""
    reached = np.zeros(len(weights), dtype=bool)
    reached[start] = True
    while True:
        grown = reached | (weights[reached].sum(axis=0) > 0.0)
        if np.array_equal(grown, reached):
            return reached
        reached = grown


def _indices(mask: npt.NDArray[np.bool_]) -> tuple[int, ...]:
    return tuple(int(i) for i in np.flatnonzero(mask))


def two_events(
    items: Sequence[SparseVector],
    idf: Callable[[IntArray], FloatArray],
    threshold: float,
    min_group: int,
    anchor: int = 0,
) -> Cut | None:
    """The cut of a story's members (``items``, as ``name_vectors`` takes them; ``anchor``, the
    story's founder, is the cut's anchor) into two events, if its normalised cut is below
    ``threshold`` and each group has at least ``min_group`` members; else None."""
    cut = best_cut(name_vectors(items, idf), anchor)
    if cut is None or cut.ncut >= threshold:
        return None
    if min(len(g) for g in cut.groups) < min_group:
        return None
    return cut
