"""A story-level stage runs again when a stage whose output it reads changes version."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from newsweave.pipeline.stage import StageContext
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


def test_quote_variants_are_redone_when_the_extractor_changes(
    seeded: Workspace, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(seeded.store.location) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with Store.open(copy) as store:
        stories = store.query_one("SELECT COUNT(*) FROM stories")[0]
        assert stories >= 2
        assert QuoteAlignStage().run(StageContext(store)).processed == 0
        assert _AlignAfterNewExtractor().run(StageContext(store)).processed == stories
        assert _AlignAfterNewExtractor().run(StageContext(store)).processed == 0


def test_facts_and_summaries_are_redone_when_what_they_read_changes(
    seeded: Workspace, tmp_path: Path
) -> None:
    copy = tmp_path / "copy.db"
    with sqlite3.connect(seeded.store.location) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    with Store.open(copy) as store:
        stories = store.query_one("SELECT COUNT(*) FROM stories")[0]
        for current, newer in ((FactsStage, _FactsAfterNewExtractor),
                               (SummaryStage, _SummaryAfterNewFacts)):  # fmt: skip
            assert current().run(StageContext(store)).processed == 0
            assert newer().run(StageContext(store)).processed == stories
            assert newer().run(StageContext(store)).processed == 0
