"""Ceiling check: average-linkage over the same article similarity (TUNE only)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

sys.path.insert(0, str(Path(__file__).parent))
from tune import tune_data

from newsweave.eval.metrics import cluster_scores
from newsweave.stages.cluster.similarity import TermSpace


def sim_matrix(feats, w):
    space = TermSpace()
    vecs = [space.vector(f.terms) for f in feats]
    for v in vecs:
        space.add_document(v)
    rows = []
    for v in vecs:
        idf = space.idf(v.ids)
        rows.append((v.ids, v.weights * idf / np.linalg.norm(v.weights * idf)))
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0] + [len(r[0]) for r in rows])
    m = csr_matrix(
        (np.concatenate([r[1] for r in rows]), np.concatenate([r[0] for r in rows]), indptr)
    )
    lex = (m @ m.T).toarray()
    e = np.stack([f.embedding for f in feats])
    return w * (e @ e.T) + (1 - w) * lex


def main():
    for name, (arts, feats) in tune_data().items():
        for w in (0.3, 0.5):
            s = sim_matrix(feats, w)
            d = np.clip(1 - s, 0, None)
            np.fill_diagonal(d, 0)
            z = linkage(squareform((d + d.T) / 2, checks=False), "average")
            best = []
            for thr in np.arange(0.1, 0.7, 0.025):
                lab = fcluster(z, 1 - thr, "distance")
                pred = {a.article_id: label for a, label in zip(arts, lab, strict=True)}
                best.append(
                    (
                        cluster_scores(pred, {a.article_id: a.event for a in arts}).bcubed.f1,
                        round(thr, 3),
                    )
                )
            print(name, w, max(best))


if __name__ == "__main__":
    main()
