"""``newsweave bench``: corpora of growing size, each measured in its own process."""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsweave.bench.corpus import generate, load_base_texts, write_corpus
from newsweave.bench.machine import Machine, describe_machine
from newsweave.bench.measure import percentile
from newsweave.errors import NewsweaveError
from newsweave.pipeline.progress import NULL_PROGRESS, Progress

DEFAULT_SIZES = (1000, 10000, 50000)


@dataclass(frozen=True)
class BenchRow:
    """One corpus size: seconds per stage, throughput, memory, incremental and web latency."""

    articles: int
    seconds: dict[str, float]
    peak_mb: float
    add_ms: list[float]
    web_ms: dict[str, list[float]]

    @property
    def core_seconds(self) -> float:
        return sum(self.seconds.values())

    def rate(self, stage: str | None = None) -> float:
        seconds = self.core_seconds if stage is None else self.seconds[stage]
        return self.articles / seconds if seconds else math.inf


@dataclass(frozen=True)
class BenchReport:
    rows: tuple[BenchRow, ...]
    machine: Machine | None = None

    def growth_exponent(self) -> float | None:
        """Slope of log(time) against log(size), least squares: 1.0 is linear."""
        points = [
            (math.log(r.articles), math.log(r.core_seconds))
            for r in self.rows
            if r.core_seconds > 0
        ]
        if len(points) < 2:
            return None
        mean_x = sum(x for x, _ in points) / len(points)
        mean_y = sum(y for _, y in points) / len(points)
        num = sum((x - mean_x) * (y - mean_y) for x, y in points)
        den = sum((x - mean_x) ** 2 for x, _ in points)
        return num / den if den else None

    def as_json(self) -> dict[str, Any]:
        return {
            "rows": [
                {
                    "articles": r.articles,
                    "seconds": r.seconds,
                    "articles_per_second": {stage: round(r.rate(stage), 1) for stage in r.seconds}
                    | {"core": round(r.rate(), 1)},
                    "peak_mb": round(r.peak_mb, 1),
                    "add_one_ms": {
                        "p50": percentile(r.add_ms, 0.5),
                        "p95": percentile(r.add_ms, 0.95),
                    }
                    if r.add_ms
                    else None,
                    "web_ms": {
                        k: {"p50": percentile(v, 0.5), "p95": percentile(v, 0.95)}
                        for k, v in r.web_ms.items()
                    },
                }
                for r in self.rows
            ],
            "growth_exponent": self.growth_exponent(),
            "machine": self.machine.as_json() if self.machine is not None else None,
        }


def run_bench(
    benchmarks: Path,
    sizes: Sequence[int] = DEFAULT_SIZES,
    *,
    adds: int = 20,
    web_requests: int = 50,
    web_min_size: int = 10000,
    progress: Progress = NULL_PROGRESS,
) -> BenchReport:
    """Describe the machine, build each corpus, measure it in a child process, collect the
    rows."""
    bases = load_base_texts(benchmarks)
    machine = describe_machine()
    sizes = sorted(sizes)
    rows: list[BenchRow] = []
    with (
        tempfile.TemporaryDirectory(prefix="newsweave-bench-") as folder,
        progress.task("Benchmark", total=len(sizes)) as advance,
    ):
        for size in sizes:
            corpus = Path(folder) / f"corpus-{size}"
            records = generate(bases, size + adds)
            write_corpus(itertools.islice(records, size), corpus)
            extra = [json.dumps(r, ensure_ascii=False) for r in records]
            (corpus / "extra.jsonl").write_text("\n".join(extra) + "\n", encoding="utf-8")
            db = Path(folder) / f"bench-{size}.db"
            command = [
                sys.executable,
                "-m",
                "newsweave.bench.measure",
                str(corpus),
                str(db),
                "--adds",
                str(adds),
            ]
            if size >= web_min_size:
                command += ["--web", str(web_requests)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise NewsweaveError(
                    f"benchmark of {size} articles failed: {_failure(done.returncode, done.stderr)}"
                )
            data = json.loads(done.stdout.strip().splitlines()[-1])
            rows.append(
                BenchRow(
                    data["articles"],
                    data["seconds"],
                    data["peak_mb"],
                    data["add_ms"],
                    data["web_ms"],
                )
            )
            advance(1)
    return BenchReport(tuple(rows), machine)


def _failure(code: int, stderr: str) -> str:
    """One line for a measuring process that failed: its last word (a traceback's last line is
    the exception), or the signal that ended it (the kernel's out-of-memory killer sends 9)."""
    if code < 0:
        return f"the measuring process was killed by signal {-code}" + (
            " (out of memory?)" if -code == 9 else ""
        )
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[-1] if lines else f"the measuring process exited with {code}"
