"""Choose the sentences of a story's extractive, cited summary, and its headline.

Relevance of a candidate sentence is a weighted sum of:

- support: how many independent source families state the same fact (the corroborated core);
- centrality: for each *other* family, the best embedding cosine to one of its sentences,
  averaged (a soft form of support that also sees partial overlaps);
- position: 1 / (1 + index in its article) (news puts the event first);
- headline: the best cosine to one of the story's headlines;
- lexrank: LexRank centrality on embedding cosines, scaled so that 1 is the story's average;
- quote: a (negative) weight for quotations, which belong to the key-quotes section.

Sentences are then taken greedily by maximal marginal relevance (relevance minus a multiple of
the cosine to the closest sentence already chosen); a candidate that repeats a chosen one (same
fact by the alignment, or a near-identical embedding) is never added. Corroborated sentences
(support >= 2) that are not quotes are taken before all others. The chosen sentences are shown
in reading order: earlier positions in their articles first.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsweave.nlp.embed import load_embedder
from newsweave.stages.summarize.boilerplate import looks_like_boilerplate
from newsweave.stages.summarize.centrality import lexrank_scores
from newsweave.stages.summarize.models import (
    CandidateSentence,
    HeadlineCandidate,
    SelectorWeights,
    StorySummary,
    SummaryBudget,
    SummarySentence,
)

Matrix = npt.NDArray[np.float32]
Vector = npt.NDArray[np.float64]

# A story with more candidate sentences is summarised from a shortlist of this many (see
# ``shortlist``): the selector's cosines and LexRank grow with the square of the candidates
# (12,000 sentences of 300 outlets took 110 s and 4.5 GB; from the shortlist, 0.3 s and 0.4 GB).
MAX_CANDIDATES = 3000
_BLOCK_ROWS = 1024


@dataclass(frozen=True, slots=True)
class RelevanceFeatures:
    """Per-candidate features, one entry per candidate, each in [0, 1]."""

    support: Vector
    centrality: Vector
    position: Vector
    headline: Vector
    quote: Vector
    lexrank: Vector


def word_count(text: str) -> int:
    return len(text.split())


def eligible_indices(
    candidates: Sequence[CandidateSentence], weights: SelectorWeights, minimum: int
) -> list[int]:
    """Candidates that may enter a summary: never boilerplate; within the word range if enough are.

    The word range is dropped when fewer than ``minimum`` candidates satisfy it (a story of short
    sentences still gets a summary), the boilerplate test never is.
    """
    clean = [i for i, c in enumerate(candidates) if not looks_like_boilerplate(c.text)]
    sized = [
        i for i in clean if weights.min_words <= word_count(candidates[i].text) <= weights.max_words
    ]
    return sized if len(sized) >= minimum else clean


def relevance_features(
    candidates: Sequence[CandidateSentence],
    embeddings: Matrix,
    headline_embeddings: Matrix | None = None,
    sims: npt.NDArray[np.float64] | None = None,
) -> RelevanceFeatures:
    """The features listed in the module docstring for every candidate (``sims``: the
    candidates' cosines, computed here if not given)."""
    n = len(candidates)
    families = sorted({c.family_id for c in candidates})
    if sims is None:
        sims = np.asarray(embeddings @ embeddings.T, dtype=np.float64)
    centrality = _family_centrality(sims, [c.family_id for c in candidates])
    max_support = max(len(families) - 1, 1)
    support = np.array([min(c.support - 1, max_support) / max_support for c in candidates])
    position = np.array([1.0 / (1.0 + c.position) for c in candidates])
    if headline_embeddings is not None and len(headline_embeddings):
        headline = np.asarray(embeddings @ headline_embeddings.T, dtype=np.float64).max(axis=1)
    else:
        headline = np.zeros(n)
    quote = np.array([1.0 if c.is_quote else 0.0 for c in candidates])
    lexrank = lexrank_scores(sims) * n  # 1 = average centrality, whatever the story's size
    return RelevanceFeatures(
        support, np.clip(centrality, 0, 1), position, np.clip(headline, 0, 1), quote,
        np.clip(lexrank / 2, 0, 1),
    )  # fmt: skip


def _family_centrality(sims: npt.NDArray[np.float64], families: Sequence[str]) -> Vector:
    """Per sentence, its best cosine to each other family's sentences, averaged over those
    families; with one family, its mean cosine to the other sentences."""
    n = len(families)
    numbering: dict[str, int] = {}
    codes = np.array([numbering.setdefault(f, len(numbering)) for f in families], dtype=np.int64)
    count = len(numbering)
    if count == 1:
        return (sims.sum(axis=1) - np.diag(sims)) / (n - 1) if n > 1 else np.zeros(n)
    order = np.argsort(codes, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    centrality = np.empty(n)
    for first in range(0, n, _BLOCK_ROWS):  # n x families maxima, a block of rows at a time
        rows = slice(first, min(n, first + _BLOCK_ROWS))
        # Column k: family k (codes number the families 0, 1, ... and ``order`` sorts by them).
        best = np.maximum.reduceat(sims[rows][:, order], starts, axis=1)
        own = best[np.arange(len(best)), codes[rows]]
        centrality[rows] = (best.sum(axis=1) - own) / (count - 1)
    return centrality


def relevance(features: RelevanceFeatures, weights: SelectorWeights) -> Vector:
    return np.asarray(
        weights.support * features.support
        + weights.centrality * features.centrality
        + weights.position * features.position
        + weights.headline * features.headline
        + weights.quote * features.quote
        + weights.lexrank * features.lexrank,
        dtype=np.float64,
    )


def reading_order(candidates: Sequence[CandidateSentence], chosen: Sequence[int]) -> list[int]:
    """Earlier positions in their articles first; among equals, the order of choice."""
    rank = {index: r for r, index in enumerate(chosen)}
    return sorted(chosen, key=lambda i: (candidates[i].position, rank[i]))


def budget_reached(words: int, count: int, budget: SummaryBudget) -> bool:
    if count >= budget.max_sentences:
        return True
    return (
        budget.max_words is not None
        and words >= budget.max_words
        and (count >= budget.min_sentences)
    )


def greedy_select(
    candidates: Sequence[CandidateSentence],
    pool: Sequence[int],
    scores: Vector,
    sims: npt.NDArray[np.float64],
    budget: SummaryBudget,
    weights: SelectorWeights,
) -> list[int]:
    """Maximal marginal relevance over ``pool`` (indices into ``candidates``), no repetition."""
    chosen: list[int] = []
    words = 0
    remaining = list(pool)
    while remaining and not budget_reached(words, len(chosen), budget):
        repeats = set()
        best, best_value = -1, -np.inf
        for i in remaining:
            closest = max((sims[i, j] for j in chosen), default=0.0)
            if closest >= weights.max_cosine_to_chosen or _restates(candidates, i, chosen):
                repeats.add(i)
                continue
            core = candidates[i].support >= 2 and not candidates[i].is_quote
            tier = 1.0 if weights.corroborated_first and core else 0.0
            # The tier dominates any relevance difference: the corroborated core comes first.
            value = 1e3 * tier + scores[i] - weights.redundancy * max(closest, 0.0)
            if value > best_value:
                best, best_value = i, value
        remaining = [i for i in remaining if i not in repeats and i != best]
        if best < 0:
            break
        chosen.append(best)
        words += word_count(candidates[best].text)
    return chosen


def _restates(candidates: Sequence[CandidateSentence], i: int, chosen: Sequence[int]) -> bool:
    ident = candidates[i].sentence_id
    aligned = set(candidates[i].same_fact_as)
    return any(
        candidates[j].sentence_id in aligned or ident in candidates[j].same_fact_as for j in chosen
    )


def citations_of(candidate: CandidateSentence) -> tuple[str, ...]:
    return tuple(sorted({candidate.article_id, *candidate.cited_articles}))


def choose_headline(
    headlines: Sequence[HeadlineCandidate],
    headline_embeddings: Matrix,
    summary_embeddings: Matrix,
) -> HeadlineCandidate | None:
    """The headline closest to the other headlines and to the chosen summary sentences."""
    usable = [i for i, h in enumerate(headlines) if len(h.text.split()) >= 3]
    if not usable:
        usable = [i for i, h in enumerate(headlines) if h.text.strip()]
    if not usable:
        return None
    sims = headline_embeddings @ headline_embeddings.T
    best, best_value = usable[0], -np.inf
    for i in usable:
        peers = [float(sims[i, j]) for j in usable if j != i]
        to_summary = (
            float((summary_embeddings @ headline_embeddings[i]).mean())
            if len(summary_embeddings)
            else 0.0
        )
        value = (float(np.mean(peers)) if peers else 0.0) + to_summary
        if value > best_value + 1e-9:  # ties keep the first headline given: deterministic
            best, best_value = i, value
    return headlines[best]


def shortlist(candidates: Sequence[CandidateSentence], size: int) -> list[int]:
    """The ``size`` candidates a summary of a very large story is chosen from, in their order:
    each distinct sentence once (where it ranks best), the best supported first, then the
    earliest in their articles (where news puts the event)."""

    def rank(i: int) -> tuple[int, bool, int, int]:
        return -candidates[i].support, candidates[i].is_quote, candidates[i].position, i

    best_of: dict[str, int] = {}
    for index, candidate in enumerate(candidates):
        held = best_of.get(candidate.text)
        if held is None or rank(index) < rank(held):
            best_of[candidate.text] = index
    return sorted(sorted(best_of.values(), key=rank)[:size])


def select_summary(
    candidates: Sequence[CandidateSentence],
    headlines: Sequence[HeadlineCandidate] = (),
    budget: SummaryBudget | None = None,
    weights: SelectorWeights | None = None,
    embeddings: Matrix | None = None,
    headline_embeddings: Matrix | None = None,
) -> StorySummary:
    """The extractive summary of one story: whole sentences, each citing its supporting articles.

    ``embeddings`` (one unit row per candidate) and ``headline_embeddings`` are computed with the
    packaged embedder when not given. Fewer than ``budget.min_sentences`` sentences come back only
    when the story has fewer usable sentences.
    """
    budget = budget or SummaryBudget()
    weights = weights or SelectorWeights()
    if not candidates:
        return StorySummary(None, ())
    if len(candidates) > MAX_CANDIDATES:  # before embedding: the rest would not be read
        kept = shortlist(candidates, MAX_CANDIDATES)
        candidates = [candidates[i] for i in kept]
        embeddings = None if embeddings is None else embeddings[kept]
    if embeddings is None:
        embeddings = load_embedder().embed([c.text for c in candidates])
    if headline_embeddings is None:
        headline_embeddings = load_embedder().embed([h.text for h in headlines])
    sims = np.asarray(embeddings @ embeddings.T, dtype=np.float64)
    features = relevance_features(candidates, embeddings, headline_embeddings, sims)
    scores = relevance(features, weights)
    pool = eligible_indices(candidates, weights, budget.min_sentences)
    chosen = greedy_select(candidates, pool, scores, sims, budget, weights)
    sentences = tuple(
        SummarySentence(candidates[i], citations_of(candidates[i]), float(scores[i]))
        for i in reading_order(candidates, chosen)
    )
    headline = choose_headline(headlines, headline_embeddings, embeddings[chosen])
    return StorySummary(headline, sentences)
