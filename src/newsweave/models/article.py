"""Inputs and articles: what was read, and what the cleaner made of it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Source:
    """The bytes of one input file (or of stdin) as given on the command line."""

    path: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class Field:
    """A metadata value and where it came from (``header``, ``html-meta``, ``json``, ...)."""

    value: str
    source: str
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class DateValue:
    """A date (``YYYY-MM-DD``) or date-time (ISO 8601) with its provenance.

    ``flag`` is set when the value is implausible (in the future of the ingest time, before the
    web) and was therefore not used as the publication date.
    """

    value: str
    source: str
    confidence: float
    evidence: str = ""
    flag: str | None = None

    @property
    def date(self) -> str:
        return self.value[:10]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in the clean text at ``[start, end)`` and what it resolves to.

    ``value`` is an ISO day, ``YYYY-MM``, ``YYYY``, or a ``first/last`` range; None when it
    could not be resolved (a relative date without a publication date). ``basis``: ``text``
    (fully written), ``publication-date`` or ``lower-bound`` (what the year or the reference
    came from), ``unresolved``.
    """

    start: int
    end: int
    text: str
    kind: str
    value: str | None
    basis: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch ``[start, end)`` of a text; ``text`` repeats it for readers of exports."""

    start: int
    end: int
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Segment:
    """``length`` characters of clean text at ``text_start`` copied from ``raw_start``."""

    text_start: int
    raw_start: int
    length: int


@dataclass(frozen=True, slots=True)
class Document:
    """One record a reader found in a source, before cleaning.

    ``id`` is a content hash: the same record read twice (from any path) has the same id.
    ``body_format`` says how to clean ``content``: ``text`` or ``html``. The other fields are
    what the container itself said about the record (JSON fields, feed entry, WARC headers).
    """

    id: str
    path: str
    locator: str
    container: str
    body_format: str
    content: str
    encoding: str = "utf-8"
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    author: str | None = None
    language: str | None = None
    crawled: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article.

    ``raw_text`` is everything the input said (the flattened page for HTML); ``removed`` spans
    point into it. ``text`` is the article itself; ``structure`` spans (title, heading,
    list_item, dateline) point into it, and ``segments`` map its offsets back to ``raw_text``.
    ``dates`` are the publication-date candidates (flagged ones included), ``mentions`` the
    dates the text speaks of, ``place`` where a dateline says the story was filed.
    """

    id: str
    path: str
    locator: str
    container: str
    body_format: str
    text: str
    raw_text: str
    title: Field | None = None
    outlet: Field | None = None
    author: Field | None = None
    url: Field | None = None
    published: DateValue | None = None
    updated: DateValue | None = None
    language: str | None = None
    removed: tuple[Span, ...] = ()
    structure: tuple[Span, ...] = ()
    segments: tuple[Segment, ...] = ()
    dates: tuple[DateValue, ...] = field(default=())
    mentions: tuple[DateMention, ...] = ()
    place: Field | None = None

    def raw_offset(self, text_offset: int) -> int:
        """Where a clean-text offset lies in ``raw_text`` (the nearest preceding segment)."""
        best = 0
        for segment in self.segments:
            if segment.text_start > text_offset:
                break
            best = segment.raw_start + min(text_offset - segment.text_start, segment.length)
        return best
