"""Each ``newsweave eval STAGE``: where its data lives, how it runs, its figures by name.

Every suite returns an :class:`EvalReport` whose figures (``<row>.<metric>``) are checked against
the floors pinned in ``floors.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsweave.errors import DatasetError
from newsweave.eval.datasets import dataset_path
from newsweave.eval.metrics import ClusterScores
from newsweave.eval.report import EvalReport, EvalRow
from newsweave.pipeline.progress import NULL_PROGRESS, Progress


@dataclass(frozen=True)
class Suite:
    name: str
    dataset: str
    run: Callable[[Path, Progress], EvalReport]
    description: str


def _extraction(folder: Path, progress: Progress) -> EvalReport:
    from newsweave.eval.extraction import evaluate_extraction

    return evaluate_extraction(folder, progress)


def _clustering(folder: Path, progress: Progress) -> EvalReport:
    from newsweave.eval.clustering import evaluate_clustering

    ecbplus, basil = _clustering_roots(folder)
    report = evaluate_clustering(ecbplus, basil)
    rows = []
    for row in report.rows:
        key = f"{row.dataset}.{row.part.lower().replace('-', '')}.{row.mode}.{row.level}"
        clusters = f"{row.predicted_clusters} vs {row.gold_clusters} gold"
        label = f"{row.dataset} {row.part} {row.mode} {row.level}s ({clusters})"
        rows.append(EvalRow(key, label, _cluster_values(row.scores), row.articles))
    notes = (
        "held-out: ECB+ topics 2,5,12,18,21,23,34,35 (the usual dev topics); BASIL events with "
        "sha1(triplet-uuid)[0] in 0-4; incremental = one article at a time in date order",
    )
    return EvalReport("clustering", str(folder), tuple(rows), notes)


def _clustering_roots(folder: Path) -> tuple[Path | None, Path | None]:
    """``folder`` is the benchmarks' ``clustering`` folder, or one of its datasets."""
    if (folder / "articles").is_dir():
        return None, folder
    if any(re.fullmatch(r"\d+ecb(?:plus)?", p.name) for p in folder.glob("*ecb*")):
        return folder, None  # the ECB+ folder itself: topic folders such as 1ecb, 1ecbplus
    ecbplus, basil = folder / "ecbplus", folder / "basil"
    if not ecbplus.is_dir() and not basil.is_dir():
        raise DatasetError(f"{folder} holds neither ECB+ nor BASIL")
    return (ecbplus if ecbplus.is_dir() else None), (basil if basil.is_dir() else None)


def _cluster_values(scores: ClusterScores) -> tuple[tuple[str, float], ...]:
    return (
        ("pairwise_p", scores.pairwise.precision), ("pairwise_r", scores.pairwise.recall),
        ("pairwise_f1", scores.pairwise.f1), ("bcubed_p", scores.bcubed.precision),
        ("bcubed_r", scores.bcubed.recall), ("bcubed_f1", scores.bcubed.f1), ("ari", scores.ari),
    )  # fmt: skip


def _paraphrase(folder: Path, progress: Progress) -> EvalReport:
    from newsweave.eval.paraphrase import evaluate_paraphrase

    report = evaluate_paraphrase(folder)
    rows = tuple(
        EvalRow(
            row.part.lower().replace("-", ""),
            f"same fact, {row.part} ({row.positives} positive)",
            (
                ("accuracy", row.accuracy),
                ("precision", row.precision),
                ("recall", row.recall),
                ("f1", row.f1),
            ),
            row.pairs,
        )
        for row in report.rows
    )
    notes = (
        f"model {report.model}, threshold {report.threshold:.2f}; held-out = pairs whose "
        "first id % 5 == 0, never used for training or tuning",
        "published (official test split, hidden here): TF-IDF 81.2 F1, Ji & Eisenstein 85.9",
    )
    return EvalReport("paraphrase", str(folder), rows, notes)


