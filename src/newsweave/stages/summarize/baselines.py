"""Baselines for the summary evaluation: lead (round-robin across outlets) and LexRank.

Both draw from the same eligible sentences as the selector (boilerplate removed, same word range)
and stop at the same budget, so that ROUGE compares the choice of sentences, not their number.

- Lead: the first sentence of every article in the order the articles are given, then the second
  of every article, and so on (a multi-document lead that does not favour one outlet).
- LexRank (Erkan & Radev 2004), continuous variant: PageRank (damping 0.85) over the sentence
  similarity graph, either embedding cosines or TF-IDF cosines (IDF from the story's own
  sentences, stemmed words); sentences are taken by score, skipping near-repeats of chosen ones.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsweave.stages.facts.text_units import content_stems
from newsweave.stages.summarize.centrality import lexrank_scores
from newsweave.stages.summarize.models import (
    CandidateSentence,
    SelectorWeights,
    StorySummary,
    SummaryBudget,
    SummarySentence,
)
from newsweave.stages.summarize.selector import (
    budget_reached,
    citations_of,
    eligible_indices,
    reading_order,
    word_count,
)

SimilarityMatrix = npt.NDArray[np.float64]


def _summary(
    candidates: Sequence[CandidateSentence], chosen: list[int], scores: Sequence[float]
) -> StorySummary:
    return StorySummary(
        None,
        tuple(
            SummarySentence(candidates[i], citations_of(candidates[i]), float(scores[i]))
            for i in reading_order(candidates, chosen)
        ),
    )


def lead_summary(
    candidates: Sequence[CandidateSentence],
    budget: SummaryBudget | None = None,
    weights: SelectorWeights | None = None,
) -> StorySummary:
    """Round-robin lead over articles (in order of first appearance in ``candidates``)."""
    budget = budget or SummaryBudget()
    weights = weights or SelectorWeights()
    pool = eligible_indices(candidates, weights, budget.min_sentences)
    article_rank: dict[str, int] = {}
    for c in candidates:
        article_rank.setdefault(c.article_id, len(article_rank))
    ordered = sorted(
        pool, key=lambda i: (candidates[i].position, article_rank[candidates[i].article_id])
    )
    chosen: list[int] = []
    words = 0
    for i in ordered:
        if budget_reached(words, len(chosen), budget):
            break
        chosen.append(i)
        words += word_count(candidates[i].text)
    return _summary(candidates, chosen, [1.0] * len(candidates))


def tfidf_similarity(texts: Sequence[str]) -> SimilarityMatrix:
    """Cosine of TF-IDF vectors of stemmed content words, IDF = log(N / df) over ``texts``."""
    bags = [Counter(content_stems(t)) for t in texts]
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(bag.keys())
    vocabulary = {w: k for k, w in enumerate(sorted(df))}
    matrix = np.zeros((len(texts), len(vocabulary)))
    for row, bag in enumerate(bags):
        for word, count in bag.items():
            matrix[row, vocabulary[word]] = count * math.log(len(texts) / df[word])
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    matrix = matrix / np.clip(norms, 1e-12, None)
    return np.asarray(matrix @ matrix.T, dtype=np.float64)


def lexrank_summary(
    candidates: Sequence[CandidateSentence],
    similarity: SimilarityMatrix,
    budget: SummaryBudget | None = None,
    weights: SelectorWeights | None = None,
    redundancy_similarity: SimilarityMatrix | None = None,
) -> StorySummary:
    """Top LexRank sentences, skipping those too close to a chosen one.

    ``redundancy_similarity`` (default: ``similarity``) is compared with
    ``weights.max_cosine_to_chosen``; pass the embedding cosines to use the selector's own test.
    """
    budget = budget or SummaryBudget()
    weights = weights or SelectorWeights()
    scores = lexrank_scores(similarity)
    near = similarity if redundancy_similarity is None else redundancy_similarity
    pool = eligible_indices(candidates, weights, budget.min_sentences)
    chosen: list[int] = []
    words = 0
    for i in sorted(pool, key=lambda k: (-scores[k], k)):
        if budget_reached(words, len(chosen), budget):
            break
        if any(near[i, j] >= weights.max_cosine_to_chosen for j in chosen):
            continue
        chosen.append(i)
        words += word_count(candidates[i].text)
    return _summary(candidates, chosen, scores.tolist())
