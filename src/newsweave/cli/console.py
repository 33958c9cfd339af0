"""Terminal output: consoles, problem lines, progress bars that appear only on slow work."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from newsweave.models import Problem
from newsweave.pipeline.progress import Advance

# Wide enough that tables are not cut when output goes to a file or a pipe.
_PIPE_WIDTH = 160

out = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else _PIPE_WIDTH)
err = Console(stderr=True, highlight=False, soft_wrap=True)

SHOW_AFTER_SECONDS = 1.0


def print_json(data: object) -> None:
    """``data`` on standard output as JSON indented by two spaces, written at once: the bytes
    ``rich``'s ``Console.print_json`` wrote to a file or a pipe, uncoloured on a terminal too.
    ``print_json`` parses the text again and styles it token by token, which took 70 s and
    5 GB for a story whose 38,556 copy pairs make 27 MB of JSON."""
    out.file.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    out.file.flush()


def print_problem(problem: Problem) -> None:
    """One line per problem on stderr, plain text (file names may contain markup)."""
    err.print(
        problem.line(), markup=False, style="red" if problem.severity == "error" else "yellow"
    )


class TerminalProgress:
    """A rich progress bar per task, shown only once the task has run for over a second."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and err.is_terminal

    @contextmanager
    def task(self, description: str, total: int | None) -> Iterator[Advance]:
        if not self.enabled:
            yield _ignore
            return
        started = time.monotonic()
        bar: Progress | None = None
        task_id = None
        done = 0

        def advance(count: int) -> None:
            nonlocal bar, task_id, done
            done += count
            if bar is None and time.monotonic() - started > SHOW_AFTER_SECONDS:
                bar = Progress(
                    SpinnerColumn(),
                    TextColumn("{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TimeElapsedColumn(),
                    console=err,
                    transient=True,
                )
                bar.start()
                task_id = bar.add_task(description, total=total, completed=done)
            elif bar is not None and task_id is not None:
                bar.update(task_id, completed=done)

        try:
            yield advance
        finally:
            if bar is not None:
                bar.stop()


def _ignore(_: int) -> None:
    return None
