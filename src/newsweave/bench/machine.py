"""What machine a benchmark ran on, so that figures from different machines can be told apart.

Throughput depends on the processor as much as on the code: the sentence embedder multiplies in
int8, which processors with AVX-512 VNNI do about twice as fast per token as processors with AVX2
alone, and the pure-Python parts follow the clock and the cache. Besides the processor's name
and the instruction sets that matter here, two short reference timings are taken on the spot:
a fixed Python loop and the embedder on fixed sentences. Two runs whose reference timings differ
by 30 % were not on comparable machines (or moments), whatever their code.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from newsweave.pipeline.parallel import usable_cores

# The instruction sets that change what the int8 embedder and numpy cost.
SIMD_FLAGS = ("avx2", "fma", "avx512f", "avx512_vnni", "avx_vnni", "amx_int8")
# Reference workloads: small enough to take about a second in all.
PYTHON_LOOP = 2_000_000
REFERENCE_SENTENCES = (
    "The central bank raised interest rates by a quarter point on Wednesday.",
    "Officials said the storm had cut power to more than 200,000 homes across the region.",
    "The minister told reporters that talks would resume next week in Geneva.",
    "Shares fell sharply after the company warned that profits would miss forecasts.",
    "Rescue teams were still searching for survivors late on Thursday, the agency said.",
    "The court ruled that the law violated the constitution and ordered a new hearing.",
    "Thousands of people marched through the capital to protest against the new tax.",
    "The company said it would cut 2,000 jobs as part of a plan to reduce costs by 2027.",
)
REFERENCE_ROUNDS = 8


@dataclass(frozen=True, slots=True)
class Machine:
    """The processor, the cores this process may use, and the two reference timings."""

    processor: str
    cores: int
    simd: tuple[str, ...]
    python_ns_per_step: float
    embed_ms_per_sentence: float | None  # None when the embedding model is not installed

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"simd": list(self.simd)}

    def describe(self) -> str:
        """One line: ``AMD EPYC, 2 cores, avx2 fma; Python 52 ns a step, embedder 3.1 ms ...``."""
        simd = " ".join(self.simd) or "no AVX2"
        embed = (
            f", embedder {self.embed_ms_per_sentence:.1f} ms a sentence"
            if self.embed_ms_per_sentence is not None
            else ""
        )
        return (
            f"{self.processor}, {self.cores} cores, {simd}; "
            f"Python {self.python_ns_per_step:.0f} ns a step{embed}"
        )


def processor(cpuinfo: str) -> tuple[str, tuple[str, ...]]:
    """The processor's name and the ``SIMD_FLAGS`` it has, from ``/proc/cpuinfo``'s text."""
    name, flags = "", set[str]()
    for line in cpuinfo.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "model name" and not name:
            name = " ".join(value.split())
        elif key in ("flags", "Features") and not flags:
            flags = set(value.split())
    return name or "unknown processor", tuple(f for f in SIMD_FLAGS if f in flags)


def python_ns_per_step(steps: int = PYTHON_LOOP) -> float:
    """Nanoseconds per iteration of a fixed loop of integer arithmetic (best of three)."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(steps):
            total += i & 7
        best = min(best, time.perf_counter() - started)
    return best / steps * 1e9


def embed_ms_per_sentence(embed: Callable[[list[str]], Any]) -> float:
    """Milliseconds per sentence for ``REFERENCE_ROUNDS`` rounds of the reference sentences
    (after one round to warm up), best of three."""
    sentences = list(REFERENCE_SENTENCES) * REFERENCE_ROUNDS
    embed(sentences[: len(REFERENCE_SENTENCES)])
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        embed(sentences)
        best = min(best, time.perf_counter() - started)
    return best / len(sentences) * 1000


def _cpuinfo(path: Path = Path("/proc/cpuinfo")) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def _embedder() -> Callable[[list[str]], Any] | None:
    from newsweave.errors import ModelUnavailableError
    from newsweave.nlp.embed import load_embedder

    try:
        # The model itself: the process-wide embedder would answer the repeated calls from
        # its cache.
        return load_embedder().inner.embed
    except ModelUnavailableError:
        return None


def describe_machine() -> Machine:
    """This machine, with its reference timings taken now."""
    name, simd = processor(_cpuinfo())
    embed = _embedder()
    return Machine(
        name,
        usable_cores(),
        simd,
        round(python_ns_per_step(), 1),
        round(embed_ms_per_sentence(embed), 2) if embed is not None else None,
    )
