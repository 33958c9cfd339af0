from __future__ import annotations

import numpy as np

from newsweave.models.stories import ArticleFeatures
from newsweave.stages.cluster.records import features_from_json, features_to_json


def test_features_survive_json_exactly(synthetic_features: dict[str, ArticleFeatures]) -> None:
    for features in synthetic_features.values():
        text = features_to_json(features)
        back = features_from_json(text)
        assert back == features
        assert np.array_equal(back.embedding, features.embedding)
        assert features_to_json(back) == text
