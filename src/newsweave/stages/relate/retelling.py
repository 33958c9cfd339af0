"""Finding sentences one article retells from another, with the same-fact model.

Sentence embeddings block the pairs (only close ones are scored); the same-fact model
(:mod:`newsweave.stages.facts.similarity`) decides. Embeddings are cached per sentence text (the
least recently used dropped past a bound), since one article is compared with several others and
the judge lives as long as the relate stage: the process-wide embedder's cache, which the later
stages of a run share (the facts and summary stages embed the same sentences).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from newsweave.nlp.embed import VECTOR_CACHE_SIZE, CachedEmbedder, TextEmbedder, load_embedder
from newsweave.stages.facts.similarity import BLOCKING_MIN_COSINE, load_same_fact_model

# The same-fact model was trained on MSRP's close paraphrases; a rewrite retells more loosely.
# A sentence whose embedding is this close to one of the other article counts as retold too.
# (BASIL's 300 same-event pairs of independent outlets: no more pairs flagged with it.)
RETOLD_MIN_COSINE = 0.8


class SameFactJudge:
    """Implements ``RetellingJudge`` with the packaged same-fact model."""

    def __init__(
        self, embedder: TextEmbedder | None = None, cache_size: int = VECTOR_CACHE_SIZE
    ) -> None:
        """``embedder`` defaults to the process-wide one and its cache; another is given a cache
        of its own, of ``cache_size`` vectors."""
        self._model = load_same_fact_model()
        self._embedder = (
            load_embedder() if embedder is None else CachedEmbedder(embedder, cache_size)
        )

    def best_matches(self, a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, float]]:
        va, vb = self._embedder.embed(a), self._embedder.embed(b)
        cosines = va @ vb.T
        rows, cols = np.nonzero(cosines >= BLOCKING_MIN_COSINE)
        if not len(rows):
            return []
        pairs = [(a[i], b[j]) for i, j in zip(rows.tolist(), cols.tolist(), strict=True)]
        probabilities = self._model.probability(pairs, cosines[rows, cols].astype(float).tolist())
        best: dict[int, tuple[int, float]] = {}
        close = cosines[rows, cols].tolist()
        for i, j, p, cosine in zip(
            rows.tolist(), cols.tolist(), probabilities.tolist(), close, strict=True
        ):
            score = (
                p
                if p >= self._model.threshold
                else (cosine if cosine >= RETOLD_MIN_COSINE else 0.0)
            )
            if score > best.get(i, (-1, 0.0))[1]:
                best[i] = (j, score)
        return [(i, j, p) for i, (j, p) in sorted(best.items())]

    def prepare(self, sentences: Sequence[str]) -> None:
        """Embed the sentences not cached yet in one call (the cache bound still holds)."""
        self._embedder.embed(sentences)
