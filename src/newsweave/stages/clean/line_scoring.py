"""Scoring the lines of one document with a two-stage line model."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from newsweave.stages.clean.line_features import cascade_feature_matrix
from newsweave.stages.clean.line_model import LineModel

__all__ = ["cascade_probabilities"]


def cascade_probabilities(x: npt.NDArray[np.float64], model: LineModel) -> npt.NDArray[np.float64]:
    """Stage 1 scores each line alone; stage 2 rescores it knowing its neighbours' scores."""
    if x.shape[1] != len(model.stage1.features):
        raise ValueError(
            f"line model {model.name!r} expects {len(model.stage1.features)} features, "
            f"got {x.shape[1]}"
        )
    if x.shape[0] == 0:
        return np.zeros(0)
    first = model.stage1.probability(x)
    if model.stage2 is None:
        return first
    second = np.hstack([x, cascade_feature_matrix(first)])
    return model.stage2.probability(second)
