"""The Python API: everything the CLI (and later the web app) does, as plain method calls.

>>> with Workspace.open(":memory:") as ws:
...     report = ws.run(["../shared/seeds"])            # doctest: +SKIP
...     [a.title for a in ws.articles()]                 # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import BinaryIO

from newsweave.errors import NotFoundError, UsageError, ambiguous_id, shown
from newsweave.models import Article, Problem, Source
from newsweave.pipeline.progress import NULL_PROGRESS, Progress
from newsweave.pipeline.registry import default_stages
from newsweave.pipeline.runner import CRASHED, check_pipeline, run_pipeline
from newsweave.pipeline.stage import Stage, StageContext, StageResult
from newsweave.stages.ingest.documents import ID_LENGTH as ARTICLE_ID_DIGITS
from newsweave.stages.ingest.ingest import IngestReport, ingest_paths, ingest_sources
from newsweave.stages.ingest.sources import ReadLimits
from newsweave.store import Store
from newsweave.store.articles import find_article, load_articles

ProblemSink = Callable[[Problem], None]

# Additions of up to this many documents are stored and analysed in one transaction (``add``).
ONE_TRANSACTION_MAX = 100


@dataclass
class RunReport:
    """What ``run`` did: the ingest, each stage, and every problem met on the way."""

    ingest: IngestReport
    stages: list[StageResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.problems)

    @property
    def crashed(self) -> bool:
        """Whether a stage failed as a whole (a bug, a model that would not load)."""
        return any(p.code == CRASHED for p in self.problems)


class Workspace:
    """A store plus the pipeline that fills it.

    ``workers``: processes the stages may spread per-article work over. The library default is
    one (this process): more start worker processes with ``spawn``, which re-imports the
    caller's main module, so a script must guard its entry point with
    ``if __name__ == "__main__"`` to use them. The command line uses every core.
    """

    def __init__(
        self, store: Store, stages: Sequence[Stage] | None = None, *, workers: int = 1
    ) -> None:
        self.store = store
        self.workers = workers
        self.stages = list(stages) if stages is not None else default_stages()
        check_pipeline(self.stages)
        # Called when another process is analysing the store and this one waits for it; past
        # ``writer_timeout`` seconds (None: no limit) the wait ends with ``StoreBusyError``.
        self.on_wait: Callable[[], None] | None = None
        self.writer_timeout: float | None = None

    @classmethod
    def open(
        cls, db: str = "newsweave.db", stages: Sequence[Stage] | None = None, *, workers: int = 1
    ) -> Workspace:
        return cls(Store.open(db), stages, workers=workers)

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------------

    def ingest(
        self,
        paths: list[str],
        *,
        limits: ReadLimits | None = None,
        stdin: BinaryIO | None = None,
        progress: Progress = NULL_PROGRESS,
        on_problem: ProblemSink | None = None,
    ) -> IngestReport:
        """Store the documents found under ``paths``; nothing else runs."""
        if not paths:
            raise UsageError("give at least one path (a file, a folder, or - for stdin)")
        return ingest_paths(
            self.store, paths, limits=limits, stdin=stdin, progress=progress, on_problem=on_problem
        )

    def ingest_bytes(
        self, data: bytes, name: str, *, limits: ReadLimits | None = None
    ) -> IngestReport:
        """Store the articles in ``data`` as if read from a file called ``name`` (web uploads)."""
        limits = limits or ReadLimits()
        if len(data) > limits.max_bytes:
            reason = f"over the {limits.max_bytes:,}-byte limit"
            problem = Problem(name, "read", "read.too_large", reason)
            return ingest_sources(self.store, [problem], limits=limits)
        return ingest_sources(self.store, [Source(name, data)], limits=limits)

    def add(
        self,
        data: bytes,
        name: str,
        *,
        limits: ReadLimits | None = None,
        now: datetime | None = None,
    ) -> RunReport:
        """Store the articles in ``data`` (as if read from a file called ``name``) and analyse
        what is new, as the web upload does.

        An addition of up to ``ONE_TRANSACTION_MAX`` documents is stored and analysed in one
        transaction, in this process: one commit instead of one per step of each stage, and a
        reader sees all of it or none. (Work left pending by an earlier ``ingest`` is analysed in
        that transaction too.) A larger addition is analysed as ``run`` does, stage by stage, on
        every worker."""
        # The writer lock first: waiting for it inside the transaction would hold the database
        # from the process that has it.
        with self.store.exclusive(self.on_wait, timeout=self.writer_timeout):
            with self.store.atomic():
                ingested = self.ingest_bytes(data, name, limits=limits)
                small = len(set(ingested.document_ids)) <= ONE_TRANSACTION_MAX
                if small:
                    # Worker processes read through connections of their own, which would not
                    # see this transaction's writes.
                    stages, problems = self.analyse(now=now, workers=1)
            if not small:
                stages, problems = self.analyse(now=now)
        return RunReport(ingested, stages, [*ingested.problems, *problems])

    def analyse(
        self,
        *,
        progress: Progress = NULL_PROGRESS,
        on_problem: ProblemSink | None = None,
        now: datetime | None = None,
        workers: int | None = None,
    ) -> tuple[list[StageResult], list[Problem]]:
        """Run every stage over what is not yet processed (incremental), on ``workers``
        processes (the workspace's by default); one process at a time (``Store.exclusive``)."""
        context = StageContext(
            self.store,
            progress=progress,
            now=now or datetime.now(UTC),
            on_problem=on_problem,
            workers=self.workers if workers is None else workers,
        )
        with self.store.exclusive(self.on_wait, timeout=self.writer_timeout):
            results = run_pipeline(self.stages, context)
        return results, context.problems

    def run(
        self,
        paths: list[str],
        *,
        limits: ReadLimits | None = None,
        stdin: BinaryIO | None = None,
        progress: Progress = NULL_PROGRESS,
        on_problem: ProblemSink | None = None,
        now: datetime | None = None,
    ) -> RunReport:
        """The main job: ingest ``paths``, then run the stages."""
        ingest = self.ingest(
            paths, limits=limits, stdin=stdin, progress=progress, on_problem=on_problem
        )
        stages, problems = self.analyse(progress=progress, on_problem=on_problem, now=now)
        return RunReport(ingest, stages, [*ingest.problems, *problems])

    # -- reading ------------------------------------------------------------------------------

    def articles(self) -> list[Article]:
        return load_articles(self.store)

    def article(self, id_or_prefix: str) -> Article:
        """The article whose id starts with ``id_or_prefix`` (at least 4 characters)."""
        prefix = id_or_prefix.strip().lower()
        if not 4 <= len(prefix) <= ARTICLE_ID_DIGITS or any(
            c not in "0123456789abcdef" for c in prefix
        ):
            raise UsageError(
                f"{shown(id_or_prefix)} is not an article id (4 to {ARTICLE_ID_DIGITS} hex digits)"
            )
        found = find_article(self.store, prefix)
        if not found:
            raise NotFoundError(
                f"no article with id {id_or_prefix!r}; `newsweave articles` lists them"
            )
        if len(found) > 1:
            raise ambiguous_id(id_or_prefix, "articles", [a.id for a in found])
        return found[0]
