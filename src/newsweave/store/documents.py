"""Storing documents and where they were found, with versions for changed files."""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from newsweave.models import Document
from newsweave.store.database import Store, utc_now

_FIELDS = ("title", "url", "published", "outlet", "author", "language", "crawled")


class Outcome(StrEnum):
    NEW = "new"  # a document never stored before
    KNOWN = "known"  # stored before from another place; only the place is added
    UNCHANGED = "unchanged"  # this place already holds exactly this document
    CHANGED = "changed"  # this place held another document: a new version


@dataclass(frozen=True, slots=True)
class Saved:
    document_id: str
    locator: str
    outcome: Outcome
    version: int


def save_documents(
    store: Store, key: str, documents: Sequence[Document], *, retire_missing: bool
) -> list[Saved]:
    """Store the documents read from one input (``key``: its resolved path) in one transaction.

    With ``retire_missing``, records this input held before but no longer holds stop being
    current (a JSON Lines file that lost a line); skip it when the read was cut short.
    """
    now = utc_now()
    results: list[Saved] = []
    with store.atomic() as conn:
        for doc in documents:
            exists = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc.id,)).fetchone()
            if exists is None:
                conn.execute(
                    "INSERT INTO documents"
                    " (id, container, body_format, content, encoding, fields, ingested_at)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc.id,
                        doc.container,
                        doc.body_format,
                        compress(doc.content),
                        doc.encoding,
                        json.dumps({f: getattr(doc, f) for f in _FIELDS}, ensure_ascii=False),
                        now,
                    ),
                )
            results.append(_place(conn, key, doc, now, is_new=exists is None))
        if retire_missing:
            seen = [s.locator for s in results]
            marks = ",".join("?" * len(seen))
            conn.execute(
                "UPDATE locations SET current = 0"
                f" WHERE key = ? AND current = 1 AND locator NOT IN ({marks})",
                (key, *seen),
            )
    return results


def _place(conn: sqlite3.Connection, key: str, doc: Document, now: str, *, is_new: bool) -> Saved:
    row = conn.execute(
        "SELECT version, document_id, current FROM locations WHERE key = ? AND locator = ?"
        " ORDER BY version DESC LIMIT 1",
        (key, doc.locator),
    ).fetchone()
    if row is not None and row["document_id"] == doc.id:
        if not row["current"]:
            conn.execute(
                "UPDATE locations SET current = 1, seen_at = ?"
                " WHERE key = ? AND locator = ? AND version = ?",
                (now, key, doc.locator, row["version"]),
            )
        return Saved(doc.id, doc.locator, Outcome.UNCHANGED, row["version"])
    version = 1 if row is None else row["version"] + 1
    if row is not None:
        conn.execute(
            "UPDATE locations SET current = 0 WHERE key = ? AND locator = ?", (key, doc.locator)
        )
    conn.execute(
        "INSERT INTO locations (key, locator, version, path, document_id, current, seen_at)"
        " VALUES (?, ?, ?, ?, ?, 1, ?)",
        (key, doc.locator, version, doc.path, doc.id, now),
    )
    outcome = Outcome.CHANGED if row is not None else (Outcome.NEW if is_new else Outcome.KNOWN)
    return Saved(doc.id, doc.locator, outcome, version)


def load_document(store: Store, document_id: str) -> Document | None:
    row = store.query_one(
        "SELECT d.*, l.path, l.locator FROM documents d"
        " LEFT JOIN locations l ON l.document_id = d.id AND l.current = 1"
        " WHERE d.id = ? ORDER BY l.key, l.locator LIMIT 1",
        (document_id,),
    )
    return None if row is None else _document_from_row(row)


def current_documents(store: Store, ids: Iterable[str] | None = None) -> list[Document]:
    """Documents that some place currently holds (one row each, first place by path), in id
    order; with ``ids``, only those (looked up by key, so a batch costs its own size)."""
    query = (
        "SELECT d.*, l.path, l.locator FROM documents d"
        " JOIN locations l ON l.document_id = d.id AND l.current = 1"
    )
    if ids is None:
        rows = store.query(query + " ORDER BY d.id, l.key, l.locator")
    else:
        rows = store.query_in(
            query + " WHERE d.id IN ({values}) ORDER BY d.id, l.key, l.locator", ids
        )
    seen: set[str] = set()
    out: list[Document] = []
    for row in rows:
        if row["id"] not in seen:
            seen.add(row["id"])
            out.append(_document_from_row(row))
    return out


def _document_from_row(row: sqlite3.Row) -> Document:
    fields = json.loads(row["fields"])
    return Document(
        id=row["id"],
        path=row["path"] or "",
        locator=row["locator"] or "",
        container=row["container"],
        body_format=row["body_format"],
        content=decompress(row["content"]),
        encoding=row["encoding"],
        **{f: fields.get(f) for f in _FIELDS},
    )


def compress(text: str) -> bytes:
    return zlib.compress(text.encode("utf-8"), 6)


def decompress(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")
