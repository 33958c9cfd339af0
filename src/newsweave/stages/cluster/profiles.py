"""Running profiles of a group of articles (a story or a storyline): summed term weights and
summed embeddings, with their TF-IDF vector and unit centroid cached until the group changes."""

from __future__ import annotations

import numpy as np

from newsweave.models.stories import Vector
from newsweave.nlp.embed import DIMENSIONS
from newsweave.stages.cluster.similarity import (
    FloatArray,
    IntArray,
    LexicalScorer,
    SparseVector,
    TermSpace,
    WeightedTerms,
)

# IDF refreshes (each after 1% corpus growth) a group's TF-IDF vector may lag behind, once the
# corpus is big. Without any lag every refresh re-weighs every group that is scored again, and
# the number of distinct groups scored between two refreshes grows with the corpus; with it the
# cost per article stays flat. Small corpora (where IDF still moves fast) get no lag.
STALE_EPOCHS = 10
STALE_FROM_DOCUMENTS = 5000
# A summed term weight at or below this after taking a member out is rounding: the term is gone.
_GONE = 1e-9


class Profile:
    """What a group's similarity to an article is computed from; bounded in size by ``cap``.

    Summed term weights are kept as two arrays, term ids ascending: adding an article is one
    merge of sorted arrays, and the TF-IDF vector is read straight off them."""

    __slots__ = ("_centroid", "_ids", "_weighted", "_weights", "cap", "vector_sum")

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self._ids: IntArray = np.zeros(0, dtype=np.int64)
        self._weights: FloatArray = np.zeros(0, dtype=np.float64)
        self.vector_sum = np.zeros(DIMENSIONS, dtype=np.float32)
        self._weighted: WeightedTerms | None = None
        self._centroid: Vector | None = None

    @property
    def terms(self) -> SparseVector:
        """The summed term weights (ids ascending)."""
        return SparseVector(self._ids, self._weights)

    def add(self, terms: SparseVector, embedding: Vector) -> None:
        self._absorb(terms.ids, terms.weights, embedding)

    def merge(self, other: Profile) -> None:
        """Absorb another group's profile (two storylines becoming one)."""
        self._absorb(other._ids, other._weights, other.vector_sum)

    def _absorb(self, ids: IntArray, weights: FloatArray, vector_sum: Vector) -> None:
        self._weighted = None
        self._centroid = None
        if len(self._ids):
            merged, where = np.unique(np.concatenate([self._ids, ids]), return_inverse=True)
            # Each id's weights summed in order, this group's first (as one addition each).
            summed = np.bincount(
                where, weights=np.concatenate([self._weights, weights]), minlength=len(merged)
            ).astype(np.float64, copy=False)
            self._ids, self._weights = merged, summed
        else:
            self._ids, self._weights = ids.copy(), weights.astype(np.float64)
        self._trim()
        self.vector_sum += vector_sum

    def without(self, terms: SparseVector, embedding: Vector, cap: int) -> Profile:
        """This group without one of its members (``terms``, ``embedding``), bounded by ``cap``.
        Exact when this profile was never trimmed (made with a cap above its term count)."""
        rest = Profile(cap)
        where = np.searchsorted(self._ids, terms.ids)
        found = where < len(self._ids)
        found[found] = self._ids[where[found]] == terms.ids[found]
        weights = self._weights.copy()
        np.subtract.at(weights, where[found], terms.weights[found])
        # Terms only that member had are gone (what is left of them is rounding).
        kept = weights > _GONE
        rest._ids, rest._weights = self._ids[kept], weights[kept]
        rest._trim()
        rest.vector_sum = self.vector_sum - embedding
        return rest

    def weighted_terms(self, space: TermSpace) -> WeightedTerms:
        """The group's TF-IDF vector, recomputed when the group changed or its IDF is more
        than ``STALE_EPOCHS`` refreshes old."""
        lag = STALE_EPOCHS if space.documents >= STALE_FROM_DOCUMENTS else 0
        if self._weighted is None or space.epoch - self._weighted.epoch > lag:
            self._weighted = space.weigh(self.terms)
        return self._weighted

    def centroid(self) -> Vector:
        if self._centroid is None:
            norm = float(np.linalg.norm(self.vector_sum))
            self._centroid = self.vector_sum / norm if norm > 0 else self.vector_sum.copy()
        return self._centroid

    def _trim(self) -> None:
        # Keep the strongest terms so that scoring cost stays bounded for big groups; trimming
        # only past half again the cap keeps the sorting cost per addition small.
        if len(self._ids) > self.cap + self.cap // 2:
            # Heaviest first, ties by term id (lexsort's last key sorts first); kept in id order.
            kept = np.sort(np.lexsort((self._ids, -self._weights))[: self.cap])
            self._ids, self._weights = self._ids[kept], self._weights[kept]


def profile_cosine(space: TermSpace, a: Profile, b: Profile) -> float:
    """TF-IDF cosine of two groups."""
    with LexicalScorer(space, a.weighted_terms(space)) as scorer:
        return scorer.cosine(b.weighted_terms(space))
