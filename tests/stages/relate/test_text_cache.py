"""The relate stage's cache of tokenised article texts."""

from __future__ import annotations

from newsweave.stages.relate.stage import TextCache


def test_a_text_is_tokenised_once_while_it_stays_the_same() -> None:
    cache = TextCache(size=2)
    first = cache.text("a", "Ferries stop at noon.")
    assert cache.text("a", "Ferries stop at noon.") is first
    changed = cache.text("a", "Ferries stop at one.")
    assert changed is not first and changed.text == "Ferries stop at one."


def test_the_least_recently_used_text_leaves_first() -> None:
    cache = TextCache(size=2)
    a = cache.text("a", "One.")
    b = cache.text("b", "Two.")
    assert cache.text("a", "One.") is a  # "b" is now the oldest
    cache.text("c", "Three.")
    assert cache.text("a", "One.") is a
    assert cache.text("b", "Two.") is not b
