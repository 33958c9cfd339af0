"""Read-side queries shared by the CLI, the reports and the web: stories with their families,
copy edges and storyline neighbours, computed from the store."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newsweave.errors import NotFoundError, UsageError, ambiguous_id, shown
from newsweave.models import Article
from newsweave.models.facts import Fact, OutletComparison
from newsweave.models.quotes import FusedQuote
from newsweave.models.relations import FAMILY_PREFIX, CopyEdge, SourceFamily, family_id_for
from newsweave.models.stories import STORY_ID_DIGITS, Story, Storyline
from newsweave.models.summaries import Summary
from newsweave.store import Store
from newsweave.store.articles import current_article_ids, load_articles
from newsweave.store.relations import (
    EdgeHead,
    family_of,
    load_edge_heads,
    load_edges_among,
    load_edges_of_pairs,
)
from newsweave.store.stories import load_stories, load_storylines

STORY_PREFIX = "st-"
KEY_QUOTES = 5
_WORDS = re.compile(r"\w+")


@dataclass(frozen=True)
class StoryOverview:
    """A story as listed: its current members and how many independent sources they are."""

    story: Story
    articles: tuple[str, ...]
    families: tuple[SourceFamily, ...]

    @property
    def independent_sources(self) -> int:
        return len(self.families)


@dataclass(frozen=True)
class StoryDetail:
    """A story with its articles, who copied whom and its storyline.

    ``derivation``: one edge per copied article, with its passages. ``copy_pairs``: how many
    pairs of the story's articles share text: n copies of one wire report are n(n-1)/2 pairs,
    which a reader does not want listed (``story_copies`` pages them), but n - 1 derivations."""

    overview: StoryOverview
    articles: tuple[Article, ...]
    derivation: tuple[CopyEdge, ...]
    copy_pairs: int
    storyline: Storyline | None
    neighbours: tuple[Story, ...]

    @property
    def other_copy_pairs(self) -> int:
        """Pairs that share text beyond ``derivation`` (in the export and the API)."""
        return self.copy_pairs - len(self.derivation)


def derivation_of(heads: Sequence[EdgeHead], families: Iterable[SourceFamily]) -> list[EdgeHead]:
    """Who copied whom, one edge per copied article (``heads`` in their stored order): from its
    family's original when the two share text, else from the source that reappears most in it
    (then the first source by id)."""
    family = {a: f.id for f in families for a in f.articles}

    def rank(edge: EdgeHead) -> tuple[bool, float, str]:
        from_original = family_id_for(edge.source) == family.get(edge.target)
        return not from_original, -edge.containment_source, edge.source

    best: dict[str, EdgeHead] = {}
    for edge in heads:
        held = best.get(edge.target)
        if held is None or rank(edge) < rank(held):
            best[edge.target] = edge
    return [e for e in heads if best.get(e.target) is e]


def current_ids(store: Store) -> set[str]:
    rows = store.query("SELECT DISTINCT document_id FROM locations WHERE current = 1")
    return {r[0] for r in rows}


def story_families(store: Store) -> dict[str, tuple[SourceFamily, ...]]:
    """Every story's current members grouped in source families (as in ``story_overviews``),
    read from the membership and family tables in one query, without loading the stories."""
    rows = store.query(
        "SELECT m.story_id, m.article_id, COALESCE(f.family_id, ? || m.article_id)"
        " FROM story_members m LEFT JOIN families f ON f.article_id = m.article_id"
        " WHERE EXISTS (SELECT 1 FROM locations l"
        "  WHERE l.document_id = m.article_id AND l.current = 1)",
        (FAMILY_PREFIX,),
    )
    members: dict[str, list[str]] = defaultdict(list)
    families: dict[str, str] = {}
    for story_id, article_id, family_id in rows:
        members[story_id].append(article_id)
        families[article_id] = family_id
    return {story_id: _grouped(ids, families) for story_id, ids in members.items()}


def story_overviews(store: Store, stories: list[Story] | None = None) -> list[StoryOverview]:
    """Stories (newest event first) with only their current articles, grouped in families."""
    if stories is None:
        stories = load_stories(store)
        current = current_ids(store)
    else:
        # A few stories (a story page): their members only, not every document of the store.
        current = current_article_ids(store, {a for s in stories for a in s.article_ids})
    members = {s.id: tuple(a for a in s.article_ids if a in current) for s in stories}
    families = family_of(store, [a for ids in members.values() for a in ids])
    return [
        StoryOverview(story, members[story.id], _grouped(members[story.id], families))
        for story in stories
        if members[story.id]
    ]


def _grouped(articles: Iterable[str], family: Mapping[str, str]) -> tuple[SourceFamily, ...]:
    """``articles`` by family, families and their members sorted."""
    grouped: dict[str, list[str]] = defaultdict(list)
    for article_id in articles:
        grouped[family[article_id]].append(article_id)
    return tuple(SourceFamily(f, tuple(sorted(a))) for f, a in sorted(grouped.items()))


def find_story(store: Store, id_or_prefix: str) -> Story:
    """The story whose id starts with ``id_or_prefix`` (``st-`` and at least 4 hex digits)."""
    prefix = id_or_prefix.strip().lower()
    digits = prefix.removeprefix(STORY_PREFIX)
    if (
        not prefix.startswith(STORY_PREFIX)
        or not 4 <= len(digits) <= STORY_ID_DIGITS
        or any(c not in "0123456789abcdef" for c in digits)
    ):
        raise UsageError(
            f"{shown(id_or_prefix)} is not a story id (st- and 4 to {STORY_ID_DIGITS} hex digits)"
        )
    rows = store.query("SELECT id FROM stories WHERE id LIKE ? ORDER BY id", (prefix + "%",))
    if not rows:
        raise NotFoundError(f"no story with id {id_or_prefix!r}; `newsweave stories` lists them")
    if len(rows) > 1:
        raise ambiguous_id(id_or_prefix, "stories", [r[0] for r in rows])
    return load_stories(store, [rows[0][0]])[0]


def _overview(store: Store, story: Story) -> StoryOverview:
    [overview] = story_overviews(store, [story]) or [StoryOverview(story, (), ())]
    return overview


def story_copies(store: Store, story: Story, limit: int, offset: int) -> tuple[list[CopyEdge], int]:
    """A page of the pairs of the story's current articles that share text, and their number."""
    return load_edges_among(store, _overview(store, story).articles, limit, offset)


