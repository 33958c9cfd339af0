"""Conflicting numbers on TUNE: the same counted thing ("magnitude", "dead", "year-old") with
other values in the article than anywhere in the story. python numbers_lab.py P[,P..] MIN"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import tune

from newsweave.stages.cluster import stories as stories_module
from newsweave.stages.cluster.stopwords import STOPWORDS
from newsweave.stages.cluster.stories import ClusterParams, StoryIndex

NUMBER = re.compile(r"\b(\d+(?:\.\d+)?)\s*-?\s*([a-z]+)")
BEFORE = re.compile(r"\b([a-z]+)\s+(?:of\s+)?(\d+(?:\.\d+)?)\b")


def counted(text: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for value, word in NUMBER.findall(text.lower()):
        if word not in STOPWORDS and len(word) > 2:
            out[word].add(value)
    for word, value in BEFORE.findall(text.lower()):
        if word in {"magnitude", "aged", "age"}:
            out[word].add(value)
    return out


def main(penalties: list[float], minimum: int, chars: int) -> None:
    data = tune.tune_data()
    numbers = {
        a.article_id: counted(f"{a.title}\n{a.text[:chars]}")
        for arts, _ in data.values()
        for a in arts
    }
    story_numbers: dict[tuple[int, int], dict[str, set[str]]] = {}
    original_absorb = StoryIndex._absorb
    original_penalty = StoryIndex._place_penalty
    for penalty in penalties:

        def absorb(self, position, features, *, created, score):  # type: ignore[no-untyped-def]
            original_absorb(self, position, features, created=created, score=score)
            mine = story_numbers.setdefault((id(self), position), defaultdict(set))
            for key, values in numbers[features.article_id].items():
                mine[key] |= values

        def place_penalty(self, features, story):  # type: ignore[no-untyped-def]
            base = original_penalty(self, features, story)
            theirs = story_numbers.get((id(self), story.position), {})
            conflicts = sum(
                1
                for key, values in numbers[features.article_id].items()
                if key in theirs and not values & theirs[key]
            )
            agreements = sum(
                1
                for key, values in numbers[features.article_id].items()
                if key in theirs and values & theirs[key]
            )
            return base + (penalty if conflicts - agreements >= minimum else 0.0)  # noqa: B023

        stories_module.StoryIndex._absorb = absorb  # type: ignore[method-assign]
        stories_module.StoryIndex._place_penalty = place_penalty  # type: ignore[method-assign]
        story_numbers.clear()
        params = ClusterParams(story_threshold=0.4, storyline_threshold=0.4, date_bonus=0.05)
        print(penalty, minimum, chars, tune.evaluate(data, params), flush=True)


if __name__ == "__main__":
    main([float(p) for p in sys.argv[1].split(",")], int(sys.argv[2]), int(sys.argv[3]))
