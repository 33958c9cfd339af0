from __future__ import annotations

import numpy as np
import pytest

from newsweave.models.stories import ArticleFeatures
from newsweave.stages.cluster.records import (
    StaleFeaturesError,
    features_from_json,
    features_to_json,
)


def test_features_survive_json_exactly(synthetic_features: dict[str, ArticleFeatures]) -> None:
    for features in synthetic_features.values():
        text = features_to_json(features)
        back = features_from_json(text)
        assert back == features
        assert np.array_equal(back.embedding, features.embedding)
        assert features_to_json(back) == text


def test_features_of_another_version_are_refused(
    synthetic_features: dict[str, ArticleFeatures],
) -> None:
    text = features_to_json(synthetic_features["chile-1"])
    old = text.replace('"version": "cluster-features.v2"', '"version": "cluster-features.v1"')
    assert old != text
    with pytest.raises(StaleFeaturesError, match=r"cluster-features\.v1"):
        features_from_json(old)