def story_detail(store: Store, story: Story) -> StoryDetail:
    overview = _overview(store, story)
    articles = tuple(load_articles(store, overview.articles))
    heads = load_edge_heads(store, overview.articles)
    chosen = derivation_of(heads, overview.families)
    derivation = tuple(load_edges_of_pairs(store, [(e.source, e.target) for e in chosen]))
    lines = load_storylines(store, [story.storyline_id])
    storyline = lines[0] if lines else None
    neighbours: tuple[Story, ...] = ()
    if storyline is not None:
        others = [s for s in storyline.story_ids if s != story.id]
        neighbours = tuple(load_stories(store, others))
    return StoryDetail(overview, articles, derivation, len(heads), storyline, neighbours)


@dataclass(frozen=True)
class StoryReport:
    """Everything a story page or report shows: detail, summary, facts, outlets' comparison."""

    detail: StoryDetail
    summary: Summary | None
    facts: tuple[Fact, ...]
    comparisons: tuple[OutletComparison, ...]
    quotes: tuple[FusedQuote, ...] = ()

    @property
    def story(self) -> Story:
        return self.detail.overview.story

    def number_of(self, article_id: str) -> int:
        """The 1-based citation number of an article (its place in the story's article list)."""
        return [a.id for a in self.detail.articles].index(article_id) + 1

    def by_status(self, status: str) -> list[Fact]:
        return [f for f in self.facts if f.status == status]

    def key_quotes(self) -> list[FusedQuote]:
        """The quotes a report shows: those carried by more than one independent source or
        worded differently across outlets; without any, the first ``KEY_QUOTES``."""
        telling = [q for q in self.quotes if q.independent_sources > 1 or len(q.variants) > 1]
        return telling or list(self.quotes[:KEY_QUOTES])


def story_report(store: Store, story: Story) -> StoryReport:
    from newsweave.stages.summarize.stage import load_summary
    from newsweave.store.facts import load_comparisons, load_facts
    from newsweave.store.quotes import load_quotes

    detail = story_detail(store, story)
    return StoryReport(
        detail=detail,
        summary=load_summary(store, story.id),
        facts=tuple(load_facts(store, story.id)),
        comparisons=tuple(load_comparisons(store, story.id)),
        quotes=tuple(load_quotes(store, story.id)),
    )


@dataclass(frozen=True)
class StoryFilters:
    """What a story list can be narrowed to: full-text ``search`` over the articles, an event
    date range (ISO days, inclusive), an outlet, a speaker quoted in the story."""

    search: str | None = None
    since: str | None = None
    until: str | None = None
    outlet: str | None = None
    speaker: str | None = None


