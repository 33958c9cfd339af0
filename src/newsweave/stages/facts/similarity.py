"""Do two sentences from different outlets state the same fact?

A logistic regression over the features of :mod:`newsweave.stages.facts.pair_features` (sentence
embedding cosine, word/stem overlap, fuzzy character match, agreement of numbers, dates and
names). Its parameters live in ``data/same_fact_model.json`` (written by
``research/paraphrase/train_same_fact.py``, trained on the MSRP train split minus its held-out
part) and are read as plain JSON: no pickle, no scikit-learn at run time.

Within a story of n sentences, scoring all n^2 pairs is wasteful: :func:`candidate_pairs` keeps
only pairs whose embeddings are close (a cosine floor that drops under 1% of true paraphrases on
MSRP), at most ``MAX_NEIGHBOURS`` per sentence, and :meth:`SameFactModel.align` scores only
those.
"""

from __future__ import annotations

import json
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsweave.errors import ModelUnavailableError
from newsweave.nlp.embed import load_embedder
from newsweave.stages.facts.pair_features import FEATURE_NAMES, pair_feature_matrix
from newsweave.stages.facts.value_compare import ValueComparison, compare_values

MODEL_PATH = Path(__file__).with_name("data") / "same_fact_model.json"
MODEL_NAME = "facts.same_fact.v1"

# Below this embedding cosine a pair is not scored at all: on MSRP's tuning part 0.9% of true
# paraphrases fall under 0.5 and 0.1% under 0.4; unrelated sentences of a story mostly sit < 0.3.
BLOCKING_MIN_COSINE = 0.45
# Each sentence is scored against at most this many of its closest candidates (a pair stays
# when either side ranks it so). A story's sentence rarely has more above the floor; a page that
# repeats itself would otherwise make every pair a candidate (minutes and gigabytes per story).
MAX_NEIGHBOURS = 30
_BLOCK_ROWS = 1024
# A conflict is "the same statement, another value": the words around the values must mostly
# agree and the sentences must be close in meaning, otherwise two different facts that happen
# to carry numbers would be flagged.
CONFLICT_MIN_CONTEXT = 0.5
CONFLICT_MIN_COSINE = 0.6

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class PairJudgement:
    """The verdict on one pair: probability of "same fact", the decision, and value slots.

    ``conflicting_slots`` is non-empty when the two sentences make the same statement with a
    different number, date or name (they are then *not* the same fact, but a conflict about one).
    """

    index_a: int
    index_b: int
    cosine: float
    probability: float
    same_fact: bool
    values: ValueComparison
    conflicting_slots: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LogisticParameters:
    feature_names: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float


def read_parameters(path: Path) -> LogisticParameters:
    """Parameters stored by the training script; refuses a file made for other features."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelUnavailableError(f"same-fact model {path} cannot be read: {exc}") from exc
    params = LogisticParameters(
        feature_names=tuple(raw["feature_names"]),
        mean=tuple(float(x) for x in raw["mean"]),
        scale=tuple(float(x) for x in raw["scale"]),
        coefficients=tuple(float(x) for x in raw["coefficients"]),
        intercept=float(raw["intercept"]),
        threshold=float(raw["threshold"]),
    )
    if params.feature_names != FEATURE_NAMES:
        raise ModelUnavailableError(
            f"same-fact model {path} was trained on other features; retrain it with "
            "research/paraphrase/train_same_fact.py"
        )
    return params


def conflicting_slots(values: ValueComparison, cosine: float) -> tuple[str, ...]:
    """The slots in which two otherwise matching sentences disagree (empty if no conflict)."""
    if cosine < CONFLICT_MIN_COSINE or values.context_similarity < CONFLICT_MIN_CONTEXT:
        return ()
    return values.conflicting_slots


def candidate_pairs(
    embeddings: FloatArray | npt.NDArray[np.float32],
    groups: Sequence[Hashable] | None = None,
    min_cosine: float = BLOCKING_MIN_COSINE,
    max_neighbours: int = MAX_NEIGHBOURS,
) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) with i < j whose unit embeddings are at least ``min_cosine`` apart.

    With ``groups`` (e.g. the source family of each sentence), pairs inside one group are left
    out: a family cannot corroborate itself. A pair stays when it is among the
    ``max_neighbours`` closest candidates of either side, so a text that repeats itself makes
    at most n x ``max_neighbours`` pairs, not n^2. The similarity matrix is computed a block
    of rows at a time.
    """
    n = len(embeddings)
    if groups is not None and len(groups) != n:
        raise ValueError("groups must have one entry per embedding")
    if n < 2:
        return []
    matrix = np.asarray(embeddings, dtype=np.float32)
    codes = None
    if groups is not None:
        numbering: dict[Hashable, int] = {}
        codes = np.asarray([numbering.setdefault(g, len(numbering)) for g in groups])
    kept: set[tuple[int, int]] = set()
    for first in range(0, n, _BLOCK_ROWS):
        rows = np.arange(first, min(n, first + _BLOCK_ROWS))
        sims = matrix[rows] @ matrix.T
        allowed = sims >= min_cosine
        allowed[np.arange(len(rows)), rows] = False
        if codes is not None:
            allowed &= codes[rows][:, None] != codes[None, :]
        for offset, i in enumerate(rows.tolist()):
            cols = np.flatnonzero(allowed[offset])
            if len(cols) > max_neighbours:
                # The closest, ties broken by index: the same pairs on every run.
                order = np.lexsort((cols, -sims[offset, cols]))
                cols = cols[order[:max_neighbours]]
            kept.update((min(i, j), max(i, j)) for j in cols.tolist())
    if not kept:
        return []
    pairs = sorted(kept)
    left = matrix[[i for i, _ in pairs]]
    right = matrix[[j for _, j in pairs]]
    cosines = np.einsum("ij,ij->i", left, right).tolist()
    return [(i, j, float(c)) for (i, j), c in zip(pairs, cosines, strict=True)]


