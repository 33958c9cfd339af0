"""RSS and Atom feeds (feedparser): each entry is an article."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any
from xml.sax import SAXParseException

from newsweave.models import Document, Problem, Severity
from newsweave.stages.ingest.documents import make_document
from newsweave.stages.ingest.sniff import FEED_ROOT

STAGE = "read"
_CDATA = re.compile(r"<!\[CDATA\[.*?\]\]>", re.S)
_ENTRY_TAG = re.compile(r"<(?:item|entry)[\s>/]", re.I)


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
    # Cut short (a download that stopped): feedparser keeps the entries it could read, and the
    # one the cut went into comes back empty. One line says what happened. (Feeds using HTML
    # entities such as &nbsp; are not well-formed XML either, but feedparser reads them whole.)
    damage = parsed.get("bozo_exception")
    cut = isinstance(damage, SAXParseException) and _ends_inside_root(data)
    for index, entry in enumerate(entries, start=1):
        html = _entry_html(entry)
        if not html:
            if not (cut and index == len(entries)):
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
    if cut:
        yield Problem(
            path,
            STAGE,
            "feed.truncated",
            f"feed ends before its root element closes ({_where(damage)}): only the entries "
            "before the cut were read",
        )
    elif isinstance(damage, SAXParseException) and damage.getMessage() != "undefined entity":
        yield _malformed(path, damage, len(entries), _entry_tags(data))


def _where(damage: SAXParseException) -> str:
    return (
        f"{damage.getMessage()}, line {damage.getLineNumber()}, column {damage.getColumnNumber()}"
    )


def _malformed(path: str, damage: SAXParseException, read: int, tagged: int) -> Problem:
    """A feed that is not well-formed XML: feedparser reads it leniently, and may lose entries
    (stray markup such as "<<<>>>" drops the entries after it) or parts of them (a mistyped
    end tag)."""
    if tagged > read:
        return Problem(
            path,
            STAGE,
            "feed.malformed",
            f"feed is not well-formed XML ({_where(damage)}): {tagged - read} of its {tagged} "
            "entries could not be read",
        )
    return Problem(
        path,
        STAGE,
        "feed.malformed",
        f"feed is not well-formed XML ({_where(damage)}): read leniently, an entry may be "
        "incomplete",
        Severity.WARNING,
    )


def _entry_tags(data: bytes) -> int:
    """How many entries the feed's markup opens (CDATA sections left out)."""
    return len(_ENTRY_TAG.findall(_CDATA.sub("", data.decode("utf-8", "ignore"))))


def _ends_inside_root(data: bytes) -> bool:
    """Whether the feed stops before the end tag of its root element."""
    root = FEED_ROOT.search(data[:4096].decode("utf-8", "ignore"))
    if root is None:
        return False
    return not data.rstrip().lower().endswith(f"</{root.group(1).lower()}>".encode())


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
