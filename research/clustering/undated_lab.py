"""Order and missing dates (TUNE only): python undated_lab.py [key=v1,v2 ...]

BASIL articles are all dated and ECB+ ones never are, so neither shows what happens when a
collection mixes dated and undated reports and arrives in any order (scraped files often lack a
date line). Per seed, a share of the BASIL TUNE articles loses its date (publication date and
date mentions), and the articles are added one at a time in a random order; ECB+ TUNE is fed in
random orders as well. Prints the mean B-cubed F1 over the seeds per parameter combination.
"""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from tune import parameter_grid, tune_data

from newsweave.eval.metrics import cluster_scores
from newsweave.stages.cluster.stories import StoryIndex

SEEDS = range(8)
UNDATED_SHARE = 0.4


def run(arts, feats, params, seed, undate):
    rng = random.Random(seed)
    order = list(range(len(feats)))
    rng.shuffle(order)
    index = StoryIndex(params)
    for i in order:
        f = feats[i]
        if undate and rng.random() < UNDATED_SHARE:
            f = replace(f, published=None, dates=())
        index.add(f)
    stories = {f.article_id: index.assignment(f.article_id).story_id for f in feats}
    return cluster_scores(stories, {a.article_id: a.event for a in arts}).bcubed.f1


def main(argv):
    data = tune_data()
    for label, params in parameter_grid(argv):
        out = {}
        for name, (arts, feats) in data.items():
            scores = [run(arts, feats, params, seed, name == "basil") for seed in SEEDS]
            out[name] = (sum(scores) / len(scores), min(scores))
        print(
            label,
            " ".join(f"{k}={m:.3f} (min {lo:.3f})" for k, (m, lo) in out.items()),
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
