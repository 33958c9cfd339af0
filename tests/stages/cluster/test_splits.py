"""Two events in one story: the normalised cut of its members' names."""

from __future__ import annotations

import itertools
import pickle
from dataclasses import replace

import numpy as np
import pytest

from builders.indexes import assert_same_stories
from newsweave.models.stories import ArticleFeatures
from newsweave.stages.cluster import stories as stories_module
from newsweave.stages.cluster.features import extract_features
from newsweave.stages.cluster.similarity import SparseVector, TermSpace
from newsweave.stages.cluster.splits import best_cut, name_terms, name_vectors, two_events
from newsweave.stages.cluster.stories import (
    SPLIT_GROWTH,
    SPLIT_MAX_MEMBERS,
    ClusterParams,
    StoryIndex,
    split_due,
    story_id_for,
)

from .synthetic import (
    FIGHT_FERREIRA,
    FIGHT_OKAFOR,
    FIGHTS_INTERLEAVED,
    FOOTBALL,
    MIXED_ORDER,
    PRESS_CONFERENCE,
    RALLY,
)

Features = dict[str, ArticleFeatures]
OKAFOR = frozenset(a.article_id for a in FIGHT_OKAFOR)
FERREIRA = frozenset(a.article_id for a in FIGHT_FERREIRA)


@pytest.fixture(scope="module")
def fights() -> Features:
    return {f.article_id: f for f in extract_features(FIGHTS_INTERLEAVED)}


def _groups(index: StoryIndex) -> set[frozenset[str]]:
    return {frozenset(members) for members in index.story_members().values()}


def _names(items: list[ArticleFeatures]) -> list[SparseVector]:
    space = TermSpace()
    return [space.vector(name_terms(item)) for item in items]


def _flat(ids: np.ndarray) -> np.ndarray:
    """The same IDF for every term."""
    return np.ones(len(ids))


def _rows(blocks: list[list[float]]) -> np.ndarray:
    rows = np.array(blocks, dtype=float)
    norms = np.linalg.norm(rows, axis=1)
    return rows / np.where(norms > 0.0, norms, 1.0)[:, None]


def test_two_blocks_of_names_are_cut_apart_whatever_the_row_order() -> None:
    # Members 0-2 share names a and b, members 3-5 share c and d, and member 2 also names c.
    rows = _rows(
        [
            [1, 1, 0, 0],
            [1, 0.5, 0, 0],
            [1, 1, 0.3, 0],
            [0, 0, 1, 1],
            [0, 0, 1, 0.5],
            [0, 0, 0.5, 1],
        ]
    )
    cut = best_cut(rows)
    assert cut is not None
    assert {frozenset(g) for g in cut.groups} == {frozenset({0, 1, 2}), frozenset({3, 4, 5})}
    assert 0.0 < cut.ncut < 0.2
    order = [4, 0, 5, 2, 3, 1]
    again = best_cut(rows[order])
    assert again is not None and again.ncut == pytest.approx(cut.ncut)
    assert {frozenset(order[i] for i in g) for g in again.groups} == {
        frozenset(g) for g in cut.groups
    }


def test_groups_sharing_no_name_with_the_anchor_leave_together_whatever_the_order() -> None:
    # Three blocks that share no name: every cut between them has nothing across, so the
    # anchor's block stays and the other two leave, in any row order.
    blocks = [[1, 1, 0, 0, 0, 0], [1, 0.5, 0, 0, 0, 0], [0.5, 1, 0, 0, 0, 0]]
    blocks += [[0, 0, 1, 1, 0, 0], [0, 0, 1, 0.5, 0, 0]]
    blocks += [[0, 0, 0, 0, 1, 1], [0, 0, 0, 0, 0.5, 1]]
    rows = _rows(blocks)
    for order in ([0, 1, 2, 3, 4, 5, 6], [0, 5, 3, 1, 6, 2, 4], [0, 6, 4, 5, 2, 3, 1]):
        cut = best_cut(rows[order])
        assert cut is not None and cut.ncut == 0.0
        anchor_side = {order[i] for i in cut.groups[0]}
        assert anchor_side == {0, 1, 2}
        assert {order[i] for i in cut.groups[1]} == {3, 4, 5, 6}


