"""``newsweave export``."""

from __future__ import annotations

import contextlib
import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from newsweave.cli.app import DbOption, app, handles_errors, open_workspace
from newsweave.cli.console import err
from newsweave.errors import NewsweaveError, UsageError
from newsweave.report.export import export_json, export_jsonl
from newsweave.report.html import export_html
from newsweave.report.markdown import export_markdown
from newsweave.store import resolve_db_path
from newsweave.store.database import store_files


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
        Path | None,
        typer.Option("--output", "-o", help="Write to this file instead of stdout (- is stdout)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write everything the store knows: JSON (versioned schema), JSON Lines, or a report per
    story as Markdown or as one self-contained HTML file."""
    if output is not None and str(output) == "-":
        output = None
    if output is not None and os.path.realpath(output) in store_files(resolve_db_path(db)):
        raise UsageError(f"{output} is the database or a file beside it: write elsewhere")
    with open_workspace(db, create=False) as ws:
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
        return
    _write(output, content)
    err.print(f"wrote {output}", markup=False)


def _write(output: Path, content: str) -> None:
    """Write ``content`` to ``output``: a file is written beside its place and renamed over it
    (a failed write leaves the old file whole, no half one); a device or pipe is written to."""
    if output.is_dir():
        raise NewsweaveError(f"cannot write {output}: it is a folder")
    if output.exists() and not output.is_file():
        target = output
    else:
        target = output.with_name(f".{output.name}.part")
    try:
        target.write_text(content, encoding="utf-8")
        if target != output:
            os.replace(target, output)
    except OSError as exc:
        if target != output:
            with contextlib.suppress(OSError):
                target.unlink(missing_ok=True)
        raise NewsweaveError(f"cannot write {output}: {exc.strerror or exc}") from exc
