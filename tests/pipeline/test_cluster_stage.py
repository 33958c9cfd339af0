"""The clustering stage through the pipeline: incremental, stable story ids, show errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from builders.inputs import write
from builders.stories import INDEPENDENT, ORIGINAL, text
from newsweave.cli.app import app
from newsweave.models.stories import StoryInput
from newsweave.pipeline.registry import default_stages
from newsweave.queries import story_detail, story_families, story_overviews
from newsweave.stages.cluster.stage import SNAPSHOT_MIN_ROWS, ClusterStage
from newsweave.stages.cluster.stories import StoryIndex, story_id_for
from newsweave.store import Store
from newsweave.workspace import Workspace
from stages.cluster.synthetic import (
    FIGHT_FERREIRA,
    FIGHT_OKAFOR,
    FIGHTS_INTERLEAVED,
    MIXED_ORDER,
    PRESS_CONFERENCE,
    RALLY,
)

OTHER_EVENT = [
    "The national football team beat its rivals 3-1 on Saturday to win the regional cup for the "
    "first time in twelve years, sending thousands of fans into the streets of the capital.",
    "Striker Leon Marsh scored twice in the second half after the visitors had taken the lead.",
    "\u201cThis is for everyone who waited so long,\u201d Marsh said after the final whistle.",
]


def record(paragraphs: list[str], outlet: str, date: str) -> str:
    return json.dumps({"text": text(paragraphs), "source": outlet, "date": date})


def run_two_events(workspace: Workspace, tmp_path: Path) -> None:
    """An earthquake report and a football match months later: two stories."""
    write(tmp_path / "a.json", record(ORIGINAL, "Wire", "2024-03-05"))
    write(tmp_path / "b.json", record(OTHER_EVENT, "Sports Daily", "2024-06-02"))
    workspace.run([str(tmp_path / "a.json"), str(tmp_path / "b.json")])


def test_articles_added_later_join_their_story_and_ids_stay(
    tmp_path: Path, workspace: Workspace
) -> None:
    run_two_events(workspace, tmp_path)
    before = {o.story.id: set(o.articles) for o in story_overviews(workspace.store)}
    assert len(before) == 2
    write(tmp_path / "c.json", record(INDEPENDENT, "Gazette", "2024-03-05"))
    report = workspace.run([str(tmp_path / "c.json")])
    cluster = next(s for s in report.stages if s.stage.startswith("cluster"))
    assert cluster.processed == 1
    after = {o.story.id: set(o.articles) for o in story_overviews(workspace.store)}
    ids = {Path(a.path).stem: a.id for a in workspace.articles()}
    assert set(after) == set(before)  # no new story, and the ids did not change
    [quake] = [story for story, members in before.items() if ids["a"] in members]
    assert after[quake] == {ids["a"], ids["c"]}


def test_a_story_page_shows_only_the_articles_still_held(
    tmp_path: Path, workspace: Workspace
) -> None:
    wire, gazette = (
        record(ORIGINAL, "Wire", "2024-03-05"),
        record(INDEPENDENT, "Gazette", "2024-03-05"),
    )
    quake_file = write(tmp_path / "quake.jsonl", f"{wire}\n{gazette}\n")
    write(tmp_path / "b.json", record(OTHER_EVENT, "Sports Daily", "2024-06-02"))
    workspace.run([str(tmp_path)])
    [quake] = [o for o in story_overviews(workspace.store) if len(o.articles) == 2]
    write(quake_file, f"{wire}\n")  # the Gazette record left the file: no longer current
    workspace.run([str(tmp_path)])
    [kept] = [a.id for a in workspace.articles() if a.outlet and a.outlet.value == "Wire"]
    [after] = [o for o in story_overviews(workspace.store) if o.story.id == quake.story.id]
    assert after.articles == (kept,)
    assert story_families(workspace.store)[quake.story.id] == after.families
    detail = story_detail(workspace.store, after.story)
    assert detail.overview == after
    assert [a.id for a in detail.articles] == [kept]


def test_show_story_errors(db_path: str) -> None:
    Store.open(db_path).close()
    runner = CliRunner()
    missing = runner.invoke(app, ["show", "st-abcdef", "--db", db_path])
    assert missing.exit_code == 6 and "no story" in missing.stderr
    malformed = runner.invoke(app, ["show", "st-zz", "--db", db_path])
    assert malformed.exit_code == 2 and "not a story id" in malformed.stderr


def _memberships(workspace: Workspace) -> dict[str, str]:
    return {
        r[0]: r[1] for r in workspace.store.query("SELECT article_id, story_id FROM story_members")
    }


def _stored_stories(workspace: Workspace) -> list[tuple[object, ...]]:
    return [
        tuple(r)
        for r in workspace.store.query(
            "SELECT id, storyline_id, title, date, place, articles, data FROM stories ORDER BY id"
        )
    ]


def _workspace(db: Path, snapshot_min_rows: int = SNAPSHOT_MIN_ROWS) -> Workspace:
    stages = [
        ClusterStage(snapshot_min_rows) if isinstance(s, ClusterStage) else s
        for s in default_stages()
    ]
    return Workspace.open(str(db), stages)


def test_a_kept_index_gives_what_a_restored_or_saved_one_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = [
        record(ORIGINAL, "Wire", "2024-03-05"),
        record(OTHER_EVENT, "Sports Daily", "2024-06-02"),
        record(INDEPENDENT, "Gazette", "2024-03-05"),
        record(OTHER_EVENT[1:], "Fan Zone", "2024-06-03"),
        record(ORIGINAL[1:], "Courier", "2024-03-06"),
    ]
    for n, line in enumerate(inputs):
        write(tmp_path / "in" / f"{n}.json", line)
    paths = [str(tmp_path / "in" / f"{n}.json") for n in range(len(inputs))]
    # One process adding one article at a time (the index stays in memory between runs)...
    with Workspace.open(str(tmp_path / "warm.db")) as warm:
        for path in paths:
            warm.run([path])
        kept, stories = _memberships(warm), _stored_stories(warm)
    # ... a process per article, the index rebuilt from the store every time ...
    for path in paths:
        with _workspace(tmp_path / "cold.db") as cold:
            cold.run([path])
    assert not (tmp_path / "cold.db-story-index").exists()  # too few articles to save it
    # ... and a process per article that saves the index once two articles came since it was
    # saved, and otherwise replays the articles stored after the saved ones.
    rebuilt = []
    restore = StoryIndex.restore
    monkeypatch.setattr(
        StoryIndex, "restore", lambda *a, **k: rebuilt.append(1) or restore(*a, **k)
    )
    for path in paths:
        with _workspace(tmp_path / "saved.db", snapshot_min_rows=2) as saved:
            saved.run([path])
    assert len(rebuilt) == 2  # the first two processes: no index saved yet
    assert (tmp_path / "saved.db-story-index").exists()
    for db in ("cold.db", "saved.db"):
        with Workspace.open(str(tmp_path / db)) as cold:
            assert _memberships(cold) == kept
            assert _stored_stories(cold) == stories
            ids = {Path(a.path).stem: a.id for a in cold.articles()}
    assert kept[ids["0"]] == kept[ids["2"]] == kept[ids["4"]] != kept[ids["1"]]


def test_an_index_saved_for_another_store_is_ignored(tmp_path: Path) -> None:
    write(tmp_path / "a" / "0.json", record(ORIGINAL, "Wire", "2024-03-05"))
    write(tmp_path / "b" / "0.json", record(OTHER_EVENT, "Sports Daily", "2024-06-02"))
    write(tmp_path / "b" / "1.json", record(INDEPENDENT, "Gazette", "2024-03-05"))
    with _workspace(tmp_path / "a.db", snapshot_min_rows=1) as first:
        first.run([str(tmp_path / "a")])
    with _workspace(tmp_path / "b.db") as second:
        second.run([str(tmp_path / "b" / "0.json")])
    shutil.copy(tmp_path / "a.db-story-index", tmp_path / "b.db-story-index")
    with _workspace(tmp_path / "b.db") as second:
        second.run([str(tmp_path / "b" / "1.json")])
        members = _memberships(second)
    # Each report founded its own story: the quake report did not join the other store's.
    assert len(members) == 2
    assert set(members.values()) == {story_id_for(a) for a in members}


def test_features_of_an_older_clusterer_make_it_start_over(tmp_path: Path) -> None:
    db = str(tmp_path / "old.db")
    write(tmp_path / "in" / "a.json", record(ORIGINAL, "Wire", "2024-03-05"))
    write(tmp_path / "in" / "b.json", record(INDEPENDENT, "Gazette", "2024-03-05"))
    with Workspace.open(db) as workspace:
        workspace.run([str(tmp_path / "in")])
        workspace.store.connection.execute(
            "UPDATE cluster_features SET data = json_set(data, '$.version', 'cluster-features.v0')"
        )
    write(tmp_path / "in" / "c.json", record(OTHER_EVENT, "Sports Daily", "2024-06-02"))
    with Workspace.open(db) as workspace:
        report = workspace.run([str(tmp_path / "in")])
        cluster = next(s for s in report.stages if s.stage.startswith("cluster"))
        assert cluster.processed == 3 and "clustered again" in (cluster.note or "")
        assert len(set(_memberships(workspace).values())) == 2
        versions = workspace.store.query(
            "SELECT DISTINCT json_extract(data, '$.version') FROM cluster_features"
        )
        assert [r[0] for r in versions] == ["cluster-features.v2"]
        assert not report.problems


def test_a_storyline_rebuilt_from_stored_heads_matches_one_built_from_whole_stories(
    tmp_path: Path, workspace: Workspace
) -> None:
    from newsweave.models.stories import StoryHead
    from newsweave.stages.cluster.storylines import build_storylines
    from newsweave.store.stories import load_stories, load_story_heads, load_storylines

    run_two_events(workspace, tmp_path)
    stories = load_stories(workspace.store)
    lines = {s.storyline_id for s in stories}
    heads = load_story_heads(workspace.store, lines)
    assert sorted(heads, key=lambda h: h.id) == sorted(
        (StoryHead.of(s) for s in stories), key=lambda h: h.id
    )
    assert build_storylines(heads) == build_storylines(stories)
    assert build_storylines(heads) == sorted(
        load_storylines(workspace.store), key=lambda line: line.id
    )


def test_an_index_that_cannot_be_saved_leaves_the_run_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: Path, index: StoryIndex) -> None:
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr("newsweave.stages.cluster.stage.save_snapshot", refuse)
    write(tmp_path / "in" / "a.json", record(ORIGINAL, "Wire", "2024-03-05"))
    with _workspace(tmp_path / "a.db", snapshot_min_rows=1) as workspace:
        report = workspace.run([str(tmp_path / "in")])
        cluster = next(s for s in report.stages if s.stage.startswith("cluster"))
        assert cluster.processed == 1 and not report.problems
        assert "story index not saved" in cluster.note and "No space left" in cluster.note
        assert len(_memberships(workspace)) == 1


def _batch_and_one_by_one(
    tmp_path: Path, paths: list[str], right: set[frozenset[str]]
) -> tuple[dict[str, str], list[tuple[object, ...]]]:
    """Run ``paths`` into a store at once, and into another one file at a time in one process;
    both must group the files as ``right`` says. The second store's memberships and stories."""
    with Workspace.open(str(tmp_path / "batch.db")) as batch:
        batch.run(paths)
        assert _groups_by_file(batch) == right
    with Workspace.open(str(tmp_path / "warm.db")) as warm:
        for path in paths:
            warm.run([path])
        assert _groups_by_file(warm) == right
        return _memberships(warm), _stored_stories(warm)


