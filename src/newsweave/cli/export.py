"""``newsweave export``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newsweave.cli.app import DbOption, app, handles_errors, open_workspace
from newsweave.cli.console import err
from newsweave.report.export import export_json, export_jsonl
from newsweave.report.markdown import export_markdown


class ExportFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    MD = "md"


@app.command()
@handles_errors
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json, jsonl or md.")
    ] = ExportFormat.JSON,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write everything the store knows as JSON (versioned schema), JSON Lines or Markdown."""
    with open_workspace(db) as ws:
        if fmt is ExportFormat.JSON:
            content = export_json(ws.store)
        elif fmt is ExportFormat.JSONL:
            content = export_jsonl(ws.store)
        else:
            content = export_markdown(ws.store)
    if output is None:
        typer.echo(content, nl=False)
    else:
        output.write_text(content, encoding="utf-8")
        err.print(f"wrote {output}", markup=False)
