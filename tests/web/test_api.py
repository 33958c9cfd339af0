"""The JSON API: shapes, pagination, one error shape, the write token, size limits."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders.inputs import ARTICLE_TEXT, write
from newsweave.web.validation import MAX_OFFSET

WRITE_TOKEN = "test-write-token"  # as in conftest.py
AUTH = {"Authorization": f"Bearer {WRITE_TOKEN}"}


def assert_error(response: object, status: int, code: str) -> None:
    body = response.json()  # type: ignore[attr-defined]
    assert response.status_code == status  # type: ignore[attr-defined]
    assert set(body) == {"error"} and set(body["error"]) == {"status", "code", "message"}
    assert (body["error"]["status"], body["error"]["code"]) == (status, code)


def test_articles_are_paginated(make_client: Callable[..., TestClient], tmp_path: Path) -> None:
    paths = [
        str(write(tmp_path / f"{i}.txt", f"Story number {i}. " + ARTICLE_TEXT)) for i in range(3)
    ]
    client = make_client(paths)
    first = client.get("/api/v1/articles", params={"limit": 2}).json()
    assert (first["total"], len(first["items"]), first["next_offset"]) == (3, 2, 2)
    second = client.get("/api/v1/articles", params={"limit": 2, "offset": 2}).json()
    assert len(second["items"]) == 1 and second["next_offset"] is None
    article = client.get(f"/api/v1/articles/{second['items'][0]['id']}").json()
    assert article["text"] and "raw_text" in article
    # Ids are case-blind, as on the command line.
    upper = client.get(f"/api/v1/articles/{article['id'][:8].upper()}")
    assert upper.status_code == 200 and upper.json()["id"] == article["id"]


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/api/v1/articles/not-an-id", 422, "invalid_request"),
        ("/api/v1/articles/abcdef0123", 404, "not_found"),
        ("/api/v1/nothing-here", 404, "not_found"),
        ("/api/v1/articles?limit=0", 422, "invalid_request"),
    ],
)
def test_every_error_has_the_same_shape(
    make_client: Callable[..., TestClient], path: str, status: int, code: str
) -> None:
    assert_error(make_client().get(path), status, code)


def test_post_needs_the_write_token(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    body = json.dumps({"title": "T", "text": ARTICLE_TEXT})
    assert_error(client.post("/api/v1/articles", content=body), 401, "unauthorized")
    wrong = {"Authorization": "Bearer nope"}
    assert_error(client.post("/api/v1/articles", content=body, headers=wrong), 401, "unauthorized")
    created = client.post("/api/v1/articles", content=body, headers=AUTH)
    assert created.status_code == 201 and created.json()["stored"] == 1
    again = client.post("/api/v1/articles", content=body, headers=AUTH)
    assert again.json()["stored"] == 0
    assert client.get("/api/v1/articles").json()["total"] == 1


def test_without_a_configured_token_writes_are_refused(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(write_token=None)
    response = client.post("/api/v1/articles", content=b'{"text": "x"}', headers=AUTH)
    assert_error(response, 401, "unauthorized")


def test_request_bodies_have_a_size_limit(make_client: Callable[..., TestClient]) -> None:
    client = make_client(max_body_bytes=1000)
    response = client.post("/api/v1/articles", content=b"x" * 5000, headers=AUTH)
    assert_error(response, 413, "payload_too_large")
    # A length that is no number is a malformed request, not a large one.
    for length in ("abc", "-1", "1e3"):
        headers = {**AUTH, "content-length": length}
        response = client.post("/api/v1/articles", content=b"{}", headers=headers)
        assert_error(response, 400, "bad_request")


def test_bad_upload_is_a_400_with_the_reason(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    response = client.post("/api/v1/articles", content=b"\x89PNG\r\n\x1a\n\x00\x00", headers=AUTH)
    assert_error(response, 400, "bad_request")
    assert "read.binary" in response.json()["error"]["message"]


def test_read_token_closes_reading(make_client: Callable[..., TestClient]) -> None:
    client = make_client(read_token="reader")
    assert_error(client.get("/api/v1/articles"), 401, "unauthorized")
    ok = client.get("/api/v1/articles", headers={"Authorization": "Bearer reader"})
    assert ok.status_code == 200
    assert client.get("/").status_code == 401


def test_openapi_document_lists_the_api(make_client: Callable[..., TestClient]) -> None:
    spec = make_client().get("/api/v1/openapi.json").json()
    assert "/api/v1/articles" in spec["paths"] and "post" in spec["paths"]["/api/v1/articles"]


@pytest.mark.parametrize("path", ["stories", "articles", "quotes", "speakers"])
@pytest.mark.parametrize("offset", [MAX_OFFSET + 1, 99999999999999999999])
def test_an_offset_past_the_bound_is_a_422_on_every_list(
    make_client: Callable[..., TestClient], path: str, offset: int
) -> None:
    client = make_client()
    response = client.get(f"/api/v1/{path}", params={"offset": offset})
    assert_error(response, 422, "invalid_request")
    assert "offset" in response.json()["error"]["message"]
    last = client.get(f"/api/v1/{path}", params={"offset": MAX_OFFSET}).json()
    assert (last["items"], last["offset"]) == ([], MAX_OFFSET)


# Starlette decodes header values as Latin-1: the bytes go as they are, the way clients send them.
NOT_ASCII = [
    ("read", {"Authorization": "Bearer é".encode()}),
    ("read", {"Cookie": "newsweave_token=é".encode()}),
    ("write", {"Authorization": "Bearer é".encode()}),
]


@pytest.mark.parametrize(("guard", "headers"), NOT_ASCII)
def test_a_token_that_is_not_ascii_is_a_wrong_token(
    make_client: Callable[..., TestClient], guard: str, headers: dict[str, bytes]
) -> None:
    client = make_client(read_token="reader")
    if guard == "read":
        for path in ("/api/v1/stories", "/"):
            assert client.get(path, headers=headers).status_code == 401
        assert_error(client.get("/api/v1/stories", headers=headers), 401, "unauthorized")
    else:
        response = client.post("/api/v1/articles", content=b"{}", headers=headers)
        assert_error(response, 401, "unauthorized")


def test_a_token_that_is_not_ascii_opens_when_sent_right(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(read_token="lecteur-é")
    header = client.get("/api/v1/stories", headers={"Authorization": "Bearer lecteur-é".encode()})
    cookie = client.get("/", headers={"Cookie": "newsweave_token=lecteur-é".encode()})
    assert (header.status_code, cookie.status_code) == (200, 200)


@pytest.mark.parametrize("q", ["!!!", '"', "\x00", "«»"])
def test_a_search_without_a_word_matches_no_story(
    make_client: Callable[..., TestClient], tmp_path: Path, q: str
) -> None:
    client = make_client([str(write(tmp_path / "budget.txt", ARTICLE_TEXT))])
    assert client.get("/api/v1/search", params={"q": "budget"}).json()["total"] == 1
    for path in ("/api/v1/search", "/api/v1/stories"):
        found = client.get(path, params={"q": q}).json()
        assert (found["items"], found["total"]) == ([], 0), path


def test_search_results_are_paginated(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    other = (
        "The harbour museum reopened its whale gallery on Sunday after a flood in the spring. "
        "Curators said the skeleton had been cleaned, the budget for the gallery was small and "
        "volunteers rebuilt the cases. Visitors queued along the quay before the doors opened."
    )
    client = make_client(
        [str(write(tmp_path / "a.txt", ARTICLE_TEXT)), str(write(tmp_path / "b.txt", other))]
    )
    first = client.get("/api/v1/search", params={"q": "budget", "limit": 1}).json()
    assert (first["total"], len(first["items"]), first["next_offset"]) == (2, 1, 1)
    second = client.get("/api/v1/search", params={"q": "budget", "limit": 1, "offset": 1}).json()
    assert (second["offset"], second["next_offset"], len(second["items"])) == (1, None, 1)
    assert second["items"][0]["id"] != first["items"][0]["id"]


@pytest.mark.parametrize("day", ["2025-13-45", "2025-02-30", "2025-00-10"])
def test_a_date_that_is_not_on_the_calendar_is_a_422(
    make_client: Callable[..., TestClient], day: str
) -> None:
    client = make_client()
    for name in ("since", "until"):
        response = client.get("/api/v1/stories", params={name: day})
        assert_error(response, 422, "invalid_request")
        assert day in response.json()["error"]["message"]
    assert client.get("/api/v1/stories", params={"since": "2024-02-29"}).status_code == 200


def test_head_is_answered_wherever_get_is(make_client: Callable[..., TestClient]) -> None:
    client = make_client()
    for path in ("/", "/api/v1/stories", "/speakers", "/static/report.css"):
        got, head = client.get(path), client.head(path)
        assert (head.status_code, head.content) == (200, b""), path
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["content-length"] == got.headers["content-length"]
    assert client.head("/api/v1/nothing-here").status_code == 404


def test_an_upload_while_another_process_analyses_the_store_is_a_503(
    make_client: Callable[..., TestClient], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    from newsweave.store.database import WRITER_LOCK_SUFFIX
    from newsweave.web import app as web_app

    monkeypatch.setattr(web_app, "UPLOAD_WAIT_SECONDS", 0.2)
    client = make_client()
    body = json.dumps({"text": ARTICLE_TEXT}).encode()
    # Another process's run: an open file description of its own holding the writer lock.
    with open(str(tmp_path / "web.db") + WRITER_LOCK_SUFFIX, "ab") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        busy = client.post("/api/v1/articles", content=body, headers=AUTH)
        assert_error(busy, 503, "store_busy")
        assert busy.headers["retry-after"] == "30"
        fcntl.flock(other, fcntl.LOCK_UN)
    assert client.post("/api/v1/articles", content=body, headers=AUTH).status_code == 201


def test_a_story_gives_who_copied_whom_and_pages_every_pair(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    from builders.stories import ORIGINAL, text, wire_copy

    def record(body: str, outlet: str, date: str) -> str:
        return json.dumps({"title": "Earthquake report", "text": body, "source": outlet,
                           "date": date})  # fmt: skip

    write(tmp_path / "in" / "original.json", record(text(ORIGINAL), "Wire", "2024-03-05"))
    for n in (1, 2, 3, 4):
        copy = record(wire_copy(), f"Outlet {n}", f"2024-03-0{n + 5}")
        write(tmp_path / "in" / f"copy{n}.json", copy)
    client = make_client([str(tmp_path / "in")])
    [story] = client.get("/api/v1/stories").json()["items"]
    detail = client.get(f"/api/v1/stories/{story['id']}").json()
    # One edge per copied article, from the original; the ten pairs that share text are
    # counted and paged.
    assert "copies" not in detail  # every pair is under /copies
    sources = {e["source"] for e in detail["derivation"]}
    targets = [e["target"] for e in detail["derivation"]]
    assert len(sources) == 1 and len(set(targets)) == len(targets) == 4
    assert not sources & set(targets)
    assert detail["copy_pairs"] == 10
    pairs: list[dict[str, object]] = []
    offset: int | None = 0
    while offset is not None:
        listing = client.get(
            f"/api/v1/stories/{story['id']}/copies", params={"limit": 3, "offset": offset}
        ).json()
        assert listing["total"] == 10 and len(listing["items"]) <= 3
        pairs.extend(listing["items"])
        offset = listing["next_offset"]
    assert len({(p["source"], p["target"]) for p in pairs}) == 10
    assert all(e in pairs for e in detail["derivation"]) and all(p["passages"] for p in pairs)
    missing = client.get("/api/v1/stories/st-000000000000/copies")
    assert missing.status_code == 404 and missing.json()["error"]["code"]
