"""Incremental story clustering: each new article joins the most similar story or starts one.

For a new article the index finds its nearest earlier articles by embedding (``neighbours``:
exact while small, a faiss HNSW graph beyond 5k articles so that each addition costs about the
same at any size), takes their stories as candidates, and scores each candidate as

    w * cosine(article embedding, story centroid) + (1 - w) * TF-IDF cosine(terms)
      - date penalty(days between the article and the story's dated members)
      - place penalty(the article's places lie in other countries than the story's)

The article joins the best candidate if the score reaches ``story_threshold``, else it founds a
story. Story ids (a hash of the founding article's id) are stable across runs and additions, and
an assigned article stays where it is with one exception: an undated article (no publication
date, no day in its title or lead) is placed on content alone, so a dated article arriving later
may show that it belongs elsewhere. When an article with a publication date joins or founds a
story, the undated members of its other candidate stories in the same storyline are scored
again, each against that story and against its own story without it, and move when the first
fits better (``take_moved`` tells the caller). A story keeps its id when its founder moves out,
and never loses its last member. A day read from a lead ("on Feb. 12") does not start this: it
may be the day of an earlier event the article recalls.

A story can also take in two events of one kind, each report close enough to the story so far (one
champion's two title defences against two challengers). When a story reaches ``split_min_size``
members (and again each time it has grown by half, whether one article joined or undated members
moved in with it), the names and numbers its members share are cut in two by a normalised cut
(``splits``); a cut below ``split_threshold`` makes the group without the story's founder a new
story in the same storyline, reported by ``take_moved`` like any other move.

When an article also scores ``storyline_threshold`` or more against another candidate story on
the theme alone (no date or place penalty, its own mix of embedding and TF-IDF), the two stories
are linked into one storyline: the same actors and theme, another time.

``add_many`` sorts its batch by publication date (then id), so the same set gives the same
stories in whatever order it is passed; it also counts the whole batch's term frequencies
before assigning, which is its only difference from adding the articles one at a time.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from newsweave.lru import LruCache
from newsweave.models.stories import STORY_ID_DIGITS, ArticleFeatures, StoryAssignment
from newsweave.nlp.embed import DIMENSIONS
from newsweave.stages.cluster.neighbours import EXACT_LIMIT, NeighbourIndex
from newsweave.stages.cluster.profiles import Profile, profile_cosine
from newsweave.stages.cluster.similarity import (
    DateSpan,
    SparseVector,
    TermSpace,
    article_day,
    date_penalty,
)
from newsweave.stages.cluster.splits import name_terms, two_events
from newsweave.stages.cluster.storylines import StorylineLinks, storyline_id_for

# Articles searched per batch call: big enough for BLAS to pay, small enough for memory.
SEARCH_CHUNK = 256
# Stories larger than this are not searched for undated members to move: re-deciding a member
# rebuilds its story's profile, and a big story's undated members have long agreed with it.
REDECIDE_MAX_MEMBERS = 50
# Stories larger than this are not tested for two events: by then a story has been tested many
# times on its way there, and the test's cost grows with the square of its members.
SPLIT_MAX_MEMBERS = 200
# A story is tested again for two events once it has grown by this share since its last test
# (a fifth, a third, a half and three quarters scored alike on the tuning part of ECB+).
SPLIT_GROWTH = 0.5
# Members whose name terms are kept for their story's next test (least recently tested dropped:
# a story that stops growing is never tested again). A story's test reads its members' names
# afresh when they were dropped, to the same result.
NAMES_KEPT = 20_000
# A cap no story reaches: a profile summed without trimming.
_UNTRIMMED = 1 << 40


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """The few knobs of story and storyline clustering (chosen on the tuning parts only).

    ``story_threshold``: the combined score an article needs to join a story.
    ``embedding_weight``: share of the embedding cosine in that score (the rest is TF-IDF).
    Dates: ``date_bonus`` in favour within ``date_slack_days``, then a penalty rising to
    ``date_penalty`` over ``date_ramp_days`` more. ``place_penalty``: subtracted when the
    article's lead names places only in countries none of the story's members name.
    ``storyline_threshold``: the theme score (no date or place terms, embedding share
    ``storyline_embedding_weight``) at which an article links its story to another candidate
    story; ``storyline_guard``: the theme score the two storylines, each taken as a whole,
    must reach for the link to be made (0: no check).
    ``neighbours``: nearest earlier articles whose stories are candidates.
    ``max_story_terms`` / ``max_storyline_terms``: terms kept per story / storyline (bound
    the cost of big ones). ``exact_search_limit``: index size from which candidates come from
    an approximate (HNSW) search instead of an exact scan.
    """

    story_threshold: float = 0.36
    storyline_threshold: float = 0.38
    embedding_weight: float = 0.5
    storyline_embedding_weight: float = 0.5
    date_slack_days: int = 3
    date_ramp_days: int = 14
    date_penalty: float = 0.3
    date_bonus: float = 0.05
    place_penalty: float = 0.15
    neighbours: int = 12
    max_story_terms: int = 600
    storyline_guard: float = 0.4
    max_storyline_terms: int = 1000
    exact_search_limit: int = EXACT_LIMIT
    split_threshold: float = 0.3
    split_min_size: int = 6
    split_min_group: int = 2


class _StoryState:
    """What the index keeps of one story: members, their profile, dated span and countries."""

    __slots__ = ("countries", "members", "position", "profile", "span", "story_id")

    def __init__(self, position: int, story_id: str, cap: int) -> None:
        self.position = position
        self.story_id = story_id
        self.members: list[str] = []
        self.profile = Profile(cap)
        self.span = DateSpan()
        self.countries: set[str] = set()

    def absorb(self, features: ArticleFeatures, terms: SparseVector) -> None:
        self.members.append(features.article_id)
        self.profile.add(terms, features.embedding)
        self.span.add(article_day(features))
        self.countries.update(article_countries(features))


def article_countries(features: ArticleFeatures) -> set[str]:
    """Countries of the places an article's title and lead name."""
    return {p.country for p in features.places if p.country}


