"""Measuring one corpus size in a fresh process: per-stage throughput, peak memory, and the
cost of adding one article to the filled store.

Run as ``python -m newsweave.bench.measure CORPUS_DIR DB_PATH [--adds N] [--web N]``; prints one
JSON object. A process per size keeps peak-memory figures apart.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from newsweave.bench.memory import PeakMemory
from newsweave.pipeline.parallel import worker_count
from newsweave.pipeline.registry import default_stages
from newsweave.pipeline.stage import Stage
from newsweave.workspace import Workspace

# The stages the throughput target covers (ingest is measured apart).
CORE_PREFIXES = ("clean.", "relate.", "cluster.")


@dataclass
class SizeResult:
    articles: int
    seconds: dict[str, float] = field(default_factory=dict)
    peak_mb: float = 0.0
    add_ms: list[float] = field(default_factory=list)
    web_ms: dict[str, list[float]] = field(default_factory=dict)

    @property
    def core_seconds(self) -> float:
        return sum(self.seconds.values())


def core_stages() -> list[Stage]:
    return [s for s in default_stages() if s.name.startswith(CORE_PREFIXES)]


def measure(corpus: Path, db: Path, adds: int, web_requests: int) -> SizeResult:
    files = sorted(str(p) for p in corpus.glob("*.jsonl.gz"))
    with Workspace.open(str(db), stages=core_stages(), workers=worker_count()) as ws:
        # Sampled while the workers live (the additions run in this process alone, whose own
        # peak counts anyway): the sampling thread would otherwise sit in the latencies.
        with PeakMemory() as memory:
            started = time.perf_counter()
            report = ws.ingest(files)
            result = SizeResult(articles=len(set(report.document_ids)))
            result.seconds["ingest"] = time.perf_counter() - started
            for stage in ws.stages:
                started = time.perf_counter()
                stage.run(_context(ws))
                result.seconds[stage.name] = time.perf_counter() - started
        result.add_ms = _one_at_a_time(ws, corpus, adds)
    # Worker processes (cleaning and clustering features on every core, the relate stage's
    # search in one) count while they live.
    result.peak_mb = memory.megabytes
    if web_requests:
        result.web_ms = _web_latency(db, web_requests)
    return result


def _context(ws: Workspace) -> Any:
    from newsweave.pipeline.stage import StageContext

    return StageContext(ws.store, workers=ws.workers)


def _one_at_a_time(ws: Workspace, corpus: Path, count: int) -> list[float]:
    """Milliseconds to add one new article (stored and analysed in one transaction) to the
    warm, filled store."""
    timings: list[float] = []
    extra = corpus / "extra.jsonl"
    if not extra.is_file() or count == 0:
        return timings
    lines = [line for line in extra.read_text("utf-8").splitlines() if line.strip()][:count]
    for number, line in enumerate(lines):
        started = time.perf_counter()
        ws.add(line.encode("utf-8"), f"<bench>/extra-{number}")
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def _web_latency(db: Path, requests: int) -> dict[str, list[float]]:
    """Milliseconds per request for the pages the issue names, in-process (no network)."""
    from fastapi.testclient import TestClient

    from newsweave.web.app import create_app
    from newsweave.web.settings import WebSettings

    out: dict[str, list[float]] = {}
    with TestClient(create_app(WebSettings(db=str(db)))) as client:
        for name, path in _web_paths(client):
            client.get(path)  # warm caches once
            timings = []
            for _ in range(requests):
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code}")
            out[name] = timings
    return out


def _web_paths(client: Any) -> list[tuple[str, str]]:
    paths = [("story list", "/")]
    stories = client.get("/api/v1/stories", params={"limit": 1})
    if stories.status_code == 200 and stories.json()["items"]:
        story = stories.json()["items"][0]["id"]
        paths.append(("story page", f"/stories/{story}"))
    return paths


def percentile(values: Sequence[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main(argv: Sequence[str]) -> int:
    corpus, db = Path(argv[0]), Path(argv[1])
    adds = int(argv[argv.index("--adds") + 1]) if "--adds" in argv else 0
    web = int(argv[argv.index("--web") + 1]) if "--web" in argv else 0
    result = measure(corpus, db, adds, web)
    print(
        json.dumps(
            {
                **asdict(result),
                "median_add_ms": statistics.median(result.add_ms) if result.add_ms else None,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
