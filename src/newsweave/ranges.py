"""A set of positions kept as sorted disjoint [start, end) ranges."""

from __future__ import annotations

from bisect import bisect_left, bisect_right


class Ranges:
    """Positions taken, as sorted disjoint [start, end) ranges: a copy's run covers its whole
    text, and a set of its positions would cost more than the work that asks about it."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def __contains__(self, position: int) -> bool:
        k = bisect_right(self._starts, position) - 1
        return k >= 0 and position < self._ends[k]

    def add(self, start: int, end: int) -> None:
        """Take [start, end), merged with the ranges it overlaps or touches."""
        lo = bisect_left(self._ends, start)
        hi = bisect_right(self._starts, end)
        if lo < hi:
            start, end = min(start, self._starts[lo]), max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]
