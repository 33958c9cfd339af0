from __future__ import annotations

import random

import pytest

from builders.indexes import assert_same_stories
from newsweave.models.stories import ArticleFeatures
from newsweave.stages.cluster.features import extract_features
from newsweave.stages.cluster.stories import (
    ClusterParams,
    StoryIndex,
    batch_order_key,
    story_id_for,
)

from .synthetic import (
    ALL,
    FOOTBALL,
    MIXED_ORDER,
    PRESS_CONFERENCE,
    QUAKE_CHILE,
    QUAKE_CHILE_FOLLOW_UP,
    QUAKE_TURKEY,
    RALLY,
)

Features = dict[str, ArticleFeatures]


def _ids(articles: list) -> list[str]:  # type: ignore[type-arg]
    return [a.article_id for a in articles]


def _groups(index: StoryIndex) -> set[frozenset[str]]:
    return {frozenset(members) for members in index.story_members().values()}


def test_same_kind_events_are_two_stories(synthetic_features: Features) -> None:
    index = StoryIndex()
    index.add_many(list(synthetic_features.values()))
    chile = set(_ids([*QUAKE_CHILE, QUAKE_CHILE_FOLLOW_UP]))
    turkey = set(_ids(QUAKE_TURKEY))
    football = set(_ids(FOOTBALL))
    assert _groups(index) == {frozenset(chile), frozenset(turkey), frozenset(football)}
    # The two quakes share the theme but no actor, place or time: by default not one line.
    lines = {index.storyline_of(index.assignment(a).story_id) for a in ("chile-1", "turkey-1")}
    assert len(lines) == 2


def test_a_looser_storyline_threshold_links_same_theme_stories_only(
    synthetic_features: Features,
) -> None:
    index = StoryIndex(ClusterParams(storyline_threshold=0.3, storyline_guard=0.0))
    index.add_many(list(synthetic_features.values()))
    chile_story = index.assignment("chile-1").story_id
    turkey_story = index.assignment("turkey-1").story_id
    assert index.storyline_of(chile_story) == index.storyline_of(turkey_story)
    assert index.storyline_of(index.assignment("cup-1").story_id) != index.storyline_of(chile_story)


def test_a_follow_up_joins_the_existing_story(synthetic_features: Features) -> None:
    index = StoryIndex()
    index.add_many([synthetic_features[a] for a in _ids(QUAKE_CHILE + QUAKE_TURKEY)])
    assignment = index.add(synthetic_features["chile-4"])
    assert not assignment.created
    assert assignment.story_id == story_id_for("chile-1")


def test_story_ids_are_stable_for_any_batch_order(synthetic_features: Features) -> None:
    reference = StoryIndex()
    reference.add_many(list(synthetic_features.values()))
    for seed in range(3):
        shuffled = list(synthetic_features.values())
        random.Random(seed).shuffle(shuffled)
        index = StoryIndex()
        index.add_many(shuffled)
        assert index.story_members() == reference.story_members()
        assert index.storylines() == reference.storylines()


def test_one_at_a_time_in_date_order_equals_batch(synthetic_features: Features) -> None:
    batch = StoryIndex()
    batch.add_many(list(synthetic_features.values()))
    incremental = StoryIndex()
    for features in sorted(synthetic_features.values(), key=batch_order_key):
        incremental.add(features)
    assert incremental.story_members() == batch.story_members()
    assert incremental.storylines() == batch.storylines()


def test_ids_do_not_change_when_articles_are_added(synthetic_features: Features) -> None:
    index = StoryIndex()
    first = index.add_many([synthetic_features[a] for a in _ids(QUAKE_CHILE)])
    index.add_many([synthetic_features[a] for a in _ids([QUAKE_CHILE_FOLLOW_UP, *QUAKE_TURKEY])])
    for before in first:
        after = index.assignment(before.article_id)
        assert after.story_id == before.story_id
        assert after.storyline_id == before.storyline_id


def test_adding_an_article_again_is_a_no_op(synthetic_features: Features) -> None:
    index = StoryIndex()
    index.add_many(list(synthetic_features.values()))
    members = index.story_members()
    again = index.add(synthetic_features["chile-2"])
    assert again == index.assignment("chile-2")
    assert index.story_members() == members
    assert len(index) == len(ALL)


def test_restore_rebuilds_the_same_index_and_continues_identically(
    synthetic_features: Features,
) -> None:
    first_part = [synthetic_features[a] for a in _ids([*QUAKE_CHILE, *QUAKE_TURKEY])]
    rest = [synthetic_features[a] for a in _ids([QUAKE_CHILE_FOLLOW_UP, *FOOTBALL])]
    live = StoryIndex()
    live.add_many(first_part)
    assignments = {f.article_id: live.assignment(f.article_id).story_id for f in first_part}
    ordered = sorted(first_part, key=batch_order_key)
    restored = StoryIndex.restore(ordered, assignments, live.storylines())
    assert restored.story_members() == live.story_members()
    assert restored.storylines() == live.storylines()
    assert [restored.add(f).story_id for f in rest] == [live.add(f).story_id for f in rest]


