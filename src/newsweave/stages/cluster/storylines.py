"""Storylines: stories linked because they share actors and theme, with a timeline.

Links are only ever added, so storylines only merge; a merged storyline keeps the id of its
oldest story's storyline, which keeps ids stable as articles arrive.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from newsweave.models.stories import Story, StoryHead, Storyline, TimelineEntry


def storyline_id_for(story_id: str) -> str:
    """The id of the storyline founded by ``story_id``."""
    return "sl-" + hashlib.sha1(story_id.encode()).hexdigest()[:12]


class StorylineLinks:
    """Union-find over story positions (creation order); the oldest story names the set."""

    def __init__(self) -> None:
        self._parent: list[int] = []

    def add_story(self) -> int:
        self._parent.append(len(self._parent))
        return len(self._parent) - 1

    def root(self, position: int) -> int:
        parent = self._parent
        while parent[position] != position:
            parent[position] = parent[parent[position]]
            position = parent[position]
        return position

    def link(self, a: int, b: int) -> bool:
        """Join the storylines of stories ``a`` and ``b``; True if they were apart."""
        root_a, root_b = self.root(a), self.root(b)
        if root_a == root_b:
            return False
        # The older story (smaller position) stays the root: its id names the storyline.
        if root_b < root_a:
            root_a, root_b = root_b, root_a
        self._parent[root_b] = root_a
        return True


def build_storylines(stories: Sequence[Story | StoryHead]) -> list[Storyline]:
    """Storylines of ``stories`` (grouped by ``storyline_id``) with dated timelines."""
    groups: dict[str, list[StoryHead]] = {}
    for story in stories:
        head = story if isinstance(story, StoryHead) else StoryHead.of(story)
        groups.setdefault(head.storyline_id, []).append(head)
    lines = []
    for line_id, members in sorted(groups.items()):
        ordered = sorted(members, key=_timeline_key)
        timeline = tuple(TimelineEntry(s.id, s.date, s.place, s.title) for s in ordered)
        biggest = max(members, key=lambda s: (s.articles, s.id))
        lines.append(Storyline(line_id, tuple(s.id for s in ordered), timeline, biggest.title))
    return lines


def _timeline_key(story: StoryHead) -> tuple[int, str, str]:
    return (0, story.date.isoformat(), story.id) if story.date else (1, "", story.id)


def group_by_storyline(assignments: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """``storyline_id -> story ids`` from ``(story_id, storyline_id)`` pairs."""
    groups: dict[str, list[str]] = {}
    for story_id, line_id in assignments:
        groups.setdefault(line_id, []).append(story_id)
    return groups
