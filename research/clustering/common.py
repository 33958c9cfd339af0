"""Shared helpers of the clustering research scripts: dataset paths and cached features."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

from newsweave.eval.clustering import as_story_input
from newsweave.eval.clustering_data import LabelledArticle, load_basil, load_ecbplus
from newsweave.models.stories import ArticleFeatures
from newsweave.stages.cluster.features import FEATURES_VERSION, extract_features
from newsweave.stages.cluster.static_embed import TABLE_PATH

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks" / "clustering"
CACHE = Path("/tmp/nw_cluster_cache")


def load(dataset: str) -> list[LabelledArticle]:
    return (
        load_ecbplus(SHARED / "ecbplus") if dataset == "ecbplus" else load_basil(SHARED / "basil")
    )


def features(
    dataset: str, tag: str = "", embed_words: int | None = None
) -> tuple[list[LabelledArticle], list[ArticleFeatures]]:
    """Articles and their features (cached in /tmp by dataset and features version)."""
    CACHE.mkdir(exist_ok=True)
    articles = load(dataset)
    # The table can be rebuilt without a version change: its hash keys the cache too.
    table = hashlib.sha1(TABLE_PATH.read_bytes()).hexdigest()[:8]
    path = CACHE / f"features_{dataset}_{FEATURES_VERSION}_{table}{tag}.pkl"
    if path.exists():
        return articles, pickle.loads(path.read_bytes())
    inputs = [as_story_input(a) for a in articles]
    feats = (
        extract_features(inputs, embed_words=embed_words)
        if embed_words
        else extract_features(inputs)
    )
    path.write_bytes(pickle.dumps(feats))
    return articles, feats
