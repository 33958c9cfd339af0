"""Running a pure per-item function on every core, results in input order.

Stages whose work is a pure function of one input (cleaning a document) hand batches to a
``WorkerPool``. Small batches (adding a few articles) run in the calling process: starting
workers costs about a second, more than the work. Workers are started with ``spawn``, never
``fork``: the calling process may hold an SQLite connection and onnxruntime threads, which a
forked child must not inherit.

A failing item does not stop the batch: its exception comes back in its place, for the stage to
record as that input's problem. How many workers a run may use is the caller's choice (the
command line takes ``worker_count()``: the cores this process may use, or ``NEWSWEAVE_WORKERS``).

Work that is not a pure function of one item (a run's batches, each depending on those before
it) goes to a ``StatefulWorker``: one process, tasks in submission order, state kept between
them.

While workers run, every process involved (the workers and the caller) does its linear algebra
on one thread: the cores are already shared out by process, and BLAS threads waiting for work
only take CPU from the others (the clustering stage alone on the 10k bench store: 14.0/13.6 ->
12.5/12.3 s, the same stories).
"""

from __future__ import annotations

import functools
import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Generic, Self, TypeVar

from threadpoolctl import threadpool_limits

from newsweave.errors import UsageError

T = TypeVar("T")
R = TypeVar("R")
B = TypeVar("B")
S = TypeVar("S")

# Below this many items a batch runs in the calling process.
MIN_PARALLEL_ITEMS = 32
# Threads of a neural model (an ONNX Runtime session) outside worker processes: fixed, so that
# timings are reproducible, at the target machine's two cores. The results do not depend on it.
MODEL_THREADS = 2
WORKERS_VARIABLE = "NEWSWEAVE_WORKERS"


def worker_count() -> int:
    """Workers to use: ``NEWSWEAVE_WORKERS`` if set (at least 1), else the usable cores."""
    configured = os.environ.get(WORKERS_VARIABLE, "").strip()
    if configured:
        try:
            return max(1, int(configured))
        except ValueError:
            raise UsageError(
                f"{WORKERS_VARIABLE} must be a whole number, not {configured!r}"
            ) from None
    return usable_cores()


def usable_cores() -> int:
    """The cores this process may run on."""
    return max(1, len(os.sched_getaffinity(0)))


@dataclass(frozen=True, slots=True)
class Outcome(Generic[R]):
    """What one item gave: its result, or the exception it raised."""

    value: R | None
    error: BaseException | None

    def get(self) -> R:
        """The result, or the item's exception raised again here."""
        if self.error is not None:
            raise self.error
        return self.value  # type: ignore[return-value]


def _outcome(work: Callable[[T], R], item: T) -> Outcome[R]:
    try:
        return Outcome(work(item), None)
    except Exception as exc:  # per-item failure: handed back, the batch goes on
        return Outcome(None, _portable(exc))


def _portable(exc: Exception) -> Exception:
    """The exception, or one that says the same, if it cannot travel back from a worker."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


class Submitted(Generic[R]):
    """Outcomes of a batch handed to a ``WorkerPool``, in input order, once they are in."""

    def __init__(self, outcomes: Iterator[Outcome[R]]) -> None:
        self._outcomes = outcomes

    def results(self) -> list[Outcome[R]]:
        """The outcomes (waiting for them if need be); to be asked once."""
        return list(self._outcomes)


def two_in_flight(
    batches: Iterable[B], submit: Callable[[B], S], finish: Callable[[S], None]
) -> None:
    """``submit`` each batch (hand it to workers), and ``finish`` each submitted one (store what
    they gave) once the next is submitted: the workers have a batch while this process stores
    the one before. Batches are finished in order."""
    in_flight: deque[S] = deque()
    for batch in batches:
        in_flight.append(submit(batch))
        if len(in_flight) > 1:
            finish(in_flight.popleft())
    while in_flight:
        finish(in_flight.popleft())


class Closing:
    """Closed on leaving a ``with`` block."""

    def close(self) -> None:
        pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


_IN_WORKER = False


def model_threads() -> int:
    """Threads a neural model made in this process may use: one in a worker process (the cores
    are shared out by process), else ``MODEL_THREADS``."""
    return 1 if _IN_WORKER else MODEL_THREADS


def _one_thread_each(initializer: Callable[..., None] | None, initargs: tuple[object, ...]) -> None:
    """A worker process's start: linear algebra and neural models on one thread, then
    ``initializer``."""
    import numpy  # noqa: F401  (loads the BLAS library, so that the limit reaches it)

    global _IN_WORKER
    _IN_WORKER = True
    threadpool_limits(1)
    if initializer is not None:
        initializer(*initargs)


class _SharedCores(Closing):
    """While open, this process's linear algebra runs on one thread (workers have the rest)."""

    def __init__(self) -> None:
        self._limits = threadpool_limits(1)

    def close(self) -> None:
        self._limits.restore_original_limits()


class WorkerPool(Closing):
    """A lazily started process pool; use as a context manager so workers are shut down."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._executor: Executor | None = None
        self._shared: _SharedCores | None = None

    def map(self, work: Callable[[T], R], items: Sequence[T]) -> list[Outcome[R]]:
        """``work`` applied to each item (in workers when the batch is large enough).

        ``work`` must be a module-level function and items and results picklable.
        """
        return self.submit(work, items).results()

    def submit(self, work: Callable[[T], R], items: Sequence[T]) -> Submitted[R]:
        """``map`` that returns at once: in workers the items are worked on while the caller
        goes on (with the previous batch, say); ``results()`` waits for them. In this process
        they are done before it returns."""
        if self.workers == 1 or len(items) < MIN_PARALLEL_ITEMS:
            return Submitted(iter([_outcome(work, item) for item in items]))
        if self._executor is None:
            self._shared = _SharedCores()
            self._executor = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_one_thread_each,
                initargs=(None, ()),
            )
        # A few chunks per worker: balanced load, little pickling overhead.
        chunk = max(1, len(items) // (self.workers * 4))
        return Submitted(
            self._executor.map(functools.partial(_outcome, work), items, chunksize=chunk)
        )

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None
        if self._shared is not None:
            self._shared.close()
            self._shared = None


class StatefulWorker(Closing):
    """One worker process that keeps state between tasks, made by ``initializer(*initargs)``
    when it starts; tasks run one after the other in the order they were submitted. For work
    whose caches must persist across a run's batches (and whose results may depend on them)."""

    def __init__(self, initializer: Callable[..., None], initargs: tuple[object, ...]) -> None:
        self._shared = _SharedCores()
        self._executor = ProcessPoolExecutor(
            1,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_one_thread_each,
            initargs=(initializer, initargs),
        )

    def submit(self, work: Callable[[T], R], item: T) -> Future[R]:
        """``work(item)`` in the worker; ``work`` must be a module-level function."""
        return self._executor.submit(work, item)

    def close(self) -> None:
        self._executor.shutdown(cancel_futures=True)
        self._shared.close()
