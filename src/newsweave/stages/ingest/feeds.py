"""RSS and Atom feeds (feedparser): each entry is an article."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any
from xml.sax import SAXParseException

from newsweave.models import Document, Problem
from newsweave.stages.ingest.documents import make_document

STAGE = "read"


def read_feed(data: bytes, path: str, encoding: str) -> Iterator[Document | Problem]:
    import feedparser

    parsed: Any = feedparser.parse(data)
    entries = list(parsed.get("entries", []))
    if not entries:
        reason = parsed.get("bozo_exception")
        detail = f": {reason}" if reason else ""
        yield Problem(path, STAGE, "feed.no_entries", f"feed has no readable entries{detail}")
        return
    outlet = _clean(parsed.get("feed", {}).get("title"))
    # Not well-formed (a download cut short, say): feedparser keeps the entries it could read,
    # and the one the damage cut into comes back empty. One line says what happened.
    damage = parsed.get("bozo_exception")
    malformed = isinstance(damage, SAXParseException)
    for index, entry in enumerate(entries, start=1):
        html = _entry_html(entry)
        if not html:
            if not (malformed and index == len(entries)):
                yield Problem(
                    path, STAGE, "feed.empty_entry", f"entry {index}: no content or summary"
                )
            continue
        yield make_document(
            path=path,
            locator=f"entry {index}",
            container="feed",
            body_format="html",
            content=html,
            encoding=encoding,
            title=_clean(entry.get("title")),
            url=_clean(entry.get("link")),
            published=_entry_date(entry),
            outlet=outlet,
            author=_clean(entry.get("author")),
            language=_clean(entry.get("language")),
        )
    if malformed:
        yield Problem(
            path,
            STAGE,
            "feed.malformed",
            f"feed is not well-formed XML ({damage.getMessage()}, line {damage.getLineNumber()}, "
            f"column {damage.getColumnNumber()}): only the entries before the damage were read",
        )


def _entry_html(entry: Any) -> str | None:
    contents = entry.get("content") or []
    values = [c.get("value", "") for c in contents if c.get("value")]
    if values:
        return str(max(values, key=len))
    return _clean(entry.get("summary") or entry.get("description"))


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", value)
    return _clean(entry.get("published") or entry.get("updated"))


def _clean(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None
