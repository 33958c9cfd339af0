"""Which gold events are split or merged (TUNE only): python errors.py DATASET [k=v ...]"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from tune import tune_data

from newsweave.eval.clustering import cluster
from newsweave.eval.metrics import cluster_scores
from newsweave.stages.cluster.stories import ClusterParams


def main(name, argv):
    params = ClusterParams()
    for arg in argv:
        k, v = arg.split("=")
        params = replace(params, **{k: type(getattr(params, k))(v)})
    arts, feats = tune_data()[name]
    stories, _ = cluster(feats, "batch", params)
    gold = {a.article_id: a.event for a in arts}
    sc = cluster_scores(stories, gold)
    print(f"B3 P {sc.bcubed.precision:.3f} R {sc.bcubed.recall:.3f} F {sc.bcubed.f1:.3f}")
    by_pred, by_gold = defaultdict(Counter), defaultdict(Counter)
    for a in arts:
        by_pred[stories[a.article_id]][a.event] += 1
        by_gold[a.event][stories[a.article_id]] += 1
    print("merged:", [dict(c) for c in by_pred.values() if len(c) > 1])
    print("split:", {g: sorted(c.values(), reverse=True) for g, c in by_gold.items() if len(c) > 1})


MODE = "batch"


def lines_main(argv):
    params = ClusterParams()
    for arg in argv:
        k, v = arg.split("=")
        params = replace(params, **{k: type(getattr(params, k))(v)})
    arts, feats = tune_data()["ecbplus"]
    stories, lines = cluster(feats, MODE, params)
    gold = {a.article_id: a.storyline for a in arts}
    sc = cluster_scores(lines, gold)
    print(f"B3 P {sc.bcubed.precision:.3f} R {sc.bcubed.recall:.3f} F {sc.bcubed.f1:.3f}")
    by_pred, by_gold = defaultdict(Counter), defaultdict(Counter)
    for a in arts:
        by_pred[lines[a.article_id]][a.event] += 1
        by_gold[a.storyline][stories[a.article_id]] += 1
    print(
        "merged:",
        [dict(c) for c in by_pred.values() if len({e.rstrip("plus").rstrip("ecb") for e in c}) > 1],
    )
    print(
        "split storylines (story sizes):",
        {
            g: sorted(c.values(), reverse=True)
            for g, c in by_gold.items()
            if len({lines[a.article_id] for a in arts if a.storyline == g}) > 1
        },
    )


if __name__ == "__main__":
    if sys.argv[1].startswith("lines"):
        MODE = "incremental" if sys.argv[1] == "lines-inc" else "batch"
        lines_main(sys.argv[2:])
    else:
        main(sys.argv[1], sys.argv[2:])
