"""``newsweave export``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newsweave.cli.app import DbOption, app, handles_errors, open_workspace
from newsweave.cli.console import err
from newsweave.report.export import export_json, export_jsonl
from newsweave.report.html import export_html
from newsweave.report.markdown import export_markdown


class ExportFormat(StrEnum):
    JSON = "json"
    JSONL = "jsonl"
    MD = "md"
    HTML = "html"


@app.command()
@handles_errors
def export(
    fmt: Annotated[
        ExportFormat, typer.Option("--format", "-f", help="json, jsonl, md or html.")
    ] = ExportFormat.JSON,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write everything the store knows: JSON (versioned schema), JSON Lines, or a report per
    story as Markdown or as one self-contained HTML file."""
    with open_workspace(db) as ws:
        if fmt is ExportFormat.JSON:
            content = export_json(ws.store)
        elif fmt is ExportFormat.JSONL:
            content = export_jsonl(ws.store)
        elif fmt is ExportFormat.HTML:
            content = export_html(ws.store)
        else:
            content = export_markdown(ws.store)
    if output is None:
        typer.echo(content, nl=False)
    else:
        output.write_text(content, encoding="utf-8")
        err.print(f"wrote {output}", markup=False)
