"""Cold start of online IDF: incremental with the term space pre-warmed by the other dataset."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import features
from tune import tune_data

from newsweave.eval.metrics import cluster_scores
from newsweave.stages.cluster.stories import StoryIndex, batch_order_key


def run(feats, background):
    index = StoryIndex()
    for f in background:
        index._space.add_document(index._space.vector(f.terms))
    for f in sorted(feats, key=batch_order_key):
        index.add(f)
    return {f.article_id: index.assignment(f.article_id) for f in feats}


def main():
    data = tune_data()
    other = {"ecbplus": features("basil")[1], "basil": features("ecbplus")[1]}
    for name, (arts, feats) in data.items():
        for label, bg in (("cold", []), ("warm", other[name])):
            res = run(feats, bg)
            ev = cluster_scores(
                {a: r.story_id for a, r in res.items()}, {a.article_id: a.event for a in arts}
            ).bcubed.f1
            sl = cluster_scores(
                {a: r.storyline_id for a, r in res.items()},
                {a.article_id: a.storyline or a.event for a in arts},
            ).bcubed.f1
            print(name, label, f"event {ev:.3f} storyline {sl:.3f}")


if __name__ == "__main__":
    main()
