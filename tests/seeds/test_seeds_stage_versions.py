"""A story-level stage runs again when a stage whose output it reads changes version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsweave.pipeline.stage import Stage, StageContext
from newsweave.stages.facts.stage import FactsStage
from newsweave.stages.quotes.stage import QuoteAlignStage
from newsweave.stages.summarize.stage import SummaryStage
from newsweave.store import Store
from newsweave.workspace import Workspace


class _AlignAfterNewExtractor(QuoteAlignStage):
    inputs = ("quotes.extract.v999",)


class _FactsAfterNewExtractor(FactsStage):
    inputs = ("quotes.extract.v999",)


class _SummaryAfterNewFacts(SummaryStage):
    inputs = ("facts.corroboration.v999",)


@pytest.mark.parametrize(
    ("current", "newer"),
    [
        (QuoteAlignStage, _AlignAfterNewExtractor),
        (FactsStage, _FactsAfterNewExtractor),
        (SummaryStage, _SummaryAfterNewFacts),
    ],
)
def test_a_story_stage_is_redone_when_what_it_reads_changes(
    seeded: Workspace, tmp_path: Path, current: type[Stage], newer: type[Stage]
) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(seeded.store.location) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with Store.open(copy) as store:
        stories = store.query_one("SELECT COUNT(*) FROM stories")[0]
        assert stories >= 2
        assert current().run(StageContext(store)).processed == 0
        assert newer().run(StageContext(store)).processed == stories
        assert newer().run(StageContext(store)).processed == 0
