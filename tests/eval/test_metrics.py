from __future__ import annotations

import pytest

from newsweave.eval.metrics import cluster_scores, macro_prf, shingle_prf, shingles


def test_shingles_are_4_token_multisets() -> None:
    assert sum(shingles("a b c d e").values()) == 2
    assert shingles("a b") == {("a", "b"): 1}
    assert shingles("") == {}


def test_shingle_prf_perfect_partial_and_empty() -> None:
    gold = "one two three four five six"
    assert shingle_prf(gold, gold).f1 == 1.0
    extra = shingle_prf(gold + " seven eight nine ten", gold)
    assert extra.recall == 1.0 and extra.precision < 1.0
    assert shingle_prf("", gold).recall == 0.0
    assert shingle_prf("", "").f1 == 1.0


def test_macro_prf_averages_precision_and_recall_separately() -> None:
    scores = [shingle_prf("a b c d", "a b c d"), shingle_prf("", "a b c d")]
    mean = macro_prf(scores)
    assert (mean.precision, mean.recall) == (0.5, 0.5)


def test_cluster_scores_on_a_known_example() -> None:
    gold = {1: "a", 2: "a", 3: "b", 4: "b"}
    assert cluster_scores(gold, gold).bcubed.f1 == 1.0
    assert cluster_scores(gold, gold).ari == pytest.approx(1.0)
    one = dict.fromkeys(gold, "x")
    scores = cluster_scores(one, gold)
    assert scores.bcubed.recall == 1.0 and scores.bcubed.precision == 0.5
    assert scores.pairwise.precision == pytest.approx(2 / 6)
    assert scores.ari == pytest.approx(0.0)


def test_cluster_scores_need_every_gold_item() -> None:
    with pytest.raises(ValueError, match="no predicted cluster"):
        cluster_scores({1: "a"}, {1: "a", 2: "b"})
