"""Incremental story clustering: each new article joins the most similar story or starts one.

For a new article the index finds its nearest earlier articles by embedding (faiss, exact inner
product), takes their stories as candidates, and scores each candidate as

    w * cosine(article embedding, story centroid) + (1 - w) * TF-IDF cosine(terms)
      - date penalty(days between the article and the story's dated members)
      - place penalty(the article's places lie in other countries than the story's)

The article joins the best candidate if the score reaches ``story_threshold``, else it founds a
story. Nothing already assigned moves, so story ids (a hash of the founding article's id) are
stable across runs and additions. When an article also scores ``storyline_threshold`` or more
against another candidate story, without counting the date penalty, the two stories are linked
into one storyline: the same actors and theme, another time.

``add_many`` sorts its batch by publication date (then id), so the same set gives the same
stories in whatever order it is passed; it also counts the whole batch's term frequencies
before assigning, which is its only difference from adding the articles one at a time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import faiss
import numpy as np
import numpy.typing as npt

from newsweave.models.stories import ArticleFeatures, StoryAssignment, Vector
from newsweave.nlp.embed import DIMENSIONS
from newsweave.stages.cluster.similarity import (
    DateSpan,
    SparseVector,
    TermSpace,
    WeightedTerms,
    article_day,
    date_penalty,
)
from newsweave.stages.cluster.storylines import StorylineLinks, storyline_id_for

# Articles searched per batch call: big enough for BLAS to pay, small enough for memory.
SEARCH_CHUNK = 256


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """The few knobs of story and storyline clustering (chosen on the tuning parts only).

    ``story_threshold``: the combined score an article needs to join a story.
    ``storyline_threshold``: the date-free score at which an article links its story to
    another candidate story (it would have joined it, but for the dates or a closer story).
    ``embedding_weight``: share of the embedding cosine in the score (the rest is TF-IDF).
    Dates: no penalty within ``date_slack_days``, rising to ``date_penalty`` over
    ``date_ramp_days`` more. ``place_penalty``: subtracted when the article's lead names
    places only in countries none of the story's members name. ``neighbours``: nearest
    earlier articles whose stories are candidates. ``max_story_terms``: terms kept per story
    (bounds the cost of big stories).
    """

    story_threshold: float = 0.32
    storyline_threshold: float = 0.30
    embedding_weight: float = 0.5
    date_slack_days: int = 3
    date_ramp_days: int = 14
    date_penalty: float = 0.3
    place_penalty: float = 0.15
    neighbours: int = 20
    max_story_terms: int = 600


class _StoryState:
    """What the index keeps of one story: members, summed term weights, summed embeddings."""

    __slots__ = (
        "_centroid",
        "_weighted",
        "countries",
        "members",
        "position",
        "span",
        "story_id",
        "terms",
        "vector_sum",
    )

    def __init__(self, position: int, story_id: str) -> None:
        self.position = position
        self.story_id = story_id
        self.members: list[str] = []
        self.terms: dict[int, float] = {}
        self.vector_sum = np.zeros(DIMENSIONS, dtype=np.float32)
        self.span = DateSpan()
        self.countries: set[str] = set()
        self._weighted: WeightedTerms | None = None
        self._centroid: Vector | None = None

    def weighted_terms(self, space: TermSpace) -> WeightedTerms:
        """The story's TF-IDF vector, recomputed when the story or the IDF epoch changed."""
        if self._weighted is None or self._weighted.epoch != space.epoch:
            self._weighted = space.weigh(SparseVector.from_pairs(self.terms))
        return self._weighted

    def centroid(self) -> Vector:
        if self._centroid is None:
            norm = float(np.linalg.norm(self.vector_sum))
            self._centroid = self.vector_sum / norm if norm > 0 else self.vector_sum.copy()
        return self._centroid

    def absorb(self, features: ArticleFeatures, terms: SparseVector, cap: int) -> None:
        self.members.append(features.article_id)
        self._weighted = None
        self._centroid = None
        for term, weight in zip(terms.ids.tolist(), terms.weights.tolist(), strict=True):
            self.terms[term] = self.terms.get(term, 0.0) + weight
        if len(self.terms) > cap:
            # Keep the story's strongest terms so scoring cost stays bounded for big stories.
            kept = sorted(self.terms.items(), key=lambda item: (-item[1], item[0]))[:cap]
            self.terms = dict(kept)
        self.vector_sum += features.embedding
        self.span.add(article_day(features))
        self.countries.update(article_countries(features))


