"""Storing signatures, fingerprints, copy edges and source families."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from newsweave.models.relations import AlignedPassage, CopyEdge, SourceFamily
from newsweave.store.database import Store

# A fingerprint found in more articles than this is boilerplate or a famous quote: it says
# nothing about who copied whom, and looking it up would make candidate search quadratic.
MAX_FINGERPRINT_ARTICLES = 50


def save_fingerprints(
    store: Store,
    article_id: str,
    signature: np.ndarray[Any, np.dtype[np.uint64]],
    words: int,
    bands: Sequence[int],
    fingerprints: Sequence[int],
) -> None:
    conn = store.connection
    conn.execute("DELETE FROM lsh_bands WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM fingerprints WHERE article_id = ?", (article_id,))
    conn.execute(
        "INSERT OR REPLACE INTO signatures (article_id, minhash, words) VALUES (?, ?, ?)",
        (article_id, signature.astype("<u8").tobytes(), words),
    )
    conn.executemany(
        "INSERT INTO lsh_bands (key, article_id) VALUES (?, ?)", [(k, article_id) for k in bands]
    )
    conn.executemany(
        "INSERT INTO fingerprints (hash, article_id) VALUES (?, ?)",
        [(h, article_id) for h in fingerprints],
    )


def load_signature(store: Store, article_id: str) -> np.ndarray[Any, np.dtype[np.uint64]] | None:
    row = store.query_one("SELECT minhash FROM signatures WHERE article_id = ?", (article_id,))
    if row is None:
        return None
    return np.frombuffer(row["minhash"], dtype="<u8").astype(np.uint64)


def lsh_candidates(store: Store, article_id: str, bands: Sequence[int]) -> set[str]:
    """Articles sharing at least one LSH band with ``article_id``."""
    found: set[str] = set()
    for start in range(0, len(bands), 500):
        chunk = list(bands[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = store.query(
            f"SELECT DISTINCT article_id FROM lsh_bands WHERE key IN ({marks})", chunk
        )
        found.update(r[0] for r in rows)
    found.discard(article_id)
    return found


def fingerprint_candidates(
    store: Store, article_id: str, fingerprints: Sequence[int], minimum: int
) -> dict[str, int]:
    """Articles sharing at least ``minimum`` passage fingerprints (rare ones only), with counts."""
    shared: Counter[str] = Counter()
    for start in range(0, len(fingerprints), 500):
        chunk = list(fingerprints[start : start + 500])
        marks = ",".join("?" * len(chunk))
        rows = store.query(
            f"SELECT hash, article_id FROM fingerprints WHERE hash IN ({marks})", chunk
        )
        by_hash: dict[int, list[str]] = {}
        for row in rows:
            by_hash.setdefault(row[0], []).append(row[1])
        for holders in by_hash.values():
            if len(holders) <= MAX_FINGERPRINT_ARTICLES:
                shared.update(set(holders))
    shared.pop(article_id, None)
    return {other: count for other, count in shared.items() if count >= minimum}


def save_edge(store: Store, edge: CopyEdge) -> None:
    """Store an edge, replacing any edge between the same two articles (either direction)."""
    conn = store.connection
    conn.execute(
        "DELETE FROM copies WHERE (source = ? AND target = ?) OR (source = ? AND target = ?)",
        (edge.source, edge.target, edge.target, edge.source),
    )
    conn.execute(
        "INSERT INTO copies (source, target, kind, containment_source, containment_target,"
        " confidence, evidence, passages) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            edge.source,
            edge.target,
            edge.kind,
            edge.containment_source,
            edge.containment_target,
            edge.confidence,
            json.dumps(list(edge.evidence)),
            json.dumps([_passage_json(p) for p in edge.passages]),
        ),
    )


def delete_edges_of(store: Store, article_ids: Iterable[str]) -> None:
    ids = list(article_ids)
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        marks = ",".join("?" * len(chunk))
        store.connection.execute(
            f"DELETE FROM copies WHERE source IN ({marks}) OR target IN ({marks})", chunk + chunk
        )


def load_edges(store: Store, article_ids: Iterable[str] | None = None) -> list[CopyEdge]:
    """All edges, or those touching ``article_ids``, in a stable order."""
    if article_ids is None:
        rows = store.query("SELECT * FROM copies ORDER BY source, target")
    else:
        ids = sorted(set(article_ids))
        rows = []
        for start in range(0, len(ids), 400):
            chunk = ids[start : start + 400]
            marks = ",".join("?" * len(chunk))
            rows += store.query(
                f"SELECT * FROM copies WHERE source IN ({marks}) OR target IN ({marks})",
                chunk + chunk,
            )
        unique = {(r["source"], r["target"]): r for r in rows}
        rows = [unique[k] for k in sorted(unique)]
    return [
        CopyEdge(
            r["source"],
            r["target"],
            r["kind"],
            r["containment_source"],
            r["containment_target"],
            r["confidence"],
            tuple(json.loads(r["evidence"])),
            tuple(_passage_from(p) for p in json.loads(r["passages"])),
        )
        for r in rows
    ]


def save_families(store: Store, families: Iterable[SourceFamily]) -> None:
    """Record families of two or more (replacing their members' previous family)."""
    conn = store.connection
    for family in families:
        conn.executemany(
            "DELETE FROM families WHERE article_id = ?", [(a,) for a in family.articles]
        )
        if len(family.articles) > 1:
            conn.executemany(
                "INSERT INTO families (article_id, family_id) VALUES (?, ?)",
                [(a, family.id) for a in family.articles],
            )


def family_of(store: Store, article_ids: Iterable[str]) -> dict[str, str]:
    """Each article's family id (an article outside any family is its own: ``family-<id>``)."""
    ids = sorted(set(article_ids))
    out = {a: f"family-{a}" for a in ids}
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        marks = ",".join("?" * len(chunk))
        for row in store.query(
            f"SELECT article_id, family_id FROM families WHERE article_id IN ({marks})", chunk
        ):
            out[row[0]] = row[1]
    return out


def _passage_json(p: AlignedPassage) -> list[Any]:
    return [
        p.kind,
        p.source_start,
        p.source_end,
        p.target_start,
        p.target_end,
        p.similarity,
        p.quoted,
    ]


def _passage_from(data: list[Any]) -> AlignedPassage:
    return AlignedPassage(data[0], data[1], data[2], data[3], data[4], data[5], bool(data[6]))