def story_id_for(article_id: str) -> str:
    """The id of the story founded by ``article_id``."""
    return "st-" + hashlib.sha1(article_id.encode()).hexdigest()[:STORY_ID_DIGITS]


def split_due(before: int, after: int, min_size: int) -> bool:
    """Whether a story that has just grown from ``before`` to ``after`` members is tested for
    two events: on reaching ``min_size``, then each time it has grown by a share
    ``SPLIT_GROWTH`` since the last test, up to ``SPLIT_MAX_MEMBERS`` (so that a growing story
    costs a bounded time per member). A story can grow by several members at once (undated
    members moving into it): it is tested when it passed a size at which it would have been."""
    if after > SPLIT_MAX_MEMBERS:
        return False
    return _split_step(after, min_size) > _split_step(before, min_size)


def _split_step(size: int, min_size: int) -> int:
    """How many tests a story growing one member at a time has had by ``size`` members, less one."""
    if size < min_size:
        return -1
    return int(math.log(size / min_size) / math.log(1.0 + SPLIT_GROWTH))


def batch_order_key(features: ArticleFeatures) -> tuple[int, date, str]:
    """Date order (undated last), then article id: the order ``add_many`` assigns in."""
    if features.published is None:
        return (1, date.max, features.article_id)
    return (0, features.published, features.article_id)