def article_countries(features: ArticleFeatures) -> set[str]:
    """Countries of the places an article's title and lead name."""
    return {p.country for p in features.places if p.country}


def story_id_for(article_id: str) -> str:
    """The id of the story founded by ``article_id``."""
    return "st-" + hashlib.sha1(article_id.encode()).hexdigest()[:12]


def batch_order_key(features: ArticleFeatures) -> tuple[int, date, str]:
    """Date order (undated last), then article id: the order ``add_many`` assigns in."""
    if features.published is None:
        return (1, date.max, features.article_id)
    return (0, features.published, features.article_id)


class StoryIndex:
    """Stories and storylines of every article added so far."""

    def __init__(self, params: ClusterParams | None = None) -> None:
        self.params = params if params is not None else ClusterParams()
        self._index = faiss.IndexFlatIP(DIMENSIONS)
        self._row_story: list[int] = []
        self._row_article: list[str] = []
        self._stories: list[_StoryState] = []
        self._story_position: dict[str, int] = {}
        self._article_story: dict[str, int] = {}
        self._scores: dict[str, tuple[bool, float]] = {}
        self._space = TermSpace()
        self._pending: dict[str, SparseVector] = {}
        self._links = StorylineLinks()
        self._line_ids: dict[int, str] = {}

    def __len__(self) -> int:
        return len(self._article_story)

    def add(self, features: ArticleFeatures) -> StoryAssignment:
        """Assign one article (an article already in the index keeps its assignment)."""
        return self.add_many([features])[0]

    def add_many(self, batch: Sequence[ArticleFeatures]) -> list[StoryAssignment]:
        """Assign a batch in date order; results come back in the order of ``batch``."""
        fresh: dict[str, ArticleFeatures] = {}
        for features in batch:
            if features.article_id not in self._article_story:
                fresh.setdefault(features.article_id, features)
        ordered = sorted(fresh.values(), key=batch_order_key)
        for features in ordered:
            vector = self._space.vector(features.terms)
            self._space.add_document(vector)
            self._pending[features.article_id] = vector
        for begin in range(0, len(ordered), SEARCH_CHUNK):
            self._assign_chunk(ordered[begin : begin + SEARCH_CHUNK])
        return [self.assignment(f.article_id) for f in batch]

    @classmethod
    def restore(
        cls,
        features: Sequence[ArticleFeatures],
        assignments: Mapping[str, str],
        storylines: Mapping[str, str],
        params: ClusterParams | None = None,
    ) -> StoryIndex:
        """Rebuild an index from persisted features, their story ids and each story's storyline
        id, without re-deciding anything. ``features`` must come in the order the index assigned
        them (``article_ids()``), so that term statistics evolve as they did."""
        index = cls(params)
        line_roots: dict[str, int] = {}
        for item in features:
            story_id = assignments[item.article_id]
            vector = index._space.vector(item.terms)
            index._space.add_document(vector)
            index._pending[item.article_id] = vector
            position = index._story_position.get(story_id)
            if position is None:
                position = index._new_story(story_id)
            index._absorb(position, item, created=False, score=float("nan"))
            line_id = storylines.get(story_id, storyline_id_for(story_id))
            root = line_roots.setdefault(line_id, position)
            index._links.link(root, position)
            index._line_ids[index._links.root(position)] = line_id
        index._index.add(
            np.stack([f.embedding for f in features]).astype(np.float32)
            if features
            else np.zeros((0, DIMENSIONS), dtype=np.float32)
        )
        return index

    def assignment(self, article_id: str) -> StoryAssignment:
        """The current story and storyline of an added article."""
        position = self._article_story[article_id]
        created, score = self._scores[article_id]
        return StoryAssignment(
            article_id=article_id,
            story_id=self._stories[position].story_id,
            created=created,
            score=score,
            storyline_id=self._line_id(position),
        )

    def article_ids(self) -> tuple[str, ...]:
        """Every article in the order it was assigned: the order ``restore`` needs."""
        return tuple(self._row_article)

    def story_members(self) -> dict[str, tuple[str, ...]]:
        """``story_id -> article ids`` in the order they joined, stories in creation order."""
        return {s.story_id: tuple(s.members) for s in self._stories}

    def storyline_of(self, story_id: str) -> str:
        return self._line_id(self._story_position[story_id])

    def storylines(self) -> dict[str, str]:
        """``story_id -> storyline_id`` for every story (what to persist beside assignments)."""
        return {s.story_id: self._line_id(s.position) for s in self._stories}

    # -- assignment ---------------------------------------------------------------------------

    def _assign_chunk(self, chunk: Sequence[ArticleFeatures]) -> None:
        vectors = np.stack([f.embedding for f in chunk]).astype(np.float32)
        k = self.params.neighbours
        base = self._index.ntotal
        if base:
            sims, rows = self._search(vectors, min(k, base))
        else:
            sims = np.zeros((len(chunk), 0), dtype=np.float32)
            rows = np.zeros((len(chunk), 0), dtype=np.int64)
        inner = vectors @ vectors.T
        for i, features in enumerate(chunk):
            # The nearest earlier articles: from the index, and from this chunk before ``i``
            # (ties broken by row, so that a chunked batch equals one-by-one adds).
            pool_sims = np.concatenate([sims[i], inner[i, :i]])
            pool_rows = np.concatenate([rows[i], np.arange(base, base + i)])
            keep = pool_rows >= 0
            pool_sims, pool_rows = pool_sims[keep], pool_rows[keep]
            nearest = pool_rows[np.lexsort((pool_rows, -pool_sims))[:k]]
            candidates = sorted({self._row_story_of(int(r), chunk, base) for r in nearest})
            self._assign(features, candidates)
        self._index.add(vectors)

    def _search(self, vectors: Vector, k: int) -> tuple[Vector, npt.NDArray[np.int64]]:
        if len(vectors) >= SEARCH_CHUNK // 4:
            sims, rows = self._index.search(vectors, k)
            return sims, rows
        # One query is fastest on one thread: waking OpenMP workers costs more than the scan
        # (33 ms against 2 ms for 20k rows on a busy two-core machine).
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            sims, rows = self._index.search(vectors, k)
        finally:
            faiss.omp_set_num_threads(threads)
        return sims, rows

    def _row_story_of(self, row: int, chunk: Sequence[ArticleFeatures], base: int) -> int:
        if row < base:
            return self._row_story[row]
        return self._article_story[chunk[row - base].article_id]

    def _assign(self, features: ArticleFeatures, candidates: Sequence[int]) -> None:
        terms = self._pending[features.article_id]
        day = article_day(features)
        best_score, best = float("-inf"), -1
        themes: list[tuple[int, float]] = []
        w = self.params.embedding_weight
        with self._space.scorer(terms) as lexical:
            lexical_scores = [
                lexical.cosine(self._stories[p].weighted_terms(self._space)) for p in candidates
            ]
        for position, lexical_score in zip(candidates, lexical_scores, strict=True):
            story = self._stories[position]
            semantic = float(np.dot(features.embedding, story.centroid()))
            theme = w * semantic + (1.0 - w) * lexical_score
            themes.append((position, theme))
            score = (
                theme
                - self._place_penalty(features, story)
                - date_penalty(
                    story.span.gap_days(day),
                    self.params.date_slack_days,
                    self.params.date_ramp_days,
                    self.params.date_penalty,
                )
            )
            if score > best_score:
                best_score, best = score, position
        if best >= 0 and best_score >= self.params.story_threshold:
            self._absorb(best, features, created=False, score=best_score)
            target = best
        else:
            target = self._new_story(story_id_for(features.article_id))
            self._absorb(target, features, created=True, score=max(best_score, 0.0))
        # An article as close to another story as a member would be, but for the dates or a
        # closer story, says that the two stories share actors and theme.
        for position, theme in themes:
            if position != target and theme >= self.params.storyline_threshold:
                self._link(target, position)

    def _place_penalty(self, features: ArticleFeatures, story: _StoryState) -> float:
        countries = article_countries(features)
        if countries and story.countries and not countries & story.countries:
            return self.params.place_penalty
        return 0.0

    def _link(self, a: int, b: int) -> None:
        ids = {r: self._line_ids[r] for r in {self._links.root(a), self._links.root(b)}}
        if self._links.link(a, b):
            root = self._links.root(a)
            self._line_ids[root] = ids[root]

    def _new_story(self, story_id: str) -> int:
        position = len(self._stories)
        self._stories.append(_StoryState(position, story_id))
        self._story_position[story_id] = position
        self._links.add_story()
        self._line_ids[position] = storyline_id_for(story_id)
        return position

    def _absorb(
        self, position: int, features: ArticleFeatures, *, created: bool, score: float
    ) -> None:
        terms = self._pending.pop(features.article_id)
        self._stories[position].absorb(features, terms, self.params.max_story_terms)
        self._article_story[features.article_id] = position
        self._row_story.append(position)
        self._row_article.append(features.article_id)
        self._scores[features.article_id] = (created, score)

    def _line_id(self, position: int) -> str:
        return self._line_ids[self._links.root(position)]
