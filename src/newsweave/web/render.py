"""Turning stored text into pieces the templates print (each piece autoescaped by Jinja2)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsweave.models import Span


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text and how to show it (a CSS class name, a label for removed parts)."""

    text: str
    css: str = ""
    label: str = ""
    anchor: str = ""


def pieces(text: str, spans: Sequence[Span], css: str) -> list[Piece]:
    """``text`` cut at ``spans``; spanned runs get ``css`` and the span label."""
    out: list[Piece] = []
    position = 0
    for span in sorted(spans, key=lambda s: (s.start, s.end)):
        start, end = max(span.start, position), max(span.end, position)
        if start > position:
            out.append(Piece(text[position:start]))
        if end > start:
            out.append(Piece(text[start:end], css, span.label))
        position = end
    if position < len(text):
        out.append(Piece(text[position:]))
    return out


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are ever rendered as links (no javascript:, data:, ...)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in {"http", "https"} and parts.netloc else None
