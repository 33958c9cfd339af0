"""``newsweave eval STAGE``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from newsweave.cli.app import QuietOption, app, handles_errors
from newsweave.cli.console import TerminalProgress, out, print_json
from newsweave.eval.report import EvalReport, load_floors
from newsweave.eval.suites import SUITES, run_suite

EXIT_BELOW_FLOOR = 4


EvalStage = StrEnum("EvalStage", {name: name for name in SUITES})  # type: ignore[misc]


@app.command("eval")
@handles_errors
def evaluate(
    stage: Annotated[EvalStage, typer.Argument(help="What to evaluate.")],
    data: Annotated[
        Path | None, typer.Option("--data", help="Another copy of the dataset, same layout.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Score a stage on labelled data and check each figure against its pinned floor."""
    report = run_suite(stage.value, data, TerminalProgress(not quiet))
    report = report.with_floors(load_floors(stage.value))
    if as_json:
        print_json(
            {
                "stage": report.stage,
                "dataset": report.dataset,
                "figures": report.figures(),
                "floors": {c.figure: {"floor": c.floor, "passed": c.passed} for c in report.checks},
                "passed": report.passed,
            }
        )
    else:
        print_report(report)
    if not report.passed:
        raise typer.Exit(EXIT_BELOW_FLOOR)


def print_report(report: EvalReport) -> None:
    metrics: list[str] = []
    for row in report.rows:
        metrics += [m for m, _ in row.values if m not in metrics]
    table = Table("figure", "n", *metrics, title=f"eval {report.stage}: {report.dataset}")
    for row in report.rows:
        cells = [f"{v:.4f}" if (v := row.value(m)) is not None else "" for m in metrics]
        table.add_row(Text(row.label), str(row.count or ""), *cells)
    out.print(table)
    for note in report.notes:
        out.print(Text(f"note: {note}"))
    for check in report.checks:
        status = "ok" if check.passed else "BELOW FLOOR"
        out.print(Text(f"floor {check.figure}: {check.value:.4f} >= {check.floor:.4f} {status}"))
