"""One stored document in, one article out: text, removed parts, metadata with provenance."""

from __future__ import annotations

from datetime import datetime

from newsweave.models import Article, Document, Field, Span
from newsweave.stages.clean.attribution import Dateline, author_from, find_dateline, outlet_from
from newsweave.stages.clean.language import detect_language
from newsweave.stages.clean.metadata import date_candidate, first_field, outlet_from_url
from newsweave.stages.clean.page import clean_page
from newsweave.stages.clean.plain import clean_plain
from newsweave.stages.clean.publication import resolve_publication, url_date


def clean_document(
    doc: Document, now: datetime, repeated_lines: frozenset[str] = frozenset()
) -> Article:
    """``doc`` as an article (pure: the same document, clock and outlet lines give the same
    article). ``repeated_lines`` are normalised lines common to the outlet's articles."""
    if doc.body_format == "html":
        return _from_html(doc, now)
    return _from_text(doc, now, repeated_lines)


def _from_text(doc: Document, now: datetime, repeated_lines: frozenset[str]) -> Article:
    cleaned = clean_plain(doc.content, repeated_lines)
    header = cleaned.header
    text = cleaned.assembled.text
    dateline = find_dateline(text)
    url = first_field([(header.get("url"), "header", 1.0), (doc.url, doc.container, 0.9)])
    url_value = url.value if url else None
    publication = resolve_publication(
        ranked=[
            date_candidate(header.get("date"), "header", 1.0, now),
            date_candidate(doc.published, doc.container, 0.9, now),
            date_candidate(url_date(url_value), "url", 0.7, now),
        ],
        updated=[],
        removed=cleaned.removed,
        text=text,
        now=now,
    )
    return Article(
        id=doc.id,
        path=doc.path,
        locator=doc.locator,
        container=doc.container,
        body_format=doc.body_format,
        text=text,
        raw_text=doc.content,
        title=first_field([
            (header.get("title"), "header", 1.0),
            (doc.title, doc.container, 0.9),
            (cleaned.title, "headline-line", 0.7),
        ]),
        outlet=_outlet([(header.get("source"), "header", 1.0), (doc.outlet, doc.container, 0.9)],
                       cleaned.removed, dateline, url_value),
        author=first_field([(header.get("author"), "header", 1.0),
                            (doc.author, doc.container, 0.9)]) or author_from(cleaned.removed),
        url=url,
        published=publication.published,
        updated=publication.updated,
        language=header.get("language") or doc.language or detect_language(text),
        removed=cleaned.removed,
        structure=_with_dateline(cleaned.structure, dateline, text),
        segments=cleaned.assembled.segments,
        dates=publication.candidates,
        mentions=publication.mentions,
        place=Field(dateline.place, "dateline", 0.8) if dateline else None,
    )  # fmt: skip


def _from_html(doc: Document, now: datetime) -> Article:
    page = clean_page(doc.content, doc.url)
    meta = page.document
    text = page.text
    dateline = find_dateline(text)
    url = first_field([(doc.url, doc.container, 0.9), (meta.url, "html-meta", 0.8)])
    url_value = url.value if url else None
    publication = resolve_publication(
        ranked=[
            date_candidate(doc.published, doc.container, 0.9, now),
            date_candidate(meta.published_meta, "html-meta", 0.95, now),
            date_candidate(meta.date, "html-date", 0.75, now),
            date_candidate(url_date(url_value), "url", 0.7, now),
        ],
        updated=[date_candidate(meta.modified_meta, "html-meta", 0.9, now)],
        removed=page.removed,
        text=text,
        now=now,
    )
    return Article(
        id=doc.id,
        path=doc.path,
        locator=doc.locator,
        container=doc.container,
        body_format=doc.body_format,
        text=text,
        raw_text=page.raw,
        title=first_field([(doc.title, doc.container, 0.9), (meta.title, "html-meta", 0.8)]),
        outlet=_outlet([(doc.outlet, doc.container, 0.9), (meta.sitename, "html-meta", 0.8)],
                       page.removed, dateline, url_value),
        author=first_field([(doc.author, doc.container, 0.9), (meta.author, "html-meta", 0.8)])
        or author_from(page.removed),
        url=url,
        published=publication.published,
        updated=publication.updated,
        language=doc.language or meta.language or detect_language(text),
        removed=page.removed,
        structure=_with_dateline(page.structure, dateline, text),
        segments=page.segments,
        dates=publication.candidates,
        mentions=publication.mentions,
        place=Field(dateline.place, "dateline", 0.8) if dateline else None,
    )  # fmt: skip


def _outlet(
    stated: list[tuple[str | None, str, float]],
    removed: tuple[Span, ...],
    dateline: Dateline | None,
    url: str | None,
) -> Field | None:
    """What the input says, else what its boilerplate suggests, else the URL's host."""
    return (
        first_field(stated)
        or outlet_from(removed, dateline)
        or first_field([(outlet_from_url(url), "url", 0.6)])
    )


def _with_dateline(
    structure: tuple[Span, ...], dateline: Dateline | None, text: str
) -> tuple[Span, ...]:
    if dateline is None:
        return structure
    span = Span(dateline.start, dateline.end, "dateline", text[dateline.start : dateline.end])
    return tuple(sorted((*structure, span), key=lambda s: (s.start, s.end)))
