"""Peak memory of a process together with its worker processes.

``getrusage`` cannot give it: for children it reports the largest one's peak, and on Linux a
child started with spawn (fork, then exec) keeps as its peak the resident size of the parent at
the fork, so a worker started late in a run "peaks" at the size of the process that started it.
Here a thread adds up the resident memory of the process and its live descendants every
``interval`` seconds and keeps the largest sum (pages shared between processes count once per
process, as ``ps`` counts them).
"""

from __future__ import annotations

import resource
import threading
from types import TracebackType

import psutil

# Seconds between samples: a worker's memory rises and falls over seconds, and each sample
# lists every process of the machine to find the descendants.
INTERVAL = 0.25


class PeakMemory:
    """Use as a context manager around the work to measure; ``megabytes`` once it is done."""

    def __init__(self, interval: float = INTERVAL) -> None:
        self._interval = interval
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="newsweave-memory", daemon=True)
        self._process = psutil.Process()

    @property
    def megabytes(self) -> float:
        """The largest total seen, and never less than this process's own peak."""
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        return max(self._peak, own) / 2**20

    def sample(self) -> int:
        """Resident bytes of this process and its live descendants, now."""
        total = 0
        for process in [self._process, *self._process.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.Error:  # it ended between the listing and the reading
                continue
        self._peak = max(self._peak, total)
        return total

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            self.sample()

    def __enter__(self) -> PeakMemory:
        self.sample()
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
