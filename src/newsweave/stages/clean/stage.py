"""The cleaning stage: every new document becomes an article."""

from __future__ import annotations

from datetime import datetime

from newsweave.models import Article, DateValue, Document, Problem, Severity
from newsweave.pipeline.runner import for_each, mark_done, pending_articles
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.stages.clean.assemble import assemble
from newsweave.stages.clean.language import detect_language
from newsweave.stages.clean.metadata import (
    choose_date,
    date_candidate,
    first_field,
    outlet_from_url,
)
from newsweave.stages.clean.page import extract_page
from newsweave.stages.clean.plain import clean_plain
from newsweave.store.articles import save_articles
from newsweave.store.documents import current_documents

BATCH = 200
CURRENT_DOCUMENTS = "SELECT DISTINCT document_id AS id FROM locations WHERE current = 1"


class CleanStage:
    """Documents -> articles: text without boilerplate, dates and metadata with provenance."""

    name = "clean.text.v1"
    requires = frozenset({"documents"})
    provides = frozenset({"articles"})
    description = "clean text, removed spans with reasons, title/outlet/author/dates with sources"

    def run(self, context: StageContext) -> StageResult:
        store = context.store
        pending = pending_articles(store, self.name, CURRENT_DOCUMENTS)
        processed = failed = 0
        with context.progress.task("Cleaning", total=len(pending)) as advance:
            for begin in range(0, len(pending), BATCH):
                documents = current_documents(store, pending[begin : begin + BATCH])
                done, bad = self._clean_batch(documents, context)
                processed += done
                failed += bad
                advance(len(documents))
        return StageResult(self.name, processed, failed)

    def _clean_batch(self, documents: list[Document], context: StageContext) -> tuple[int, int]:
        """Clean and store one batch in one transaction; a failing document is a problem."""
        articles: list[Article] = []

        def clean_one(doc: Document) -> None:
            article = clean_document(doc, context.now)
            for flagged in article.dates:
                if flagged.flag:
                    context.report(_implausible_date(doc.path, self.name, flagged))
            articles.append(article)

        with context.store.atomic():
            counts = for_each(
                documents, clean_one, stage=self.name, path_of=lambda d: d.path, context=context
            )
            save_articles(context.store, self.name, articles)
            mark_done(context.store, self.name, [d.id for d in documents])
        return counts


def _implausible_date(path: str, stage: str, value: DateValue) -> Problem:
    why = (value.flag or "").replace("-", " ")
    message = f"date {value.value} from {value.source} is {why}; not used as publication date"
    return Problem(path, stage, "date.implausible", message, Severity.WARNING)


def clean_document(doc: Document, now: datetime) -> Article:
    """One document as an article (pure: the same document and clock give the same article)."""
    if doc.body_format == "html":
        return _clean_html(doc, now)
    return _clean_text(doc, now)


def _clean_text(doc: Document, now: datetime) -> Article:
    cleaned = clean_plain(doc.content)
    header = cleaned.header
    dates = [
        date_candidate(header.get("date"), "header", 1.0, now),
        date_candidate(doc.published, doc.container, 0.9, now),
    ]
    url = first_field([(header.get("url"), "header", 1.0), (doc.url, doc.container, 0.9)])
    text = cleaned.assembled.text
    return Article(
        id=doc.id,
        path=doc.path,
        locator=doc.locator,
        container=doc.container,
        body_format=doc.body_format,
        text=text,
        raw_text=doc.content,
        title=first_field(
            [
                (header.get("title"), "header", 1.0),
                (doc.title, doc.container, 0.9),
                (cleaned.title, "first-line", 0.7),
            ]
        ),
        outlet=first_field(
            [
                (header.get("source"), "header", 1.0),
                (doc.outlet, doc.container, 0.9),
                (outlet_from_url(url.value if url else None), "url", 0.6),
            ]
        ),
        author=first_field(
            [(header.get("author"), "header", 1.0), (doc.author, doc.container, 0.9)]
        ),
        url=url,
        published=choose_date(dates),
        language=header.get("language") or doc.language or detect_language(text),
        removed=cleaned.removed,
        structure=cleaned.structure,
        segments=cleaned.assembled.segments,
        dates=_present(dates),
    )


def _clean_html(doc: Document, now: datetime) -> Article:
    page = extract_page(doc.content, doc.url)
    assembled = assemble(page.text, ())
    dates = [
        date_candidate(doc.published, doc.container, 0.9, now),
        date_candidate(page.date, "html-meta", 0.8, now),
    ]
    url = first_field([(doc.url, doc.container, 0.9), (page.url, "html-meta", 0.8)])
    return Article(
        id=doc.id,
        path=doc.path,
        locator=doc.locator,
        container=doc.container,
        body_format=doc.body_format,
        text=assembled.text,
        raw_text=page.text,
        title=first_field([(doc.title, doc.container, 0.9), (page.title, "html-meta", 0.8)]),
        outlet=first_field(
            [
                (doc.outlet, doc.container, 0.9),
                (page.sitename, "html-meta", 0.8),
                (outlet_from_url(url.value if url else None), "url", 0.6),
            ]
        ),
        author=first_field([(doc.author, doc.container, 0.9), (page.author, "html-meta", 0.8)]),
        url=url,
        published=choose_date(dates),
        language=doc.language or detect_language(assembled.text),
        segments=assembled.segments,
        dates=_present(dates),
    )


def _present(dates: list[DateValue | None]) -> tuple[DateValue, ...]:
    return tuple(d for d in dates if d is not None)
