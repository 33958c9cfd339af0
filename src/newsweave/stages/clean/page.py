"""HTML documents: main text, metadata and dates, with the rest of the visible page kept as
removed spans (so a user can see what was dropped, and why)."""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.models import Segment, Span
from newsweave.stages.clean.flatten import flatten_html
from newsweave.stages.clean.html_extract import HtmlDocument, extract_html
from newsweave.stages.clean.line_features import normalise_line
from newsweave.stages.clean.rules import rule_reasons


@dataclass(frozen=True, slots=True)
class CleanedPage:
    raw: str
    text: str
    removed: tuple[Span, ...]
    segments: tuple[Segment, ...]
    structure: tuple[Span, ...]
    document: HtmlDocument


def clean_page(html: str, url: str | None = None) -> CleanedPage:
    """The page's article text; every visible line that is not in it becomes a removed span,
    labelled by the boilerplate rules when one applies (caption, credit, bio, ...)."""
    document = extract_html(html, url=url)
    lines = list(document.visible_lines) or [
        line for line in flatten_html(html).split("\n") if line.strip()
    ]
    raw = "\n".join(lines)
    text = document.text
    kept = _match_lines(lines, text.split("\n"))
    reasons = rule_reasons(lines)
    removed: list[Span] = []
    segments: list[Segment] = []
    position = 0
    for index, line in enumerate(lines):
        start, end = position, position + len(line)
        position = end + 1
        where = kept.get(index)
        if where is None:
            removed.append(Span(start, end, reasons[index] or "boilerplate", line))
        else:
            segments.append(Segment(where, start, len(line)))
    structure: list[Span] = []
    first_line = text.split("\n", 1)[0]
    if (
        document.title
        and first_line
        and normalise_line(first_line) == normalise_line(document.title)
    ):
        structure.append(Span(0, len(first_line), "title", first_line))
    return CleanedPage(
        raw,
        text,
        tuple(removed),
        tuple(sorted(segments, key=lambda s: s.text_start)),
        tuple(structure),
        document,
    )


def _match_lines(raw_lines: list[str], text_lines: list[str]) -> dict[int, int]:
    """Raw line index -> offset of the same line in the text, matching in reading order."""
    positions: dict[str, list[int]] = {}
    offset = 0
    for line in text_lines:
        positions.setdefault(line, []).append(offset)
        offset += len(line) + 1
    out: dict[int, int] = {}
    for index, line in enumerate(raw_lines):
        queue = positions.get(line)
        if queue:
            out[index] = queue.pop(0)
    return out