def test_clustering_is_deterministic(synthetic_features: Features) -> None:
    runs = []
    for _ in range(2):
        index = StoryIndex()
        runs.append(
            [(a.story_id, a.score) for a in index.add_many(list(synthetic_features.values()))]
        )
    assert runs[0] == runs[1]


def test_article_ids_give_the_order_restore_needs(synthetic_features: Features) -> None:
    index = StoryIndex()
    index.add_many(list(synthetic_features.values()))
    order = index.article_ids()
    assert sorted(order) == sorted(synthetic_features)
    assert order == tuple(
        f.article_id for f in sorted(synthetic_features.values(), key=batch_order_key)
    )
    assert index.article_ids(last=3) == order[-3:]
    assert index.article_ids(last=len(order) + 5) == order
    assert index.article_ids(last=0) == ()


def test_graph_search_gives_the_same_stories_on_a_small_corpus(
    synthetic_features: Features,
) -> None:
    exact = StoryIndex()
    exact.add_many(list(synthetic_features.values()))
    graph = StoryIndex(ClusterParams(exact_search_limit=3))
    for features in sorted(synthetic_features.values(), key=batch_order_key):
        graph.add(features)  # one at a time, so that searches after the switch use the graph
    assert graph._index.approximate
    assert graph.story_members() == exact.story_members()
    assert graph.storylines() == exact.storylines()


def test_a_strict_storyline_guard_keeps_lines_apart(synthetic_features: Features) -> None:
    index = StoryIndex(ClusterParams(storyline_threshold=0.3, storyline_guard=0.99))
    index.add_many(list(synthetic_features.values()))
    chile_story = index.assignment("chile-1").story_id
    turkey_story = index.assignment("turkey-1").story_id
    assert index.storyline_of(chile_story) != index.storyline_of(turkey_story)


def test_relined_stories_and_line_peers_agree_with_the_full_mapping(
    synthetic_features: Features,
) -> None:
    # Looser storylines and several arrival orders, so that some addition merges the
    # storylines of two existing stories (rare: most links are made as a story is founded).
    merged_existing = 0
    for seed in range(10):
        order = list(synthetic_features.values())
        random.Random(seed).shuffle(order)
        index = StoryIndex(ClusterParams(storyline_threshold=0.3, storyline_guard=0.0))
        for features in order:
            before = index.storylines()
            index.add(features)
            after = index.storylines()
            relined = index.take_relined()
            changed = {s for s, line in before.items() if after[s] != line}
            assert relined & before.keys() == changed
            assert relined <= after.keys()
            merged_existing += len(changed)
            for story, line in after.items():
                peers = {s for s, other in after.items() if other == line}
                assert set(index.line_peers([story])) == peers
            assert index.storylines_of(["unknown", *after]) == after
        assert index.take_relined() == set()
    assert merged_existing > 0


@pytest.fixture(scope="module")
def rally_features() -> Features:
    return {f.article_id: f for f in extract_features([*RALLY, PRESS_CONFERENCE])}


def _fed_one_by_one(features: Features, members: Features | None) -> StoryIndex:
    index = StoryIndex()
    for article_id in MIXED_ORDER:
        index.add(features[article_id], members)
    return index


def test_undated_members_move_to_the_story_dated_reports_show_they_belong_to(
    rally_features: Features,
) -> None:
    rally, press = frozenset(_ids(RALLY)), frozenset({"press-1"})
    # Without the features of earlier articles nothing moves: the undated rally reports stay
    # with the press conference they met first.
    fixed = _fed_one_by_one(rally_features, None)
    assert _groups(fixed) == {
        frozenset({"rally-3", "rally-4", "press-1"}),
        frozenset(_ids(RALLY[:2])),
    }
    assert fixed.take_moved() == {}
    index = _fed_one_by_one(rally_features, rally_features)
    assert _groups(index) == {rally, press}
    # As a batch in date order gives, where the dated reports come first.
    batch = StoryIndex()
    batch.add_many(list(rally_features.values()))
    assert _groups(batch) == {rally, press}
    # The story the first undated report founded keeps its id with the press conference; the
    # moved reports are told, with the story each left and joined.
    founded, joined = story_id_for("rally-3"), story_id_for("rally-1")
    assert index.assignment("press-1").story_id == founded
    assert index.take_moved() == {"rally-3": (founded, joined), "rally-4": (founded, joined)}
    assert index.take_moved() == {}
    assert [index.assignment(a).story_id for a in ("rally-3", "rally-4")] == [joined] * 2
    # The two stories stay one storyline.
    assert index.storyline_of(founded) == index.storyline_of(joined)


def test_an_index_after_moves_equals_one_restored_from_its_assignments(
    rally_features: Features,
) -> None:
    index = _fed_one_by_one(rally_features, rally_features)
    rows = index.assignment_rows()
    restored = StoryIndex.restore(
        [rally_features[a] for a, _ in rows], dict(rows), index.storylines()
    )
    assert restored.assignment_rows() == rows
    assert_same_stories(index, restored)
