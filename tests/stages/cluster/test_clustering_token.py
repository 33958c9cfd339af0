"""The token that tells a long-lived process whether its story index is still the store's."""

from __future__ import annotations

from newsweave.models.stories import ArticleFeatures
from newsweave.store import Store
from newsweave.store.stories import clustering_token, reset_clustering, save_assignments


def test_the_token_moves_with_every_write_of_clustering_state(
    synthetic_features: dict[str, ArticleFeatures],
) -> None:
    store = Store.open(":memory:")
    assert clustering_token(store) == (0, -1)
    first, second, third = list(synthetic_features.values())[:3]
    with store.atomic():
        save_assignments(store, [first, second], {first.article_id: "s1", second.article_id: "s1"})
    assert clustering_token(store) == (2, 1)
    assert clustering_token(store) == (2, 1)  # reading changes nothing
    with store.atomic():
        save_assignments(store, [third], {third.article_id: "s2"})
    assert clustering_token(store) == (3, 2)
    with store.atomic():
        reset_clustering(store, "cluster.stories.v2")
    assert clustering_token(store) == (0, -1)
    store.close()
