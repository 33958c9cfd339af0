"""Ingest semantics: content-hash ids, versions, no-ops on re-runs, crash safety."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from builders.inputs import ARTICLE_TEXT, PARAGRAPHS, jsonl, rss_feed, write
from newsweave.store import Store
from newsweave.store.documents import Outcome
from newsweave.workspace import Workspace


def test_ingesting_the_same_file_twice_stores_nothing_new(
    tmp_path: Path, workspace: Workspace
) -> None:
    path = str(write(tmp_path / "a.txt", ARTICLE_TEXT))
    first = workspace.ingest([path])
    second = workspace.ingest([path])
    assert first.counts[Outcome.NEW] == 1
    assert second.stored == 0 and second.counts[Outcome.UNCHANGED] == 1
    assert "nothing new to store" in second.summary()
    assert workspace.store.query_one("SELECT count(*) FROM documents")[0] == 1


def test_same_file_under_another_relative_path_is_the_same_place(
    tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "a.txt", ARTICLE_TEXT)
    workspace.ingest([str(tmp_path / "a.txt")])
    monkeypatch.chdir(tmp_path)
    again = workspace.ingest(["./a.txt"])
    assert again.counts[Outcome.UNCHANGED] == 1


def test_a_changed_file_is_a_new_version_and_the_old_one_is_kept(
    tmp_path: Path, workspace: Workspace
) -> None:
    path = write(tmp_path / "a.txt", ARTICLE_TEXT)
    workspace.run([str(path)])
    path.write_text(ARTICLE_TEXT + "\n\nA correction was appended.", encoding="utf-8")
    report = workspace.run([str(path)])
    assert report.ingest.counts[Outcome.CHANGED] == 1
    rows = workspace.store.query("SELECT version, current FROM locations ORDER BY version")
    assert [(r["version"], r["current"]) for r in rows] == [(1, 0), (2, 1)]
    assert workspace.store.query_one("SELECT count(*) FROM documents")[0] == 2
    [article] = workspace.articles()
    assert article.text.endswith("A correction was appended.")


def test_a_record_that_left_a_jsonl_file_is_no_longer_current(
    tmp_path: Path, workspace: Workspace
) -> None:
    path = write(tmp_path / "f.jsonl", jsonl([{"text": p} for p in PARAGRAPHS]))
    workspace.run([str(path)])
    write(path, jsonl([{"text": p} for p in PARAGRAPHS[:2]]))
    workspace.run([str(path)])
    assert len(workspace.articles()) == 2


def test_records_of_a_file_read_only_in_part_stay_current(
    tmp_path: Path, workspace: Workspace
) -> None:
    # A broken line, or a feed cut short, may hide records that are still in the file: what
    # the damage hides is not retired as if it had left.
    lines = write(tmp_path / "f.jsonl", jsonl([{"text": p} for p in PARAGRAPHS]))
    feed = write(tmp_path / "f.rss", rss_feed(3))
    workspace.run([str(lines), str(feed)])
    assert len(workspace.articles()) == 6
    broken = jsonl([{"text": p} for p in PARAGRAPHS[:2]]) + '{"text": "cut\n'
    write(lines, broken)
    whole = rss_feed(3)
    write(feed, whole[: whole.index("Entry 2.")])
    report = workspace.run([str(lines), str(feed)])
    assert sorted(p.code for p in report.problems) == ["feed.truncated", "json.bad_line"]
    assert len(workspace.articles()) == 6


def test_a_file_damaged_or_emptied_since_keeps_what_it_gave(
    tmp_path: Path, workspace: Workspace
) -> None:
    record = write(tmp_path / "one.json", json.dumps({"title": "T", "text": ARTICLE_TEXT}))
    text = write(tmp_path / "two.txt", "Story two. " + ARTICLE_TEXT)
    workspace.run([str(record), str(text)])
    assert len(workspace.articles()) == 2
    write(record, record.read_bytes()[: len(record.read_bytes()) // 2])
    write(text, b"")
    report = workspace.run([str(record), str(text)])
    assert sorted(p.code for p in report.problems) == ["json.malformed", "read.empty"]
    assert len(workspace.articles()) == 2


def test_the_database_and_the_files_beside_it_are_never_inputs(tmp_path: Path) -> None:
    write(tmp_path / "good.txt", ARTICLE_TEXT)
    db = tmp_path / "news.db"
    for suffix in ("-story-index", "-journal"):
        write(tmp_path / f"news.db{suffix}", b"\x00binary\x00")
    with Workspace.open(str(db)) as ws:
        report = ws.run([str(tmp_path)])  # while open, SQLite's -wal and -shm are there too
        assert not report.problems
        assert len(ws.articles()) == 1


def test_the_same_content_in_two_files_is_one_article(tmp_path: Path, workspace: Workspace) -> None:
    write(tmp_path / "a.txt", ARTICLE_TEXT)
    write(tmp_path / "b.txt", ARTICLE_TEXT)
    report = workspace.run([str(tmp_path)])
    assert report.ingest.counts[Outcome.NEW] == 1 and report.ingest.counts[Outcome.KNOWN] == 1
    assert len(workspace.articles()) == 1


def test_bad_inputs_do_not_touch_what_is_stored(tmp_path: Path, db_path: str) -> None:
    good = write(tmp_path / "good.txt", ARTICLE_TEXT)
    with Workspace.open(db_path) as ws:
        ws.run([str(good)])
        before = [(a.id, a.text) for a in ws.articles()]
    bad = [
        write(tmp_path / "bad" / "x.png", b"\x89PNG\r\n\x1a\n\x00\x00"),
        write(tmp_path / "bad" / "e.txt", b""),
    ]
    with Workspace.open(db_path) as ws:
        report = ws.run([str(p) for p in bad])
        assert len(report.problems) == 2
        assert [(a.id, a.text) for a in ws.articles()] == before
        assert ws.store.query_one("PRAGMA integrity_check")[0] == "ok"


def test_killing_ingest_never_leaves_a_half_written_article(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    for i in range(1500):
        write(
            corpus / f"{i:05d}.jsonl",
            jsonl([{"text": f"{p} Item {i}-{j}."} for j, p in enumerate(PARAGRAPHS * 3)]),
        )
    db = tmp_path / "kill.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "newsweave", "ingest", str(corpus), "--db", str(db), "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    stored = 0
    while time.monotonic() < deadline and stored < 300:
        time.sleep(0.2)
        stored = _count(db, "SELECT count(*) FROM locations")
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert stored > 0, "ingest did not start in time"
    with Store.open(db) as store:
        assert store.query_one("PRAGMA integrity_check")[0] == "ok"
        # Every file is all-or-nothing: 9 records, each with its place.
        counts = [r[0] for r in store.query("SELECT count(*) FROM locations GROUP BY key")]
        assert counts and all(c == 9 for c in counts)
        orphans = store.query_one(
            "SELECT count(*) FROM documents d"
            " WHERE NOT EXISTS (SELECT 1 FROM locations l WHERE l.document_id = d.id)"
        )
        assert orphans[0] == 0
        done_before = len(counts)
    with Workspace.open(str(db)) as ws:
        report = ws.ingest([str(corpus)])
        assert report.counts[Outcome.UNCHANGED] == done_before * 9
        assert report.counts[Outcome.NEW] == (1500 - done_before) * 9


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute(sql).fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0
