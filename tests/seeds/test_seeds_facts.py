"""Corroboration and the cited summary on the seed articles (issue: corroboration)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.models.facts import Fact
from newsweave.queries import story_overviews
from newsweave.stages.summarize.stage import load_summary
from newsweave.store.facts import load_facts
from newsweave.workspace import Workspace


@pytest.fixture
def warsaw(seeded: Workspace) -> tuple[Workspace, str, dict[str, str]]:
    ids = {Path(a.path).name[:3]: a.id for a in seeded.articles()}
    [story] = [o.story.id for o in story_overviews(seeded.store) if ids["000"] in o.articles]
    return seeded, story, ids


def facts_with(facts: list[Fact], needle: str) -> list[Fact]:
    return [f for f in facts if needle in f.text or needle in f.subject]


def test_the_warning_is_corroborated_by_three_families_never_counting_the_rewrite(
    warsaw: tuple[Workspace, str, dict[str, str]],
) -> None:
    workspace, story, ids = warsaw
    facts = load_facts(workspace.store, story)
    # The warning: 000's lead, aligned with the other outlets' reports of it.
    [warning] = [f for f in facts_with(facts, "has warned Russia") if f.kind == "statement"]
    assert warning.status == "corroborated"
    assert warning.independent_sources == 3
    assert set(warning.articles) == {ids["000"], ids["001"], ids["002"], ids["003"]}
    assert len(warning.families) == 3


def test_tusk_and_rutte_in_warsaw_are_corroborated_by_three_families(
    warsaw: tuple[Workspace, str, dict[str, str]],
) -> None:
    workspace, story, ids = warsaw
    presence = {f.subject: f for f in load_facts(workspace.store, story) if f.kind == "presence"}
    assert presence["Donald Tusk in Warsaw"].independent_sources == 3
    assert presence["Mark Rutte in Warsaw"].independent_sources == 3
    assert ids["003"] not in presence["Donald Tusk in Warsaw"].articles


def test_polands_defence_spending_is_single_source(
    warsaw: tuple[Workspace, str, dict[str, str]],
) -> None:
    workspace, story, ids = warsaw
    [gdp] = facts_with(load_facts(workspace.store, story), "4.7% of GDP")
    assert (gdp.status, gdp.articles) == ("single-source", (ids["002"],))


def test_the_summary_cites_its_sources_and_holds_no_caption_or_banner(
    warsaw: tuple[Workspace, str, dict[str, str]],
) -> None:
    workspace, story, _ = warsaw
    summary = load_summary(workspace.store, story)
    assert summary is not None and 3 <= len(summary.sentences) <= 7
    articles = {a.id: a for a in workspace.articles()}
    for sentence in summary.sentences:
        assert sentence.article in sentence.citations
        assert articles[sentence.article].text[sentence.start : sentence.end] == sentence.text
        for furniture in ("Photo", "25,000", "Quality journalism", "Read more"):
            assert furniture not in sentence.text
    text = " ".join(s.text for s in summary.sentences)
    assert "Warsaw" in text and "devastating" in text
    assert any(len(s.citations) >= 3 for s in summary.sentences)
