"""Features of the synthetic articles, computed once per test session (embedding is slow)."""

from __future__ import annotations

import pytest

from newsweave.models.stories import ArticleFeatures
from newsweave.stages.cluster.features import extract_features

from .synthetic import ALL


@pytest.fixture(scope="session")
def synthetic_features() -> dict[str, ArticleFeatures]:
    return {f.article_id: f for f in extract_features(ALL)}
