"""The facts stage on a small synthetic story: a wire report, its copy, an outlet of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsweave.stages.facts.stage as facts_stage
from builders.inputs import write
from builders.stories import INDEPENDENT, ORIGINAL, text, wire_copy
from newsweave.models import Article
from newsweave.store.facts import load_facts
from newsweave.workspace import Workspace


def test_a_storys_units_are_parsed_one_source_family_at_a_time(
    tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs: list[list[str]] = []
    parse = facts_stage._units_job

    def spy(job: tuple[list[Article], dict[str, str], dict[str, object]]) -> object:
        jobs.append([a.id for a in job[0]])
        return parse(job)  # type: ignore[arg-type]

    monkeypatch.setattr(facts_stage, "_units_job", spy)
    for name, body, day in (("original", text(ORIGINAL), "05"), ("copy", wire_copy(), "06"),
                            ("own", text(INDEPENDENT), "05")):  # fmt: skip
        data = {"title": f"Earthquake ({name})", "text": body, "source": name,
                "date": f"2024-03-{day}"}  # fmt: skip
        write(tmp_path / f"{name}.json", json.dumps(data))
    report = workspace.run([str(tmp_path)])
    assert not report.problems, report.problems
    ids = {Path(a.path).stem: a.id for a in workspace.articles()}
    # The copy is parsed with its original (its repeated sentences once), the outlet apart.
    assert sorted(map(sorted, jobs)) == sorted(
        [sorted([ids["original"], ids["copy"]]), [ids["own"]]]
    )
    [story] = {r[0] for r in workspace.store.query("SELECT story_id FROM story_members")}
    facts = load_facts(workspace.store, story)
    # Every article's statements are there, in each article's reading order.
    for name in ("original", "copy", "own"):
        positions = sorted(
            (m.position, m.start) for f in facts for m in f.members if m.article_id == ids[name]
        )
        assert positions and [s for _, s in positions] == sorted(s for _, s in positions)


def test_an_article_is_parsed_once_though_its_story_is_recomputed(
    tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    parse = facts_stage.article_clauses

    def spy(articles: list[Article]) -> object:
        parsed.extend(a.id for a in articles)
        return parse(articles)

    monkeypatch.setattr(facts_stage, "article_clauses", spy)

    def add(name: str, body: str, day: str) -> None:
        data = {"title": f"Earthquake ({name})", "text": body, "source": name,
                "date": f"2024-03-{day}"}  # fmt: skip
        write(tmp_path / name / "in.json", json.dumps(data))
        report = workspace.run([str(tmp_path / name)])
        assert not report.problems, report.problems

    add("original", text(ORIGINAL), "05")
    before = {(f.text, f.articles) for f in load_facts(workspace.store)}
    add("own", text(INDEPENDENT), "05")
    ids = {Path(a.path).parent.name: a.id for a in workspace.articles()}
    # The story was recomputed with its new member; the first was not parsed again.
    assert parsed == [ids["original"], ids["own"]]
    facts = load_facts(workspace.store)
    assert {f.independent_sources for f in facts} >= {2}
    assert before - {(f.text, f.articles) for f in facts}  # the facts did change
    stored = workspace.store.query_one("SELECT count(*) FROM fact_clauses")
    assert stored is not None and stored[0] == 2
