"""One error shape for the whole API, and the HTML error page for the views.

Every API error is ``{"error": {"status": 404, "code": "not_found", "message": "..."}}``,
whatever raised it (a route, validation, the router, the store).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsweave.errors import NewsweaveError, NotFoundError, StoreBusyError, UsageError

# What a 503 asks a client to wait before it tries again (an analysis of another process).
RETRY_AFTER_SECONDS = 30

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
         405: "method_not_allowed", 413: "payload_too_large", 415: "unsupported_media_type",
         422: "invalid_request", 500: "internal_error", 503: "store_busy"}  # fmt: skip


class ApiError(Exception):
    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code or CODES.get(status, "error")
        self.message = message


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    return {"error": {"status": status, "code": code, "message": message}}


def install_error_handlers(app: FastAPI, render_error: Any) -> None:
    """``render_error(request, status, message) -> HTMLResponse`` renders errors of the pages."""

    def respond(request: Request, status: int, code: str, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(error_body(status, code, message), status_code=status)
        response: HTMLResponse = render_error(request, status, message)
        return response

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc.status, exc.code, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        status = exc.status_code
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(status, "error")
        return respond(request, status, CODES.get(status, "error"), message)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        message = f"{where}: {first.get('msg', 'invalid request')}" if where else "invalid request"
        return respond(request, 422, "invalid_request", message)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError) -> Response:
        return respond(request, 404, "not_found", str(exc))

    @app.exception_handler(UsageError)
    async def usage(request: Request, exc: UsageError) -> Response:
        return respond(request, 400, "bad_request", str(exc))

    @app.exception_handler(StoreBusyError)
    async def busy(request: Request, exc: StoreBusyError) -> Response:
        response = respond(request, 503, "store_busy", str(exc))
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response

    @app.exception_handler(NewsweaveError)
    async def failure(request: Request, exc: NewsweaveError) -> Response:
        return respond(request, 500, "internal_error", str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        return respond(request, 500, "internal_error", "internal error")
