"""An in-process client over a store filled with the given articles."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsweave.web.app import create_app
from newsweave.web.settings import WebSettings
from newsweave.workspace import Workspace

WRITE_TOKEN = "test-write-token"


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    clients: list[TestClient] = []

    def make(paths: list[str] | None = None, **settings: object) -> TestClient:
        db = str(tmp_path / "web.db")
        with Workspace.open(db) as ws:
            if paths:
                ws.run(paths)
        options: dict[str, object] = {"write_token": WRITE_TOKEN, **settings}
        client = TestClient(create_app(WebSettings(db=db, **options)))  # type: ignore[arg-type]
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()
