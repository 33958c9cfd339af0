"""The union-find that refuses to join what one article keeps apart."""

from __future__ import annotations

from newsweave.groups import GuardedGroups


def test_a_join_is_refused_when_one_article_keeps_two_members_apart() -> None:
    articles = ["a", "b", "a", "c"]
    asked: list[tuple[int, int]] = []

    def apart(x: int, y: int) -> bool:
        asked.append((x, y))
        return {x, y} == {0, 2}

    groups = GuardedGroups(4, articles, apart)
    assert groups.union(0, 1) and groups.union(2, 3)
    assert not groups.union(1, 3)  # 0 and 2, both of article a, would meet
    assert not groups.union(3, 0)  # refused again, without asking
    assert asked.count((2, 0)) + asked.count((0, 2)) == 1
    assert [groups.find(i) for i in range(4)] == [0, 0, 2, 2]


def test_members_of_different_articles_join_and_the_smallest_index_is_the_root() -> None:
    groups = GuardedGroups(3, ["x", "y", "z"], lambda x, y: True)
    assert groups.union(2, 1) and groups.union(1, 0)
    assert [groups.find(i) for i in range(3)] == [0, 0, 0]
