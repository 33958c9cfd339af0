"""Storing and loading cleaned articles."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from newsweave.models import Article
from newsweave.store.codec import (
    date_from_json,
    date_to_json,
    field_from_json,
    field_to_json,
    mention_from_json,
    mention_to_json,
    segment_from_json,
    segment_to_json,
    span_from_json,
    span_to_json,
)
from newsweave.store.database import Store

# Articles that some input currently holds, with the first place (by resolved path) they were
# found at; older versions of changed files stay stored but are not current.
_CURRENT_FROM = """
FROM articles a
JOIN documents d ON d.id = a.id
JOIN locations l ON l.document_id = a.id AND l.current = 1
AND l.rowid = (SELECT l2.rowid FROM locations l2 WHERE l2.document_id = a.id AND l2.current = 1
               ORDER BY l2.key, l2.locator LIMIT 1)
"""
_CURRENT = "SELECT a.*, d.container, d.body_format, l.path, l.locator" + _CURRENT_FROM


def save_articles(store: Store, stage: str, articles: Sequence[Article]) -> None:
    """Insert or update ``articles`` and their search entries (call inside ``store.atomic()``
    with related writes). A search entry shares its article's rowid, so it is found by key.
    Only a new or changed article takes a new change number, which is what sends it to the
    later stages again: an article cleaned again to the same result is not new work."""
    conn = store.connection
    rows = {
        a.id: (
            a.title.value if a.title else None,
            a.published.value if a.published else None,
            a.language,
            a.text,
            a.raw_text,
            json.dumps(_data(a), ensure_ascii=False),
            a.outlet.value if a.outlet else None,
        )
        for a in articles
    }
    stored = {
        row[0]: tuple(row[1:])
        for row in store.query_in(
            "SELECT id, title, published, language, text, raw_text, data, outlet FROM articles"
            " WHERE id IN ({values})",
            rows,
        )
    }
    same: list[str] = []
    changed: list[str] = []
    new: list[str] = []
    for key, row in rows.items():
        before = stored.get(key)
        (new if before is None else same if before == row else changed).append(key)
    # The search index reads its text from the articles (external content): a changed
    # article's entry leaves it while the article still holds the text it was indexed with.
    conn.executemany(
        "DELETE FROM article_search WHERE rowid = (SELECT rowid FROM articles WHERE id = ?)",
        [(k,) for k in changed],
    )
    conn.executemany("UPDATE articles SET stage = ? WHERE id = ?", [(stage, k) for k in same])
    # A changed article keeps its row and takes the next change number (a replaced row would
    # take the highest number left, its own again when it was the newest article).
    conn.executemany(
        "UPDATE articles SET stage = ?, title = ?, published = ?, language = ?, text = ?,"
        " raw_text = ?, data = ?, outlet = ?, seq = (SELECT MAX(seq) + 1 FROM articles)"
        " WHERE id = ?",
        [(stage, *rows[k], k) for k in changed],
    )
    conn.executemany(
        "INSERT INTO articles (id, stage, title, published, language, text, raw_text, data,"
        " outlet) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [(k, stage, *rows[k]) for k in new],
    )
    # An entry shares its article's rowid; its values are given, not read back from the row
    # just written (a third faster).
    indexed = [*changed, *new]
    rowids = {
        row[0]: row[1]
        for row in store.query_in("SELECT id, rowid FROM articles WHERE id IN ({values})", indexed)
    }
    conn.executemany(
        "INSERT INTO article_search (rowid, article_id, title, text, outlet)"
        " VALUES (?, ?, ?, ?, ?)",
        [(rowids[k], k, rows[k][0] or "", rows[k][3], rows[k][6] or "") for k in indexed],
    )


def _data(article: Article) -> dict[str, object]:
    return {
        "title": field_to_json(article.title),
        "outlet": field_to_json(article.outlet),
        "author": field_to_json(article.author),
        "url": field_to_json(article.url),
        "published": date_to_json(article.published),
        "updated": date_to_json(article.updated),
        "removed": [span_to_json(s) for s in article.removed],
        "structure": [span_to_json(s) for s in article.structure],
        "segments": [segment_to_json(s) for s in article.segments],
        "dates": [date_to_json(d) for d in article.dates],
        "mentions": [mention_to_json(m) for m in article.mentions],
        "place": field_to_json(article.place),
    }


def _article_from_row(row: sqlite3.Row) -> Article:
    data = json.loads(row["data"])
    return Article(
        id=row["id"],
        path=row["path"],
        locator=row["locator"],
        container=row["container"],
        body_format=row["body_format"],
        text=row["text"],
        raw_text=row["raw_text"],
        title=field_from_json(data["title"]),
        outlet=field_from_json(data["outlet"]),
        author=field_from_json(data["author"]),
        url=field_from_json(data["url"]),
        published=date_from_json(data["published"]),
        updated=date_from_json(data["updated"]),
        language=row["language"],
        removed=tuple(span_from_json(s) for s in data["removed"]),
        structure=tuple(span_from_json(s) for s in data["structure"]),
        segments=tuple(segment_from_json(s) for s in data["segments"]),
        dates=tuple(d for d in (date_from_json(x) for x in data.get("dates", [])) if d is not None),
        mentions=tuple(mention_from_json(m) for m in data.get("mentions", [])),
        place=field_from_json(data.get("place")),
    )


def current_article_ids(store: Store, ids: Iterable[str]) -> set[str]:
    """Those of ``ids`` that are articles of documents some input currently holds."""
    rows = store.query_in(
        "SELECT DISTINCT a.id FROM articles a JOIN locations l"
        " ON l.document_id = a.id AND l.current = 1 WHERE a.id IN ({values})",
        ids,
    )
    return {r[0] for r in rows}


def current_texts(store: Store, ids: Iterable[str]) -> list[tuple[str, str, str | None]]:
    """(id, clean text, publication date) of those of ``ids`` that are current articles, by id:
    what comparing texts needs, without decoding the rest of each article."""
    rows = store.query_in(
        "SELECT a.id, a.text, a.published FROM articles a WHERE a.id IN ({values}) AND EXISTS"
        " (SELECT 1 FROM locations l WHERE l.document_id = a.id AND l.current = 1)",
        ids,
    )
    return sorted((r[0], r[1], r[2]) for r in rows)


def clustering_fields(
    store: Store, ids: Iterable[str]
) -> list[tuple[str, str | None, str, str | None, str | None]]:
    """(id, title, clean text, publication date, outlet) of those of ``ids`` that are current
    articles, in ``load_articles``' order: what clustering needs, read out of each article's
    data by SQLite rather than decoding all of it (its spans, segments and mentions)."""
    rows = store.query_in(
        "SELECT a.id, json_extract(a.data, '$.title.value'), a.text,"
        " json_extract(a.data, '$.published.value'), json_extract(a.data, '$.outlet.value'),"
        " l.path, l.locator" + _CURRENT_FROM + " WHERE a.id IN ({values})",
        ids,
    )
    rows.sort(key=lambda r: (r[5], r[6], r[0]))
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def load_articles(store: Store, ids: Iterable[str] | None = None) -> list[Article]:
    """Current articles (all, or those in ``ids``), ordered by path, locator and id."""
    order = " ORDER BY l.path, l.locator, a.id"
    if ids is None:
        rows = store.query(_CURRENT + order)
    else:
        rows = store.query_in(_CURRENT + " WHERE a.id IN ({values})", ids)
        rows.sort(key=lambda r: (r["path"], r["locator"], r["id"]))
    return [_article_from_row(r) for r in rows]


def find_article(store: Store, prefix: str) -> list[Article]:
    """Current articles whose id starts with ``prefix`` (users type short ids)."""
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    rows = store.query(_CURRENT + " WHERE a.id LIKE ? ESCAPE '\\' ORDER BY a.id", (escaped + "%",))
    return [_article_from_row(r) for r in rows]
