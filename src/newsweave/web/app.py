"""The application factory."""

from __future__ import annotations

import gc
import secrets
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsweave import __version__
from newsweave.report.html import template_folder
from newsweave.web.errors import ApiError, error_body, install_error_handlers
from newsweave.web.settings import WebSettings
from newsweave.workspace import Workspace

# No script runs on our pages, ever: article text is attacker-controlled.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


TOKEN_COOKIE = "newsweave_token"
UPLOAD_WAIT_SECONDS = 30.0


class Workspaces:
    """One workspace (SQLite connection) per server thread: connections are not shared."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list[Workspace] = []

    def get(self) -> Workspace:
        workspace: Workspace | None = getattr(self._local, "workspace", None)
        if workspace is None:
            workspace = Workspace.open(self.db)
            # An upload waits this long for a run of another process to finish, then is a 503.
            workspace.writer_timeout = UPLOAD_WAIT_SECONDS
            self._local.workspace = workspace
            with self._lock:
                self._all.append(workspace)
        return workspace

    def close(self) -> None:
        with self._lock:
            for workspace in self._all:
                workspace.close()
            self._all.clear()


class HeadAsGet:
    """HEAD wherever GET is allowed: the request goes to the GET route and the body is dropped
    (FastAPI's routes, unlike Starlette's, answer HEAD with a 405)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


def create_app(settings: WebSettings) -> FastAPI:
    workspaces = Workspaces(settings.db)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        # What is loaded by now (modules, templates, the analysis state of an embedding
        # process) lives as long as the server: frozen, the collector stops walking it, which
        # took a third of the story-page requests from 16 ms to 75 ms.
        gc.collect()
        gc.freeze()
        yield
        workspaces.close()

    app = FastAPI(
        lifespan=lifespan,
        title="newsweave",
        version=__version__,
        description="Stories, quotes, corroboration and copies from many news reports.",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.workspaces = workspaces
    folder = Path(str(resources.files("newsweave.web")))
    # The web's own templates, then the report's (the story section is shared with the report).
    env = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(str(folder / "templates")), FileSystemLoader(template_folder())]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    templates = Jinja2Templates(env=env)
    app.state.templates = templates
    report_css = (Path(template_folder()) / "report.css").read_text("utf-8")

    # The stylesheet of the story section lives with the report templates: served from there.
    @app.get("/static/report.css", include_in_schema=False)
    def report_stylesheet() -> Response:
        return Response(report_css, media_type="text/css")

    app.mount("/static", StaticFiles(directory=str(folder / "static")), name="static")

    def render_error(request: Request, status: int, message: str) -> HTMLResponse:
        return templates.TemplateResponse(
            request, "error.html", {"status": status, "message": message}, status_code=status
        )

    install_error_handlers(app, render_error)

    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        length = request.headers.get("content-length")
        if length is not None and not (length.isascii() and length.isdigit()):
            message = f"Content-Length is not a number of bytes: {length[:40]!r}"
            return JSONResponse(error_body(400, "bad_request", message), status_code=400)
        if length is not None and int(length) > settings.max_body_bytes:
            message = f"request body over the {settings.max_body_bytes:,}-byte limit"
            return JSONResponse(error_body(413, "payload_too_large", message), status_code=413)
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    app.add_middleware(HeadAsGet)

    from newsweave.web import api, views

    app.include_router(api.router)
    app.include_router(views.router)
    return app


def workspace_of(request: Request) -> Workspace:
    workspaces: Workspaces = request.app.state.workspaces
    return workspaces.get()


def check_read(request: Request) -> None:
    """With a read token configured, every read needs it (header, or ``newsweave_token``
    cookie)."""
    settings: WebSettings = request.app.state.settings
    if settings.read_token is None:
        return
    given = _bearer(request) or request.cookies.get(TOKEN_COOKIE) or ""
    if not same_token(given, settings.read_token):
        raise ApiError(401, "this server requires a read token (Authorization: Bearer ...)")


def check_write(request: Request) -> None:
    settings: WebSettings = request.app.state.settings
    if settings.write_token is None:
        raise ApiError(401, "writing is disabled: start the server with NEWSWEAVE_WRITE_TOKEN set")
    if not same_token(_bearer(request) or "", settings.write_token):
        raise ApiError(401, "a valid write token is required (Authorization: Bearer ...)")


def same_token(given: str, expected: str) -> bool:
    """A constant-time comparison of bytes: ``compare_digest`` refuses a ``str`` that is not
    ASCII (a TypeError, a 500). Starlette decodes headers and cookies as Latin-1, so encoding
    back gives the bytes sent; the configured token is UTF-8 (surrogateescape keeps an
    environment variable's undecodable bytes as they were)."""
    try:
        sent = given.encode("latin-1")
    except UnicodeEncodeError:  # not from a header: no token sent as bytes can be it
        return False
    return secrets.compare_digest(sent, expected.encode("utf-8", "surrogateescape"))


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None