def _rows_followed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """For each saved index a process resumes from: how many stored rows had moved since."""
    differing: list[int] = []
    follow = StoryIndex.follow

    def counted(index: StoryIndex, rows: list[tuple[str, str]], members: object) -> bool:
        own = index.assignment_rows()
        differing.append(sum(a != b for a, b in zip(rows, own, strict=True)))
        return follow(index, rows, members)  # type: ignore[arg-type]

    monkeypatch.setattr(StoryIndex, "follow", counted)
    return differing


def _rally_record(item: StoryInput) -> str:
    fields = {"title": item.title, "text": item.text, "source": item.source or "Unknown"}
    if item.published is not None:
        fields["date"] = item.published.isoformat()
    return json.dumps(fields)


def _groups_by_file(workspace: Workspace) -> set[frozenset[str]]:
    stem = {a.id: Path(a.path).stem for a in workspace.articles()}
    groups: dict[str, set[str]] = {}
    for article, story in _memberships(workspace).items():
        groups.setdefault(story, set()).add(stem[article])
    return {frozenset(g) for g in groups.values()}


def test_undated_reports_move_when_dated_ones_arrive_in_every_kind_of_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_id = {item.article_id: item for item in [*RALLY, PRESS_CONFERENCE]}
    paths = []
    for article_id in MIXED_ORDER:
        paths.append(
            str(write(tmp_path / "in" / f"{article_id}.json", _rally_record(by_id[article_id])))
        )
    right = {frozenset(a for a in MIXED_ORDER if a != "press-1"), frozenset({"press-1"})}
    # All at once (dated reports first), and one process adding one file at a time ...
    kept, stories = _batch_and_one_by_one(tmp_path, paths, right)
    # Each story's row counts the articles it holds now.
    assert sorted(row[5] for row in stories) == [1, 4]
    # ... and a process per file. The index is saved after the third file, before the move the
    # fourth file makes: the fifth process still resumes from that copy, moving the same
    # articles in it, instead of rebuilding the index.
    rebuilt = []
    restore = StoryIndex.restore
    monkeypatch.setattr(
        StoryIndex, "restore", lambda *a, **k: rebuilt.append(1) or restore(*a, **k)
    )
    differing = _rows_followed(monkeypatch)
    for path in paths:
        with _workspace(tmp_path / "cold.db", snapshot_min_rows=3) as cold:
            cold.run([path])
    assert len(rebuilt) == 3  # the first three processes, before anything was saved
    # The fourth process found the saved stories as stored; the fifth found a report moved
    # since, and moved it too.
    assert len(differing) == 2 and differing[0] == 0 and differing[1] >= 1
    with Workspace.open(str(tmp_path / "cold.db")) as cold:
        assert _memberships(cold) == kept
        assert _stored_stories(cold) == stories


def test_a_story_cut_in_two_events_is_stored_alike_in_every_kind_of_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = [
        str(write(tmp_path / "in" / f"{item.article_id}.json", _rally_record(item)))
        for item in FIGHTS_INTERLEAVED
    ]
    right = {
        frozenset(a.article_id for a in FIGHT_OKAFOR),
        frozenset(a.article_id for a in FIGHT_FERREIRA),
    }
    kept, stories = _batch_and_one_by_one(tmp_path, paths, right)
    # Each story's row counts the articles it holds now, and the two share a storyline.
    assert sorted(row[5] for row in stories) == [6, 6]
    assert len({row[1] for row in stories}) == 1
    # A process per file, the index saved every five articles: a process after the cut finds
    # a copy saved before it, and moves the cut-off reports in it.
    differing = _rows_followed(monkeypatch)
    for path in paths:
        with _workspace(tmp_path / "cold.db", snapshot_min_rows=5) as cold:
            cold.run([path])
    assert any(differing)
    with Workspace.open(str(tmp_path / "cold.db")) as cold:
        assert _memberships(cold) == kept
        assert _stored_stories(cold) == stories
