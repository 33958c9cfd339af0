"""Checks on story indexes shared by the clustering tests."""

from __future__ import annotations

import numpy as np

from newsweave.stages.cluster.stories import StoryIndex


def assert_same_stories(live: StoryIndex, again: StoryIndex) -> None:
    """The two indexes hold the same stories, in the same order, with the same profiles, dated
    spans and countries (``again``: restored, or resumed from a saved copy)."""
    assert list(again.story_members().items()) == list(live.story_members().items())
    for story_id in live.story_members():
        mine, theirs = (i._stories[i._story_position[story_id]] for i in (live, again))
        assert np.array_equal(mine.profile.terms.ids, theirs.profile.terms.ids)
        assert np.allclose(mine.profile.terms.weights, theirs.profile.terms.weights)
        assert np.allclose(mine.profile.centroid(), theirs.profile.centroid())
        assert (mine.span, mine.countries) == (theirs.span, theirs.countries)
