"""Storing quote occurrences (per article) and fused quotes (per story)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from newsweave.models.quotes import (
    FusedQuote,
    QuoteOccurrence,
    QuoteVariant,
    Speaker,
    TextSpan,
    WordDiff,
)
from newsweave.store.database import Store


def replace_occurrences(
    store: Store, article_id: str, occurrences: Sequence[QuoteOccurrence]
) -> None:
    conn = store.connection
    conn.execute("DELETE FROM quote_occurrences WHERE article_id = ?", (article_id,))
    conn.executemany(
        "INSERT OR REPLACE INTO quote_occurrences (id, article_id, speaker, data)"
        " VALUES (?, ?, ?, ?)",
        [
            (
                o.id,
                article_id,
                o.speaker.name,
                json.dumps(occurrence_to_json(o), ensure_ascii=False),
            )
            for o in occurrences
        ],
    )


def load_occurrences(store: Store, article_ids: Iterable[str]) -> list[QuoteOccurrence]:
    rows = store.query_in(
        "SELECT data FROM quote_occurrences WHERE article_id IN ({values})", article_ids
    )
    out = [occurrence_from_json(json.loads(r[0])) for r in rows]
    return sorted(out, key=lambda o: (o.article, o.start, o.id))


def replace_quotes(store: Store, story_id: str, quotes: Sequence[FusedQuote]) -> None:
    conn = store.connection
    conn.execute("DELETE FROM quotes WHERE story_id = ?", (story_id,))
    conn.executemany(
        "INSERT INTO quotes (id, story_id, position, speaker, independent_sources, data)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                q.id,
                story_id,
                i,
                q.speaker,
                q.independent_sources,
                json.dumps(fused_to_json(q), ensure_ascii=False),
            )
            for i, q in enumerate(quotes)
        ],
    )


def load_quotes(
    store: Store, story_id: str | None = None, speakers: Sequence[str] | None = None
) -> list[FusedQuote]:
    """Fused quotes of a story (in story order), of the named ``speakers`` (exact canonical
    names, see ``speakers_matching``), of both, or all."""
    where, params = [], []
    if story_id is not None:
        where.append("story_id = ?")
        params.append(story_id)
    if speakers is not None:
        where.append(f"speaker IN ({','.join('?' * len(speakers))})")
        params.extend(speakers)
    clause = f" WHERE {' AND '.join(where)}" if where else ""
    rows = store.query(f"SELECT data FROM quotes{clause} ORDER BY story_id, position", params)
    return [fused_from_json(json.loads(r[0])) for r in rows]


def speakers_matching(store: Store, part: str) -> list[str]:
    """The canonical speaker names that contain ``part``, whatever the case (a surname in small
    letters finds the full name): how a user's speaker filter is read everywhere (command line,
    API, pages)."""
    wanted = part.strip().casefold()
    rows = store.query("SELECT DISTINCT speaker FROM quotes WHERE speaker IS NOT NULL")
    return sorted(r[0] for r in rows if wanted and wanted in r[0].casefold())


def speakers(store: Store) -> list[tuple[str, int, int]]:
    """(speaker, quotes, stories) for every named speaker, most quoted first."""
    rows = store.query(
        "SELECT speaker, COUNT(*), COUNT(DISTINCT story_id) FROM quotes WHERE speaker IS NOT NULL"
        " GROUP BY speaker ORDER BY COUNT(*) DESC, speaker"
    )
    return [(r[0], r[1], r[2]) for r in rows]


def _span(span: TextSpan | None) -> list[Any] | None:
    return None if span is None else [span.start, span.end, span.text]


def _span_from(data: list[Any] | None) -> TextSpan | None:
    return None if data is None else TextSpan(data[0], data[1], data[2])


def occurrence_to_json(o: QuoteOccurrence) -> dict[str, Any]:
    s = o.speaker
    return {
        "id": o.id,
        "article": o.article,
        "start": o.start,
        "end": o.end,
        "text": o.text,
        "kind": o.kind,
        "fragments": [_span(f) for f in o.fragments],
        "cue": _span(o.cue),
        "source": _span(o.source),
        "speaker": {
            "name": s.name,
            "type": s.type,
            "resolution": s.resolution,
            "entity": _span(s.entity),
        },
    }


def occurrence_from_json(d: dict[str, Any]) -> QuoteOccurrence:
    s = d["speaker"]
    return QuoteOccurrence(
        id=d["id"],
        article=d["article"],
        start=d["start"],
        end=d["end"],
        text=d["text"],
        kind=d["kind"],
        fragments=tuple(t for t in (_span_from(f) for f in d["fragments"]) if t),
        cue=_span_from(d["cue"]),
        source=_span_from(d["source"]),
        speaker=Speaker(s["name"], s["type"], s["resolution"], _span_from(s["entity"])),
    )


def fused_to_json(q: FusedQuote) -> dict[str, Any]:
    return {
        "id": q.id,
        "story": q.story,
        "speaker": q.speaker,
        "canonical": q.canonical,
        "independent_sources": q.independent_sources,
        "occurrences": [occurrence_to_json(o) for o in q.occurrences],
        "variants": [
            {
                "text": v.text,
                "articles": list(v.articles),
                "kind": v.kind,
                "content_word_changed": v.content_word_changed,
                "diff": [
                    [w.op, w.position, list(w.canonical), list(w.variant), w.content_word]
                    for w in v.diff
                ],
            }
            for v in q.variants
        ],
        "earliest_article": q.earliest_article,
        "earliest_published": q.earliest_published,
    }


def fused_from_json(d: dict[str, Any]) -> FusedQuote:
    return FusedQuote(
        id=d["id"],
        story=d["story"],
        speaker=d["speaker"],
        canonical=d["canonical"],
        independent_sources=d["independent_sources"],
        occurrences=tuple(occurrence_from_json(o) for o in d["occurrences"]),
        variants=tuple(
            QuoteVariant(
                v["text"],
                tuple(v["articles"]),
                tuple(
                    WordDiff(op, pos, tuple(c), tuple(w), bool(cw))
                    for op, pos, c, w, cw in v["diff"]
                ),
                v["kind"],
                v["content_word_changed"],
            )
            for v in d["variants"]
        ),
        earliest_article=d["earliest_article"],
        earliest_published=d["earliest_published"],
    )
