"""Every HTML page renders, in-process, on the seeds and on hostile input."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from builders.inputs import ARTICLE_TEXT, write
from newsweave.web.app import create_app
from newsweave.web.settings import WebSettings
from newsweave.workspace import Workspace


@pytest.fixture(scope="module")
def seeded_client(seeded: Workspace) -> Iterator[TestClient]:
    """Read-only pages over the shared seeds store."""
    with TestClient(create_app(WebSettings(db=seeded.store.location))) as client:
        yield client


def first_story(client: TestClient, **params: str) -> dict[str, object]:
    items: list[dict[str, object]] = client.get("/api/v1/stories", params=params).json()["items"]
    return items[0]


def test_story_list_with_search_and_filters(seeded_client: TestClient) -> None:
    home = seeded_client.get("/")
    assert home.status_code == 200 and "Warsaw" in home.text and "Brussels" in home.text
    assert "Brussels" not in seeded_client.get("/", params={"q": "Warsaw university"}).text
    dated = seeded_client.get("/", params={"since": "2025-03-01", "until": "2025-03-31"}).text
    assert "Warsaw" in dated and "Brussels" not in dated
    by_outlet = seeded_client.get("/", params={"outlet": "Kyiv Independent"}).text
    assert "Brussels" in by_outlet and "Warsaw</td>" not in by_outlet
    by_speaker = seeded_client.get("/", params={"speaker": "Donald Tusk"}).text
    assert "Warsaw" in by_speaker and "Brussels" not in by_speaker


def test_story_page_shows_summary_quotes_facts_copies_and_timeline(
    seeded_client: TestClient,
) -> None:
    story = first_story(seeded_client, q="Warsaw")
    page = seeded_client.get(f"/stories/{story['id']}")
    assert page.status_code == 200
    for section in (
        "Summary",
        "Quotes",
        "Facts",
        "What each outlet adds",
        "Who copied whom",
        "Storyline",
    ):
        assert f"<h3>{section}" in page.text, section
    assert '<span class="sub">dire</span>' in page.text
    assert 'class="copy-graph"' in page.text and "<svg" in page.text
    assert 'href="/articles/' in page.text and "#s-" in page.text


def test_citations_point_at_a_sentence_anchor_in_the_article(seeded_client: TestClient) -> None:
    story = first_story(seeded_client, q="Warsaw")
    detail = seeded_client.get(f"/api/v1/stories/{story['id']}").json()
    sentence = detail["summary"]["sentences"][0]
    article = seeded_client.get(f"/articles/{sentence['article']}")
    assert f'id="s-{sentence["start"]}"' in article.text


def test_article_page_greys_removed_parts_and_marks_quotes(seeded_client: TestClient) -> None:
    articles = seeded_client.get("/api/v1/articles", params={"limit": 10}).json()["items"]
    [banner] = [a for a in articles if a["path"].endswith(".txt") and "004_" in a["path"]]
    page = seeded_client.get(f"/articles/{banner['id']}").text
    assert 'class="removed" title="removed: banner">0 out of 25,000' in page
    assert 'class="quote' in page and "from bio" in page


def test_a_speaker_filter_takes_part_of_a_name_in_any_case(seeded_client: TestClient) -> None:
    # As on the command line (`quotes --speaker tusk`): pages, story list and quotes alike.
    whole = seeded_client.get("/api/v1/quotes", params={"speaker": "Donald Tusk"}).json()
    part = seeded_client.get("/api/v1/quotes", params={"speaker": "tUSK"}).json()
    assert whole["total"] > 0 and part == whole
    assert all("Tusk" in q["speaker"] for q in part["items"])
    stories = seeded_client.get("/api/v1/stories", params={"speaker": "tusk"}).json()
    assert [s["place"] for s in stories["items"]] == ["Warsaw"]
    assert "Warsaw" in seeded_client.get("/", params={"speaker": "tusk"}).text
    for path in ("/api/v1/quotes", "/api/v1/stories"):
        assert seeded_client.get(path, params={"speaker": "Nobody Here"}).json()["total"] == 0


def test_every_speaker_link_on_an_article_page_answers(seeded_client: TestClient) -> None:
    articles = seeded_client.get("/api/v1/articles", params={"limit": 500}).json()["items"]
    links: set[str] = set()
    named: set[str] = set()
    for article in articles:
        page = seeded_client.get(f"/articles/{article['id']}").text
        for href, name in re.findall(r'<a href="(/speakers/[^"]+)">([^<]+)</a>', page):
            links.add(href)
            named.add(name)
    assert links, "no speaker link on any article page"
    for link in sorted(links):
        assert seeded_client.get(link).status_code == 200, link
    # An article calls him "Rutte"; his page is under the name his quotes were fused under.
    assert "Rutte" in named and "/speakers/Rutte" not in links


def test_speaker_pages(seeded_client: TestClient) -> None:
    assert "Donald Tusk" in seeded_client.get("/speakers").text
    page = seeded_client.get("/speakers/Donald%20Tusk")
    assert page.status_code == 200 and "independent source" in page.text
    assert seeded_client.get("/speakers/Nobody%20Here").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/stories/st-zz",
        "/articles/nothex",
        "/speakers/%3Cscript%3E",
        "/?since=yesterday",
        "/?since=2025-02-30",
        "/?page=99999999999999999999",
        "/articles/..%2F..%2Fetc%2Fpasswd",
        "/static/..%2F..%2Fapp.py",
    ],
)
def test_bad_ids_and_paths_are_refused(seeded_client: TestClient, path: str) -> None:
    response = seeded_client.get(path)
    assert response.status_code in {404, 422}
    assert "Traceback" not in response.text


def test_a_search_without_a_word_says_nothing_matched(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    client = make_client([str(write(tmp_path / "budget.txt", ARTICLE_TEXT))])
    assert 'href="/stories/' in client.get("/", params={"q": "budget"}).text
    page = client.get("/", params={"q": "!!!"})
    assert page.status_code == 200 and 'href="/stories/' not in page.text
    assert "Nothing matched: the search has no word to look for." in page.text


HOSTILE = {
    "title": "<script>alert('title')</script> Storm <img src=x onerror=alert(1)>",
    "text": (
        "A storm hit the <b onmouseover=alert(2)>coast</b> on Monday, officials said. "
        "<script>alert(3)</script> \u201cWe <iframe src=javascript:alert(4)></iframe> are "
        "safe,\u201d the mayor said. </div></span><a href='javascript:alert(5)'>click</a>"
    ),
    "source": "<svg onload=alert(6)>Evil Outlet",
    "url": "javascript:alert(7)",
}


def test_untrusted_text_stays_inert_on_every_page(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    path = write(tmp_path / "hostile.json", json.dumps(HOSTILE))
    client = make_client([str(path)])
    story = first_story(client)
    [article] = client.get("/api/v1/articles").json()["items"]
    pages = [
        client.get("/"),
        client.get(f"/stories/{story['id']}"),
        client.get(f"/articles/{article['id']}"),
        client.get("/speakers"),
    ]
    for page in pages:
        assert page.status_code == 200
        body = page.text
        for raw in ("<script>alert", "<img src=x", "<b onmouseover", "<iframe", "<svg onload",
                    "href='javascript:", 'href="javascript:'):  # fmt: skip
            assert raw not in body, raw
        assert "script-src" not in page.headers["content-security-policy"]
        assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "&lt;script&gt;" in pages[2].text


def test_the_server_freezes_what_it_loaded_at_start_up(tmp_path: Path) -> None:
    import gc

    gc.unfreeze()
    try:
        with TestClient(create_app(WebSettings(db=str(tmp_path / "gc.db")))) as client:
            assert client.get("/").status_code == 200
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