def test_an_anchor_that_shares_no_name_is_never_cut_from() -> None:
    rows = _rows([[0, 0, 0], [1, 1, 0], [1, 0.8, 0], [0.9, 1, 0], [0, 1, 1], [0, 0.7, 1]])
    assert best_cut(rows, anchor=0) is None
    cut = best_cut(rows, anchor=1)
    assert cut is not None and 1 in cut.groups[0] and 0 not in cut.groups[0] + cut.groups[1]


def test_members_that_share_no_name_stay_out_of_the_cut() -> None:
    rows = _rows([[1, 1, 0], [1, 0.8, 0], [0.9, 1, 0], [0, 1, 1], [0, 0.7, 1], [0, 0, 0]])
    cut = best_cut(rows)
    assert cut is not None
    assert 5 not in {i for g in cut.groups for i in g}
    assert 0 in cut.groups[0]  # the anchor's group first
    # Fewer than four members that share names: nothing to cut.
    assert best_cut(rows[[0, 1, 5]]) is None


def test_only_names_and_numbers_that_several_members_carry_count(fights: Features) -> None:
    items = list(fights.values())
    space = TermSpace()
    vectors = name_vectors([space.vector(name_terms(item)) for item in items], _flat)
    frequency = {}
    for item in items:
        for term, _ in item.terms:
            if term.startswith(("e:", "#")):
                frequency[term] = frequency.get(term, 0) + 1
    assert vectors.shape == (len(items), sum(1 for df in frequency.values() if df > 1))
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0)
    # A name every member carries says what the story is about, not which event: it weighs
    # less in each row than a name half the members carry.
    # Columns are the shared terms in the order of their ids.
    shared = sorted(
        (t for t, df in frequency.items() if df > 1), key=lambda t: space.vector([(t, 1)]).ids[0]
    )
    everywhere = shared.index("e:brandt")
    challenger = shared.index("e:okafor")
    first = list(fights).index("okafor-1")
    assert 0.0 < vectors[first, everywhere] < vectors[first, challenger]


def test_a_story_of_one_event_is_not_cut(fights: Features) -> None:
    one_event = _names([fights[a] for a in sorted(OKAFOR)])
    assert two_events(one_event, _flat, 0.3, 2) is None
    both = list(fights.values())
    names = _names(both)
    cut = two_events(names, _flat, 0.3, 2)
    assert cut is not None
    assert {frozenset(both[i].article_id for i in g) for g in cut.groups} == {OKAFOR, FERREIRA}
    # Groups smaller than asked for are no cut.
    assert two_events(names, _flat, 0.3, 7) is None


def test_reports_of_two_fights_end_in_two_stories_of_one_storyline(fights: Features) -> None:
    items = list(fights.values())
    # Guard: scored one by one against the story so far, the reports make one story.
    merged = StoryIndex(ClusterParams(split_threshold=0.0))
    for item in items:
        merged.add(item, fights)
    assert _groups(merged) == {OKAFOR | FERREIRA}
    # Without the members' features the index cannot test a story: nothing is cut.
    blind = StoryIndex()
    for item in items:
        blind.add(item)
    assert _groups(blind) == {OKAFOR | FERREIRA}

    index = StoryIndex()
    for item in items:
        index.add(item, fights)
    assert _groups(index) == {OKAFOR, FERREIRA}
    batch = StoryIndex()
    batch.add_many(items, fights)
    assert _groups(batch) == {OKAFOR, FERREIRA}
    # The founder's story keeps its id; the other fight's reports are told as moved.
    kept = story_id_for("okafor-1")
    assert index.assignment("okafor-1").story_id == kept
    cut_off = index.assignment("ferreira-1").story_id
    moved = index.take_moved()
    assert moved and set(moved) <= FERREIRA
    assert set(moved.values()) == {(kept, cut_off)}
    assert {index.assignment(a).story_id for a in FERREIRA} == {cut_off}
    assert index.storyline_of(kept) == index.storyline_of(cut_off)
    assert cut_off in index.take_relined()


