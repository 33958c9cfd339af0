"""Grid search of the clustering knobs on the TUNE parts only (batch mode)."""

from __future__ import annotations

import itertools
import sys
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import features

from newsweave.eval.clustering import cluster
from newsweave.eval.metrics import cluster_scores
from newsweave.stages.cluster.stories import ClusterParams


def tune_data():
    out = {}
    for name in ("ecbplus", "basil"):
        arts, feats = features(name)
        keep = [i for i, a in enumerate(arts) if not a.held_out]
        out[name] = ([arts[i] for i in keep], [feats[i] for i in keep])
    return out


def evaluate(data, params, mode="batch"):
    res = {}
    for name, (arts, feats) in data.items():
        stories, lines = cluster(feats, mode, params)
        res[name] = cluster_scores(stories, {a.article_id: a.event for a in arts}).bcubed.f1
        if name == "ecbplus":
            res["lines"] = cluster_scores(
                lines, {a.article_id: a.storyline for a in arts}
            ).bcubed.f1
    return res


def parameter_grid(argv):
    """``key=v1,v2 ...`` arguments -> (label, ClusterParams) for every combination."""
    grid = {}
    for arg in argv:
        key, values = arg.split("=")
        kind = type(getattr(ClusterParams(), key))
        kind = (lambda v: v == "1") if kind is bool else kind
        grid[key] = [kind(v) for v in values.split(",")]
    keys = list(grid)
    for combo in itertools.product(*(grid[k] for k in keys)):
        label = " ".join(f"{k}={v}" for k, v in zip(keys, combo, strict=True))
        yield label, replace(ClusterParams(), **dict(zip(keys, combo, strict=True)))


def main(argv):
    data = tune_data()
    for label, params in parameter_grid(argv):
        t = time.time()
        r = evaluate(data, params)
        print(
            label,
            " ".join(f"{k}={v:.3f}" for k, v in r.items()),
            f"mean_ev={(r['ecbplus'] + r['basil']) / 2:.3f} ({time.time() - t:.1f}s)",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
