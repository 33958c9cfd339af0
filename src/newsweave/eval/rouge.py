"""ROUGE-1, ROUGE-2 and ROUGE-L (Lin 2004), written here rather than imported.

Why our own: the ``rouge-score`` package pulls NLTK (and absl) for one stemmer; ours has no
dependency and no data download. It follows ``rouge-score``'s conventions so that figures are
comparable with published ones:

- tokens: the text lowercased, every run of characters other than ``a-z0-9`` is a separator;
- stemming (on by default, as in most summarisation papers): Porter's original algorithm
  (:mod:`newsweave.stages.facts.porter`) on tokens longer than three characters;
- ROUGE-N: clipped n-gram counts, P = overlap / candidate n-grams, R = overlap / reference
  n-grams, F = harmonic mean;
- ROUGE-L: longest common subsequence of the two token sequences taken whole (``rougeL``, not
  the summary-level ``rougeLsum``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from newsweave.eval.metrics import harmonic_mean
from newsweave.stages.facts.porter import porter_stem

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, slots=True)
class RougeScore:
    precision: float
    recall: float
    fmeasure: float


@dataclass(frozen=True, slots=True)
class RougeScores:
    rouge1: RougeScore
    rouge2: RougeScore
    rougeL: RougeScore  # noqa: N815 - the metric's usual name


def rouge_tokens(text: str, stem: bool = True) -> list[str]:
    tokens = [t for t in _NON_ALNUM.sub(" ", text.lower()).split() if t]
    if stem:
        tokens = [porter_stem(t) if len(t) > 3 else t for t in tokens]
    return tokens


def _score(overlap: int, candidate_total: int, reference_total: int) -> RougeScore:
    precision = overlap / candidate_total if candidate_total else 0.0
    recall = overlap / reference_total if reference_total else 0.0
    return RougeScore(precision, recall, harmonic_mean(precision, recall))


def _ngrams(tokens: Sequence[str], n: int) -> Counter[tuple[str, ...]]:
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def rouge_n(candidate: Sequence[str], reference: Sequence[str], n: int) -> RougeScore:
    cand, ref = _ngrams(candidate, n), _ngrams(reference, n)
    return _score(sum((cand & ref).values()), sum(cand.values()), sum(ref.values()))


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence (two-row dynamic programme)."""
    if len(a) < len(b):
        a, b = b, a
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def rouge_l(candidate: Sequence[str], reference: Sequence[str]) -> RougeScore:
    return _score(lcs_length(candidate, reference), len(candidate), len(reference))


def rouge_scores(candidate: str, reference: str, stem: bool = True) -> RougeScores:
    """ROUGE-1, -2 and -L of ``candidate`` against one ``reference``."""
    cand, ref = rouge_tokens(candidate, stem), rouge_tokens(reference, stem)
    return RougeScores(rouge_n(cand, ref, 1), rouge_n(cand, ref, 2), rouge_l(cand, ref))


def mean_rouge(scores: Sequence[RougeScores]) -> RougeScores:
    """Macro average over examples (each example weighs the same), as rouge-score's aggregates."""

    def mean(values: list[RougeScore]) -> RougeScore:
        n = max(len(values), 1)
        return RougeScore(
            sum(v.precision for v in values) / n,
            sum(v.recall for v in values) / n,
            sum(v.fmeasure for v in values) / n,
        )

    return RougeScores(
        mean([s.rouge1 for s in scores]),
        mean([s.rouge2 for s in scores]),
        mean([s.rougeL for s in scores]),
    )