def test_an_index_after_a_cut_equals_one_restored_from_its_assignments(
    fights: Features,
) -> None:
    items = list(fights.values())
    index = StoryIndex()
    for item in items[:-2]:
        index.add(item, fights)
    rows = index.assignment_rows()
    restored = StoryIndex.restore([fights[a] for a, _ in rows], dict(rows), index.storylines())
    assert_same_stories(index, restored)
    # Both go on alike.
    for item in items[-2:]:
        index.add(item, fights)
        restored.add(item, fights)
    assert restored.assignment_rows() == index.assignment_rows()
    assert restored.storylines() == index.storylines()


def test_a_cut_off_story_takes_a_free_id(fights: Features) -> None:
    # A story whose would-be id is taken (its first member founded a story it has since
    # left) gets another id, never the taken one.
    index = StoryIndex(replace(ClusterParams(), split_threshold=0.0))
    index.add(fights["ferreira-1"], fights)
    taken = story_id_for("ferreira-1")
    free = index._free_story_id("ferreira-1")
    assert free != taken and free.startswith("st-")
    assert index._free_story_id("okafor-1") == story_id_for("okafor-1")


def test_a_growing_story_is_tested_at_its_first_size_then_each_time_it_grew_by_half() -> None:
    due = [size for size in range(1, 120) if split_due(size - 1, size, 6)]
    assert due[0] == 6 and all(size >= 6 for size in due) and len(due) >= 5
    # Each test comes once the story has grown by about ``SPLIT_GROWTH`` since the one before.
    for before, after in itertools.pairwise(due):
        assert 1.0 + SPLIT_GROWTH - 0.2 < after / before <= 1.0 + SPLIT_GROWTH + 0.2
    assert not split_due(SPLIT_MAX_MEMBERS, SPLIT_MAX_MEMBERS + 1, 6)
    # A story that grows by several members at once is tested when it passes a size at which
    # it would have been, and only then.
    assert split_due(4, 7, 6) and split_due(0, 6, 6)
    assert split_due(due[1] - 1, due[1] + 2, 6)
    assert not split_due(due[1], due[2] - 1, 6)
    # Past the cap a story is never tested, however it got there.
    assert not split_due(SPLIT_MAX_MEMBERS - 60, SPLIT_MAX_MEMBERS + 1, 6)
    assert not split_due(7, 5, 6)  # a story that lost members