class StoryIndex:
    """Stories and storylines of every article added so far."""

    def __init__(self, params: ClusterParams | None = None) -> None:
        self.params = params if params is not None else ClusterParams()
        self._index = NeighbourIndex(DIMENSIONS, self.params.exact_search_limit)
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
        self._line_profiles: dict[int, Profile] = {}
        # Story positions of each storyline, under its root, and the stories whose storyline
        # id changed (merged into an older one) since ``take_relined``: what a run has to
        # store again, without walking every story.
        self._line_stories: dict[int, list[int]] = {}
        self._relined: set[int] = set()
        # The row of each article (its place in the order of assignment), and the articles
        # moved to another story since ``take_moved``: article -> (story left, story joined).
        self._article_row: dict[str, int] = {}
        self._moved: dict[str, tuple[str, str]] = {}
        # Articles with no day at all (``article_day`` is None): the only ones that may move,
        # known without reading any article's features.
        self._undated: set[str] = set()
        # The name terms of the members of stories tested for two events (``splits``), kept
        # for the story's next test; not saved with the index.
        self._names: LruCache[str, SparseVector] = LruCache(NAMES_KEPT)

    def __getstate__(self) -> dict[str, object]:
        state = dict(vars(self))
        del state["_names"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        vars(self).update(state)
        self._names = LruCache(NAMES_KEPT)

    def __len__(self) -> int:
        return len(self._article_story)

    def add(
        self, features: ArticleFeatures, members: Mapping[str, ArticleFeatures] | None = None
    ) -> StoryAssignment:
        """Assign one article (an article already in the index keeps its assignment)."""
        return self.add_many([features], members)[0]

    def add_many(
        self,
        batch: Sequence[ArticleFeatures],
        members: Mapping[str, ArticleFeatures] | None = None,
    ) -> list[StoryAssignment]:
        """Assign a batch in date order; results come back in the order of ``batch``.

        ``members`` gives the features of the articles already added (and of the batch): with
        it, undated members are re-decided as dated articles arrive (see the module's notes);
        without it, nothing assigned moves."""
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
            self._assign_chunk(ordered[begin : begin + SEARCH_CHUNK], members)
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
        index.resume(features, assignments, storylines)
        return index

    def resume(
        self,
        features: Sequence[ArticleFeatures],
        assignments: Mapping[str, str],
        storylines: Mapping[str, str],
    ) -> None:
        """Bring a saved index up to date with the store: replay ``features`` (the articles
        assigned after this index's last one, in their order, with their story ids) without
        re-deciding anything, and link the stories that ``storylines`` (each story's stored
        storyline id) puts in one storyline, whether they are new or were already here."""
        line_roots: dict[str, int] = {}
        for story in self._stories:
            line_id = storylines.get(story.story_id, self._line_id(story.position))
            self._join_line(line_roots, story.position, line_id)
        for item in features:
            story_id = assignments[item.article_id]
            vector = self._space.vector(item.terms)
            self._space.add_document(vector)
            self._pending[item.article_id] = vector
            position = self._story_position.get(story_id)
            if position is None:
                position = self._new_story(story_id)
                line_id = storylines.get(story_id, storyline_id_for(story_id))
                self._join_line(line_roots, position, line_id)
            self._absorb(position, item, created=False, score=float("nan"))
        self._relined.clear()
        if features:
            self._index.add(np.stack([f.embedding for f in features]).astype(np.float32))

    def follow(
        self, rows: Sequence[tuple[str, str]], members: Mapping[str, ArticleFeatures]
    ) -> bool:
        """Put this index's articles in the stories ``rows`` gives them (``(article, story)``
        of the same articles in the same order, as stored): articles moved since this index was
        saved move here too, into stories made for them where the index has none yet (their
        storylines come with ``resume``). False, and nothing changed, when ``rows`` holds other
        articles or another order. ``members``: the features of the moved articles' stories."""
        if len(rows) != len(self._row_article) or any(
            article != own for (article, _), own in zip(rows, self._row_article, strict=True)
        ):
            return False
        stories = self._stories
        moves: dict[tuple[int, str], list[str]] = {}
        for (article, story_id), position in zip(rows, self._row_story, strict=True):
            if stories[position].story_id != story_id:
                moves.setdefault((position, story_id), []).append(article)
        for (source, story_id), articles in moves.items():
            target = self._story_position.get(story_id)
            if target is None:
                target = self._new_story(story_id)
            self._move_many(articles, source, target, members)
        self._moved.clear()
        return True

    def _join_line(self, roots: dict[str, int], position: int, line_id: str) -> None:
        """Put story ``position`` in the storyline ``line_id`` (``roots``: the first story met
        of each storyline so far)."""
        root = roots.setdefault(line_id, position)
        if root != position:
            self._link(root, position)
        self._line_ids[self._links.root(position)] = line_id

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

    def article_ids(self, last: int | None = None) -> tuple[str, ...]:
        """Every article in the order it was assigned: the order ``restore`` needs (``last``:
        only the last so many, without copying the whole list)."""
        if last is None:
            return tuple(self._row_article)
        return tuple(self._row_article[max(0, len(self._row_article) - last) :]) if last > 0 else ()

    def assignment_rows(self) -> list[tuple[str, str]]:
        """``(article_id, story_id)`` of every article in the order it was assigned (what
        ``load_assignment_rows`` reads back from the store)."""
        stories = self._stories
        return [
            (article_id, stories[position].story_id)
            for article_id, position in zip(self._row_article, self._row_story, strict=True)
        ]

    def story_members(self) -> dict[str, tuple[str, ...]]:
        """``story_id -> article ids`` in the order they were assigned, stories in the order of
        their first members (as a restored index has them, whatever moved)."""
        positions = sorted(range(len(self._stories)), key=self._first_row)
        return {self._stories[p].story_id: tuple(self._stories[p].members) for p in positions}

    def members_of(self, story_ids: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """``story_members`` for the given stories only (unknown ids are left out)."""
        positions = sorted(
            {self._story_position[s] for s in story_ids if s in self._story_position},
            key=self._first_row,
        )
        return {self._stories[p].story_id: tuple(self._stories[p].members) for p in positions}

    def storyline_of(self, story_id: str) -> str:
        return self._line_id(self._story_position[story_id])

    def storylines(self) -> dict[str, str]:
        """``story_id -> storyline_id`` for every story (what to persist beside assignments)."""
        return {s.story_id: self._line_id(s.position) for s in self._stories}

    def storylines_of(self, story_ids: Iterable[str]) -> dict[str, str]:
        """``storylines`` for the given stories only (unknown ids are left out)."""
        positions = (self._story_position.get(s) for s in story_ids)
        return {self._stories[p].story_id: self._line_id(p) for p in positions if p is not None}

    def line_peers(self, story_ids: Iterable[str]) -> list[str]:
        """Every story of the storylines of the given stories, in the order of their first
        members."""
        roots = {
            self._links.root(p)
            for p in (self._story_position.get(s) for s in story_ids)
            if p is not None
        }
        positions = sorted(
            (p for root in roots for p in self._line_stories[root]), key=self._first_row
        )
        return [self._stories[p].story_id for p in positions]

    def take_relined(self) -> set[str]:
        """Stories whose storyline id changed since the last call (or since the index was
        made or restored): their storyline merged into an older one."""
        relined, self._relined = self._relined, set()
        return {self._stories[p].story_id for p in relined}

    def take_moved(self) -> dict[str, tuple[str, str]]:
        """Articles moved to another story since the last call: ``article -> (story left,
        story joined)`` (an article moved twice shows where it was and where it is now)."""
        moved, self._moved = self._moved, {}
        return moved

    # -- assignment ---------------------------------------------------------------------------

    def _assign_chunk(
        self, chunk: Sequence[ArticleFeatures], members: Mapping[str, ArticleFeatures] | None
    ) -> None:
        vectors = np.stack([f.embedding for f in chunk]).astype(np.float32)
        k = self.params.neighbours
        base = self._index.ntotal
        if base:
            sims, rows = self._index.search(vectors, min(k, base))
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
            # In the order the stories' first members came: the order a restored index, whose
            # stories are made as their first members are replayed, has them in too.
            candidates = sorted(
                {self._row_story_of(int(r), chunk, base) for r in nearest},
                key=self._first_row,
            )
            self._assign(features, candidates, members)
        self._index.add(vectors)

    def _first_row(self, position: int) -> int:
        """The row of a story's first member (members are kept in the order of their rows)."""
        return self._article_row[self._stories[position].members[0]]

    def _row_story_of(self, row: int, chunk: Sequence[ArticleFeatures], base: int) -> int:
        if row < base:
            return self._row_story[row]
        return self._article_story[chunk[row - base].article_id]

    def _assign(
        self,
        features: ArticleFeatures,
        candidates: Sequence[int],
        members: Mapping[str, ArticleFeatures] | None,
    ) -> None:
        terms = self._pending[features.article_id]
        best_score, best = float("-inf"), -1
        themes: list[tuple[int, float]] = []
        wl = self.params.storyline_embedding_weight
        stories = [self._stories[p] for p in candidates]
        for position, (score, semantic, lexical_score) in zip(
            candidates, self._fits(features, terms, stories), strict=True
        ):
            themes.append((position, wl * semantic + (1.0 - wl) * lexical_score))
            if score > best_score:
                best_score, best = score, position
        before = 0
        if best >= 0 and best_score >= self.params.story_threshold:
            before = len(self._stories[best].members)
            self._absorb(best, features, created=False, score=best_score)
            target = best
        else:
            target = self._new_story(story_id_for(features.article_id))
            self._absorb(target, features, created=True, score=max(best_score, 0.0))
        # An article as close to another story as a member would be, but for the dates or a
        # closer story, says that the two stories share actors and theme.
        for position, theme in themes:
            if (
                position != target
                and theme >= self.params.storyline_threshold
                and self._lines_agree(target, position)
            ):
                self._link(target, position)
        if members is not None and features.published is not None:
            self._redecide_undated(target, candidates, members)
        if members is not None:
            self._split_events(target, before, members)

    def _fits(
        self, features: ArticleFeatures, terms: SparseVector, stories: Sequence[_StoryState]
    ) -> list[tuple[float, float, float]]:
        """For each story: the article's score against it, with the embedding and TF-IDF
        cosines the score is made of."""
        day = article_day(features)
        w = self.params.embedding_weight
        with self._space.scorer(terms) as lexical:
            lexical_scores = [
                lexical.cosine(story.profile.weighted_terms(self._space)) for story in stories
            ]
        out = []
        for story, lexical_score in zip(stories, lexical_scores, strict=True):
            semantic = float(np.dot(features.embedding, story.profile.centroid()))
            score = (
                w * semantic
                + (1.0 - w) * lexical_score
                - self._place_penalty(features, story)
                - date_penalty(
                    story.span.gap_days(day),
                    self.params.date_slack_days,
                    self.params.date_ramp_days,
                    self.params.date_penalty,
                    self.params.date_bonus,
                )
            )
            out.append((score, semantic, lexical_score))
        return out

    def _redecide_undated(
        self, target: int, candidates: Sequence[int], members: Mapping[str, ArticleFeatures]
    ) -> None:
        """Move the undated members of the other candidate stories of the dated article just
        placed in ``target`` (those of its storyline) that fit ``target`` better than their own
        story without them."""
        root = self._links.root(target)
        for position in candidates:
            if position == target or self._links.root(position) != root:
                continue
            if len(self._stories[position].members) > REDECIDE_MAX_MEMBERS:
                continue
            undated = [a for a in self._stories[position].members if a in self._undated]
            # The story summed once without trimming, so that each member can be taken out of
            # it exactly (a move rebuilds the story, and the sum is made again).
            whole: Profile | None = None
            vectors: dict[str, SparseVector] = {}
            for article_id in undated:
                story = self._stories[position]
                if len(story.members) < 2:
                    break
                if whole is None:
                    whole = Profile(_UNTRIMMED)
                    for a in story.members:
                        vectors[a] = self._space.vector(members[a].terms)
                        whole.add(vectors[a], members[a].embedding)
                item = members[article_id]
                rest = self._without(story, whole, item, vectors[article_id], members)
                (stay, _, _), (move, _, _) = self._fits(
                    item, vectors[article_id], [rest, self._stories[target]]
                )
                if move >= self.params.story_threshold and move > stay:
                    self._move(article_id, position, target, members, move, vectors)
                    whole = None

    def _split_events(
        self, position: int, before: int, members: Mapping[str, ArticleFeatures]
    ) -> None:
        """Cut story ``position``, which had ``before`` members before this article came, in two
        when its members' names tell two events apart: the group without the story's founder
        becomes a new story of the same storyline."""
        story = self._stories[position]
        params = self.params
        if params.split_threshold <= 0.0 or not split_due(
            before, len(story.members), params.split_min_size
        ):
            return
        items = []
        for article_id in story.members:
            names = self._names.get(article_id)
            if names is None:
                names = self._space.vector(name_terms(members[article_id]))
                self._names.put(article_id, names)
            items.append(names)
        cut = two_events(
            items,
            self._space.current_idf,
            params.split_threshold,
            params.split_min_group,
            self._founder(story),
        )
        if cut is None:
            return
        # The founder is the cut's anchor: its group stays, with the members that share no name
        # with any other.
        moving = [story.members[i] for i in cut.groups[1]]
        new = self._new_story(self._free_story_id(moving[0]))
        self._link(position, new)
        self._move_many(moving, position, new, members)

    @staticmethod
    def _founder(story: _StoryState) -> int:
        """Where in ``story.members`` (kept in the order of assignment) is the article the story
        is named after: the one that founded it, or led the group cut into it. An undated member
        drawn into a story a dated report founded came earlier, so it is not always the first.
        The first member when the founder has left or the id was made free."""
        for i, article_id in enumerate(story.members):
            if story_id_for(article_id) == story.story_id:
                return i
        return 0

    def _free_story_id(self, article_id: str) -> str:
        """``story_id_for(article_id)``, or a variant of it when a story has that id already
        (the article founded a story it has since left)."""
        story_id, salt = story_id_for(article_id), 0
        while story_id in self._story_position:
            salt += 1
            story_id = story_id_for(f"{article_id}#{salt}")
        return story_id

    def _without(
        self,
        story: _StoryState,
        whole: Profile,
        item: ArticleFeatures,
        terms: SparseVector,
        members: Mapping[str, ArticleFeatures],
    ) -> _StoryState:
        """``story`` without one of its members, to score that member against."""
        rest = _StoryState(story.position, story.story_id, self.params.max_story_terms)
        rest.profile = whole.without(terms, item.embedding, self.params.max_story_terms)
        for other in story.members:
            if other != item.article_id:
                rest.span.add(article_day(members[other]))
                rest.countries.update(article_countries(members[other]))
        return rest

    def _state_of(
        self,
        like: _StoryState,
        items: Sequence[ArticleFeatures],
        vectors: Mapping[str, SparseVector],
    ) -> _StoryState:
        """A story state of ``items`` (in that order), with ``like``'s position and id; term
        vectors are taken from ``vectors`` where the caller has them."""
        state = _StoryState(like.position, like.story_id, self.params.max_story_terms)
        for item in items:
            terms = vectors.get(item.article_id)
            state.absorb(item, terms if terms is not None else self._space.vector(item.terms))
        return state

    def _move(
        self,
        article_id: str,
        source: int,
        target: int,
        members: Mapping[str, ArticleFeatures],
        score: float,
        vectors: Mapping[str, SparseVector],
    ) -> None:
        """Move an article between two stories of one storyline; both are rebuilt from their
        members in the order they were assigned, as ``restore`` would build them (``vectors``:
        the term vectors of the source story's members, already computed)."""
        self._scores[article_id] = (False, score)
        self._move_many([article_id], source, target, members, vectors)

    def _move_many(
        self,
        article_ids: Sequence[str],
        source: int,
        target: int,
        members: Mapping[str, ArticleFeatures],
        vectors: Mapping[str, SparseVector] | None = None,
    ) -> None:
        """Move articles from story ``source`` to ``target``; both are rebuilt from their
        members in the order they were assigned, as ``restore`` would build them."""
        rows = self._article_row
        leaving = set(article_ids)
        for article_id in article_ids:
            self._row_story[rows[article_id]] = target
            self._article_story[article_id] = target
        for position, ids in (
            (source, [a for a in self._stories[source].members if a not in leaving]),
            (target, [*self._stories[target].members, *article_ids]),
        ):
            ordered = sorted(ids, key=rows.__getitem__)
            self._stories[position] = self._state_of(
                self._stories[position], [members[a] for a in ordered], vectors or {}
            )
        for article_id in article_ids:
            left = self._moved.get(article_id, (self._stories[source].story_id, ""))[0]
            self._moved[article_id] = (left, self._stories[target].story_id)

    def _place_penalty(self, features: ArticleFeatures, story: _StoryState) -> float:
        countries = article_countries(features)
        if countries and story.countries and not countries & story.countries:
            return self.params.place_penalty
        return 0.0

    def _lines_agree(self, a: int, b: int) -> bool:
        """Whether the storylines of stories ``a`` and ``b``, each taken as a whole, share
        their theme: one article close to another story must not chain two lines apart."""
        guard = self.params.storyline_guard
        root_a, root_b = self._links.root(a), self._links.root(b)
        if guard <= 0.0 or root_a == root_b:
            return True
        line_a, line_b = self._line_profiles[root_a], self._line_profiles[root_b]
        w = self.params.storyline_embedding_weight
        semantic = float(np.dot(line_a.centroid(), line_b.centroid()))
        lexical = profile_cosine(self._space, line_a, line_b)
        return w * semantic + (1.0 - w) * lexical >= guard

    def _link(self, a: int, b: int) -> None:
        roots = {self._links.root(a), self._links.root(b)}
        ids = {r: self._line_ids[r] for r in roots}
        if self._links.link(a, b):
            root = self._links.root(a)
            self._line_ids[root] = ids[root]
            (other,) = roots - {root}
            self._line_profiles[root].merge(self._line_profiles.pop(other))
            moved = self._line_stories.pop(other)
            self._line_stories[root].extend(moved)
            self._relined.update(moved)

    def _new_story(self, story_id: str) -> int:
        position = len(self._stories)
        self._stories.append(_StoryState(position, story_id, self.params.max_story_terms))
        self._story_position[story_id] = position
        self._links.add_story()
        self._line_ids[position] = storyline_id_for(story_id)
        self._line_profiles[position] = Profile(self.params.max_storyline_terms)
        self._line_stories[position] = [position]
        return position

    def _absorb(
        self, position: int, features: ArticleFeatures, *, created: bool, score: float
    ) -> None:
        terms = self._pending.pop(features.article_id)
        self._stories[position].absorb(features, terms)
        self._line_profiles[self._links.root(position)].add(terms, features.embedding)
        self._article_story[features.article_id] = position
        self._article_row[features.article_id] = len(self._row_article)
        if article_day(features) is None:
            self._undated.add(features.article_id)
        self._row_story.append(position)
        self._row_article.append(features.article_id)
        self._scores[features.article_id] = (created, score)

    def _line_id(self, position: int) -> str:
        return self._line_ids[self._links.root(position)]