def _facts(folder: Path, progress: Progress) -> EvalReport:
    from newsweave.eval.facts import evaluate_facts

    rows = tuple(
        EvalRow(
            row.part.lower().replace("-", ""),
            f"statements in one fact, {row.part} ({row.subtopics} sub-topics)",
            (
                ("precision", row.scores.precision),
                ("recall", row.scores.recall),
                ("f1", row.scores.f1),
            ),
            row.pairs,
        )
        for row in evaluate_facts(folder, progress)
    )
    notes = (
        "pairs of statements from two documents, both in annotated sentences; gold: their "
        "sentences share a coreferent event (coarse: one event, several facts); held-out: "
        "the clustering eval's held-out topics",
    )
    return EvalReport("facts", str(folder), rows, notes)


def _summary(folder: Path, progress: Progress) -> EvalReport:
    from newsweave.eval.summaries import describe_budget, evaluate_summaries

    report = evaluate_summaries(folder)
    rows = []
    best: dict[tuple[str, str], float] = {}
    for row in report.rows:
        part = row.part.lower().replace("-", "")
        values = (
            ("rouge1", row.scores.rouge1.fmeasure), ("rouge2", row.scores.rouge2.fmeasure),
            ("rougeL", row.scores.rougeL.fmeasure), ("words", row.mean_words),
        )  # fmt: skip
        rows.append(
            EvalRow(f"{part}.{row.system}", f"{row.part} {row.system}", values, row.examples)
        )
        if row.system != "newsweave":
            for metric, value in values[:3]:
                best[(part, metric)] = max(best.get((part, metric), 0.0), value)
    for part in sorted({p for p, _ in best}):
        ours = next(r for r in rows if r.key == f"{part}.newsweave")
        margins = tuple(
            (metric, (ours.value(metric) or 0.0) - best[(part, metric)])
            for metric in ("rouge1", "rouge2", "rougeL")
        )
        rows.append(
            EvalRow(f"{part}.margin", f"{part}: newsweave minus the best baseline", margins)
        )
    budget = describe_budget(report.budget)
    notes = (f"every system gets the same budget: {budget}; held-out: index % 3 == 0",)
    return EvalReport("summary", str(folder), tuple(rows), notes)


def _quotes(folder: Path, progress: Progress) -> EvalReport:
    from newsweave.eval.quotes import evaluate_quotes

    report = evaluate_quotes(folder)
    rows = []
    for row in report.rows:
        part = row.part.lower().replace("-", "")
        key = f"{row.dataset}.{part}.{row.subset}.{row.match}.{row.role}".replace(" ", "_")
        label = f"{row.dataset} {row.part} {row.subset} {row.match} {row.role}"
        values = (("precision", row.precision), ("recall", row.recall), ("f1", row.f1))
        rows.append(EvalRow(key, label, values, row.support))
    notes = (
        *report.notes,
        "held-out: the last quarter of the dev articles by name, never used for tuning; "
        "published (official test split, hidden here): BERT+CofeNet 83.2 / 75.3 / 72.9",
    )
    return EvalReport("quotes", str(folder), tuple(rows), notes)


SUITES: dict[str, Suite] = {
    suite.name: suite
    for suite in (
        Suite(
            "extraction",
            "extraction/aeb",
            _extraction,
            "article body extraction (HTML and flattened text)",
        ),
        Suite("clustering", "clustering", _clustering, "stories and storylines on ECB+ and BASIL"),
        Suite("paraphrase", "paraphrase/msrp", _paraphrase, "same-fact decisions on MSRP"),
        Suite(
            "facts",
            "clustering/ecbplus",
            _facts,
            "statements grouped into facts, against ECB+ event coreference",
        ),
        Suite("summary", "summaries/neus", _summary, "cited extractive summaries on NeuS"),
        Suite(
            "quotes",
            "quotes/polnear",
            _quotes,
            "quotations: source, cue, content on PolNeAR; BASIL",
        ),
    )
}


def run_suite(name: str, data: Path | None, progress: Progress = NULL_PROGRESS) -> EvalReport:
    suite = SUITES[name]
    return suite.run(dataset_path(suite.dataset, data), progress)
