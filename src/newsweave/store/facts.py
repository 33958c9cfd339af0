"""Storing facts, outlet comparisons, and which story state derived data was computed from."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from newsweave.models.facts import Fact, FactClause, FactUnit, FactVariant, OutletComparison
from newsweave.store.database import Store


def story_signatures(store: Store, stage: str) -> dict[str, str]:
    rows = store.query("SELECT story_id, signature FROM story_state WHERE stage = ?", (stage,))
    return {r[0]: r[1] for r in rows}


def set_story_signature(store: Store, stage: str, story_id: str, signature: str) -> None:
    store.connection.execute(
        "INSERT OR REPLACE INTO story_state (stage, story_id, signature) VALUES (?, ?, ?)",
        (stage, story_id, signature),
    )


def forget_stories(store: Store, stage: str, story_ids: Iterable[str]) -> None:
    store.connection.executemany(
        "DELETE FROM story_state WHERE stage = ? AND story_id = ?", [(stage, s) for s in story_ids]
    )


def replace_facts(
    store: Store, story_id: str, facts: Sequence[Fact], comparisons: Sequence[OutletComparison]
) -> None:
    conn = store.connection
    conn.execute("DELETE FROM facts WHERE story_id = ?", (story_id,))
    conn.execute("DELETE FROM outlet_comparisons WHERE story_id = ?", (story_id,))
    conn.executemany(
        "INSERT INTO facts (id, story_id, position, text, status, independent_sources, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (
                f.id,
                story_id,
                i,
                f.text,
                f.status,
                f.independent_sources,
                json.dumps(_fact_json(f), ensure_ascii=False),
            )
            for i, f in enumerate(facts)
        ],
    )
    conn.executemany(
        "INSERT OR REPLACE INTO outlet_comparisons (article_id, story_id, additions, omissions)"
        " VALUES (?, ?, ?, ?)",
        [
            (c.article_id, story_id, json.dumps(list(c.additions)), json.dumps(list(c.omissions)))
            for c in comparisons
        ],
    )


def load_facts(store: Store, story_id: str | None = None) -> list[Fact]:
    if story_id is None:
        rows = store.query("SELECT data FROM facts ORDER BY story_id, position")
    else:
        rows = store.query(
            "SELECT data FROM facts WHERE story_id = ? ORDER BY position", (story_id,)
        )
    return [_fact_from(json.loads(r[0])) for r in rows]


def load_comparisons(store: Store, story_id: str) -> list[OutletComparison]:
    rows = store.query(
        "SELECT article_id, additions, omissions FROM outlet_comparisons"
        " WHERE story_id = ? ORDER BY article_id",
        (story_id,),
    )
    return [OutletComparison(r[0], tuple(json.loads(r[1])), tuple(json.loads(r[2]))) for r in rows]


def _fact_json(fact: Fact) -> dict[str, Any]:
    return {
        "id": fact.id,
        "story": fact.story_id,
        "text": fact.text,
        "status": fact.status,
        "independent_sources": fact.independent_sources,
        "families": list(fact.families),
        "members": [
            [
                m.article_id,
                m.family_id,
                m.start,
                m.end,
                m.text,
                m.position,
                m.is_quote,
                [list(e) for e in m.entities],
                [list(q) for q in m.quantities],
                list(m.dates),
            ]
            for m in fact.members
        ],
        "variants": [[v.slot, v.value, v.text, list(v.articles)] for v in fact.variants],
        "kind": fact.kind,
        "subject": fact.subject,
    }


def _fact_from(data: dict[str, Any]) -> Fact:
    members = tuple(
        FactUnit(a, f, s, e, t, p, bool(q), tuple((x[0], x[1]) for x in ents),
                 tuple((x[0], x[1], float(x[2]), x[3], x[4]) for x in qs), tuple(ds))
        for a, f, s, e, t, p, q, ents, qs, ds in data["members"]
    )  # fmt: skip
    return Fact(
        data["id"], data["story"], data["text"], data["status"], data["independent_sources"],
        tuple(data["families"]), members,
        tuple(FactVariant(s, value, text, tuple(a)) for s, value, text, a in data["variants"]),
        data.get("kind", "statement"), data.get("subject", ""),
    )  # fmt: skip


def load_fact_clauses(store: Store, keys: Mapping[str, bytes]) -> dict[str, tuple[FactClause, ...]]:
    """The kept clauses of these articles (by id), where they were parsed from what ``keys``
    gives for each (see ``units.parse_key``)."""
    rows = store.query_in(
        "SELECT article_id, key, clauses FROM fact_clauses WHERE article_id IN ({values})", keys
    )
    return {
        article_id: tuple(
            (a, b, tuple((text, label) for text, label in entities))
            for a, b, entities in json.loads(clauses)
        )
        for article_id, key, clauses in rows
        if bytes(key) == keys[article_id]
    }


def save_fact_clauses(
    store: Store, clauses: Mapping[str, tuple[bytes, tuple[FactClause, ...]]]
) -> None:
    """Keep each article's clauses (by id) with the key of what they were parsed from."""
    store.connection.executemany(
        "INSERT OR REPLACE INTO fact_clauses (article_id, key, clauses) VALUES (?, ?, ?)",
        [
            (article_id, key, json.dumps(value, separators=(",", ":")))
            for article_id, (key, value) in clauses.items()
        ],
    )
