"""The ``newsweave`` command line.

Exit codes (also in the README):
0 success; 1 some input had a problem (one line each on stderr); 2 usage error; 3 the command
failed as a whole (database, model or pipeline error); 4 an evaluation scored below its pinned
floor; 5 an evaluation dataset is missing or malformed; 6 the id or name asked for does not exist.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Callable
from typing import Annotated, ParamSpec, TypeVar

import typer

from newsweave.cli.console import err
from newsweave.errors import NewsweaveError, StoreError
from newsweave.pipeline.parallel import worker_count
from newsweave.store import resolve_db_path
from newsweave.workspace import Workspace

EXIT_PROBLEMS = 1

app = typer.Typer(
    name="newsweave",
    help="Turn many news reports into one verified story.",
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="NEWSWEAVE_DB",
        help="Database file (default ./newsweave.db; env NEWSWEAVE_DB).",
    ),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or summaries.")]

P = ParamSpec("P")
R = TypeVar("R")


def handles_errors(command: Callable[P, R]) -> Callable[P, R]:
    """The one place where a failure of the whole command becomes a message and an exit code."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except NewsweaveError as exc:
            err.print(f"error: {exc}", markup=False, style="red")
            raise typer.Exit(exc.exit_code) from exc
        except sqlite3.Error as exc:
            # The database refused (read-only file, full disk, locked past the timeout): what
            # was stored stays as it was; one line, as for any store error.
            error = StoreError(f"the database refused: {exc}")
            err.print(f"error: {error}", markup=False, style="red")
            raise typer.Exit(error.exit_code) from exc

    return wrapper


def open_workspace(db: str | None, *, create: bool = True) -> Workspace:
    """The store at ``--db`` (or its default); a command that only reads (``create=False``)
    does not create one where a mistyped path points."""
    workspace = Workspace.open(store_location(db, create=create), workers=worker_count())
    workspace.on_wait = _say_waiting
    return workspace


def store_location(
    db: str | None, *, create: bool, creators: str = "`newsweave run` or `ingest`"
) -> str:
    """``--db`` resolved; without ``create``, a path where no store is yet is an error."""
    location = resolve_db_path(db)
    if not create and location != ":memory:" and not _holds_data(location):
        raise StoreError(f"no store at {location}: {creators} creates one")
    return location


def _holds_data(location: str) -> bool:
    """Whether there is a file at ``location`` with anything in it (SQLite would make an empty
    file a new store; its write-ahead log may hold the data of one not checkpointed yet)."""
    if os.path.isdir(location):
        return True  # not a store either, and opening it says so
    return any(
        os.path.isfile(path) and os.path.getsize(path) > 0 for path in (location, location + "-wal")
    )


def _say_waiting() -> None:
    err.print("waiting for another newsweave process to finish analysing this store...")


def main() -> None:
    app()


def _register() -> None:
    # Imported for their side effect of adding commands to ``app``.
    from newsweave.cli import (  # noqa: F401
        articles,
        bench,
        evaluate,
        export,
        ingest,
        quotes,
        serve,
        stages,
        stories,
    )


_register()
