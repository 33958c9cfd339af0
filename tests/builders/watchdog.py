"""A guard against hangs: fails a block that runs far longer than it ever should."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def watchdog(seconds: int) -> Iterator[None]:
    """Raise ``TimeoutError`` in the block once ``seconds`` have passed (SIGALRM, main thread).

    Not a speed measure: the bound is generous, for work that takes milliseconds and that a
    pattern matching in exponentially many ways would never finish."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
