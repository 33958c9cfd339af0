"""Quality of shorter embedded leads: python embed_words.py WORDS [k=v ...] (TUNE only)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import common
import tune

from newsweave.stages.cluster.stories import ClusterParams


def main(words: int, argv: list[str]) -> None:
    original = common.features
    tune.features = lambda name: original(name, tag=f"_w{words}", embed_words=words)
    data = tune.tune_data()
    params = ClusterParams()
    for arg in argv:
        key, value = arg.split("=")
        params = replace(params, **{key: type(getattr(params, key))(value)})
    print(words, params, tune.evaluate(data, params))


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
