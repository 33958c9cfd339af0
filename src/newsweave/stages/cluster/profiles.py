"""Running profiles of a group of articles (a story or a storyline): summed term weights and
summed embeddings, with their TF-IDF vector and unit centroid cached until the group changes."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from newsweave.models.stories import Vector
from newsweave.nlp.embed import DIMENSIONS
from newsweave.stages.cluster.similarity import (
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


class Profile:
    """What a group's similarity to an article is computed from; bounded in size by ``cap``."""

    __slots__ = ("_centroid", "_weighted", "cap", "terms", "vector_sum")

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.terms: dict[int, float] = {}
        self.vector_sum = np.zeros(DIMENSIONS, dtype=np.float32)
        self._weighted: WeightedTerms | None = None
        self._centroid: Vector | None = None

    def add(self, terms: SparseVector, embedding: Vector) -> None:
        self._absorb(zip(terms.ids.tolist(), terms.weights.tolist(), strict=True), embedding)

    def merge(self, other: Profile) -> None:
        """Absorb another group's profile (two storylines becoming one)."""
        self._absorb(other.terms.items(), other.vector_sum)

    def _absorb(self, terms: Iterable[tuple[int, float]], vector_sum: Vector) -> None:
        self._weighted = None
        self._centroid = None
        summed = self.terms
        for term, weight in terms:
            summed[term] = summed[term] + weight if term in summed else weight
        self._trim()
        self.vector_sum += vector_sum

    def weighted_terms(self, space: TermSpace) -> WeightedTerms:
        """The group's TF-IDF vector, recomputed when the group changed or its IDF is more
        than ``STALE_EPOCHS`` refreshes old."""
        lag = STALE_EPOCHS if space.documents >= STALE_FROM_DOCUMENTS else 0
        if self._weighted is None or space.epoch - self._weighted.epoch > lag:
            self._weighted = space.weigh(SparseVector.from_pairs(self.terms))
        return self._weighted

    def centroid(self) -> Vector:
        if self._centroid is None:
            norm = float(np.linalg.norm(self.vector_sum))
            self._centroid = self.vector_sum / norm if norm > 0 else self.vector_sum.copy()
        return self._centroid

    def _trim(self) -> None:
        # Keep the strongest terms so that scoring cost stays bounded for big groups; trimming
        # only past half again the cap keeps the sorting cost per addition small.
        if len(self.terms) > self.cap + self.cap // 2:
            ids = np.fromiter(self.terms.keys(), dtype=np.int64, count=len(self.terms))
            weights = np.fromiter(self.terms.values(), dtype=np.float64, count=len(self.terms))
            # Heaviest first, ties by term id (lexsort's last key sorts first).
            kept = np.lexsort((ids, -weights))[: self.cap]
            self.terms = dict(zip(ids[kept].tolist(), weights[kept].tolist(), strict=True))


def profile_cosine(space: TermSpace, a: Profile, b: Profile) -> float:
    """TF-IDF cosine of two groups."""
    with LexicalScorer(space, a.weighted_terms(space)) as scorer:
        return scorer.cosine(b.weighted_terms(space))
