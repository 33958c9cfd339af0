"""Stories, storylines, copies and families on the seed articles (issue: relate articles)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.cli.app import app
from newsweave.queries import story_families, story_overviews
from newsweave.report.export import build_export, validate_export
from newsweave.store.relations import load_edges
from newsweave.workspace import Workspace


@pytest.fixture
def ran(seeded: Workspace) -> tuple[Workspace, dict[str, str]]:
    return seeded, {Path(a.path).name[:3]: a.id for a in seeded.articles()}


def test_two_stories_dated_and_placed_in_one_storyline(
    ran: tuple[Workspace, dict[str, str]],
) -> None:
    workspace, ids = ran
    overviews = {frozenset(o.articles): o for o in story_overviews(workspace.store)}
    warsaw = overviews[frozenset(ids[k] for k in ("000", "001", "002", "003"))]
    brussels = overviews[frozenset({ids["004"]})]
    assert len(overviews) == 2
    assert (str(warsaw.story.date.value), warsaw.story.place.name) == ("2025-03-26", "Warsaw")
    assert (str(brussels.story.date.value), brussels.story.place.name) == ("2025-02-12", "Brussels")
    assert warsaw.story.storyline_id == brussels.story.storyline_id


def test_003_is_derived_from_000_and_the_story_has_three_families(
    ran: tuple[Workspace, dict[str, str]],
) -> None:
    workspace, ids = ran
    [edge] = load_edges(workspace.store)
    assert (edge.source, edge.target) == (ids["000"], ids["003"])
    assert edge.kind in {"rewrite", "copy"}
    assert edge.passages and any(p.kind == "verbatim" and p.quoted for p in edge.passages)
    [warsaw] = [o for o in story_overviews(workspace.store) if len(o.articles) == 4]
    assert warsaw.independent_sources == 3
    together = [f for f in warsaw.families if ids["003"] in f.articles]
    assert together[0].articles == tuple(sorted((ids["000"], ids["003"])))

    # Read from the tables alone, the families are those of the loaded stories.
    assert story_families(workspace.store) == {
        o.story.id: o.families for o in story_overviews(workspace.store)
    }


def test_export_carries_stories_families_and_copies(ran: tuple[Workspace, dict[str, str]]) -> None:
    workspace, ids = ran
    data = build_export(workspace.store)
    validate_export(data)
    assert len(data["stories"]) == 2 and len(data["storylines"]) == 1
    assert [(c["source"], c["target"]) for c in data["copies"]] == [(ids["000"], ids["003"])]
    assert sorted(len(f["articles"]) for f in data["families"]) == [1, 1, 1, 2]
    timeline = data["storylines"][0]["timeline"]
    assert [e["date"] for e in timeline] == ["2025-02-12", "2025-03-26"]


def test_stories_and_show_story_on_the_command_line(seeds_dir: Path, db_path: str) -> None:
    runner = CliRunner()
    runner.invoke(app, ["run", str(seeds_dir), "--db", db_path, "--quiet"])
    listed = json.loads(runner.invoke(app, ["stories", "--json", "--db", db_path]).stdout)
    assert [(s["date"], s["place"], s["independent_sources"]) for s in listed] == [
        ("2025-03-26", "Warsaw", 3),
        ("2025-02-12", "Brussels", 1),
    ]
    table = runner.invoke(app, ["stories", "--db", db_path]).stdout
    assert "2025-03-26" in table and "Brussels" in table
    shown = runner.invoke(app, ["show", listed[0]["id"][:8], "--db", db_path]).stdout
    assert "3 independent source(s)" in shown and "rewrite" in shown
    assert "Storyline" in shown and listed[1]["id"] in shown


def test_a_year_less_story_is_dated_when_its_storyline_gains_a_dated_story(
    seeds_dir: Path, tmp_path: Path
) -> None:
    # One article alone says "Feb. 12" without a year and has no publication date: undated.
    # Once the rest of its storyline arrives in a later run, its story takes the year from them,
    # as in a run of all the articles at once.
    alone = sorted(p for p in seeds_dir.iterdir() if p.name.startswith("004"))
    with Workspace.open(str(tmp_path / "later.db")) as ws:
        ws.run([str(p) for p in alone])
        assert [o.story.date.value for o in story_overviews(ws.store)] == [None]
        ws.run([str(seeds_dir)])
        later = {(str(o.story.date.value), len(o.articles)) for o in story_overviews(ws.store)}
    assert later == {("2025-03-26", 4), ("2025-02-12", 1)}
