"""The stage contract."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from newsweave.models import Problem
from newsweave.pipeline.progress import NULL_PROGRESS, Progress
from newsweave.store import Store


@dataclass
class StageContext:
    """What a stage may use: the store, a clock, progress, a sink for per-input problems, and
    how many processes it may run its per-article work in (``workers``; 1: this one only)."""

    store: Store
    progress: Progress = NULL_PROGRESS
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    on_problem: Callable[[Problem], None] | None = None
    problems: list[Problem] = field(default_factory=list)
    workers: int = 1

    def report(self, problem: Problem) -> None:
        self.problems.append(problem)
        if self.on_problem is not None:
            self.on_problem(problem)


@dataclass(frozen=True, slots=True)
class StageResult:
    """What one stage did in one run."""

    stage: str
    processed: int
    failed: int = 0
    note: str = ""


class Stage(Protocol):
    """A step of the pipeline. ``name`` carries a version: a changed behaviour is a new name."""

    @property
    def name(self) -> str: ...

    @property
    def requires(self) -> frozenset[str]: ...

    @property
    def provides(self) -> frozenset[str]: ...

    @property
    def description(self) -> str: ...

    def run(self, context: StageContext) -> StageResult: ...
