"""``newsweave serve``."""

from __future__ import annotations

from typing import Annotated

import typer

from newsweave.cli.app import DbOption, app, handles_errors
from newsweave.cli.console import err


@app.command()
@handles_errors
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to bind (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Serve the web UI and the JSON API (/api/v1). Writes need NEWSWEAVE_WRITE_TOKEN;
    set NEWSWEAVE_READ_TOKEN to close reading too."""
    import uvicorn

    from newsweave.web.app import create_app
    from newsweave.web.settings import WebSettings

    settings = WebSettings.from_environment(db)
    # Open the store once now, so that a bad database fails here and not at the first request.
    from newsweave.store import Store

    Store.open(settings.db).close()
    err.print(f"newsweave: serving {settings.db} on http://{host}:{port}", markup=False)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
