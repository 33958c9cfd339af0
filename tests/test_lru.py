"""The bounded least-recently-used mapping the relate stage's caches are made of."""

from __future__ import annotations

from newsweave.lru import LruCache


def test_reading_an_entry_keeps_it_and_the_oldest_leaves_first() -> None:
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "b" is now the oldest
    cache.put("c", 3)
    assert "b" not in cache and len(cache) == 2
    assert cache.get("a") == 1 and cache.get("c") == 3


def test_asking_whether_an_entry_is_held_does_not_make_it_recent() -> None:
    cache: LruCache[str, int] = LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert "a" in cache
    cache.put("c", 3)
    assert "a" not in cache and cache.get("b") == 2


def test_a_cache_of_size_zero_holds_nothing() -> None:
    cache: LruCache[str, int] = LruCache(0)
    cache.put("a", 1)
    assert cache.get("a") is None and len(cache) == 0
