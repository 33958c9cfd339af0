"""A small gradient-boosted tree ensemble read from JSON and evaluated with numpy (no pickle).

The training script (``research/extraction/train_lines.py``) exports scikit-learn's
HistGradientBoostingClassifier trees into this format:

    {"format": "newsweave-gbdt-v1", "features": [...], "baseline": float,
     "trees": [{"feature": [...], "threshold": [...], "left": [...], "right": [...],
                "missing_left": [...], "value": [...]}, ...]}

``feature`` is -1 at a leaf. All trees are walked at once, level by level, so that a document
of a few hundred lines costs a handful of vectorised steps rather than a Python loop per node.
The cascade (a stage that sees the probabilities of its neighbours from the previous stage) is
described in ``boilerplate.py``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["DATA_DIR", "LineModel", "TreeEnsemble", "load_line_model"]

DATA_DIR = Path(__file__).resolve().parent / "data"
FORMAT = "newsweave-gbdt-v1"


@dataclass(frozen=True, slots=True)
class TreeEnsemble:
    """All trees as flat node arrays with global indices, ready for level-by-level walking.

    A leaf is stored as a split that sends every value back to the leaf itself (feature 0,
    threshold +inf, both children = the leaf), so the walk needs no leaf test: after ``depth``
    steps every row sits on a leaf of every tree.
    """

    features: tuple[str, ...]
    baseline: float
    n_trees: int
    feature: npt.NDArray[np.int64]  # (trees * width,)
    threshold: npt.NDArray[np.float64]
    children: npt.NDArray[np.int64]  # (trees * width * 2,): [left, right] per node, global
    missing_left: npt.NDArray[np.bool_]
    value: npt.NDArray[np.float64]
    roots: npt.NDArray[np.int64]  # (trees,)
    depth: int

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TreeEnsemble:
        if data.get("format") != FORMAT:
            raise ValueError(f"unknown tree format {data.get('format')!r}")
        trees: Sequence[Mapping[str, Sequence[float]]] = data["trees"]
        width = max(len(t["feature"]) for t in trees)
        n = len(trees)
        size = n * width
        feature = np.zeros(size, dtype=np.int64)
        threshold = np.full(size, np.inf)
        children = np.repeat(np.arange(size, dtype=np.int64), 2)
        missing_left = np.ones(size, dtype=bool)
        value = np.zeros(size)
        for i, tree in enumerate(trees):
            base = i * width
            for k, feat in enumerate(tree["feature"]):
                node = base + k
                value[node] = tree["value"][k]
                if feat < 0:
                    continue
                feature[node] = int(feat)
                threshold[node] = tree["threshold"][k]
                children[2 * node] = base + int(tree["left"][k])
                children[2 * node + 1] = base + int(tree["right"][k])
                missing_left[node] = bool(tree["missing_left"][k])
        return cls(
            features=tuple(data["features"]),
            baseline=float(data["baseline"]),
            n_trees=n,
            feature=feature,
            threshold=threshold,
            children=children,
            missing_left=missing_left,
            value=value,
            roots=np.arange(n, dtype=np.int64) * width,
            depth=int(data["depth"]),
        )

    def margin(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        """Raw scores (log-odds) for the rows of ``x``."""
        n_rows = x.shape[0]
        if n_rows == 0:
            return np.zeros(0)
        flat_x = np.ascontiguousarray(x, dtype=np.float64).ravel()
        row_base = (np.arange(n_rows, dtype=np.int64) * x.shape[1])[:, None]
        has_nan = bool(np.isnan(flat_x).any())
        node = np.broadcast_to(self.roots, (n_rows, self.n_trees)).copy()
        for _ in range(self.depth):
            vals = flat_x[row_base + self.feature[node]]
            go_right = vals > self.threshold[node]
            if has_nan:
                go_right = np.where(np.isnan(vals), ~self.missing_left[node], go_right)
            node = self.children[2 * node + go_right]
        total: npt.NDArray[np.float64] = self.value[node].sum(axis=1) + self.baseline
        return total

    def probability(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.asarray(1.0 / (1.0 + np.exp(-self.margin(x))), dtype=np.float64)


@dataclass(frozen=True, slots=True)
class LineModel:
    """A two-stage cascade: stage 2 sees stage 1's probabilities of the neighbouring lines."""

    name: str
    stage1: TreeEnsemble
    stage2: TreeEnsemble | None  # None: stage 1 alone
    threshold: float
    metadata: Mapping[str, Any]


def load_line_model_file(path: Path) -> LineModel:
    data = json.loads(path.read_text(encoding="utf-8"))
    return LineModel(
        name=str(data["name"]),
        stage1=TreeEnsemble.from_dict(data["stage1"]),
        stage2=TreeEnsemble.from_dict(data["stage2"]) if data.get("stage2") else None,
        threshold=float(data["threshold"]),
        metadata=dict(data.get("metadata", {})),
    )


@lru_cache(maxsize=4)
def load_line_model(name: str) -> LineModel:
    """The packaged model ``data/lines_<name>.json`` (cached)."""
    return load_line_model_file(DATA_DIR / f"lines_{name}.json")
