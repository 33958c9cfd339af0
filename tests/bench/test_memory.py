"""Peak memory counts the worker processes alive during the measured work."""

from __future__ import annotations

import multiprocessing
import time

from newsweave.bench.memory import PeakMemory

HELD = 200 * 2**20


def _hold(
    ready: multiprocessing.synchronize.Event, done: multiprocessing.synchronize.Event
) -> None:
    block = bytearray(HELD)  # zero-filled: every page is written, so resident
    ready.set()
    done.wait(30)
    del block


def test_a_live_worker_counts_in_the_peak() -> None:
    spawn = multiprocessing.get_context("spawn")
    ready, done = spawn.Event(), spawn.Event()
    with PeakMemory(interval=0.02) as memory:
        alone = memory.sample()
        worker = spawn.Process(target=_hold, args=(ready, done))
        worker.start()
        assert ready.wait(60)
        time.sleep(0.1)
        together = memory.sample()
        done.set()
        worker.join()
    assert together - alone >= HELD * 0.9
    assert memory.megabytes * 2**20 >= together
