"""Headline names absent from a story, on TUNE: the article's title names (capitalised phrases)
that no member of the story mentions anywhere. python names_lab.py PENALTY[,..] MIN_MISSING"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import tune

from newsweave.stages.cluster import stories as stories_module
from newsweave.stages.cluster.features import _names
from newsweave.stages.cluster.stories import ClusterParams, StoryIndex


def main(penalties: list[float], min_missing: int, min_members: int) -> None:
    data = tune.tune_data()
    title_names: dict[str, set[str]] = {}
    all_terms: dict[str, set[str]] = {}
    for arts, feats in data.values():
        for a, f in zip(arts, feats, strict=True):
            words = {w.lower() for w in a.title.split() if w[:1].islower()}
            title_names[a.article_id] = {n for n in _names(a.title, words) if " " not in n}
            all_terms[a.article_id] = {t[2:] for t, _ in f.terms if t.startswith("e:")} | {
                t for t, _ in f.terms
            }
    story_terms: dict[tuple[int, int], set[str]] = {}
    sizes: dict[tuple[int, int], int] = {}
    original_absorb = StoryIndex._absorb
    original_penalty = StoryIndex._place_penalty
    for penalty in penalties:

        def absorb(self, position, features, *, created, score):  # type: ignore[no-untyped-def]
            original_absorb(self, position, features, created=created, score=score)
            key = (id(self), position)
            story_terms.setdefault(key, set()).update(all_terms[features.article_id])
            sizes[key] = sizes.get(key, 0) + 1

        def place_penalty(self, features, story):  # type: ignore[no-untyped-def]
            base = original_penalty(self, features, story)
            key = (id(self), story.position)
            if sizes.get(key, 0) < min_members:
                return base
            missing = title_names[features.article_id] - story_terms.get(key, set())
            return base + (penalty if len(missing) >= min_missing else 0.0)  # noqa: B023

        stories_module.StoryIndex._absorb = absorb  # type: ignore[method-assign]
        stories_module.StoryIndex._place_penalty = place_penalty  # type: ignore[method-assign]
        story_terms.clear()
        sizes.clear()
        print(penalty, min_missing, min_members, tune.evaluate(data, ClusterParams()), flush=True)


if __name__ == "__main__":
    main([float(p) for p in sys.argv[1].split(",")], int(sys.argv[2]), int(sys.argv[3]))