def test_a_story_that_undated_members_move_into_is_tested_when_it_passes_a_test_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The undated rally reports first share a story with the press conference (tested on
    # reaching three members, the test size here); the dated ones found their own story and
    # draw them into it. The second dated report takes that story from two members to four in
    # one step (it joins, an undated report moves in): past three, so it is tested again.
    features = {f.article_id: f for f in extract_features([*RALLY, PRESS_CONFERENCE])}
    tested: list[tuple[str, int]] = []
    arriving = [""]

    def counting(items, *args, **kwargs):
        tested.append((arriving[0], len(items)))
        return two_events(items, *args, **kwargs)

    monkeypatch.setattr(stories_module, "two_events", counting)
    index = StoryIndex(replace(ClusterParams(), split_min_size=3))
    for article_id in MIXED_ORDER:
        arriving[0] = article_id
        index.add(features[article_id], features)
    assert tested == [("press-1", 3), ("rally-2", 4)]
    assert index.take_moved() == {
        "rally-4": (story_id_for("rally-3"), story_id_for("rally-1")),
        "rally-3": (story_id_for("rally-3"), story_id_for("rally-1")),
    }
    assert _groups(index) == {frozenset(a.article_id for a in RALLY), frozenset({"press-1"})}


def test_a_story_a_dated_report_founds_is_tested_with_that_report_as_its_anchor(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The first dated rally report founds a story and draws an undated one into it (assigned
    # earlier, so listed first): the new story has two members, the test size here, and the
    # cut is anchored on the report the story is named after, not on the member listed first.
    features = {f.article_id: f for f in extract_features([*RALLY, PRESS_CONFERENCE])}
    tested: list[tuple[str, list[str]]] = []
    arriving = [""]
    index = StoryIndex(replace(ClusterParams(), split_min_size=2))

    def anchored(items, idf, threshold, min_group, anchor=0):
        [story] = [
            s
            for s in index._stories
            if len(s.members) == len(items)
            and all(index._names.get(m) is item for m, item in zip(s.members, items, strict=True))
        ]
        tested.append((arriving[0], [story.members[anchor], *story.members]))
        return two_events(items, idf, threshold, min_group, anchor)

    monkeypatch.setattr(stories_module, "two_events", anchored)
    for article_id in MIXED_ORDER:
        arriving[0] = article_id
        index.add(features[article_id], features)
    founded = [t for t in tested if t[0] == "rally-1"]
    assert founded == [("rally-1", ["rally-1", "rally-4", "rally-1"])]


def test_an_index_saved_before_a_cut_follows_the_stored_stories(fights: Features) -> None:
    items = list(fights.values())
    live = StoryIndex()
    for item in items[:5]:
        live.add(item, fights)
    saved = pickle.loads(pickle.dumps(live))  # what a snapshot holds, before any cut
    assert len(saved._names) == 0  # the names kept for tests are not saved
    for item in items[5:]:
        live.add(item, fights)
    assert live.take_moved()
    rows = live.assignment_rows()
    # Rows of other articles, or in another order: refused, and nothing changes.
    before = saved.story_members()
    assert not saved.follow(rows[1 : len(saved) + 1], fights)
    assert not saved.follow(list(reversed(rows[: len(saved)])), fights)
    assert saved.story_members() == before
    # The stored rows: the articles moved since are moved, then the rest replayed.
    assert saved.follow(rows[: len(saved)], fights)
    assert saved.take_moved() == {}
    saved.resume(
        [fights[a] for a, _ in rows[len(saved) :]], dict(rows[len(saved) :]), live.storylines()
    )
    assert_same_stories(live, saved)
    assert saved.storylines() == live.storylines()


def test_a_founder_without_shared_names_keeps_its_story_whole(fights: Features) -> None:
    # The story's first report names nothing the others name: what it is about cannot be told
    # from names, so no cut says which reports leave it.
    founder = fights["okafor-1"]
    nameless = replace(founder, terms=tuple(t for t in founder.terms if t[0][:2] != "e:"))
    nameless = replace(nameless, terms=tuple(t for t in nameless.terms if t[0][0] != "#"))
    features = {**fights, "okafor-1": nameless}
    order = ["okafor-1", "okafor-4", "ferreira-5", "okafor-6", "okafor-3", "ferreira-1"]
    order += [a for a in features if a not in order]
    index = StoryIndex()
    for article_id in order:
        index.add(features[article_id], features)
    founded = index.assignment("okafor-1").story_id
    assert founded == story_id_for("okafor-1")
    # Whatever joined the founder's story stayed in it: nothing was cut away from it.
    assert index.take_moved() == {}


def test_a_restored_index_orders_its_stories_as_the_live_one_after_a_cut(
    fights: Features,
) -> None:
    # An unrelated report founds a story between the first fight reports and the cut, so the
    # live index makes the cut-off story after it while a restored one makes it before.
    football = extract_features(FOOTBALL[:1])[0]
    items = list(fights.values())
    features = {**fights, football.article_id: football}
    live = StoryIndex()
    for item in [*items[:3], football, *items[3:10]]:
        live.add(item, features)
    assert live.take_moved()
    rows = live.assignment_rows()
    restored = StoryIndex.restore([features[a] for a, _ in rows], dict(rows), live.storylines())
    assert list(restored.story_members().items()) == list(live.story_members().items())
    every = list(live.story_members())
    assert restored.line_peers(every) == live.line_peers(every)
    for item in items[10:]:
        assert restored.add(item, features) == live.add(item, features)
    assert restored.assignment_rows() == live.assignment_rows()


def test_names_kept_between_tests_are_bounded_and_change_nothing(
    fights: Features, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.stages.cluster.stories as stories

    items = list(fights.values())
    roomy = StoryIndex()
    for item in items:
        roomy.add(item, fights)
    monkeypatch.setattr(stories, "NAMES_KEPT", 3)
    tight = StoryIndex()
    for item in items:
        tight.add(item, fights)
        assert len(tight._names) <= 3
    # Names dropped are read again for the next test, to the same cut.
    assert_same_stories(roomy, tight)
    assert _groups(tight) == {OKAFOR, FERREIRA}
