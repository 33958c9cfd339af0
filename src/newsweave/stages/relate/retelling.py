"""Finding sentences one article retells from another, with the same-fact model.

Sentence embeddings block the pairs (only close ones are scored); the same-fact model
(:mod:`newsweave.stages.facts.similarity`) decides. Embeddings are cached per sentence text (the
least recently used dropped past a bound), since one article is compared with several others and
the judge lives as long as the relate stage.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from newsweave.lru import LruCache
from newsweave.nlp.embed import TextEmbedder, load_embedder
from newsweave.stages.facts.similarity import BLOCKING_MIN_COSINE, load_same_fact_model

# The same-fact model was trained on MSRP's close paraphrases; a rewrite retells more loosely.
# A sentence whose embedding is this close to one of the other article counts as retold too.
# (BASIL's 300 same-event pairs of independent outlets: no more pairs flagged with it.)
RETOLD_MIN_COSINE = 0.8
# Sentence vectors kept between comparisons (least recently used dropped first): 384 float32
# numbers, 1.5 KB, a sentence, so the cache stays near 80 MB in a long-running process.
VECTOR_CACHE_SIZE = 50_000


class SameFactJudge:
    """Implements ``RetellingJudge`` with the packaged same-fact model."""

    def __init__(
        self, embedder: TextEmbedder | None = None, cache_size: int = VECTOR_CACHE_SIZE
    ) -> None:
        self._model = load_same_fact_model()
        self._embedder = embedder if embedder is not None else load_embedder()
        self._vectors: LruCache[str, np.ndarray[Any, np.dtype[np.float32]]] = LruCache(cache_size)

    def best_matches(self, a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, float]]:
        va, vb = self._embed(a), self._embed(b)
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
        self._compute([t for t in dict.fromkeys(sentences) if t not in self._vectors])

    def _embed(self, texts: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float32]]:
        found = {}
        for text in dict.fromkeys(texts):
            vector = self._vectors.get(text)
            if vector is not None:
                found[text] = vector
        found |= self._compute([t for t in dict.fromkeys(texts) if t not in found])
        return np.stack([found[t] for t in texts])

    def _compute(self, texts: list[str]) -> dict[str, np.ndarray[Any, np.dtype[np.float32]]]:
        """Vectors of ``texts`` (none cached), now cached too, least recently used dropped."""
        if not texts:
            return {}
        computed = dict(zip(texts, self._embedder.embed(texts), strict=True))
        for text, vector in computed.items():
            self._vectors.put(text, vector)
        return computed
