"""``newsweave eval extraction``: the article-extraction benchmark (AEB, 181 pages).

Two tasks, both through the same code path as ``newsweave run``:
(a) ``html``: the page's HTML in, the article text out;
(b) ``text``: the page flattened to all its visible text (one line per block, as a scraper saves
    it), the plain-text cleaner in, the article text out.
Pages with ``int(id[:2], 16) % 4 == 0`` (47 of 181) are the held-out ``test`` part, never used
for tuning; the rest is ``dev``. Before scoring newsweave, the scorer must reproduce the
published F1 of trafilatura from its reference output (0.958), which proves the metric.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsweave.errors import DatasetError
from newsweave.eval.metrics import PRF, macro_prf, shingle_prf
from newsweave.eval.report import EvalReport, EvalRow
from newsweave.models import Article, Document
from newsweave.pipeline.progress import NULL_PROGRESS, Progress
from newsweave.stages.clean.document import clean_document
from newsweave.stages.clean.flatten import flatten_html

DATASET = "extraction/aeb"
PUBLISHED_TRAFILATURA_F1 = 0.958
SCORER_TOLERANCE = 0.005
# A fixed clock: the benchmark pages are from 2019 and must not depend on today's date.
EVAL_NOW = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Page:
    id: str
    url: str
    html: str
    gold: str

    @property
    def heldout(self) -> bool:
        return int(self.id[:2], 16) % 4 == 0


def load_pages(root: Path) -> list[Page]:
    truth_path = root / "ground-truth.json"
    if not truth_path.is_file():
        raise DatasetError(f"{truth_path} not found: not an AEB dataset folder")
    truth = json.loads(truth_path.read_text("utf-8"))
    pages = []
    for page_id in sorted(truth):
        html_path = root / "html" / f"{page_id}.html.gz"
        if not html_path.is_file():
            raise DatasetError(f"{html_path} is missing")
        html = gzip.decompress(html_path.read_bytes()).decode("utf-8", errors="replace")
        pages.append(
            Page(page_id, truth[page_id].get("url", ""), html, truth[page_id]["articleBody"])
        )
    return pages


def extract_html_body(page: Page) -> str:
    """Task (a) through the cleaning stage exactly as ``run`` uses it."""
    doc = Document(
        id=page.id[:16],
        path=page.id,
        locator="",
        container="html",
        body_format="html",
        content=page.html,
        url=page.url or None,
    )
    return clean_document(doc, EVAL_NOW).text


def flatten_page(page: Page) -> str:
    """The task (b) input: every visible line of the page."""
    return flatten_html(page.html)


def extract_text_body(page: Page) -> str:
    """Task (b): the flattened page through the plain-text cleaner."""
    doc = Document(
        id=page.id[:16],
        path=page.id,
        locator="",
        container="text",
        body_format="text",
        content=flatten_page(page),
    )
    return body_without_title(clean_document(doc, EVAL_NOW))


def body_without_title(article: Article) -> str:
    """The benchmark's bodies leave the headline out; the cleaner keeps it as a title line."""
    titles = [s for s in article.structure if s.label == "title"]
    if not titles:
        return article.text
    title = titles[0]
    return (article.text[: title.start] + article.text[title.end :]).strip()


def scorer_check(root: Path, pages: list[Page]) -> PRF:
    """Score trafilatura's published output; it must land on the published figure."""
    reference_path = root / "reference_outputs" / "trafilatura.json"
    if not reference_path.is_file():
        raise DatasetError(f"{reference_path} not found: cannot check the scorer")
    reference = json.loads(reference_path.read_text("utf-8"))
    outputs = reference.get("output", reference)
    score = macro_prf(
        shingle_prf(outputs.get(p.id, {}).get("articleBody", ""), p.gold) for p in pages
    )
    if abs(score.f1 - PUBLISHED_TRAFILATURA_F1) > SCORER_TOLERANCE:
        raise DatasetError(
            f"scorer check failed: trafilatura's reference output scores F1 {score.f1:.4f}, "
            f"published {PUBLISHED_TRAFILATURA_F1}; the metric or the data is wrong"
        )
    return score


def evaluate_extraction(root: Path, progress: Progress = NULL_PROGRESS) -> EvalReport:
    pages = load_pages(root)
    reference = scorer_check(root, pages)
    rows = [
        _row(
            "scorer.trafilatura",
            "scorer check: trafilatura reference output (published 0.958)",
            reference,
            len(pages),
        )
    ]
    tasks: tuple[tuple[str, str, Callable[[Page], str]], ...] = (
        ("html", "(a) HTML in", extract_html_body),
        ("text", "(b) flattened text in", extract_text_body),
        ("alltext", "baseline: all visible text", flatten_page),
    )
    for key, label, extract in tasks:
        scores: dict[str, list[PRF]] = {"dev": [], "test": []}
        with progress.task(f"eval extraction {key}", total=len(pages)) as advance:
            for page, score in _scored(pages, extract):
                scores["test" if page.heldout else "dev"].append(score)
                advance(1)
        for part in ("dev", "test"):
            rows.append(
                _row(
                    f"{key}.{part}", f"{label}, {part}", macro_prf(scores[part]), len(scores[part])
                )
            )
        rows.append(
            _row(
                f"{key}.all", f"{label}, all", macro_prf(scores["dev"] + scores["test"]), len(pages)
            )
        )
    notes = (
        "test = pages with int(id[:2], 16) % 4 == 0, never used for training or tuning",
        "dev figures are in-sample: the line models were trained on the dev pages; "
        "research/extraction/train_lines.py prints their out-of-fold figures",
    )
    return EvalReport("extraction", str(root), tuple(rows), notes)


def _scored(pages: list[Page], extract: Callable[[Page], str]) -> Iterator[tuple[Page, PRF]]:
    for page in pages:
        yield page, shingle_prf(extract(page), page.gold)


def _row(key: str, label: str, score: PRF, count: int) -> EvalRow:
    return EvalRow(
        key,
        label,
        (("precision", score.precision), ("recall", score.recall), ("f1", score.f1)),
        count,
    )
