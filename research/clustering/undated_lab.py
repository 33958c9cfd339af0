"""Order and missing dates (TUNE only).

    python undated_lab.py [key=v1,v2 ...]    # per parameter combination
    python undated_lab.py --orders           # the current parameters, each order and dating
    python undated_lab.py --orders --fixed   # the same without re-deciding undated members

BASIL articles are all dated and ECB+ ones never are, so neither shows what happens when a
collection mixes dated and undated reports and arrives in any order (scraped files often lack a
date line). Per seed, a share of the BASIL TUNE articles loses its date (publication date and
date mentions), and the articles are added one at a time in a random order; ECB+ TUNE is fed in
random orders as well. Prints the mean B-cubed F1 over the seeds (and the worst seed's).
``--orders`` prints BASIL in date order and in random order, with and without removed dates.
"""

from __future__ import annotations

import random
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from tune import parameter_grid, tune_data

from newsweave.eval.metrics import cluster_scores
from newsweave.stages.cluster.stories import ClusterParams, StoryIndex, batch_order_key

SEEDS = range(8)
UNDATED_SHARE = 0.4
# Undated members re-decided as dated articles arrive (as the clustering stage does); off with
# --fixed, to measure what it changes.
REDECIDE = "--fixed" not in sys.argv


def run(arts, feats, params, seed, undate, shuffle=True):
    """B-cubed F1 of one seed: the dates a seed removes do not depend on the order."""
    rng = random.Random(seed)
    fed = [
        replace(f, published=None, dates=()) if undate and rng.random() < UNDATED_SHARE else f
        for f in feats
    ]
    if shuffle:
        rng.shuffle(fed)
    else:
        fed.sort(key=batch_order_key)
    index = StoryIndex(params)
    members = {f.article_id: f for f in fed} if REDECIDE else None
    for f in fed:
        index.add(f, members)
    stories = {f.article_id: index.assignment(f.article_id).story_id for f in feats}
    return cluster_scores(stories, {a.article_id: a.event for a in arts}).bcubed.f1


def over_seeds(arts, feats, params, undate, shuffle=True):
    scores = [run(arts, feats, params, seed, undate, shuffle) for seed in SEEDS]
    return f"{sum(scores) / len(scores):.3f} (min {min(scores):.3f})"


def main(argv):
    argv = [a for a in argv if a != "--fixed"]
    data = tune_data()
    if argv == ["--orders"]:
        arts, feats = data["basil"]
        for shuffle in (False, True):
            for undate in (False, True):
                print(
                    f"basil order={'random' if shuffle else 'date'}"
                    f" undated={UNDATED_SHARE if undate else 0}:",
                    over_seeds(arts, feats, ClusterParams(), undate, shuffle),
                    flush=True,
                )
        return
    for label, params in parameter_grid(argv):
        out = {
            name: over_seeds(arts, feats, params, name == "basil")
            for name, (arts, feats) in data.items()
        }
        print(label, " ".join(f"{k}={v}" for k, v in out.items()), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