class SameFactModel:
    """Scores sentence pairs; ``probability`` >= ``threshold`` means "same fact"."""

    name = MODEL_NAME

    def __init__(self, parameters: LogisticParameters) -> None:
        self.parameters = parameters
        self._mean = np.asarray(parameters.mean)
        self._scale = np.asarray(parameters.scale)
        self._coefficients = np.asarray(parameters.coefficients)

    @property
    def threshold(self) -> float:
        return self.parameters.threshold

    def probability_from_features(self, features: FloatArray) -> FloatArray:
        """Logistic regression on standardised features; one probability per row."""
        z = ((features - self._mean) / self._scale) @ self._coefficients + self.parameters.intercept
        return np.asarray(1.0 / (1.0 + np.exp(-z)), dtype=np.float64)

    def probability(
        self, pairs: Sequence[tuple[str, str]], cosines: Sequence[float] | None = None
    ) -> FloatArray:
        """Probability that each pair states the same fact (texts are embedded if no cosines)."""
        if not pairs:
            return np.zeros(0, dtype=np.float64)
        known = pair_cosines(pairs) if cosines is None else cosines
        return self.probability_from_features(pair_feature_matrix(pairs, known))

    def same_fact(self, a: str, b: str) -> bool:
        return bool(self.probability([(a, b)])[0] >= self.threshold)

    def judge(self, a: str, b: str) -> PairJudgement:
        """Probability, decision and value comparison for one pair."""
        cosine = float(pair_cosines([(a, b)])[0])
        probability = float(self.probability([(a, b)], [cosine])[0])
        values = compare_values(a, b)
        return PairJudgement(
            0, 1, cosine, probability, probability >= self.threshold, values,
            conflicting_slots(values, cosine),
        )  # fmt: skip

    def align(
        self,
        texts: Sequence[str],
        groups: Sequence[Hashable] | None = None,
        embeddings: FloatArray | npt.NDArray[np.float32] | None = None,
        min_cosine: float = BLOCKING_MIN_COSINE,
    ) -> list[PairJudgement]:
        """Judge every candidate pair of ``texts`` (blocked by embeddings, across ``groups``).

        Returned in (index_a, index_b) order; pairs that are neither the same fact nor a conflict
        are left out.
        """
        if embeddings is None:
            embeddings = load_embedder().embed(list(texts))
        candidates = candidate_pairs(embeddings, groups, min_cosine)
        if not candidates:
            return []
        pairs = [(texts[i], texts[j]) for i, j, _ in candidates]
        probabilities = self.probability(pairs, [c for _, _, c in candidates])
        judgements = []
        for (i, j, cosine), probability in zip(candidates, probabilities.tolist(), strict=True):
            values = compare_values(texts[i], texts[j])
            slots = conflicting_slots(values, cosine)
            same = probability >= self.threshold
            if same or slots:
                judgements.append(
                    PairJudgement(i, j, cosine, probability, same and not slots, values, slots)
                )
        return judgements


def pair_cosines(pairs: Sequence[tuple[str, str]]) -> FloatArray:
    """Embedding cosine of each pair (each distinct text is embedded once)."""
    texts = sorted({t for pair in pairs for t in pair})
    index = {t: i for i, t in enumerate(texts)}
    vectors = load_embedder().embed(texts)
    a = vectors[[index[x] for x, _ in pairs]]
    b = vectors[[index[y] for _, y in pairs]]
    return np.asarray((a * b).sum(axis=1), dtype=np.float64)


@cache
def load_same_fact_model(path: Path = MODEL_PATH) -> SameFactModel:
    """The packaged model (cached per path)."""
    return SameFactModel(read_parameters(path))
