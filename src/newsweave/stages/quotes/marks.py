"""Quotation marks: where quoted text begins and ends in an article.

Handles straight and curly double quotes, low-9 and guillemet openers, quotes that run over
several paragraphs (each continued paragraph reopens with a quote mark and only the last one
closes), and quotes inside quotes (single marks within double ones are part of the outer quote).
Single curly or straight quotes are read as top-level quotes only where no double quote is open
and they cannot be apostrophes (a letter on both sides, or a closing mark right after a letter
that begins a clitic such as ’s).
"""

from __future__ import annotations

from dataclasses import dataclass

DOUBLE_OPEN = "“„‟«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚‛"
SINGLE_CLOSE = "’"
ALL_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + "\"'"


@dataclass(frozen=True, slots=True)
class QuotedSpan:
    """``[start, end)`` including the marks; ``pieces`` are per-paragraph parts (one usually)."""

    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    closed: bool


def _opens_straight(text: str, i: int) -> bool:
    """A straight quote opens when nothing word-like precedes it."""
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-/:"


def _is_apostrophe(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before.isalnum() and (after.isalnum() or after in "s")


def _paragraph_ranges(text: str) -> list[tuple[int, int]]:
    out = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((offset, offset + len(line)))
        offset += len(line) + 1
    return out


def _double_quotes_in(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int | None]:
    """Closed double-quoted spans of one paragraph, and the start of one left open at its end."""
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(start, end):
        c = text[i]
        if c in DOUBLE_OPEN and open_at is None:
            open_at = i
        elif c in DOUBLE_CLOSE and open_at is not None:
            spans.append((open_at, i + 1))
            open_at = None
        elif c == '"':
            if open_at is None and _opens_straight(text, i):
                open_at = i
            elif open_at is not None:
                spans.append((open_at, i + 1))
                open_at = None
    return spans, open_at


def _single_quotes_in(
    text: str, start: int, end: int, taken: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: int | None = None
    for i in range(start, end):
        if any(s <= i < e for s, e in taken):
            continue
        c = text[i]
        if c in SINGLE_OPEN or (c == "'" and open_at is None):
            if c == "'" and (not _opens_straight(text, i) or _is_apostrophe(text, i)):
                continue
            if open_at is None:
                open_at = i
        elif c in SINGLE_CLOSE + "'" and open_at is not None:
            if _is_apostrophe(text, i):
                continue
            after = text[i + 1] if i + 1 < end else " "
            if after.isalnum():
                continue
            spans.append((open_at, i + 1))
            open_at = None
    return spans


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Top-level quoted spans of ``text`` in order; a multi-paragraph quote is one span."""
    out: list[QuotedSpan] = []
    pending: list[tuple[int, int]] = []  # pieces of a quote still open across paragraphs
    paragraphs = _paragraph_ranges(text)
    for index, (start, end) in enumerate(paragraphs):
        scan_from = start
        if pending:
            # A continued quote reopens with a mark at the paragraph's start.
            first = start + len(text[start:end]) - len(text[start:end].lstrip())
            if first < end and (text[first] in DOUBLE_OPEN or text[first] == '"'):
                close = _closing_in(text, first + 1, end)
                if close is None:
                    pending.append((first, end))
                    continue
                pending.append((first, close + 1))
                out.append(_joined(pending, closed=True))
                pending = []
                scan_from = close + 1
            else:
                out.append(_joined(pending, closed=False))
                pending = []
        spans, open_at = _double_quotes_in(text, scan_from, end)
        singles = _single_quotes_in(text, scan_from, end, spans)
        merged = sorted(spans + [s for s in singles if not _inside_any(s, spans)])
        out.extend(QuotedSpan(s, e, ((s, e),), True) for s, e in merged)
        if open_at is not None:
            next_starts_quote = index + 1 < len(paragraphs) and text[
                paragraphs[index + 1][0] : paragraphs[index + 1][1]
            ].lstrip()[:1] in (DOUBLE_OPEN + '"')
            if next_starts_quote:
                pending = [(open_at, end)]
            else:
                # An unclosed quote that no paragraph continues: the paragraph's end closes it.
                out.append(QuotedSpan(open_at, end, ((open_at, end),), False))
    if pending:
        out.append(_joined(pending, closed=False))
    return sorted(out, key=lambda q: q.start)


def _closing_in(text: str, start: int, end: int) -> int | None:
    depth_single = False
    for i in range(start, end):
        c = text[i]
        if c in DOUBLE_CLOSE or (c == '"' and not _opens_straight(text, i)):
            return i
        if c in SINGLE_OPEN:
            depth_single = True
        elif c in SINGLE_CLOSE and depth_single:
            depth_single = False
    return None


def _joined(pieces: list[tuple[int, int]], *, closed: bool) -> QuotedSpan:
    return QuotedSpan(pieces[0][0], pieces[-1][1], tuple(pieces), closed)


def _inside_any(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def strip_marks(text: str) -> str:
    """The text without surrounding quotation marks and spaces."""
    return text.strip().strip(ALL_MARKS).strip()
