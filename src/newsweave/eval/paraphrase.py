"""``newsweave eval paraphrase``: the "same fact" model on MSRP (Dolan & Brockett 2005).

Only MSRP's train split is available here. It is split once and for all: rows whose first
sentence id is a multiple of 5 form the HELD-OUT part (never used for training or tuning), the
rest is the TUNE part on which the packaged model was trained and its threshold chosen by
cross-validation. Figures on TUNE are therefore in-sample; HELD-OUT is the honest one.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from newsweave.errors import DatasetError
from newsweave.eval.metrics import prf_from_counts

DATASET = "paraphrase/msrp"
MSRP_TRAIN = "msr_paraphrase_train.txt"
HELD_OUT_MODULUS = 5


@dataclass(frozen=True, slots=True)
class ParaphrasePair:
    label: bool
    id_a: int
    id_b: int
    text_a: str
    text_b: str

    @property
    def held_out(self) -> bool:
        return self.id_a % HELD_OUT_MODULUS == 0


@dataclass(frozen=True, slots=True)
class ClassificationRow:
    """Scores of one part of the data ("TUNE" or "HELD-OUT")."""

    part: str
    pairs: int
    positives: int
    accuracy: float
    precision: float
    recall: float
    f1: float


@dataclass(frozen=True, slots=True)
class ParaphraseReport:
    model: str
    threshold: float
    rows: tuple[ClassificationRow, ...]
    pairs_per_second: float  # features + logistic regression, embeddings excluded
    sentences_per_second: float  # embedding


def load_msrp(folder: Path) -> list[ParaphrasePair]:
    """The MSRP train file in ``folder`` (quotes are literal: read with QUOTE_NONE)."""
    path = folder / MSRP_TRAIN
    if not path.is_file():
        raise DatasetError(f"MSRP not found at {path}")
    pairs = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, None)
        if header is None or len(header) != 5:
            raise DatasetError(f"{path}: expected a 5-column header, got {header!r}")
        for line, row in enumerate(reader, start=2):
            if len(row) != 5:
                raise DatasetError(f"{path}:{line}: expected 5 columns, got {len(row)}")
            pairs.append(ParaphrasePair(row[0] == "1", int(row[1]), int(row[2]), row[3], row[4]))
    return pairs


def split_msrp(
    pairs: Sequence[ParaphrasePair],
) -> tuple[list[ParaphrasePair], list[ParaphrasePair]]:
    """(TUNE, HELD-OUT)."""
    return [p for p in pairs if not p.held_out], [p for p in pairs if p.held_out]


def classification_row(
    part: str, gold: Sequence[bool], predicted: Sequence[bool]
) -> ClassificationRow:
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    correct = sum(g == p for g, p in zip(gold, predicted, strict=True))
    prf = prf_from_counts(tp, fp, fn)
    return ClassificationRow(
        part, len(gold), sum(gold), correct / len(gold) if gold else 0.0,
        prf.precision, prf.recall, prf.f1,
    )  # fmt: skip


def evaluate_paraphrase(folder: Path) -> ParaphraseReport:
    """Score the packaged same-fact model on TUNE and HELD-OUT (``folder``: the MSRP folder)."""
    from newsweave.nlp.embed import load_embedder
    from newsweave.stages.facts.pair_features import pair_feature_matrix
    from newsweave.stages.facts.similarity import load_same_fact_model

    model = load_same_fact_model()
    embedder = load_embedder()
    rows = []
    feature_seconds = embed_seconds = 0.0
    n_pairs = n_sentences = 0
    for part, subset in zip(("TUNE", "HELD-OUT"), split_msrp(load_msrp(folder)), strict=True):
        start = time.perf_counter()
        a = embedder.embed([p.text_a for p in subset])
        b = embedder.embed([p.text_b for p in subset])
        embed_seconds += time.perf_counter() - start
        n_sentences += 2 * len(subset)
        start = time.perf_counter()
        features = pair_feature_matrix(
            [(p.text_a, p.text_b) for p in subset], (a * b).sum(axis=1).astype(np.float64)
        )
        probabilities = model.probability_from_features(features)
        feature_seconds += time.perf_counter() - start
        n_pairs += len(subset)
        predicted = [bool(x >= model.threshold) for x in probabilities]
        rows.append(classification_row(part, [p.label for p in subset], predicted))
    return ParaphraseReport(
        model.name, model.threshold, tuple(rows),
        n_pairs / feature_seconds if feature_seconds else 0.0,
        n_sentences / embed_seconds if embed_seconds else 0.0,
    )  # fmt: skip


def format_paraphrase_report(report: ParaphraseReport) -> str:
    """A plain-text table for the CLI."""
    lines = [
        f"same-fact model {report.model} (threshold {report.threshold:.2f}) on MSRP train split",
        f"{'part':<9} {'pairs':>6} {'pos':>5} {'acc':>6} {'P':>6} {'R':>6} {'F1':>6}",
    ]
    for row in report.rows:
        lines.append(
            f"{row.part:<9} {row.pairs:>6} {row.positives:>5} {100 * row.accuracy:6.1f} "
            f"{100 * row.precision:6.1f} {100 * row.recall:6.1f} {100 * row.f1:6.1f}"
        )
    lines.append(
        f"speed: {report.pairs_per_second:,.0f} pairs/s (features + model), "
        f"{report.sentences_per_second:,.0f} sentences/s (embedding)"
    )
    return "\n".join(lines)
