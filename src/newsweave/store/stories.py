"""Storing cluster features, story memberships, stories and storylines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from newsweave.models.stories import (
    ArticleFeatures,
    DateEvidence,
    EventDate,
    EventPlace,
    PlaceEvidence,
    Story,
    StoryHead,
    Storyline,
)
from newsweave.stages.cluster.records import features_from_json, features_to_json
from newsweave.stages.cluster.storylines import build_storylines
from newsweave.store.database import Store


def load_features(store: Store, skip: int = 0) -> list[ArticleFeatures]:
    """Every article's features in the order the clusterer assigned them (``skip``: but the
    first so many)."""
    return [
        features_from_json(r[0])
        for r in store.query(
            "SELECT data FROM cluster_features ORDER BY position LIMIT -1 OFFSET ?", (skip,)
        )
    ]


def load_features_of(store: Store, article_ids: Iterable[str]) -> list[ArticleFeatures]:
    """The features of those of ``article_ids`` that were clustered."""
    return [
        features_from_json(r[0])
        for r in store.query_in(
            "SELECT data FROM cluster_features WHERE article_id IN ({values})", article_ids
        )
    ]


def load_assignment_rows(store: Store) -> list[tuple[str, str]]:
    """``(article_id, story_id)`` of every clustered article, in the order it was assigned."""
    return [
        (r[0], r[1])
        for r in store.query("SELECT article_id, story_id FROM story_members ORDER BY position")
    ]


def clustering_token(store: Store) -> tuple[int, int]:
    """Changes whenever clustering state is written (by any process): count and last position."""
    # Two queries: alone, each is answered from the B-tree (SQLite's count of a table, the
    # index's last entry); together they walk the whole index (3.8 ms at 50k, twice an add).
    count = store.query_one("SELECT COUNT(*) FROM cluster_features")
    last = store.query_one("SELECT COALESCE(MAX(position), -1) FROM cluster_features")
    return (int(count[0]) if count else 0, int(last[0]) if last else -1)


# Everything that hangs on story ids: made again when clustering starts over.
_STORY_TABLES = (
    "cluster_features", "story_members", "stories", "facts", "outlet_comparisons",
    "story_state", "summaries", "quotes",
)  # fmt: skip


def reset_clustering(store: Store, stage: str) -> None:
    """Forget every story and what was derived from stories, so that ``stage`` clusters every
    article again (call inside ``store.atomic()``)."""
    conn = store.connection
    for table in _STORY_TABLES:
        conn.execute(f"DELETE FROM {table}")
    conn.execute("DELETE FROM stage_runs WHERE stage = ?", (stage,))
    conn.execute("DELETE FROM stage_marks WHERE stage = ?", (stage,))


def story_of(store: Store, article_ids: Iterable[str]) -> dict[str, str]:
    """The story of each of ``article_ids`` that has one (articles not clustered yet are left
    out)."""
    return {
        row[0]: row[1]
        for row in store.query_in(
            "SELECT article_id, story_id FROM story_members WHERE article_id IN ({values})",
            article_ids,
        )
    }


def load_storyline_ids(store: Store) -> dict[str, str]:
    return {r[0]: r[1] for r in store.query("SELECT id, storyline_id FROM stories")}


def save_assignments(
    store: Store,
    features: Sequence[ArticleFeatures],
    story_of: dict[str, str],
    records: Mapping[str, str] | None = None,
) -> None:
    """Append newly assigned articles (features and membership) after the last position.
    ``records``: features already written as ``features_to_json`` writes them, by article."""
    row = store.query_one("SELECT COALESCE(MAX(position), -1) FROM cluster_features")
    position = int(row[0]) + 1 if row is not None else 0
    written = records or {}
    conn = store.connection
    for offset, item in enumerate(features):
        record = written.get(item.article_id)
        conn.execute(
            "INSERT INTO cluster_features (article_id, position, data) VALUES (?, ?, ?)",
            (item.article_id, position + offset, record or features_to_json(item)),
        )
        conn.execute(
            "INSERT INTO story_members (article_id, story_id, position) VALUES (?, ?, ?)",
            (item.article_id, story_of[item.article_id], position + offset),
        )


def move_members(store: Store, story_of: Mapping[str, str]) -> None:
    """Put already assigned articles in another story (``article -> story``), in place: their
    position in the order of assignment stays."""
    store.connection.executemany(
        "UPDATE story_members SET story_id = ? WHERE article_id = ?",
        [(story, article) for article, story in story_of.items()],
    )


def save_stories(store: Store, stories: Iterable[Story]) -> None:
    store.connection.executemany(
        "INSERT OR REPLACE INTO stories (id, storyline_id, title, date, place, articles, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                s.id,
                s.storyline_id,
                s.title,
                s.date.value.isoformat() if s.date.value else None,
                s.place.name,
                len(s.article_ids),
                json.dumps(_story_json(s), ensure_ascii=False),
            )
            for s in stories
        ],
    )


def load_stories(store: Store, ids: Iterable[str] | None = None) -> list[Story]:
    """Stories (all, or ``ids``), newest event first, then id."""
    if ids is None:
        rows = store.query("SELECT data FROM stories ORDER BY date DESC, id")
    else:
        rows = store.query_in("SELECT data FROM stories WHERE id IN ({values})", ids)
    stories = [_story_from(json.loads(r[0])) for r in rows]
    return sorted(
        stories, key=lambda s: (s.date.value is None, -(s.date.value or date.min).toordinal(), s.id)
    )


_HEADS = "SELECT id, storyline_id, title, date, place, articles FROM stories"


def load_story_heads(store: Store, storyline_ids: Iterable[str]) -> list[StoryHead]:
    """The stories of the given storylines, as much of each as a timeline needs."""
    rows = store.query_in(f"{_HEADS} WHERE storyline_id IN ({{values}})", storyline_ids)
    return [_head(r) for r in rows]


def load_storylines(store: Store, ids: Iterable[str] | None = None) -> list[Storyline]:
    """Storylines (all, or ``ids``) with their timelines, by id.

    A storyline is what its stories say (their storyline id, date, place, title and size): it
    is assembled from the stories table when read, so that adding an article to a story
    rewrites that story's row and nothing else of its storyline."""
    if ids is None:
        return build_storylines([_head(r) for r in store.query(_HEADS)])
    return build_storylines(load_story_heads(store, ids))


