"""Plain-text documents: the header line, then the line cleaner, with removed spans kept."""

from __future__ import annotations

from dataclasses import dataclass, replace

from newsweave.models import Span
from newsweave.stages.clean.assemble import Assembled, assemble
from newsweave.stages.clean.boilerplate import LineDecision, clean_plain_text
from newsweave.stages.clean.header import Header, parse_header
from newsweave.stages.clean.line_features import normalise_line

STRUCTURE_KINDS = frozenset({"title", "heading", "list_item"})


@dataclass(frozen=True, slots=True)
class CleanedText:
    raw: str
    header: Header
    removed: tuple[Span, ...]
    assembled: Assembled
    structure: tuple[Span, ...]
    title: str | None


def _mark_repeated(decision: LineDecision, line: str, repeated: frozenset[str]) -> LineDecision:
    """A line the outlet prints in article after article is its furniture, whatever its shape
    (the title excepted: a recurring series headline still names the article)."""
    if decision.keep and decision.kind != "title" and normalise_line(line) in repeated:
        return replace(decision, keep=False, kind="repeated")
    return decision


def clean_plain(raw: str, repeated_lines: frozenset[str] = frozenset()) -> CleanedText:
    """Split off the header, remove what is not article text (with the reason), keep headings
    and list items as structure, find the title line."""
    header = parse_header(raw)
    removed: list[Span] = []
    if header.end:
        removed.append(Span(0, header.end, "header", raw[: header.end]))
    offset = header.end
    decisions = clean_plain_text(raw[offset:], repeated_lines=repeated_lines)
    if repeated_lines:
        decisions = [
            _mark_repeated(d, raw[offset + d.start : offset + d.end], repeated_lines)
            for d in decisions
        ]
    for d in decisions:
        if not d.keep:
            removed.append(
                Span(
                    offset + d.start, offset + d.end, d.kind, raw[offset + d.start : offset + d.end]
                )
            )
    assembled = assemble(raw, removed)
    structure: list[Span] = []
    title: str | None = None
    for d in decisions:
        if d.keep and d.kind in STRUCTURE_KINDS:
            where = assembled.text_span(offset + d.start, offset + d.end)
            if where is not None:
                start, end = where
                structure.append(Span(start, end, d.kind, assembled.text[start:end]))
                if d.kind == "title" and title is None:
                    title = assembled.text[start:end]
    return CleanedText(raw, header, tuple(removed), assembled, tuple(structure), title)
