"""Adding articles to a workspace: a small addition is stored and analysed in one transaction."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

import newsweave.workspace as workspace
from builders.stories import INDEPENDENT, ORIGINAL, text
from newsweave.pipeline.registry import default_stages
from newsweave.pipeline.runner import CURRENT_ARTICLES, mark_done, pending_articles
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.workspace import Workspace


class Observer:
    """A stage that records, for what it is given, what another connection sees of the store
    and how many workers it may use."""

    name = "test.observer.v1"
    requires = frozenset({"articles"})
    provides = frozenset({"observed"})
    description = "records what other readers see"

    def __init__(self, location: str) -> None:
        self.location = location
        self.seen: list[tuple[int, int, int]] = []

    def run(self, context: StageContext) -> StageResult:
        pending = pending_articles(context.store, self.name, CURRENT_ARTICLES)
        other = sqlite3.connect(self.location)
        try:
            visible = other.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        finally:
            other.close()
        self.seen.append((len(pending), visible, context.workers))
        mark_done(context.store, self.name, pending)
        return StageResult(self.name, len(pending))


def _record(body: str) -> bytes:
    return json.dumps({"text": body, "source": "Harbour Post", "title": body[:30]}).encode()


def _workspace(db: Path, observer: Observer) -> Workspace:
    clean = [s for s in default_stages() if s.name.startswith("clean.")]
    return Workspace.open(str(db), stages=[*clean, observer], workers=2)


def test_a_small_addition_is_analysed_in_one_transaction(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    observer = Observer(str(db))
    with _workspace(db, observer) as ws:
        report = ws.add(_record(text(ORIGINAL)), "<test>/one")
        assert not report.failed and len(report.ingest.document_ids) == 1
        assert [r.stage for r in report.stages][-1] == observer.name
        # Inside the addition another reader saw nothing of it, and no worker was used.
        assert observer.seen == [(1, 0, 1)]
        assert len(ws.articles()) == 1
        ws.add(_record(text(INDEPENDENT)), "<test>/two")
        assert observer.seen[-1] == (1, 1, 1)


def test_a_large_addition_is_analysed_stage_by_stage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workspace, "ONE_TRANSACTION_MAX", 0)
    db = tmp_path / "a.db"
    observer = Observer(str(db))
    with _workspace(db, observer) as ws:
        ws.add(_record(text(ORIGINAL)), "<test>/one")
    # The cleaned article was committed before the next stage ran, on the workspace's workers.
    assert observer.seen == [(1, 1, 2)]


def test_a_bad_addition_is_reported_and_stores_nothing(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    observer = Observer(str(db))
    with _workspace(db, observer) as ws:
        report = ws.add(b"\x00\x01 not an article", "<test>/bad.bin")
        assert report.failed and not report.ingest.document_ids
        assert "bad.bin" in report.problems[0].path
        assert ws.articles() == []
