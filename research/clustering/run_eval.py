"""Score the clusterer on cached features: python research/clustering/run_eval.py [k=v ...]"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from common import features

from newsweave.eval.clustering import ClusteringReport, format_report, score_dataset
from newsweave.stages.cluster.stories import ClusterParams


def main(argv: list[str]) -> None:
    params = ClusterParams()
    parts = {"TUNE"}
    for arg in argv:
        key, value = arg.split("=")
        if key == "parts":
            parts = set(value.split(","))
            continue
        params = replace(params, **{key: type(getattr(params, key))(value)})
    rows = []
    for name in ("ecbplus", "basil"):
        arts, feats = features(name)
        rows += [r for r in score_dataset(name, arts, feats, params) if r.part in parts]
    print(params)
    print(format_report(ClusteringReport(tuple(rows))))


if __name__ == "__main__":
    main(sys.argv[1:])
