"""Each pair of texts is compared once, whatever the ids that carry them (wire copies), and
apart for whether retold sentences were looked for."""

from __future__ import annotations

from newsweave.stages.relate.compare import ArticleText, PairComparison, compare_text
from newsweave.stages.relate.stage import ComparisonCache, ComparisonKey, comparison_key


def comparison(a: str, b: str) -> tuple[ComparisonKey, PairComparison]:
    first, second = ArticleText(a, f"Text {a}."), ArticleText(b, f"Text {b}.")
    return comparison_key(first, second, True), compare_text(first, second)


def test_the_key_is_the_texts_in_order_not_the_ids() -> None:
    one, same = ArticleText("a", "Ferries stop at noon."), ArticleText("z", "Ferries stop at noon.")
    other = ArticleText("b", "Buses run late.")
    assert comparison_key(one, other, True) == comparison_key(same, other, True)
    assert comparison_key(one, other, True) != comparison_key(other, one, True)
    # A comparison made without the retelling judge does not stand in for one made with it.
    assert comparison_key(one, other, False) != comparison_key(one, other, True)


def test_the_least_recently_used_comparison_leaves_first() -> None:
    cache = ComparisonCache(size=2)
    (ka, a), (kb, b), (kc, c) = comparison("a", "x"), comparison("b", "x"), comparison("c", "x")
    cache.put(ka, a)
    cache.put(kb, b)
    assert cache.get(ka) is a  # "b" is now the oldest
    cache.put(kc, c)
    assert cache.get(kb) is None
    assert cache.get(ka) is a and cache.get(kc) is c
    empty = ComparisonCache(size=0)
    empty.put(ka, a)
    assert empty.get(ka) is None
