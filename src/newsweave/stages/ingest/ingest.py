"""Ingest: read every input, store its documents (one transaction per input), record problems."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from newsweave.models import Document, Problem, Source
from newsweave.models.problem import Severity
from newsweave.pipeline.progress import NULL_PROGRESS, Progress
from newsweave.stages.ingest.read import read_source
from newsweave.stages.ingest.sources import STAGE, ReadLimits, iter_sources, printable_path
from newsweave.store import Store
from newsweave.store.database import store_files
from newsweave.store.documents import Outcome, save_documents
from newsweave.store.problems import replace_problems


@dataclass
class IngestReport:
    """What one ingest did; ``document_ids`` are the records read, in input order."""

    inputs: int = 0
    counts: dict[Outcome, int] = field(default_factory=lambda: dict.fromkeys(Outcome, 0))
    document_ids: list[str] = field(default_factory=list)
    stored_ids: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def stored(self) -> int:
        """Documents that added something to the store (new content or a new version)."""
        return self.counts[Outcome.NEW] + self.counts[Outcome.CHANGED]

    def summary(self) -> str:
        c = self.counts
        parts = [f"{self.inputs} input(s)", f"{c[Outcome.NEW]} new"]
        if c[Outcome.CHANGED]:
            parts.append(f"{c[Outcome.CHANGED]} new version(s)")
        if c[Outcome.KNOWN]:
            parts.append(f"{c[Outcome.KNOWN]} already stored from elsewhere")
        parts.append(f"{c[Outcome.UNCHANGED]} unchanged")
        if self.problems:
            parts.append(f"{len(self.problems)} problem(s)")
        text = ", ".join(parts)
        if self.stored == 0 and not self.problems and self.inputs:
            text += " - nothing new to store"
        return text


def ingest_paths(
    store: Store,
    paths: list[str],
    *,
    limits: ReadLimits | None = None,
    stdin: BinaryIO | None = None,
    progress: Progress = NULL_PROGRESS,
    on_problem: Callable[[Problem], None] | None = None,
) -> IngestReport:
    """Read ``paths`` (files, folders, ``-`` for stdin) into ``store``."""
    limits = limits or ReadLimits()
    sources = iter_sources(paths, limits, stdin=stdin, exclude=store_files(store.location))
    return ingest_sources(store, sources, limits=limits, progress=progress, on_problem=on_problem)


def ingest_sources(
    store: Store,
    sources: Iterable[Source | Problem],
    *,
    limits: ReadLimits | None = None,
    progress: Progress = NULL_PROGRESS,
    on_problem: Callable[[Problem], None] | None = None,
) -> IngestReport:
    """Store the documents of ``sources`` (a problem in their place is recorded as such)."""
    limits = limits or ReadLimits()
    report = IngestReport()
    with progress.task("Reading", total=None) as advance:
        for item in sources:
            report.inputs += 1
            if isinstance(item, Problem):
                _record(store, item.path, [item], report, on_problem)
                advance(1)
                continue
            documents: list[Document] = []
            problems: list[Problem] = []
            try:
                for found in read_source(item, limits):
                    (problems if isinstance(found, Problem) else documents).append(found)  # type: ignore[arg-type]
            except Exception as exc:  # a reader failing on one file must not end the run
                reason = f"could not be read ({type(exc).__name__}: {exc})"
                problems.append(Problem(item.path, STAGE, "read.failed", reason))
            # Named inputs ("<stdin>", "<api>/...") are places of their own, not files. A symlink
            # may lead to a name that is not UTF-8: the key is printable like every stored path.
            key = (
                item.path
                if item.path.startswith("<")
                else printable_path(os.path.realpath(item.path))
            )
            with store.atomic():
                damaged = any(_failed(p) for p in problems)
                for saved in save_documents(store, key, documents, retire_missing=not damaged):
                    report.counts[saved.outcome] += 1
                    report.document_ids.append(saved.document_id)
                    if saved.outcome in (Outcome.NEW, Outcome.CHANGED):
                        report.stored_ids.append(saved.document_id)
                _record(store, item.path, problems, report, on_problem)
            advance(1)
    return report


# A source that failed to read, wholly or in part (a truncated archive, a broken JSON line, a
# file emptied or damaged since the last run), retires nothing: the records it held before and
# did not give this time may lie in or past the damage, so they stay current. Warnings (a
# legacy encoding) are reads that worked.
def _failed(problem: Problem) -> bool:
    return problem.severity is Severity.ERROR


def _record(
    store: Store,
    path: str,
    problems: list[Problem],
    report: IngestReport,
    on_problem: Callable[[Problem], None] | None,
) -> None:
    replace_problems(store, path, STAGE, problems)
    report.problems.extend(problems)
    if on_problem is not None:
        for problem in problems:
            on_problem(problem)
