"""SQLite connection, transactions and migrations."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from newsweave.errors import SchemaTooNewError, StoreBusyError, StoreError, UsageError
from newsweave.store.migrations import MIGRATIONS, Migration

DEFAULT_DB = "newsweave.db"
ENV_DB = "NEWSWEAVE_DB"
# Files kept beside the database, named after it: SQLite's own, and the story clusterer's saved
# index (a cache, ``stages/cluster/snapshot.py``).
STORY_INDEX_SUFFIX = "-story-index"
# An empty file whose lock one process at a time holds while it analyses the store.
WRITER_LOCK_SUFFIX = "-writer"
LOCK_POLL_SECONDS = 0.05  # how often a wait with a time limit tries the lock again
SIDE_FILE_SUFFIXES = ("-wal", "-shm", "-journal", STORY_INDEX_SUFFIX, WRITER_LOCK_SUFFIX)
# Values per IN (...) list: well under SQLite's limit on bound parameters, even when a query
# repeats the list.
IN_CHUNK = 400
# Write-ahead log checkpoints (copying the log back into the database file, with an fsync) run
# on a thread of their own, at most this often while commits keep coming: left to SQLite, one
# runs inside whichever commit takes the log past 1,000 pages, and that commit is 17-22 ms
# slower (9 of the 12 slowest adds of one article to a 10k store).
CHECKPOINT_INTERVAL = 0.5  # seconds
# Should the thread fall behind, the committing connection still checkpoints past this size.
FALLBACK_CHECKPOINT_PAGES = 20000


class Checkpointer:
    """A thread with its own connection that checkpoints the log after commits (PASSIVE: it
    never blocks readers or writers, and copies what no reader still needs)."""

    def __init__(self, location: str, interval: float = CHECKPOINT_INTERVAL) -> None:
        self.runs = 0
        self._location = location
        self._interval = interval
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="newsweave-checkpoint", daemon=True)
        self._thread.start()

    def notify(self) -> None:
        """A commit happened: checkpoint soon."""
        self._wake.set()

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join()

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def _loop(self) -> None:
        connection = sqlite3.connect(self._location, isolation_level=None, check_same_thread=False)
        try:
            while self._wake.wait() and not self._stop.is_set():
                self._wake.clear()
                # Busy when another connection is checkpointing: the next wake-up retries.
                with suppress(sqlite3.Error):
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                self.runs += 1
                if self._stop.wait(self._interval):
                    return
        finally:
            connection.close()


def resolve_db_path(option: str | None) -> str:
    """``--db`` wins, then ``$NEWSWEAVE_DB``, then ``./newsweave.db``; an empty one is a
    mistake (a variable that expanded to nothing), not a request for the default."""
    location = option if option is not None else os.environ.get(ENV_DB, DEFAULT_DB)
    if not location.strip():
        raise UsageError(f"the database path is empty (--db or ${ENV_DB})")
    return location


def _try_lock(handle: BinaryIO) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _wait_for_lock(handle: BinaryIO, location: str, timeout: float | None) -> None:
    if timeout is None:
        fcntl.flock(handle, fcntl.LOCK_EX)
        return
    deadline = time.monotonic() + timeout
    while not _try_lock(handle):
        if time.monotonic() >= deadline:
            raise StoreBusyError(
                f"another process is analysing {location}; gave up after {timeout:g} s"
            )
        time.sleep(LOCK_POLL_SECONDS)


def _refuse_foreign(connection: sqlite3.Connection, location: str) -> None:
    """Refuse a database that holds tables but no newsweave migrations: another program's
    file, which opening as a store would fill with tables and switch to WAL mode."""
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    if tables and "schema_migrations" not in tables:
        connection.close()
        shown = ", ".join(tables[:5]) + (", ..." if len(tables) > 5 else "")
        raise StoreError(
            f"{location} is not a newsweave store: it is another SQLite database (tables: {shown})"
        )


def store_files(location: str) -> frozenset[str]:
    """The resolved paths of the database at ``location`` and of the files kept beside it
    (none in memory): what a run must never read as input."""
    if location == ":memory:":
        return frozenset()
    database = os.path.realpath(location)
    return frozenset({database, *(database + suffix for suffix in SIDE_FILE_SUFFIXES)})


def utc_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class Store:
    """An open database. Use as a context manager or call :meth:`close`."""

    def __init__(self, connection: sqlite3.Connection, location: str) -> None:
        self.connection = connection
        self.location = location
        self.checkpointer: Checkpointer | None = None  # file stores: started by ``open``
        self._depth = 0
        self._writing = 0

    @classmethod
    def open(
        cls, location: str | Path = DEFAULT_DB, *, migrations: Sequence[Migration] = MIGRATIONS
    ) -> Store:
        """Open (creating if needed) and migrate the database at ``location`` (``:memory:`` ok)."""
        location = str(location)
        if location != ":memory:":
            parent = Path(location).parent
            if not parent.is_dir():
                raise StoreError(f"cannot open database {location}: folder {parent} does not exist")
            if Path(location).is_dir():
                raise StoreError(f"cannot open database {location}: it is a folder, not a file")
        try:
            connection = sqlite3.connect(location, isolation_level=None, check_same_thread=False)
            _refuse_foreign(connection, location)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA busy_timeout = 10000")
            if location != ":memory:":
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {location}: {exc}") from exc
        store = cls(connection, location)
        try:
            store.migrate(migrations)
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise StoreError(f"cannot migrate database {location}: {exc}") from exc
        except StoreError:
            connection.close()
            raise
        if location != ":memory:":
            connection.execute(f"PRAGMA wal_autocheckpoint = {FALLBACK_CHECKPOINT_PAGES}")
            store.checkpointer = Checkpointer(location)
        return store

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.close()
        self.connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @contextmanager
    def exclusive(
        self, on_wait: Callable[[], None] | None = None, *, timeout: float | None = None
    ) -> Iterator[None]:
        """Hold the store's writer lock (an ``flock`` on the file beside it, released if the
        process dies): one process at a time analyses a store. Two runs at once both took the
        same new articles and the second failed on rows the first had written. ``on_wait`` is
        called once if another process holds the lock, before waiting for it; past ``timeout``
        seconds (if given) the wait ends with ``StoreBusyError``. Re-entrant."""
        if self.location == ":memory:" or self._writing:
            self._writing += 1
            try:
                yield
            finally:
                self._writing -= 1
            return
        handle = open(self.location + WRITER_LOCK_SUFFIX, "ab")  # noqa: SIM115 (held open)
        try:
            if not _try_lock(handle):
                if on_wait is not None:
                    on_wait()
                _wait_for_lock(handle, self.location, timeout)
            self._writing = 1
            try:
                yield
            finally:
                self._writing = 0
                fcntl.flock(handle, fcntl.LOCK_UN)
        finally:
            handle.close()

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """One transaction (a savepoint when nested): all of it is written, or none."""
        depth = self._depth
        self._depth += 1
        conn = self.connection
        try:
            conn.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT sp{depth}")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK" if depth == 0 else f"ROLLBACK TO sp{depth}")
                if depth:
                    conn.execute(f"RELEASE sp{depth}")
                raise
            conn.execute("COMMIT" if depth == 0 else f"RELEASE sp{depth}")
            if depth == 0 and self.checkpointer is not None:
                self.checkpointer.notify()
        finally:
            self._depth = depth

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """One read transaction (inside a transaction already open: that one): every query
        sees the same state, and writes to TEMP tables are batched, without taking the store's
        write lock, which another connection of this run (a worker's) may need meanwhile."""
        if self._depth:
            yield self.connection
            return
        self._depth = 1
        conn = self.connection
        try:
            conn.execute("BEGIN DEFERRED")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            self._depth = 0

    def query(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[sqlite3.Row]:
        return self.connection.execute(sql, params).fetchall()

    def query_in(
        self, sql: str, values: Iterable[Any], extra: Sequence[Any] = ()
    ) -> list[sqlite3.Row]:
        """``sql`` run for the distinct ``values`` (sorted) in chunks that SQLite accepts: each
        ``{values}`` in it becomes the chunk's placeholders, bound after ``extra``."""
        wanted = sorted(set(values))
        uses = sql.count("{values}")
        rows: list[sqlite3.Row] = []
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            marks = ",".join("?" * len(chunk))
            rows += self.query(sql.replace("{values}", marks), [*extra, *(chunk * uses)])
        return rows

    def query_one(
        self, sql: str, params: Sequence[Any] | dict[str, Any] = ()
    ) -> sqlite3.Row | None:
        row: sqlite3.Row | None = self.connection.execute(sql, params).fetchone()
        return row

    # -- migrations ---------------------------------------------------------------------------

    def applied_migrations(self) -> list[str]:
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        return [r["name"] for r in self.query("SELECT name FROM schema_migrations ORDER BY name")]

    def migrate(self, migrations: Sequence[Migration] = MIGRATIONS) -> list[str]:
        """Apply, in order and each in its own transaction, the migrations not yet applied."""
        applied = set(self.applied_migrations())
        known = {m.name for m in migrations}
        unknown = sorted(applied - known)
        if unknown:
            raise SchemaTooNewError(
                f"database {self.location} was written by a newer newsweave "
                f"(unknown migrations: {', '.join(unknown)}); upgrade newsweave to open it"
            )
        done: list[str] = []
        for migration in migrations:
            if migration.name in applied:
                continue
            with self.atomic() as conn:
                for statement in migration.statements:
                    conn.execute(statement)
                conn.execute(
                    "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)",
                    (migration.name, utc_now()),
                )
            done.append(migration.name)
        return done
