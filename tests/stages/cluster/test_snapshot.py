"""The story index saved beside the store: loaded only when it is this clusterer's, resumed
with what was assigned after it, and never a way to run code."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from newsweave.models.stories import ArticleFeatures
from newsweave.stages.cluster import snapshot
from newsweave.stages.cluster.snapshot import MAGIC, load_snapshot, save_snapshot, snapshot_path
from newsweave.stages.cluster.stories import ClusterParams, StoryIndex, batch_order_key

from .synthetic import FOOTBALL, QUAKE_CHILE, QUAKE_CHILE_FOLLOW_UP, QUAKE_TURKEY

Features = dict[str, ArticleFeatures]
# A graph search from the third article on, so that the saved search graph is exercised too.
PARAMS = ClusterParams(exact_search_limit=3)


def _features(features: Features, articles: list) -> list[ArticleFeatures]:  # type: ignore[type-arg]
    return [features[a.article_id] for a in articles]


def _live(features: Features) -> tuple[StoryIndex, list[ArticleFeatures]]:
    """An index of the two earthquakes, and the articles still to come."""
    live = StoryIndex(PARAMS)
    live.add_many(_features(features, [*QUAKE_CHILE, *QUAKE_TURKEY]))
    return live, _features(features, [QUAKE_CHILE_FOLLOW_UP, *FOOTBALL])


def test_a_saved_index_continues_as_the_live_one_does(
    synthetic_features: Features, tmp_path: Path
) -> None:
    live, rest = _live(synthetic_features)
    save_snapshot(tmp_path / "s", live)
    loaded = load_snapshot(tmp_path / "s", PARAMS)
    assert loaded is not None and loaded._index.approximate
    assert loaded.assignment_rows() == live.assignment_rows()
    assert [loaded.add(f).story_id for f in rest] == [live.add(f).story_id for f in rest]
    assert loaded.storylines() == live.storylines()
    assert not list(tmp_path.glob("*.tmp"))


def test_resume_replays_what_was_assigned_after_the_snapshot(
    synthetic_features: Features, tmp_path: Path
) -> None:
    live, rest = _live(synthetic_features)
    save_snapshot(tmp_path / "s", live)
    later, last = rest[:-1], rest[-1]
    live.add_many(later)
    rows = live.assignment_rows()
    saved = load_snapshot(tmp_path / "s", PARAMS)
    assert saved is not None
    done = len(saved)
    replayed = sorted(later, key=batch_order_key)
    assert [f.article_id for f in replayed] == [a for a, _ in rows[done:]]
    saved.resume(replayed, dict(rows[done:]), live.storylines())
    assert saved.assignment_rows() == rows
    assert saved.storylines() == live.storylines()
    assert saved.add(last).story_id == live.add(last).story_id


def test_resume_links_saved_stories_that_the_store_puts_in_one_storyline(
    synthetic_features: Features, tmp_path: Path
) -> None:
    live, _ = _live(synthetic_features)
    save_snapshot(tmp_path / "s", live)
    chile = live.assignment(QUAKE_CHILE[0].article_id)
    turkey = live.assignment(QUAKE_TURKEY[0].article_id)
    assert chile.storyline_id != turkey.storyline_id
    stored_lines = {**live.storylines(), turkey.story_id: chile.storyline_id}
    saved = load_snapshot(tmp_path / "s", PARAMS)
    assert saved is not None
    saved.resume([], {}, stored_lines)
    assert saved.storylines() == stored_lines


def test_other_parameters_damaged_or_foreign_files_are_not_loaded(
    synthetic_features: Features, tmp_path: Path
) -> None:
    live, _ = _live(synthetic_features)
    path = tmp_path / "s"
    assert load_snapshot(path, PARAMS) is None  # none saved yet
    save_snapshot(path, live)
    assert load_snapshot(path, ClusterParams(exact_search_limit=3, neighbours=5)) is None
    whole = path.read_bytes()
    for damaged in (whole[: len(whole) // 2], b"not an index", MAGIC + b"\x80\x05garbage"):
        path.write_bytes(damaged)
        assert load_snapshot(path, PARAMS) is None


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_a_doctored_snapshot_cannot_run_code(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "s"
    header = pickle.dumps(_Payload(marker))
    path.write_bytes(MAGIC + header)
    assert load_snapshot(path, PARAMS) is None
    assert not marker.exists()


def test_an_in_memory_store_has_no_snapshot() -> None:
    assert snapshot_path(":memory:") is None
    assert snapshot_path("/data/news.db") == Path("/data/news.db-story-index")


def test_a_snapshot_of_classes_with_other_attributes_is_not_loaded(
    synthetic_features: Features, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live, _ = _live(synthetic_features)
    save_snapshot(tmp_path / "s", live)
    assert load_snapshot(tmp_path / "s", PARAMS) is not None
    # As if a later version had given the index another attribute but kept FORMAT.
    layout = snapshot._layout()
    changed = tuple(
        (name, (*names, "added") if name == "StoryIndex" else names) for name, names in layout
    )
    monkeypatch.setattr(snapshot, "_layout", lambda: changed)
    assert load_snapshot(tmp_path / "s", PARAMS) is None
