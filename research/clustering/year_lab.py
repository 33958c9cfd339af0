"""Year-level evidence on TUNE: a penalty when an article's lead years and a story's lead years
are both known and disjoint. python year_lab.py CHARS PENALTY[,PENALTY...] [TOLERANCE]"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import tune

from newsweave.stages.cluster import stories as stories_module
from newsweave.stages.cluster.stories import ClusterParams, StoryIndex

YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


def main(chars: int, penalties: list[float], tolerance: int) -> None:
    data = tune.tune_data()
    years: dict[str, set[int]] = {}
    for arts, _ in data.values():
        for a in arts:
            years[a.article_id] = {int(y) for y in YEAR.findall(f"{a.title}\n{a.text[:chars]}")}
    story_years: dict[tuple[int, int], set[int]] = {}
    original_absorb = StoryIndex._absorb
    original_penalty = StoryIndex._place_penalty

    for penalty in penalties:

        def absorb(self, position, features, *, created, score):  # type: ignore[no-untyped-def]
            original_absorb(self, position, features, created=created, score=score)
            story_years.setdefault((id(self), position), set()).update(years[features.article_id])

        def place_penalty(self, features, story):  # type: ignore[no-untyped-def]
            base = original_penalty(self, features, story)
            mine = years[features.article_id]
            theirs = story_years.get((id(self), story.position), set())
            if mine and theirs and all(abs(a - b) > tolerance for a in mine for b in theirs):
                return base + penalty  # noqa: B023
            return base

        stories_module.StoryIndex._absorb = absorb  # type: ignore[method-assign]
        stories_module.StoryIndex._place_penalty = place_penalty  # type: ignore[method-assign]
        story_years.clear()
        print(chars, penalty, tolerance, tune.evaluate(data, ClusterParams()), flush=True)


if __name__ == "__main__":
    main(
        int(sys.argv[1]),
        [float(p) for p in sys.argv[2].split(",")],
        int(sys.argv[3]) if len(sys.argv) > 3 else 0,
    )
