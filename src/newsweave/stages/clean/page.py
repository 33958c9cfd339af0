"""HTML documents: main text and metadata through trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PageExtraction:
    text: str
    title: str | None
    author: str | None
    sitename: str | None
    url: str | None
    date: str | None


def extract_page(html: str, url: str | None = None) -> PageExtraction:
    """Main text (one paragraph per line) and metadata; empty text when nothing is found."""
    import trafilatura

    try:
        result: Any = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            favor_precision=True,
            include_comments=False,
        )
    except Exception:  # trafilatura raises on some broken documents; treat as "nothing found"
        result = None
    data: dict[str, Any] = {}
    if result is not None:
        data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = (data.get("text") or "").strip() or visible_text(html)
    return PageExtraction(
        text=text,
        title=data.get("title") or None,
        author=data.get("author") or None,
        sitename=data.get("sitename") or data.get("hostname") or None,
        url=data.get("url") or url,
        date=data.get("date") or None,
    )


def visible_text(html: str) -> str:
    """All visible text, one block per line: the fallback when no main text is found."""
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for element in root.xpath("//script|//style|//noscript|//template|//head"):
        element.drop_tree()
    lines = [" ".join(t.split()) for t in root.itertext()]
    return "\n".join(line for line in lines if line)
