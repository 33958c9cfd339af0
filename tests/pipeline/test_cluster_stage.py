"""The clustering stage through the pipeline: incremental, stable story ids, show errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from builders.inputs import write
from builders.stories import INDEPENDENT, ORIGINAL, text
from newsweave.cli.app import app
from newsweave.queries import story_detail, story_families, story_overviews
from newsweave.workspace import Workspace

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
    runner = CliRunner()
    missing = runner.invoke(app, ["show", "st-abcdef", "--db", db_path])
    assert missing.exit_code == 6 and "no story" in missing.stderr
    malformed = runner.invoke(app, ["show", "st-zz", "--db", db_path])
    assert malformed.exit_code == 2 and "not a story id" in malformed.stderr


def _memberships(workspace: Workspace) -> dict[str, str]:
    return {
        r[0]: r[1] for r in workspace.store.query("SELECT article_id, story_id FROM story_members")
    }


def test_a_kept_index_gives_what_a_restored_one_gives(tmp_path: Path) -> None:
    inputs = [
        record(ORIGINAL, "Wire", "2024-03-05"),
        record(OTHER_EVENT, "Sports Daily", "2024-06-02"),
        record(INDEPENDENT, "Gazette", "2024-03-05"),
        record(OTHER_EVENT[1:], "Fan Zone", "2024-06-03"),
    ]
    for n, line in enumerate(inputs):
        write(tmp_path / "in" / f"{n}.json", line)
    paths = [str(tmp_path / "in" / f"{n}.json") for n in range(len(inputs))]
    # One process adding one article at a time (the index stays in memory between runs)...
    with Workspace.open(str(tmp_path / "warm.db")) as warm:
        for path in paths:
            warm.run([path])
        kept = _memberships(warm)
    # ... and a process per article (the index is rebuilt from the store every time).
    for path in paths:
        with Workspace.open(str(tmp_path / "cold.db")) as cold:
            cold.run([path])
    with Workspace.open(str(tmp_path / "cold.db")) as cold:
        assert _memberships(cold) == kept
        ids = {Path(a.path).stem: a.id for a in cold.articles()}
    assert kept[ids["0"]] == kept[ids["2"]] != kept[ids["1"]]  # the two quake reports


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