@dataclass(frozen=True)
class StoryRow:
    id: str
    headline: str
    date: str | None
    place: str | None
    articles: int
    independent_sources: int
    storyline: str


def fts_query(text: str) -> str | None:
    """A user's words as an FTS5 query: every word must appear (no FTS syntax leaks in)."""
    words = [w for w in _WORDS.findall(text) if w]
    return " ".join(f'"{w}"' for w in words) or None


def list_stories(
    store: Store, filters: StoryFilters = StoryFilters(), limit: int = 50, offset: int = 0
) -> tuple[list[StoryRow], int]:
    """One page of stories (newest event first) matching ``filters``, and how many match.

    Everything is done in SQL on indexed columns, so a page costs the same in a store of ten
    articles or fifty thousand.
    """
    where, params = _story_conditions(store, filters)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    total = store.query_one(f"SELECT COUNT(*) FROM stories s {clause}", params)
    rows = store.query(
        f"SELECT s.id, s.title, s.date, s.place, s.storyline_id, su.headline FROM stories s"
        f" LEFT JOIN summaries su ON su.story_id = s.id {clause}"
        " ORDER BY s.date IS NULL, s.date DESC, s.id LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    ids = [r["id"] for r in rows]
    counts = _member_counts(store, ids)
    out = []
    for r in rows:
        articles, sources = counts.get(r["id"], (0, 0))
        headline = r["headline"] or r["title"]
        out.append(
            StoryRow(r["id"], headline, r["date"], r["place"], articles, sources, r["storyline_id"])
        )
    return out, int(total[0]) if total else 0


def _story_conditions(store: Store, filters: StoryFilters) -> tuple[list[str], list[str]]:
    where: list[str] = []
    params: list[str] = []
    if filters.since:
        where.append("s.date >= ?")
        params.append(filters.since)
    if filters.until:
        where.append("s.date <= ?")
        params.append(filters.until)
    if filters.search:
        query = fts_query(filters.search)
        # A search without a word to look for ("!!!") matches nothing, not everything.
        # Matches by rowid (an article's entry has its rowid): the index alone answers, no
        # entry's text is read (a common word: 26 -> 8 ms on 10k articles).
        where.append(
            "s.id IN (SELECT m.story_id FROM story_members m JOIN articles a"
            " ON a.id = m.article_id WHERE a.rowid IN"
            " (SELECT rowid FROM article_search WHERE article_search MATCH ?))"
            if query
            else "0"
        )
        params.extend([query] if query else [])
    if filters.outlet:
        where.append(
            "s.id IN (SELECT m.story_id FROM story_members m JOIN articles a ON a.id = m.article_id"
            " WHERE a.outlet = ? COLLATE NOCASE)"
        )
        params.append(filters.outlet)
    if filters.speaker:
        from newsweave.store.quotes import speakers_matching

        # A name or part of it, as everywhere (``speakers_matching``); no such speaker, no story.
        names = speakers_matching(store, filters.speaker)
        marks = ",".join("?" * len(names))
        where.append(f"s.id IN (SELECT q.story_id FROM quotes q WHERE q.speaker IN ({marks}))")
        params.extend(names)
    return where, params


def _member_counts(store: Store, story_ids: list[str]) -> dict[str, tuple[int, int]]:
    """(current articles, independent source families) per story."""
    if not story_ids:
        return {}
    marks = ",".join("?" * len(story_ids))
    rows = store.query(
        "SELECT m.story_id, COUNT(*),"
        " COUNT(DISTINCT COALESCE(f.family_id, 'family-' || m.article_id))"
        " FROM story_members m LEFT JOIN families f ON f.article_id = m.article_id"
        f" WHERE m.story_id IN ({marks}) AND EXISTS (SELECT 1 FROM locations l"
        " WHERE l.document_id = m.article_id AND l.current = 1) GROUP BY m.story_id",
        story_ids,
    )
    return {r[0]: (r[1], r[2]) for r in rows}


def outlets(store: Store) -> list[tuple[str, int]]:
    """(outlet, articles) for every known outlet, most articles first."""
    rows = store.query(
        "SELECT outlet, COUNT(*) FROM articles WHERE outlet IS NOT NULL GROUP BY outlet"
        " ORDER BY COUNT(*) DESC, outlet"
    )
    return [(r[0], r[1]) for r in rows]
