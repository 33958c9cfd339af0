"""Loading the AEB article-extraction benchmark and its fixed DEV/TEST split (research only).

The benchmark is read from ../shared (never copied). TEST = page ids whose first byte (two hex
digits) is divisible by 4; it is never looked at while tuning.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from newsweave.eval.metrics import PRF, macro_prf, shingle_prf

REPO = Path(__file__).resolve().parents[2]
AEB = REPO.parent / "shared" / "benchmarks" / "extraction" / "aeb"


@dataclass(frozen=True, slots=True)
class Page:
    page_id: str
    url: str
    gold: str

    def html(self) -> str:
        with gzip.open(AEB / "html" / f"{self.page_id}.html.gz", "rb") as fh:
            return fh.read().decode("utf-8", "replace")


def is_test(page_id: str) -> bool:
    return int(page_id[:2], 16) % 4 == 0


def load_pages(part: str) -> list[Page]:
    """``part`` is "dev", "test" or "all"; pages sorted by id."""
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    pages = [Page(pid, item.get("url", ""), item["articleBody"]) for pid, item in truth.items()]
    if part == "dev":
        pages = [p for p in pages if not is_test(p.page_id)]
    elif part == "test":
        pages = [p for p in pages if is_test(p.page_id)]
    return sorted(pages, key=lambda p: p.page_id)


def score(outputs: dict[str, str], pages: Iterable[Page]) -> PRF:
    return macro_prf(shingle_prf(outputs.get(p.page_id, ""), p.gold) for p in pages)


def run(fn: Callable[[Page], str], pages: Iterable[Page]) -> dict[str, str]:
    return {p.page_id: fn(p) for p in pages}


def fmt(name: str, prf: PRF, n: int) -> str:
    return f"{name:<28} n={n:<4} P={prf.precision:.4f} R={prf.recall:.4f} F1={prf.f1:.4f}"
