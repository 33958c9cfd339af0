from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import pytest

from newsweave.errors import SchemaTooNewError, StoreError
from newsweave.store import Store, resolve_db_path
from newsweave.store.database import FALLBACK_CHECKPOINT_PAGES
from newsweave.store.migrations import MIGRATIONS, Migration


def _store_before(path: Path, migration: str) -> Store:
    """A store with only the migrations named before ``migration`` applied."""
    return Store.open(path, migrations=tuple(m for m in MIGRATIONS if m.name < migration))


def test_file_database_uses_wal_and_records_migrations(tmp_path: Path) -> None:
    with Store.open(tmp_path / "a.db") as store:
        assert store.query_one("PRAGMA journal_mode")[0] == "wal"
        assert store.applied_migrations() == [m.name for m in MIGRATIONS]


def test_opening_an_older_database_applies_the_missing_migrations(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    extra = Migration("9000_test_extra", ("CREATE TABLE extra (x INTEGER)",))
    with Store.open(path, migrations=MIGRATIONS) as store:
        store.connection.execute(
            "INSERT INTO problems (path, stage, code, severity, message, created_at)"
            " VALUES ('p', 's', 'c', 'error', 'm', 't')"
        )
    with Store.open(path, migrations=(*MIGRATIONS, extra)) as store:
        assert "9000_test_extra" in store.applied_migrations()
        assert store.query_one("SELECT count(*) FROM problems")[0] == 1  # data kept
        store.connection.execute("INSERT INTO extra VALUES (1)")


def test_outlet_line_counts_move_to_story_rows(tmp_path: Path) -> None:
    path = tmp_path / "0008.db"
    with _store_before(path, "0009") as store:
        store.connection.execute("INSERT INTO outlet_lines VALUES ('harbour post', 42, 5)")
    with _store_before(path, "0010") as store:
        rows = store.query("SELECT outlet, line, story FROM outlet_line_stories")
        assert [tuple(r) for r in rows] == [("harbour post", 42, 0)]


def test_outlet_lines_keyed_by_title_are_dropped_for_stories_told_by_their_lines(
    tmp_path: Path,
) -> None:
    path = tmp_path / "0014.db"
    with _store_before(path, "0015") as store:
        store.connection.execute("INSERT INTO outlet_line_stories VALUES ('harbour post', 42, 7)")
    with Store.open(path) as store:
        assert store.query("SELECT * FROM outlet_line_stories") == []
        store.connection.execute("INSERT INTO outlet_stories VALUES ('harbour post', 7, 900)")


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    extra = Migration("9999_future", ("CREATE TABLE future (x INTEGER)",))
    Store.open(path, migrations=(*MIGRATIONS, extra)).close()
    with pytest.raises(SchemaTooNewError, match="newer newsweave"):
        Store.open(path)


def test_atomic_rolls_back_everything_on_error() -> None:
    with Store.open(":memory:") as store:
        with pytest.raises(RuntimeError), store.atomic() as conn:
            conn.execute(
                "INSERT INTO problems (path, stage, code, severity, message, created_at)"
                " VALUES ('p', 's', 'c', 'error', 'm', 't')"
            )
            raise RuntimeError("boom")
        assert store.query_one("SELECT count(*) FROM problems")[0] == 0


def test_nested_atomic_rolls_back_only_the_inner_part() -> None:
    with Store.open(":memory:") as store:
        insert = (
            "INSERT INTO problems (path, stage, code, severity, message, created_at)"
            " VALUES (?, 's', 'c', 'error', 'm', 't')"
        )
        with store.atomic() as conn:
            conn.execute(insert, ("outer",))
            with pytest.raises(ValueError), store.atomic():
                conn.execute(insert, ("inner",))
                raise ValueError
        assert [r[0] for r in store.query("SELECT path FROM problems")] == ["outer"]


def test_a_missing_folder_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nope" / "x.db")


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "not.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store.open(path)


def test_db_path_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSWEAVE_DB", raising=False)
    assert resolve_db_path(None) == "newsweave.db"
    monkeypatch.setenv("NEWSWEAVE_DB", "/tmp/env.db")
    assert resolve_db_path(None) == "/tmp/env.db"
    assert resolve_db_path("x.db") == "x.db"


def test_sqlite_has_fts5() -> None:
    # The web search (a later stage) relies on FTS5 being compiled in.
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(x)")


def _search(store: Store, query: str) -> list[str]:
    rows = store.query(
        "SELECT article_id FROM article_search WHERE article_search MATCH ?", [query]
    )
    return [r[0] for r in rows]


def test_a_cleaned_again_article_has_one_search_entry_under_its_rowid(tmp_path: Path) -> None:
    from dataclasses import replace

    from newsweave.store.articles import load_articles, save_articles
    from newsweave.workspace import Workspace

    (tmp_path / "a.txt").write_text("Harbour council approves the budget.\n", "utf-8")
    with Workspace.open(str(tmp_path / "w.db")) as ws:
        ws.run([str(tmp_path / "a.txt")])
        (article,) = load_articles(ws.store)
        with ws.store.atomic():
            save_articles(ws.store, "clean.test", [replace(article, text="Ferry strike ends.")])
        assert _search(ws.store, "ferry") == [article.id]
        assert _search(ws.store, "harbour") == []
        linked = ws.store.query_one(
            "SELECT count(*) FROM article_search f JOIN articles a ON a.rowid = f.rowid"
            " AND a.id = f.article_id"
        )[0]
        assert linked == ws.store.query_one("SELECT count(*) FROM article_search")[0] == 1


def test_a_snapshot_reads_one_state_and_leaves_the_write_lock_to_others(tmp_path: Path) -> None:
    path = str(tmp_path / "s.db")
    with Store.open(path) as store, Store.open(path) as other:
        other.connection.execute("CREATE TABLE notes (n INTEGER)")
        with store.snapshot() as conn:
            conn.execute("CREATE TEMP TABLE keys (k INTEGER)")
            conn.execute("INSERT INTO keys VALUES (1)")  # a TEMP write takes no store lock
            assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
            with other.atomic():  # would wait (and time out) if the snapshot held the lock
                other.connection.execute("INSERT INTO notes VALUES (7)")
            assert conn.execute("SELECT count(*) FROM notes").fetchone()[0] == 0
        assert store.query_one("SELECT count(*) FROM notes")[0] == 1
        with store.atomic(), store.snapshot() as conn:  # inside a transaction: that one
            conn.execute("INSERT INTO notes VALUES (8)")
        assert store.query_one("SELECT count(*) FROM notes")[0] == 2


def _search_index_sound(store: Store) -> bool:
    """FTS5's own check of the index against the text it reads from the articles."""
    try:
        store.connection.execute(
            "INSERT INTO article_search (article_search, rank) VALUES ('integrity-check', 1)"
        )
    except sqlite3.DatabaseError:
        return False
    return True


def test_the_search_index_reads_the_articles_instead_of_keeping_their_text(
    tmp_path: Path,
) -> None:
    path = tmp_path / "0016.db"
    with _store_before(path, "0017") as store:
        store.connection.execute("PRAGMA foreign_keys = OFF")
        store.connection.execute(
            "INSERT INTO articles (id, stage, title, text, raw_text, data, outlet)"
            " VALUES ('a1', 's', 'Ferry strike', 'The strike ends at the harbour.', '', '{}',"
            " 'Coast News'), ('a2', 's', NULL, 'Council approves the budget.', '', '{}', NULL)"
        )
        store.connection.execute(
            "INSERT INTO article_search (rowid, article_id, title, text, outlet)"
            " SELECT rowid, id, COALESCE(title, ''), text, COALESCE(outlet, '') FROM articles"
        )
    with Store.open(path) as store:
        tables = {r[0] for r in store.query("SELECT name FROM sqlite_master")}
        assert "article_search_content" not in tables  # no copy of the texts
        assert _search(store, "harbour") == ["a1"]
        assert _search(store, "coast") == ["a1"]
        assert _search(store, "budget") == ["a2"]
        assert _search_index_sound(store)
        store.connection.execute("UPDATE articles SET text = 'Changed behind its back.'")
        assert not _search_index_sound(store)  # the check does see a stale index


def test_articles_cleaned_again_and_again_keep_the_search_index_sound(tmp_path: Path) -> None:
    from dataclasses import replace

    from newsweave.store.articles import load_articles, save_articles
    from newsweave.workspace import Workspace

    for name, text in [("a", "Harbour council approves the budget."), ("b", "Rain in Lima.")]:
        (tmp_path / f"{name}.txt").write_text(text + "\n", "utf-8")
    with Workspace.open(str(tmp_path / "w.db")) as ws:
        ws.run([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
        articles = load_articles(ws.store)
        for n, word in enumerate(["ferry", "strike", "ferry", "tram"]):
            with ws.store.atomic():
                save_articles(
                    ws.store,
                    "clean.test",
                    [
                        replace(a, text=f"{word.title()} news number {n} for {a.id}.")
                        for a in articles
                    ],
                )
            assert _search_index_sound(ws.store)
        assert sorted(_search(ws.store, "tram")) == sorted(a.id for a in articles)
        assert _search(ws.store, "ferry") == _search(ws.store, "harbour") == []


def test_an_article_cleaned_again_to_the_same_result_is_not_new_work(tmp_path: Path) -> None:
    from dataclasses import replace

    from newsweave.store.articles import load_articles, save_articles
    from newsweave.workspace import Workspace

    (tmp_path / "a.txt").write_text("Harbour council approves the budget.\n", "utf-8")
    with Workspace.open(str(tmp_path / "w.db")) as ws:
        ws.run([str(tmp_path / "a.txt")])
        (article,) = load_articles(ws.store)

        def seq() -> tuple[int, str]:
            return tuple(ws.store.query_one("SELECT seq, stage FROM articles"))  # type: ignore[return-value]

        before, _ = seq()
        with ws.store.atomic():
            save_articles(ws.store, "clean.next", [article])
        assert seq() == (before, "clean.next")
        assert _search(ws.store, "harbour") == [article.id]
        with ws.store.atomic():
            save_articles(ws.store, "clean.next", [replace(article, text="Ferry strike ends.")])
        assert seq()[0] > before
        assert _search(ws.store, "ferry") == [article.id]


def test_search_entries_move_to_their_articles_rowids(tmp_path: Path) -> None:
    path = tmp_path / "0010.db"
    with _store_before(path, "0011") as store:
        conn = store.connection
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute(
            "INSERT INTO articles (id, stage, title, text, raw_text, data)"
            " VALUES ('a1', 's', 'Ferry strike', 'The strike ends.', '', '{}')"
        )
        conn.execute(
            "INSERT INTO article_search (rowid, article_id, title, text, outlet)"
            " VALUES (77, 'a1', 'Ferry strike', 'The strike ends.', '')"
        )
    with Store.open(path) as store:
        rowid = store.query_one("SELECT rowid FROM articles WHERE id = 'a1'")[0]
        found = store.query("SELECT rowid, article_id FROM article_search")
        assert [tuple(r) for r in found] == [(rowid, "a1")]
        assert _search(store, "strike") == ["a1"]


def test_query_in_binds_every_value_once_per_list_across_chunks() -> None:
    from newsweave.store.database import IN_CHUNK

    with Store.open(":memory:") as store:
        conn = store.connection
        conn.execute("CREATE TABLE pairs (a INTEGER, b INTEGER, tag TEXT)")
        conn.executemany("INSERT INTO pairs VALUES (?, ?, 'x')", [(n, -n) for n in range(1000)])
        conn.execute("INSERT INTO pairs VALUES (5, 5, 'y')")
        wanted = [*range(0, 2 * IN_CHUNK + 10, 2), 4, 4]
        rows = store.query_in(
            "SELECT a FROM pairs WHERE tag = ? AND (a IN ({values}) OR b IN ({values}))",
            wanted,
            extra=["x"],
        )
        assert sorted(r[0] for r in rows) == sorted(set(wanted))
        assert store.query_in("SELECT a FROM pairs WHERE a IN ({values})", []) == []


def test_fingerprints_move_to_hash_order_and_each_article_keeps_its_list(tmp_path: Path) -> None:
    path = tmp_path / "0011.db"
    with _store_before(path, "0012") as store:
        conn = store.connection
        conn.execute("INSERT INTO signatures VALUES ('a1', x'00', 9), ('a2', x'00', 9)")
        conn.execute("INSERT INTO fingerprints VALUES (-5, 'a1'), (7, 'a1'), (7, 'a2')")
    with Store.open(path) as store:
        rows = store.query("SELECT hash, article_id FROM fingerprints")
        assert [tuple(r) for r in rows] == [(-5, "a1"), (7, "a1"), (7, "a2")]
        lists = store.query("SELECT article_id, passages FROM signatures ORDER BY article_id")
        assert [(r[0], sorted(json.loads(r[1]))) for r in lists] == [("a1", [-5, 7]), ("a2", [7])]


def test_storylines_are_read_from_their_stories_once_the_copy_is_dropped(
    tmp_path: Path,
) -> None:
    from newsweave.store.stories import load_storylines

    path = tmp_path / "0012.db"
    with _store_before(path, "0013") as store:
        store.connection.execute(
            "INSERT INTO storylines VALUES ('sl-old', 'stale', '{}'), ('sl-gone', 'orphan', '{}')"
        )
        store.connection.execute(
            "INSERT INTO stories VALUES ('st-b', 'sl-old', 'Later', '2024-03-09', 'Lima', 1, '{}'),"
            " ('st-a', 'sl-old', 'Earlier', '2024-03-02', NULL, 3, '{}')"
        )
    with Store.open(path) as store:
        tables = {r[0] for r in store.query("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "storylines" not in tables
        (line,) = load_storylines(store)
        assert (line.id, line.title, line.story_ids) == ("sl-old", "Earlier", ("st-a", "st-b"))
        assert [(e.story_id, str(e.date), e.place) for e in line.timeline] == [
            ("st-a", "2024-03-02", None),
            ("st-b", "2024-03-09", "Lima"),
        ]
        assert load_storylines(store, ["sl-gone"]) == []


def test_stored_fingerprints_are_counted_when_the_recent_table_is_added(
    tmp_path: Path,
) -> None:
    from newsweave.store.relations import fingerprint_rows

    path = tmp_path / "0013.db"
    with _store_before(path, "0014") as store:
        store.connection.execute("INSERT INTO fingerprints VALUES (-5, 'a1'), (7, 'a1'), (7, 'a2')")
    with Store.open(path) as store:
        assert fingerprint_rows(store) == {
            "fingerprints": 3,
            "fingerprints_recent": 0,
            "fingerprints_pending": 0,
        }
        assert store.query_one("SELECT count(*) FROM fingerprints")[0] == 3


def test_commits_are_checkpointed_by_a_thread_of_the_store(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "c.db")
    checkpointer = store.checkpointer
    assert checkpointer is not None and checkpointer.alive
    # The committing connection only checkpoints if the thread falls far behind.
    assert store.query_one("PRAGMA wal_autocheckpoint")[0] == FALLBACK_CHECKPOINT_PAGES
    with store.atomic() as conn:
        conn.execute("CREATE TABLE t (x INTEGER)")
        conn.executemany("INSERT INTO t VALUES (?)", [(i,) for i in range(5000)])
    deadline = time.monotonic() + 10
    while checkpointer.runs == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert checkpointer.runs >= 1
    # Everything the log held is in the database file now: nothing is left to copy.
    busy, log, copied = store.query_one("PRAGMA wal_checkpoint(PASSIVE)")
    assert busy == 0 and log == copied
    store.close()
    assert not checkpointer.alive


def test_a_memory_store_has_no_checkpoint_thread() -> None:
    with Store.open(":memory:") as store:
        assert store.checkpointer is None


def test_a_second_writer_waits_for_the_first_and_then_analyses(tmp_path: Path) -> None:
    import fcntl

    from builders.inputs import ARTICLE_TEXT, write
    from newsweave.store.database import WRITER_LOCK_SUFFIX, store_files
    from newsweave.workspace import Workspace

    db = tmp_path / "w.db"
    with Workspace.open(str(db)) as ws:
        ws.ingest([str(write(tmp_path / "a.txt", ARTICLE_TEXT))])
    assert str(db) + WRITER_LOCK_SUFFIX in store_files(str(db))
    # Another process's lock: an open file description of its own holding the flock.
    with open(str(db) + WRITER_LOCK_SUFFIX, "ab") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        events: list[str] = []

        def other_finishes() -> None:
            events.append("waited")
            fcntl.flock(other, fcntl.LOCK_UN)

        with Workspace.open(str(db)) as ws:
            ws.on_wait = other_finishes
            ws.analyse()
            events.append("analysed")
            assert len(ws.store.query("SELECT id FROM stories")) == 1
            ws.analyse()  # the lock is free now: no wait
    assert events == ["waited", "analysed"]


def test_the_writer_lock_is_reentrant_and_free_in_memory() -> None:
    with Store.open(":memory:") as store, store.exclusive(), store.exclusive():
        assert store.query_one("SELECT 1")[0] == 1


def test_a_wait_for_the_writer_lock_can_have_a_limit(tmp_path: Path) -> None:
    import fcntl

    from newsweave.errors import StoreBusyError
    from newsweave.store.database import WRITER_LOCK_SUFFIX

    db = str(tmp_path / "w.db")
    with Store.open(db) as store, open(db + WRITER_LOCK_SUFFIX, "ab") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        with (
            pytest.raises(StoreBusyError, match="another process is analysing"),
            store.exclusive(timeout=0.1),
        ):
            pass
        fcntl.flock(other, fcntl.LOCK_UN)
        with store.exclusive(timeout=0.1):
            pass
