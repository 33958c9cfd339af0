"""Similarity of an article to a story: lexical (TF-IDF cosine), embedding, and a date-gap penalty.

IDF is kept online (document frequencies of everything added so far), so adding an article never
recomputes the corpus; a term's weight drifts only slowly as the corpus grows.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

from newsweave.models.stories import ArticleFeatures
from newsweave.stages.cluster.textdates import month_day_distance

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
# A month/day without a year, for articles whose publication date is unknown.
PartialDay = tuple[int, int]


# IDF values are refreshed when the corpus has grown by this share since the last refresh:
# the weights drift slowly, and refreshing on every article would cost O(vocabulary) each time.
IDF_REFRESH_GROWTH = 0.01


class TermSpace:
    """Term ids, document frequencies and (cached) IDF over every article added so far."""

    def __init__(self) -> None:
        self.documents = 0
        self.epoch = 0
        self._ids: dict[str, int] = {}
        self._frequencies = np.zeros(1024, dtype=np.float64)
        self._idf = np.zeros(1024, dtype=np.float64)
        self._idf_documents = 0
        self._scratch = np.zeros(1024, dtype=np.float64)

    def vector(self, counts: Iterable[tuple[str, int]]) -> SparseVector:
        """Damped term weights as a sparse vector (new terms get ids, df unchanged)."""
        known = self._ids
        # About 200 terms an article: each looked up before the method that makes an id is
        # called, each count damped from the table unless it is large.
        damped = _DAMPED
        pairs = {
            (known[term] if term in known else self._id(term)): (
                damped[count] if 0 <= count < _DAMPED_LIMIT else sublinear(count)
            )
            for term, count in counts
        }
        return SparseVector.from_pairs(pairs)

    def add_document(self, vector: SparseVector) -> None:
        self.documents += 1
        self._frequencies[vector.ids] += 1.0
        if self.documents - self._idf_documents > IDF_REFRESH_GROWTH * self._idf_documents:
            self._refresh_idf()
        else:
            # Terms never seen before get their IDF now; the others wait for the next refresh.
            fresh = vector.ids[self._idf[vector.ids] == 0.0]
            self._idf[fresh] = self._idf_of(fresh)

    def weigh(self, vector: SparseVector) -> WeightedTerms:
        """TF-IDF weights of ``vector`` under the current IDF, with their norm."""
        weights = vector.weights * self._idf[vector.ids]
        return WeightedTerms(vector.ids, weights, float(np.linalg.norm(weights)), self.epoch)

    def current_idf(self, ids: IntArray) -> FloatArray:
        """The IDF of term ids under the current document frequencies (not the cached weights,
        which lag behind them by up to ``IDF_REFRESH_GROWTH``)."""
        return self._idf_of(ids)

    def scorer(self, vector: SparseVector) -> LexicalScorer:
        """Cosine of one article against many stories (use as a context manager)."""
        return LexicalScorer(self, self.weigh(vector))

    def _refresh_idf(self) -> None:
        used = len(self._ids)
        self._idf[:used] = self._idf_of(np.arange(used))
        self._idf_documents = self.documents
        self.epoch += 1

    def _idf_of(self, ids: IntArray) -> FloatArray:
        result: FloatArray = np.log((self.documents + 1) / (self._frequencies[ids] + 1)) + 1.0
        return result

    def _id(self, term: str) -> int:
        found = self._ids.get(term)
        if found is None:
            found = self._ids[term] = len(self._ids)
            if found >= len(self._frequencies):
                size = 2 * len(self._frequencies)
                self._frequencies = _grown(self._frequencies, size)
                self._idf = _grown(self._idf, size)
                self._scratch = _grown(self._scratch, size)
        return found


def _grown(array: FloatArray, size: int) -> FloatArray:
    grown = np.zeros(size, dtype=array.dtype)
    grown[: len(array)] = array
    return grown


@dataclass(frozen=True, slots=True)
class SparseVector:
    """Term weights by term id, ids sorted ascending."""

    ids: IntArray
    weights: FloatArray

    @classmethod
    def from_pairs(cls, pairs: Mapping[int, float]) -> SparseVector:
        ids = np.fromiter(pairs.keys(), dtype=np.int64, count=len(pairs))
        weights = np.fromiter(pairs.values(), dtype=np.float64, count=len(pairs))
        order = np.argsort(ids)  # keys are distinct: any sort gives the same order
        return cls(ids[order], weights[order])


@dataclass(frozen=True, slots=True)
class WeightedTerms:
    """TF-IDF weights of a sparse vector under the IDF of ``epoch``."""

    ids: IntArray
    weights: FloatArray
    norm: float
    epoch: int


class LexicalScorer:
    """One article's TF-IDF vector spread into a dense scratch array, so that its cosine with
    each candidate story is one gather and one dot product."""

    def __init__(self, space: TermSpace, article: WeightedTerms) -> None:
        self._space = space
        self._article = article

    def __enter__(self) -> LexicalScorer:
        self._space._scratch[self._article.ids] = self._article.weights
        return self

    def __exit__(self, *_: object) -> None:
        self._space._scratch[self._article.ids] = 0.0

    def cosine(self, story: WeightedTerms) -> float:
        if self._article.norm == 0.0 or story.norm == 0.0:
            return 0.0
        dot = float(self._space._scratch[story.ids] @ story.weights)
        return dot / (self._article.norm * story.norm)


def sublinear(count: float) -> float:
    """Damped term frequency: the tenth mention of a name adds little to the first."""
    return 1.0 + math.log(count) if count > 0 else 0.0


# The damped weights of the counts most terms have, computed once (the same numbers).
_DAMPED_LIMIT = 64
_DAMPED = tuple(sublinear(count) for count in range(_DAMPED_LIMIT))


@dataclass(slots=True)
class DateSpan:
    """The days a story's dated members point to (full days and year-less month/days)."""

    first: date | None = None
    last: date | None = None
    partial: set[PartialDay] = field(default_factory=set)

    def add(self, day: date | PartialDay | None) -> None:
        if day is None:
            return
        if isinstance(day, date):
            self.first = day if self.first is None else min(self.first, day)
            self.last = day if self.last is None else max(self.last, day)
        else:
            self.partial.add(day)

    def gap_days(self, day: date | PartialDay | None) -> int | None:
        """Days from ``day`` to the nearest day of the span; None when either side is undated."""
        if day is None:
            return None
        if isinstance(day, date):
            if self.first is not None and self.last is not None:
                if self.first <= day <= self.last:
                    return 0
                return min(abs((day - self.first).days), abs((day - self.last).days))
            return _partial_gap((day.month, day.day), self.partial)
        gaps = [_partial_gap(day, self.partial)]
        if self.first is not None and self.last is not None:
            gaps.append(
                min(
                    month_day_distance(day, (self.first.month, self.first.day)),
                    month_day_distance(day, (self.last.month, self.last.day)),
                )
            )
        known = [g for g in gaps if g is not None]
        return min(known) if known else None


def _partial_gap(day: PartialDay, others: set[PartialDay]) -> int | None:
    if not others:
        return None
    return min(month_day_distance(day, other) for other in others)


def article_day(features: ArticleFeatures) -> date | PartialDay | None:
    """The day an article is about, for the date-gap penalty.

    The publication date when known (reports of one event appear within days of each other);
    otherwise the first day-precise date its title or lead writes ("on Oct. 3"), possibly
    without a year. Weekdays and "yesterday" need a publication date and are skipped here.
    """
    if features.published is not None:
        return features.published
    for mention in features.dates:
        if mention.kind == "full" and mention.resolved is not None:
            return mention.resolved
        if mention.kind == "month-day" and mention.month and mention.day:
            return (mention.month, mention.day)
    return None


def date_penalty(
    gap: int | None, slack: int, ramp: int, maximum: float, bonus: float = 0.0
) -> float:
    """``-bonus`` within ``slack`` days (reports of one event appear within days of each
    other), then rising linearly to ``maximum`` over ``ramp`` days; 0 when a side is undated."""
    if gap is None:
        return 0.0
    if gap <= slack:
        return -bonus
    return maximum * min(1.0, (gap - slack) / ramp)
