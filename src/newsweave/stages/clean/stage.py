"""The cleaning stage: every new document becomes an article.

Before a batch is cleaned, the lines of its documents are recorded per outlet with the story
that carries them (stored in ``outlet_line_stories``): a line found in several different stories
of the same outlet is site furniture (a standard footer, a newsletter prompt), which the line
cleaner then removes as ``repeated``. A story is known by what it says and by its title: a
document that is mostly an earlier story's lines (an update, the same story under a new title)
joins that story (``outlet_stories`` keeps each story's size), and so does one under the same
title (a copy refreshed with other edits), so an outlet that publishes a story again repeats
its lines without making them furniture.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import datetime

from newsweave.hashing import hash64
from newsweave.models import Article, DateValue, Document, Problem, Severity
from newsweave.pipeline.parallel import Submitted, WorkerPool, two_in_flight
from newsweave.pipeline.runner import CURRENT_DOCUMENTS, for_each, mark_done, pending_articles
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.stages.clean.document import clean_document
from newsweave.stages.clean.language import warm_up as language_warm_up
from newsweave.stages.clean.line_features import normalise_line
from newsweave.stages.clean.line_model import load_line_model
from newsweave.stages.clean.metadata import outlet_from_url
from newsweave.store import Store
from newsweave.store.articles import save_articles
from newsweave.store.documents import current_documents

BATCH = 200
# A line carried by this many different stories of one outlet is the outlet's furniture.
REPEATED_MIN_STORIES = 3
# A document belongs to an earlier story of its outlet when the lines they share make up this
# share of both the document's text (furniture aside) and the story's first document: an
# update or a refreshed copy shares most of both; an author's bio and a standard appeal are
# a small part of an article, and a brief that is half furniture is not half of any story.
SAME_STORY_SHARE = 0.5

__all__ = ["CleanStage", "clean_document"]


class CleanStage:
    """Documents -> articles: text without boilerplate, dates and metadata with provenance."""

    name = "clean.text.v3"
    requires = frozenset({"documents"})
    provides = frozenset({"articles"})
    description = (
        "article text without boilerplate (removed parts kept with reasons), title, outlet, "
        "author, publication date and date mentions with their sources"
    )

    def run(self, context: StageContext) -> StageResult:
        store = context.store
        pending = pending_articles(store, self.name, CURRENT_DOCUMENTS)
        batches = [pending[b : b + BATCH] for b in range(0, len(pending), BATCH)]
        counts: list[tuple[int, int]] = []
        with (
            WorkerPool(context.workers) as pool,
            context.progress.task("Cleaning", total=len(pending)) as advance,
        ):
            # While the workers clean one batch, this process records the next one's lines and
            # hands it over, then stores the one the workers finished.
            def submit(ids: list[str]) -> tuple[list[Document], Submitted[Article]]:
                submitted = self._submit(ids, context, pool)
                if ids is batches[0]:
                    # The models the workers load, this process needs for the documents added
                    # one by one after this run: loaded now, while the workers clean.
                    warm_up()
                return submitted

            def finish(batch: tuple[list[Document], Submitted[Article]]) -> None:
                counts.append(self._store(*batch, context))
                advance(len(batch[0]))

            two_in_flight(batches, submit, finish)
        processed = sum(done for done, _ in counts)
        failed = sum(bad for _, bad in counts)
        return StageResult(self.name, processed, failed)

    def _submit(
        self, ids: list[str], context: StageContext, pool: WorkerPool
    ) -> tuple[list[Document], Submitted[Article]]:
        """Record a batch's lines (they decide what is furniture) and hand its documents to
        the workers."""
        with context.store.atomic():
            documents = current_documents(context.store, ids)
            repeated = repeated_lines(context.store, documents)
        jobs = [(doc, context.now, repeated.get(doc.id, frozenset())) for doc in documents]
        return documents, pool.submit(_clean_job, jobs)

    def _store(
        self, documents: list[Document], cleaned: Submitted[Article], context: StageContext
    ) -> tuple[int, int]:
        """Store one cleaned batch in one transaction; a failing document is a problem."""
        articles: list[Article] = []
        outcomes = {
            doc.id: outcome for doc, outcome in zip(documents, cleaned.results(), strict=True)
        }
        with context.store.atomic():

            def clean_one(doc: Document) -> None:
                article = outcomes[doc.id].get()
                for flagged in article.dates:
                    if flagged.flag:
                        context.report(_implausible_date(doc.path, self.name, flagged))
                if not article.text:
                    context.report(_no_text(doc, self.name, article))
                articles.append(article)

            counts = for_each(
                documents, clean_one, stage=self.name, path_of=lambda d: d.path, context=context
            )
            save_articles(context.store, self.name, articles)
            mark_done(context.store, self.name, [d.id for d in documents])
        return counts


def warm_up() -> None:
    """Load what cleaning a plain-text document needs (the language identifier and the text
    line model, half a second with ONNX Runtime's start), so that the first document added
    alone after a run does not wait for it."""
    language_warm_up()
    load_line_model("text")


def _clean_job(job: tuple[Document, datetime, frozenset[str]]) -> Article:
    document, now, repeated = job
    return clean_document(document, now, repeated)


def outlet_key(doc: Document) -> str | None:
    """Which outlet a document belongs to, as far as its container says (else unknown)."""
    if doc.outlet:
        return " ".join(doc.outlet.lower().split())
    return outlet_from_url(doc.url)


def repeated_lines(store: Store, documents: list[Document]) -> dict[str, frozenset[str]]:
    """Record the batch's lines per outlet and story, then give each document its lines that
    recur across at least ``REPEATED_MIN_STORIES`` stories of its outlet (normalised)."""
    by_outlet: dict[str, list[tuple[Document, dict[int, str]]]] = defaultdict(list)
    for doc in documents:
        outlet = outlet_key(doc)
        if outlet is None or doc.body_format != "text":
            continue
        keys = {
            hash64(n): n for n in (normalise_line(line) for line in doc.content.split("\n")) if n
        }
        by_outlet[outlet].append((doc, keys))
    repeated: dict[str, frozenset[str]] = {}
    for outlet, docs in sorted(by_outlet.items()):
        lines = _OutletLines.load(store, outlet, {key for _, keys in docs for key in keys})
        for doc, keys in docs:
            lines.add(doc, keys)
        lines.save(store, outlet)
        for doc, keys in docs:
            repeated[doc.id] = frozenset(text for key, text in keys.items() if lines.furniture(key))
    return repeated


class _OutletLines:
    """An outlet's recorded lines as far as a batch needs them: for each of the batch's lines,
    the stories that carry it (up to the furniture count; more is furniture), and the size of
    those stories. A document joins the earlier story whose lines make up most of its text
    (an update, the same story under a new title), else the story of its title (a copy under
    the same title, edited line by line), else founds its own. A title alone no longer tells
    stories apart: it changes as a story develops."""

    def __init__(
        self, heavy: set[int], stories: dict[int, set[int]], chars: dict[int, int]
    ) -> None:
        self.heavy = heavy
        self.stories = stories
        self.chars = chars
        self.rows: set[tuple[int, int]] = set()
        self.founded: dict[int, int] = {}

    @classmethod
    def load(cls, store: Store, outlet: str, keys: set[int]) -> _OutletLines:
        # A line's MIN and MAX story are all its stories while it is not furniture.
        heavy: set[int] = set()
        stories: dict[int, set[int]] = {}
        for line, count, low, high in store.query_in(
            "SELECT line, COUNT(*), MIN(story), MAX(story) FROM outlet_line_stories"
            " WHERE outlet = ? AND line IN ({values}) GROUP BY line",
            keys,
            [outlet],
        ):
            if count >= REPEATED_MIN_STORIES:
                heavy.add(line)
            else:
                stories[line] = {low, high}
        known = {story for held in stories.values() for story in held}
        chars = {
            story: size
            for story, size in store.query_in(
                "SELECT story, chars FROM outlet_stories WHERE outlet = ? AND story IN ({values})",
                known,
                [outlet],
            )
        }
        return cls(heavy, stories, chars)

    def furniture(self, key: int) -> bool:
        return key in self.heavy or len(self.stories.get(key, ())) >= REPEATED_MIN_STORIES

    def add(self, doc: Document, keys: dict[int, str]) -> None:
        """Give ``doc`` its story and record its lines under it."""
        content = {key: len(text) for key, text in keys.items() if not self.furniture(key)}
        size = sum(content.values())
        shared: Counter[int] = Counter()
        for key, chars in content.items():
            for story in self.stories.get(key, ()):
                shared[story] += chars
        joined = [
            (-chars, story)
            for story, chars in shared.items()
            if chars >= SAME_STORY_SHARE * max(size, self.chars.get(story, 0))
        ]
        if joined:
            story = min(joined)[1]
        else:
            title = normalise_line(doc.title or "")
            story = hash64(title or doc.id)
            self.chars.setdefault(story, size)
            self.founded.setdefault(story, size)
        for key in keys:
            self.rows.add((key, story))
            if key not in self.heavy:
                self.stories.setdefault(key, set()).add(story)

    def save(self, store: Store, outlet: str) -> None:
        store.connection.executemany(
            "INSERT OR IGNORE INTO outlet_line_stories (outlet, line, story) VALUES (?, ?, ?)",
            [(outlet, key, story) for key, story in sorted(self.rows)],
        )
        store.connection.executemany(
            "INSERT OR IGNORE INTO outlet_stories (outlet, story, chars) VALUES (?, ?, ?)",
            [(outlet, story, chars) for story, chars in sorted(self.founded.items())],
        )


def _no_text(doc: Document, stage: str, article: Article) -> Problem:
    """An input left without article text: stored (``show`` lists what was removed), not
    analysed further (``CURRENT_ARTICLES`` skips it)."""
    where = f"{doc.locator}: " if doc.locator else ""
    reasons = Counter(span.label for span in article.removed)
    removed = ", ".join(f"{count} {label}" for label, count in sorted(reasons.items()))
    held = f"all it held was removed ({removed})" if removed else "it held no text"
    return Problem(doc.path, stage, "clean.no_text", f"{where}no article text: {held}")


def _implausible_date(path: str, stage: str, value: DateValue) -> Problem:
    why = (value.flag or "").replace("-", " ")
    message = f"date {value.value} from {value.source} is {why}; not used as publication date"
    return Problem(path, stage, "date.implausible", message, Severity.WARNING)
