"""What the web app needs to know: the database, the tokens, the limits."""

from __future__ import annotations

import os
from dataclasses import dataclass

from newsweave.store import resolve_db_path

ENV_WRITE_TOKEN = "NEWSWEAVE_WRITE_TOKEN"
ENV_READ_TOKEN = "NEWSWEAVE_READ_TOKEN"
DEFAULT_MAX_BODY = 5 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class WebSettings:
    """``write_token``: required for POST (no token configured: writes are refused).
    ``read_token``: when set, reading needs it too (the API and the pages)."""

    db: str
    write_token: str | None = None
    read_token: str | None = None
    max_body_bytes: int = DEFAULT_MAX_BODY
    page_size: int = 50

    @classmethod
    def from_environment(cls, db: str | None = None) -> WebSettings:
        return cls(
            db=resolve_db_path(db),
            write_token=os.environ.get(ENV_WRITE_TOKEN) or None,
            read_token=os.environ.get(ENV_READ_TOKEN) or None,
        )
