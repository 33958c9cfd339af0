"""Plain-text documents: header, title line, boilerplate out (kept as removed spans)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsweave.models import Span
from newsweave.stages.clean.assemble import Assembled, assemble
from newsweave.stages.clean.header import Header, parse_header

# A sentence end, possibly followed by a closing quote (straight or curly) or bracket.
_TERMINAL = re.compile("[.!:;,]['\"\u2019\u201d)]?$")
MAX_TITLE_WORDS = 25


@dataclass(frozen=True, slots=True)
class CleanedText:
    raw: str
    header: Header
    removed: tuple[Span, ...]
    assembled: Assembled
    structure: tuple[Span, ...]
    title: str | None


def clean_plain(raw: str) -> CleanedText:
    """Split off the header, remove what is not article text, find the title line."""
    header = parse_header(raw)
    removed: list[Span] = []
    if header.end:
        removed.append(Span(0, header.end, "header", raw[: header.end]))
    assembled = assemble(raw, removed)
    structure: list[Span] = []
    title = _title_line(assembled.text)
    if title is not None:
        structure.append(Span(0, len(title), "title", title))
    return CleanedText(raw, header, tuple(removed), assembled, tuple(structure), title)


def _title_line(text: str) -> str | None:
    """The first line, when it reads as a headline: short, no sentence end, more text after."""
    first, _, rest = text.partition("\n")
    if not rest.strip() or not first:
        return None
    words = first.split()
    if not 2 <= len(words) <= MAX_TITLE_WORDS or _TERMINAL.search(first):
        return None
    return first
