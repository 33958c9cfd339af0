"""``newsweave serve``."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from newsweave.cli.app import DbOption, app, handles_errors, store_location
from newsweave.cli.console import err
from newsweave.errors import NewsweaveError


@app.command()
@handles_errors
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Address to bind (default: this machine only).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    create: Annotated[
        bool,
        typer.Option(
            "--create",
            help="Start with an empty store when there is none at --db (uploads fill it).",
        ),
    ] = False,
) -> None:
    """Serve the web UI and the JSON API (/api/v1). Writes need NEWSWEAVE_WRITE_TOKEN;
    set NEWSWEAVE_READ_TOKEN to close reading too."""
    import uvicorn

    from newsweave.web.app import create_app
    from newsweave.web.settings import WebSettings

    # A mistyped --db would otherwise serve a new, empty store and take uploads into it.
    location = store_location(db, create=create, creators="`run`, `ingest` or `serve --create`")
    settings = WebSettings.from_environment(location)
    # Open the store once now, so that a bad database fails here and not at the first request.
    from newsweave.store import Store

    Store.open(settings.db).close()
    # Listening before saying so: a host that is no address or a port in use fails here, with
    # one line, instead of after "serving on ...".
    listening = _listen(host, port)
    err.print(f"newsweave: serving {settings.db} on http://{host}:{port}", markup=False)
    config = uvicorn.Config(create_app(settings), host=host, port=port, log_level="warning")
    uvicorn.Server(config).run(sockets=[listening])


def _listen(host: str, port: int) -> socket.socket:
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        raise NewsweaveError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
