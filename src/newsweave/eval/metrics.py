"""Scoring functions shared by every evaluation: shingle overlap, P/R/F1, clustering metrics.

Each function is pure and documented with the definition it implements, so that a figure printed
by ``newsweave eval`` can be traced back to a formula.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from math import comb

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return harmonic_mean(self.precision, self.recall)


def harmonic_mean(a: float, b: float) -> float:
    return 0.0 if a + b == 0 else 2 * a * b / (a + b)


def prf_from_counts(tp: float, fp: float, fn: float) -> PRF:
    """P/R from true positives, false positives and false negatives (0/0 counts as 1)."""
    precision = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    recall = tp / (tp + fn) if tp + fn else (1.0 if fp == 0 else 0.0)
    return PRF(precision, recall)


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of ``size``-token shingles over ``\\w+`` tokens (short texts: one shingle)."""
    tokens = _WORD.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def shingle_prf(predicted: str, gold: str) -> PRF:
    """Per-document precision and recall as in the article-extraction benchmark.

    TP, FP and FN are counted over shingle multisets and normalised to sum to one; an empty
    prediction for an empty gold text is perfect.
    """
    pred, ref = shingles(predicted), shingles(gold)
    tp = sum((pred & ref).values())
    fp = sum((pred - ref).values())
    fn = sum((ref - pred).values())
    total = tp + fp + fn
    if total == 0:
        return PRF(1.0, 1.0)
    tp_n, fp_n, fn_n = tp / total, fp / total, fn / total
    precision = tp_n / (tp_n + fp_n) if tp_n + fp_n else 0.0
    recall = tp_n / (tp_n + fn_n) if tp_n + fn_n else 0.0
    return PRF(precision, recall)


def macro_prf(scores: Iterable[PRF]) -> PRF:
    """Mean precision and mean recall over documents (F1 is the harmonic mean of the means)."""
    items = list(scores)
    if not items:
        return PRF(0.0, 0.0)
    return PRF(
        sum(s.precision for s in items) / len(items),
        sum(s.recall for s in items) / len(items),
    )


@dataclass(frozen=True, slots=True)
class ClusterScores:
    """Pairwise and B-cubed P/R/F1 plus the adjusted Rand index of one clustering."""

    pairwise: PRF
    bcubed: PRF
    ari: float


def _clusters(assignment: Mapping[Hashable, Hashable]) -> dict[Hashable, set[Hashable]]:
    groups: dict[Hashable, set[Hashable]] = {}
    for item, label in assignment.items():
        groups.setdefault(label, set()).add(item)
    return groups


def pairwise_prf(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> PRF:
    """Precision/recall over the set of item pairs placed in the same cluster."""
    items = sorted(gold, key=repr)
    pred_pairs = same_cluster_pairs(predicted, items)
    gold_pairs = same_cluster_pairs(gold, items)
    tp = len(pred_pairs & gold_pairs)
    return prf_from_counts(tp, len(pred_pairs) - tp, len(gold_pairs) - tp)


def same_cluster_pairs(
    assignment: Mapping[Hashable, Hashable], items: Sequence[Hashable]
) -> set[tuple[Hashable, Hashable]]:
    groups: dict[Hashable, list[Hashable]] = {}
    for item in items:
        groups.setdefault(assignment[item], []).append(item)
    return {pair for members in groups.values() for pair in combinations(members, 2)}


def bcubed_prf(predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]) -> PRF:
    """B-cubed (Bagga & Baldwin 1998): per item, overlap of its predicted and gold clusters."""
    pred_groups, gold_groups = _clusters(predicted), _clusters(gold)
    precision = recall = 0.0
    for item in gold:
        pred_cluster = pred_groups[predicted[item]]
        gold_cluster = gold_groups[gold[item]]
        overlap = len(pred_cluster & gold_cluster)
        precision += overlap / len(pred_cluster)
        recall += overlap / len(gold_cluster)
    n = len(gold)
    return PRF(precision / n, recall / n) if n else PRF(0.0, 0.0)


def adjusted_rand_index(
    predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> float:
    """Hubert & Arabie's ARI over the items of ``gold``."""
    items = list(gold)
    n = len(items)
    if n < 2:
        return 1.0
    table = Counter((predicted[i], gold[i]) for i in items)
    sum_cells = sum(comb(c, 2) for c in table.values())
    sum_pred = sum(comb(c, 2) for c in Counter(predicted[i] for i in items).values())
    sum_gold = sum(comb(c, 2) for c in Counter(gold[i] for i in items).values())
    expected = sum_pred * sum_gold / comb(n, 2)
    maximum = (sum_pred + sum_gold) / 2
    if maximum == expected:
        return 1.0
    return (sum_cells - expected) / (maximum - expected)


def cluster_scores(
    predicted: Mapping[Hashable, Hashable], gold: Mapping[Hashable, Hashable]
) -> ClusterScores:
    """All clustering figures for items of ``gold`` (every gold item must be in ``predicted``)."""
    missing = [item for item in gold if item not in predicted]
    if missing:
        raise ValueError(
            f"{len(missing)} gold items have no predicted cluster, e.g. {missing[0]!r}"
        )
    return ClusterScores(
        pairwise=pairwise_prf(predicted, gold),
        bcubed=bcubed_prf(predicted, gold),
        ari=adjusted_rand_index(predicted, gold),
    )
