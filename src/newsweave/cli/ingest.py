"""``newsweave run`` and ``newsweave ingest``."""

from __future__ import annotations

from typing import Annotated

import typer

from newsweave.cli.app import (
    EXIT_PROBLEMS,
    DbOption,
    QuietOption,
    app,
    handles_errors,
    open_workspace,
)
from newsweave.cli.console import TerminalProgress, err, print_problem
from newsweave.cli.tables import print_article_table
from newsweave.errors import PipelineError
from newsweave.stages.ingest.sources import DEFAULT_MAX_BYTES, ReadLimits
from newsweave.store.articles import load_articles

PathsArgument = Annotated[
    list[str], typer.Argument(help="Files, folders (read recursively) or - for stdin.")
]
# An input is read whole into memory: a limit past a tebibyte is no limit, and past 2**63 it
# cannot even be passed to a read.
LARGEST_MAX_SIZE = 2**40
MaxSizeOption = Annotated[
    int,
    typer.Option(
        "--max-size", help="Largest input accepted, in bytes.", min=1, max=LARGEST_MAX_SIZE
    ),
]


@app.command()
@handles_errors
def run(
    paths: PathsArgument,
    db: DbOption = None,
    quiet: QuietOption = False,
    max_size: MaxSizeOption = DEFAULT_MAX_BYTES,
) -> None:
    """Ingest PATHS, run every analysis stage, print a summary table."""
    with open_workspace(db) as ws:
        report = ws.run(
            paths,
            limits=ReadLimits(max_size),
            progress=TerminalProgress(not quiet),
            on_problem=print_problem,
        )
        if not quiet:
            err.print(f"ingest: {report.ingest.summary()}", markup=False)
            for stage in report.stages:
                failed = f", {stage.failed} failed" if stage.failed else ""
                err.print(f"{stage.stage}: {stage.processed} processed{failed}", markup=False)
            print_article_table(
                load_articles(ws.store, report.ingest.stored_ids), title="New articles", empty=""
            )
    if report.crashed:
        raise typer.Exit(PipelineError.exit_code)
    if report.failed:
        raise typer.Exit(EXIT_PROBLEMS)


@app.command()
@handles_errors
def ingest(
    paths: PathsArgument,
    db: DbOption = None,
    quiet: QuietOption = False,
    max_size: MaxSizeOption = DEFAULT_MAX_BYTES,
) -> None:
    """Store the articles found under PATHS without analysing them."""
    with open_workspace(db) as ws:
        report = ws.ingest(
            paths,
            limits=ReadLimits(max_size),
            progress=TerminalProgress(not quiet),
            on_problem=print_problem,
        )
    if not quiet:
        err.print(f"ingest: {report.summary()}", markup=False)
    if report.problems:
        raise typer.Exit(EXIT_PROBLEMS)
