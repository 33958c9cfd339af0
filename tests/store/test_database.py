from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from newsweave.errors import SchemaTooNewError, StoreError
from newsweave.store import Store, resolve_db_path
from newsweave.store.migrations import MIGRATIONS, Migration


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
    before = tuple(m for m in MIGRATIONS if m.name < "0009")
    with Store.open(path, migrations=before) as store:
        store.connection.execute("INSERT INTO outlet_lines VALUES ('harbour post', 42, 5)")
    with Store.open(path) as store:
        rows = store.query("SELECT outlet, line, story FROM outlet_line_stories")
        assert [tuple(r) for r in rows] == [("harbour post", 42, 0)]


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
