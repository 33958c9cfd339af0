"""Progress reporting without a dependency on the terminal: the CLI plugs in a rich bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

Advance = Callable[[int], None]


class Progress(Protocol):
    def task(self, description: str, total: int | None) -> AbstractContextManager[Advance]:
        """A unit of work; call the yielded function with the number of items just done."""
        ...


class NullProgress:
    """Reports nothing (library use, tests, ``--quiet``)."""

    @contextmanager
    def task(self, description: str, total: int | None) -> Iterator[Advance]:
        yield _ignore


def _ignore(_: int) -> None:
    return None


NULL_PROGRESS: Progress = NullProgress()
