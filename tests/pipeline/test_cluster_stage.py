"""The clustering stage through the pipeline: incremental, stable story ids, show errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from builders.inputs import write
from builders.stories import INDEPENDENT, ORIGINAL, text
from newsweave.cli.app import app
from newsweave.queries import story_overviews
from newsweave.workspace import Workspace

OTHER_EVENT = [
    "The national football team beat its rivals 3-1 on Saturday to win the regional cup for the "
    "first time in twelve years, sending thousands of fans into the streets of the capital.",
    "Striker Leon Marsh scored twice in the second half after the visitors had taken the lead.",
    "\u201cThis is for everyone who waited so long,\u201d Marsh said after the final whistle.",
]


def record(paragraphs: list[str], outlet: str, date: str) -> str:
    return json.dumps({"text": text(paragraphs), "source": outlet, "date": date})


def test_articles_added_later_join_their_story_and_ids_stay(
    tmp_path: Path, workspace: Workspace
) -> None:
    write(tmp_path / "a.json", record(ORIGINAL, "Wire", "2024-03-05"))
    write(tmp_path / "b.json", record(OTHER_EVENT, "Sports Daily", "2024-06-02"))
    workspace.run([str(tmp_path / "a.json"), str(tmp_path / "b.json")])
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


def test_show_story_errors(db_path: str) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["show", "st-abcdef", "--db", db_path])
    assert missing.exit_code == 6 and "no story" in missing.stderr
    malformed = runner.invoke(app, ["show", "st-zz", "--db", db_path])
    assert malformed.exit_code == 2 and "not a story id" in malformed.stderr
