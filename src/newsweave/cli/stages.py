"""``newsweave stages``."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from newsweave.cli.app import app, handles_errors
from newsweave.cli.console import out
from newsweave.pipeline.registry import default_stages
from newsweave.pipeline.runner import check_pipeline


@app.command()
@handles_errors
def stages() -> None:
    """List the registered stages in run order, with what each requires and provides."""
    registered = default_stages()
    check_pipeline(registered)
    table = Table(
        "stage", "requires", "provides", "what it does", title="Pipeline (checked: valid order)"
    )
    for stage in registered:
        table.add_row(
            Text(stage.name),
            Text(", ".join(sorted(stage.requires))),
            Text(", ".join(sorted(stage.provides))),
            Text(stage.description),
        )
    out.print(table)
