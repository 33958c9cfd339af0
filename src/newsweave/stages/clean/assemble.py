"""Building clean text from the raw text minus removed spans, with an offset map back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.models import Segment, Span


@dataclass(frozen=True, slots=True)
class Assembled:
    text: str
    segments: tuple[Segment, ...]

    def text_span(self, raw_start: int, raw_end: int) -> tuple[int, int] | None:
        """Where raw ``[raw_start, raw_end)`` landed in the clean text, if it was kept."""
        for seg in self.segments:
            if seg.raw_start <= raw_start < seg.raw_start + seg.length:
                start = seg.text_start + raw_start - seg.raw_start
                end = min(seg.text_start + seg.length, seg.text_start + raw_end - seg.raw_start)
                return start, end
        return None


def assemble(raw: str, removed: Sequence[Span]) -> Assembled:
    """Keep what no removed span covers, one stripped non-empty line per paragraph."""
    pieces: list[str] = []
    segments: list[Segment] = []
    cursor = 0
    for start, end in _kept_ranges(len(raw), removed):
        for line_start, line_end in _lines(raw, start, end):
            if pieces:
                cursor += 1  # the newline joining paragraphs
            pieces.append(raw[line_start:line_end])
            segments.append(Segment(cursor, line_start, line_end - line_start))
            cursor += line_end - line_start
    return Assembled("\n".join(pieces), tuple(segments))


def _kept_ranges(length: int, removed: Sequence[Span]) -> list[tuple[int, int]]:
    ranges: list[tuple[int, int]] = []
    position = 0
    for span in sorted(removed, key=lambda s: (s.start, s.end)):
        if span.start > position:
            ranges.append((position, span.start))
        position = max(position, span.end)
    if position < length:
        ranges.append((position, length))
    return ranges


def _lines(raw: str, start: int, end: int) -> list[tuple[int, int]]:
    """Stripped, non-empty lines of ``raw[start:end]`` as absolute offsets."""
    out: list[tuple[int, int]] = []
    position = start
    while position < end:
        newline = raw.find("\n", position, end)
        line_end = end if newline == -1 else newline
        s, e = position, line_end
        while s < e and raw[s].isspace():
            s += 1
        while e > s and raw[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
        position = line_end + 1
    return out
