"""The line model's trees, run by ONNX Runtime, score as the JSON format says."""

from __future__ import annotations

import math

import numpy as np
import pytest

from newsweave.stages.clean.line_model import TreeEnsemble, load_line_model


def _ensemble() -> TreeEnsemble:
    # Tree 0: x0 <= 1.5 -> left leaf (-1.0), else x1 <= 0.25 -> 0.5 / 2.0; NaN in x0 goes right.
    # Tree 1: x1 <= 10 -> 0.125 else -0.25; NaN in x1 goes left. A third tree is a lone leaf.
    return TreeEnsemble.from_dict(
        {
            "format": "newsweave-gbdt-v1",
            "features": ["a", "b"],
            "baseline": 0.3,
            "trees": [
                {
                    "feature": [0, -1, 1, -1, -1],
                    "threshold": [1.5, 0.0, 0.25, 0.0, 0.0],
                    "left": [1, 0, 3, 0, 0],
                    "right": [2, 0, 4, 0, 0],
                    "missing_left": [False, True, True, True, True],
                    "value": [0.0, -1.0, 0.0, 0.5, 2.0],
                },
                {
                    "feature": [1, -1, -1],
                    "threshold": [10.0, 0.0, 0.0],
                    "left": [1, 0, 0],
                    "right": [2, 0, 0],
                    "missing_left": [True, True, True],
                    "value": [0.0, 0.125, -0.25],
                },
                {
                    "feature": [-1],
                    "threshold": [0.0],
                    "left": [0],
                    "right": [0],
                    "missing_left": [True],
                    "value": [0.0625],
                },
            ],
        }
    )


def test_each_row_takes_one_leaf_per_tree_and_the_sum_with_the_baseline() -> None:
    x = np.array(
        [
            [1.5, 0.0],  # at the threshold: left
            [1.6, 0.25],  # right, then left
            [1.6, 11.0],  # right, right; second tree right
            [np.nan, 0.0],  # missing goes right in tree 0
            [0.0, np.nan],  # missing goes left in tree 1
        ]
    )
    expected = (
        0.3 + 0.0625 + np.array([-1.0 + 0.125, 0.5 + 0.125, 2.0 - 0.25, 0.5 + 0.125, -1.0 + 0.125])
    )
    ensemble = _ensemble()
    assert ensemble.n_trees == 3 and ensemble.features == ("a", "b")
    np.testing.assert_allclose(ensemble.margin(x), expected, atol=1e-6)
    probability = ensemble.probability(x[:1])
    assert probability[0] == pytest.approx(1.0 / (1.0 + math.exp(-expected[0])), abs=1e-6)
    assert ensemble.margin(np.zeros((0, 2))).shape == (0,)


def test_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown tree format"):
        TreeEnsemble.from_dict({"format": "other", "features": [], "baseline": 0, "trees": []})


def test_the_packaged_models_load_and_score_every_line() -> None:
    for name in ("text", "html"):
        model = load_line_model(name)
        x = np.random.default_rng(7).random((40, len(model.stage1.features)))
        scores = model.stage1.probability(x)
        assert scores.shape == (40,) and np.all((scores > 0) & (scores < 1))
        assert np.array_equal(scores, model.stage1.probability(x))  # deterministic
