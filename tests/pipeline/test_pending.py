"""Finding a stage's work: what is new since its mark, never what it has done."""

from __future__ import annotations

import json
from pathlib import Path

from builders.inputs import write
from builders.stories import INDEPENDENT, ORIGINAL, text
from newsweave.pipeline.runner import (
    CURRENT_ARTICLES,
    CURRENT_DOCUMENTS,
    changed_rows_sql,
    pending_articles,
)
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.store import Store
from newsweave.workspace import Workspace


class Recorder:
    """A stage that records what it was given and marks it done."""

    name = "test.recorder.v1"
    requires = frozenset({"articles"})
    provides = frozenset({"recorded"})
    description = "records pending articles"

    def __init__(self) -> None:
        self.seen: list[list[str]] = []

    def run(self, context: StageContext) -> StageResult:
        from newsweave.pipeline.runner import mark_done

        pending = pending_articles(context.store, self.name, CURRENT_ARTICLES)
        self.seen.append(pending)
        mark_done(context.store, self.name, pending)
        return StageResult(self.name, len(pending))


def _workspace(db: Path, recorder: Recorder) -> Workspace:
    from newsweave.pipeline.registry import default_stages

    clean = [s for s in default_stages() if s.name.startswith("clean.")]
    return Workspace.open(str(db), stages=[*clean, recorder])


def _article(path: Path, body: str) -> None:
    write(path, json.dumps({"text": body, "source": "Harbour Post", "title": body[:30]}))


def test_each_article_is_pending_once_and_new_ones_are_found(tmp_path: Path) -> None:
    recorder = Recorder()
    with _workspace(tmp_path / "a.db", recorder) as ws:
        _article(tmp_path / "in" / "a.json", text(ORIGINAL))
        ws.run([str(tmp_path / "in")])
        _article(tmp_path / "in" / "b.json", text(INDEPENDENT))
        ws.run([str(tmp_path / "in")])
        ws.analyse()
    assert [len(batch) for batch in recorder.seen] == [1, 1, 0]
    assert recorder.seen[0] != recorder.seen[1]


def test_the_mark_moves_past_done_work(tmp_path: Path) -> None:
    recorder = Recorder()
    with _workspace(tmp_path / "a.db", recorder) as ws:
        for n in range(3):
            _article(tmp_path / "in" / f"{n}.json", text(ORIGINAL[n:]))
        ws.run([str(tmp_path / "in")])
        ws.analyse()
        marks = dict(ws.store.query("SELECT stage, seq FROM stage_marks WHERE source = 'articles'"))
        top = ws.store.query_one("SELECT MAX(seq) FROM articles")[0]
    assert marks[recorder.name] == top


def test_a_record_retired_before_it_was_analysed_is_analysed_when_it_comes_back(
    tmp_path: Path,
) -> None:
    recorder = Recorder()
    path = tmp_path / "feed.jsonl"
    first, second = (
        json.dumps({"text": body, "source": "Harbour Post", "title": body[:30]})
        for body in (text(ORIGINAL), text(INDEPENDENT))
    )
    with _workspace(tmp_path / "a.db", recorder) as ws:
        write(path, f"{first}\n{second}\n")
        ws.ingest([str(path)])
        write(path, f"{first}\n")  # the second record goes before anything ran
        ws.run([str(path)])
        write(path, f"{first}\n{second}\n")  # and comes back unchanged
        ws.run([str(path)])
        assert len(ws.articles()) == 2
    assert [len(batch) for batch in recorder.seen] == [1, 1]


def test_a_plain_sql_source_still_works(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        assert pending_articles(store, "x.v1", "SELECT 'a' AS id UNION SELECT 'b'") == ["a", "b"]
        assert pending_articles(store, "x.v1", CURRENT_DOCUMENTS) == []


def test_finding_changed_rows_searches_by_change_number_not_through_every_row() -> None:
    with Store.open(":memory:") as store:
        for source, table in ((CURRENT_DOCUMENTS, "locations"), (CURRENT_ARTICLES, "articles")):
            plan = " | ".join(
                r[3]
                for r in store.query(
                    "EXPLAIN QUERY PLAN " + changed_rows_sql(source), {"mark": 0, "stage": "s"}
                )
            )
            assert f"USING INDEX {table}_seq" in plan, plan
            assert "SCAN locations" not in plan and "SCAN articles" not in plan, plan
