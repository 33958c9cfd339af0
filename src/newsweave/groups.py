"""Union-find over the statements of a story's articles, guarded against chains.

Quote fusion joins statements pair by pair across outlets, and evidence joined pair by pair
chains: a story carried by hundreds of lightly edited copies offers so many pairs of variants
that a few pass any test by chance, and each such pair joins two whole groups. The guard
refuses a join that would put into one group two statements that one article makes apart
(``apart``), since that article shows them to be different: evidence between two other
outlets' wordings must not override it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


class GuardedGroups:
    """Union-find over indices ``0..n-1``; the smallest index is a group's root (deterministic).

    ``article_of[i]``: the article of statement ``i``; ``apart(i, j)``: whether statements ``i``
    and ``j`` of one article are different (asked only for such pairs)."""

    def __init__(
        self, n: int, article_of: Sequence[str], apart: Callable[[int, int], bool]
    ) -> None:
        self.parent = list(range(n))
        self._by_article: dict[int, dict[str, list[int]]] = {
            i: {article_of[i]: [i]} for i in range(n)
        }
        self._apart = apart
        self._refused: set[tuple[int, int]] = set()

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> bool:
        """Join the groups of ``i`` and ``j`` unless an article makes two of their statements
        apart; whether they are one group afterwards."""
        a, b = sorted((self.find(i), self.find(j)))
        if a == b:
            return True
        if (a, b) in self._refused:
            return False
        small, large = sorted((self._by_article[a], self._by_article[b]), key=len)
        for article, members in small.items():
            others = large.get(article, ())
            if any(self._apart(x, y) for x in members for y in others):
                # Groups only grow, so a pair of roots once refused stays refused.
                self._refused.add((a, b))
                return False
        for article, members in small.items():
            large.setdefault(article, []).extend(members)
        self.parent[b] = a
        self._by_article[a] = large
        del self._by_article[b]
        return True
