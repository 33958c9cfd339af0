"""Ceilings on TUNE: how well the article similarity itself can separate the gold clusters.

    python research/clustering/agglo_ceiling.py events     # average-linkage over articles
    python research/clustering/agglo_ceiling.py storylines # average-linkage over gold events

``events``: B-cubed F1 of average-linkage clustering of the articles (batch IDF) at the best
threshold, for several term weightings and embedding shares. ``storylines``: the gold events
are taken as given (oracle stories) and linked into topics by average linkage over their
summed TF-IDF and mean embeddings: an upper bound for any story-to-story linking.
"""

from __future__ import annotations

import math
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.spatial.distance import squareform

sys.path.insert(0, str(Path(__file__).parent))
from tune import tune_data

from newsweave.eval.metrics import cluster_scores

WEIGHTINGS: dict[str, Callable[[str], float]] = {
    "all": lambda t: 1.0,
    "names x2": lambda t: 2.0 if t.startswith("e:") else 1.0,
    "no numbers": lambda t: 0.0 if t.startswith("#") else 1.0,
    "names+numbers": lambda t: 1.0 if t.startswith(("e:", "#")) else 0.0,
}


def tfidf_rows(bags: list[Counter[str]], weight: Callable[[str], float]) -> csr_matrix:
    """Unit TF-IDF rows (damped counts, batch IDF) of term bags."""
    df: Counter[str] = Counter()
    for bag in bags:
        df.update(set(bag))
    n = len(bags)
    vocab = {t: i for i, t in enumerate(sorted(df))}
    rows, cols, vals = [], [], []
    for i, bag in enumerate(bags):
        for t, c in bag.items():
            w = weight(t) * (1 + math.log(c)) * (math.log((n + 1) / (df[t] + 1)) + 1)
            if w:
                rows.append(i)
                cols.append(vocab[t])
                vals.append(w)
    m = csr_matrix((vals, (rows, cols)), shape=(n, len(vocab)))
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return csr_matrix(m.multiply(1 / norms[:, None]))


def best_cut(similarity: np.ndarray, ids: list[str], gold: dict[str, str], of=None):  # type: ignore[no-untyped-def]
    distance = np.clip(1 - similarity, 0, None)
    np.fill_diagonal(distance, 0)
    tree = linkage(squareform((distance + distance.T) / 2, checks=False), "average")
    best = (0.0, 0.0)
    for threshold in np.arange(0.05, 0.8, 0.0125):
        labels = dict(zip(ids, fcluster(tree, 1 - threshold, "distance"), strict=True))
        predicted = {a: labels[of[a]] for a in gold} if of else labels
        best = max(best, (cluster_scores(predicted, gold).bcubed.f1, round(float(threshold), 3)))
    return best


def events() -> None:
    for name, (arts, feats) in tune_data().items():
        embeddings = np.stack([f.embedding for f in feats])
        semantic = embeddings @ embeddings.T
        gold = {a.article_id: a.event for a in arts}
        ids = [a.article_id for a in arts]
        for label, weight in WEIGHTINGS.items():
            m = tfidf_rows([Counter(dict(f.terms)) for f in feats], weight)
            lexical = (m @ m.T).toarray()
            for w in (0.0, 0.3, 0.5):
                f1, cut = best_cut(w * semantic + (1 - w) * lexical, ids, gold)
                print(f"{name} {label} w={w}: B3-F1 {f1:.3f} at {cut}", flush=True)


def storylines() -> None:
    arts, feats = tune_data()["ecbplus"]
    members: dict[str, list] = defaultdict(list)  # type: ignore[type-arg]
    for a, f in zip(arts, feats, strict=True):
        members[a.event].append(f)
    names = sorted(members)
    bags = []
    for e in names:
        bag: Counter[str] = Counter()
        for f in members[e]:
            bag.update(dict(f.terms))
        bags.append(bag)
    m = tfidf_rows(bags, WEIGHTINGS["all"])
    lexical = (m @ m.T).toarray()
    centroids = np.stack([np.mean([f.embedding for f in members[e]], axis=0) for e in names])
    centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
    gold = {a.article_id: str(a.storyline) for a in arts}
    of = {a.article_id: a.event for a in arts}
    for w in (0.0, 0.3, 0.5):
        f1, cut = best_cut(w * (centroids @ centroids.T) + (1 - w) * lexical, names, gold, of)
        print(f"storylines over gold events, w={w}: B3-F1 {f1:.3f} at {cut}", flush=True)


if __name__ == "__main__":
    events() if sys.argv[1:] == ["events"] else storylines()