def _head(row: Sequence[Any]) -> StoryHead:
    return StoryHead(
        row[0], row[1], row[2], date.fromisoformat(row[3]) if row[3] else None, row[4], row[5]
    )


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _parse_day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _date_evidence(e: DateEvidence) -> list[Any]:
    return [e.value.isoformat(), e.article_id, e.kind, e.text]


def _place_evidence(e: PlaceEvidence) -> list[Any]:
    return [e.name, e.country, e.kind, e.article_id, e.cue]


def _story_json(s: Story) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "articles": list(s.article_ids),
        "sources": list(s.sources),
        "storyline": s.storyline_id,
        "date": {
            "value": _day(s.date.value),
            "inferred_year": s.date.inferred_year,
            "support": [_date_evidence(e) for e in s.date.support],
            "conflicts": [_date_evidence(e) for e in s.date.conflicts],
        },
        "place": {
            "name": s.place.name,
            "country": s.place.country,
            "support": [_place_evidence(e) for e in s.place.support],
            "conflicts": [_place_evidence(e) for e in s.place.conflicts],
        },
        "article_dates": [[a, _day(d)] for a, d in s.article_dates],
    }


def _story_from(data: dict[str, Any]) -> Story:
    d, p = data["date"], data["place"]
    return Story(
        id=data["id"],
        title=data["title"],
        article_ids=tuple(data["articles"]),
        sources=tuple(data["sources"]),
        date=EventDate(
            _parse_day(d["value"]),
            tuple(DateEvidence(date.fromisoformat(v), a, k, t) for v, a, k, t in d["support"]),
            tuple(DateEvidence(date.fromisoformat(v), a, k, t) for v, a, k, t in d["conflicts"]),
            d["inferred_year"],
        ),
        place=EventPlace(
            p["name"],
            p["country"],
            tuple(PlaceEvidence(*e) for e in p["support"]),
            tuple(PlaceEvidence(*e) for e in p["conflicts"]),
        ),
        storyline_id=data["storyline"],
        article_dates=tuple((a, _parse_day(v)) for a, v in data["article_dates"]),
    )
