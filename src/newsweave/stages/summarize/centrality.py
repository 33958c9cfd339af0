"""LexRank centrality (Erkan & Radev 2004): used as a baseline and as a selector feature."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt


def lexrank_scores(
    similarity: npt.NDArray[np.float64], damping: float = 0.85, iterations: int = 100
) -> npt.NDArray[np.float64]:
    """Stationary distribution of the row-normalised similarity graph (negative cosines = 0)."""
    n = len(similarity)
    if n == 0:
        return np.zeros(0)
    weights = np.clip(similarity, 0.0, None)
    np.fill_diagonal(weights, 0.0)
    sums = weights.sum(axis=1, keepdims=True)
    transition = np.where(sums > 0, weights / np.where(sums > 0, sums, 1.0), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(iterations):
        updated = (1 - damping) / n + damping * (transition.T @ scores)
        if np.abs(updated - scores).sum() < 1e-10:
            scores = updated
            break
        scores = updated
    return np.asarray(scores, dtype=np.float64)
