"""Named schema migrations, applied in order; a schema change is a new entry, never an edit."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Migration:
    name: str
    statements: tuple[str, ...]


INITIAL = Migration(
    "0001_initial",
    (
        # A document is one record as read, keyed by a hash of its content; its content is kept
        # (zlib) so that a newer cleaner can re-run without the original file.
        """CREATE TABLE documents (
            id TEXT PRIMARY KEY,
            container TEXT NOT NULL,
            body_format TEXT NOT NULL,
            content BLOB NOT NULL,
            encoding TEXT NOT NULL,
            fields TEXT NOT NULL,
            ingested_at TEXT NOT NULL
        )""",
        # Where a document was found. (key, locator) names a place (a resolved file path and a
        # record within it); a changed file gives the place a new version and retires the old.
        """CREATE TABLE locations (
            key TEXT NOT NULL,
            locator TEXT NOT NULL,
            version INTEGER NOT NULL,
            path TEXT NOT NULL,
            document_id TEXT NOT NULL REFERENCES documents(id),
            current INTEGER NOT NULL,
            seen_at TEXT NOT NULL,
            PRIMARY KEY (key, locator, version)
        )""",
        "CREATE INDEX locations_document ON locations(document_id, current)",
        """CREATE TABLE articles (
            id TEXT PRIMARY KEY REFERENCES documents(id),
            stage TEXT NOT NULL,
            title TEXT,
            published TEXT,
            language TEXT,
            text TEXT NOT NULL,
            raw_text TEXT NOT NULL,
            data TEXT NOT NULL
        )""",
        """CREATE TABLE problems (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL,
            stage TEXT NOT NULL,
            code TEXT NOT NULL,
            severity TEXT NOT NULL,
            message TEXT NOT NULL,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX problems_path ON problems(path, stage)",
        # Which articles each stage (by versioned name) has processed: a new version re-runs.
        """CREATE TABLE stage_runs (
            stage TEXT NOT NULL,
            article_id TEXT NOT NULL,
            done_at TEXT NOT NULL,
            PRIMARY KEY (stage, article_id)
        )""",
    ),
)

MIGRATIONS: tuple[Migration, ...] = (INITIAL,)
