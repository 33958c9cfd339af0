"""The cleaning stage end to end: repeated outlet lines, HTML pages, dates with provenance."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from builders.inputs import PARAGRAPHS, article_html, write
from builders.stories import ORIGINAL
from newsweave.models import Document
from newsweave.stages.clean.document import clean_document
from newsweave.stages.clean.language import _identifier
from newsweave.stages.clean.line_model import load_line_model
from newsweave.stages.clean.rules import line_rule
from newsweave.stages.clean.stage import warm_up
from newsweave.workspace import Workspace

NOW = datetime(2026, 1, 1, tzinfo=UTC)
# Boilerplate only by its repetition: no rule removes this line on its own.
FOOTER = "The Harbour Post is read in every town along the coast and in the valleys beyond it."


def test_a_line_repeated_across_an_outlets_articles_is_removed(
    tmp_path: Path, workspace: Workspace
) -> None:
    for i, paragraph in enumerate(ORIGINAL[:4]):
        body = "\n\n".join([paragraph, ORIGINAL[(i + 4) % len(ORIGINAL)], FOOTER])
        write(
            tmp_path / f"{i}.json",
            json.dumps({"text": body, "source": "Harbour Post", "title": f"Story {i}"}),
        )
    assert line_rule(FOOTER) is None
    workspace.run([str(tmp_path)])
    articles = workspace.articles()
    assert len(articles) == 4
    for article in articles:
        assert FOOTER not in article.text
        assert any(s.text == FOOTER for s in article.removed)


def test_a_story_the_outlet_published_again_keeps_its_body(
    tmp_path: Path, workspace: Workspace
) -> None:
    # An update and a refreshed wire copy: the same title, the same paragraphs, three times.
    for i in range(3):
        body = "\n\n".join([*ORIGINAL[:3], f"Updated {i + 1} times."])
        write(
            tmp_path / f"{i}.json",
            json.dumps({"text": body, "source": "Harbour Post", "title": "Port strike ends"}),
        )
    workspace.run([str(tmp_path)])
    for article in workspace.articles():
        assert all(p in article.text for p in ORIGINAL[:3])


def test_the_same_line_in_different_outlets_stays(tmp_path: Path, workspace: Workspace) -> None:
    for i in range(4):
        body = "\n\n".join([ORIGINAL[i], FOOTER, ORIGINAL[i + 1]])
        write(tmp_path / f"{i}.json", json.dumps({"text": body, "source": f"Outlet {i}"}))
    workspace.run([str(tmp_path)])
    assert sum(FOOTER in a.text for a in workspace.articles()) >= 3


def html_doc(html: str, url: str | None = None) -> Document:
    return Document(id="0" * 16, path="page.html", locator="", container="html", body_format="html",
                    content=html, url=url)  # fmt: skip


def test_html_page_keeps_navigation_as_removed_parts_and_dates_with_time() -> None:
    html = article_html(body="\n\n".join(ORIGINAL)).replace(
        "</head>", "<meta property='article:modified_time' content='2024-05-08T11:00:00Z'></head>"
    )
    article = clean_document(html_doc(html, "https://gazette.example/2024/05/07/quake"), NOW)
    assert "magnitude 6.1" in article.text
    assert "Copyright Example Gazette" not in article.text
    assert any("Copyright Example Gazette" in s.text for s in article.removed)
    assert article.published is not None
    assert (article.published.value, article.published.source) == (
        "2024-05-07T09:30:00+00:00",
        "html-meta",
    )
    assert article.updated is not None and article.updated.value.startswith("2024-05-08T11:00")
    assert article.outlet is not None and article.outlet.value == "Example Gazette"
    assert {c.source for c in article.dates} >= {"html-meta", "url"}
    place = article.place
    assert place is not None and (place.value, place.source) == (
        "Harborville, Coastland",
        "dateline",
    )


def test_a_future_date_is_flagged_and_not_used(tmp_path: Path, workspace: Workspace) -> None:
    write(tmp_path / "f.json", json.dumps({"text": "\n\n".join(PARAGRAPHS), "date": "2999-01-01"}))
    report = workspace.run([str(tmp_path / "f.json")])
    [article] = workspace.articles()
    assert article.published is None
    assert [d.flag for d in article.dates] == ["future"]
    assert [p.code for p in report.problems] == ["date.implausible"]


def test_a_page_of_furniture_only_is_reported_and_founds_no_story(
    tmp_path: Path, workspace: Workspace
) -> None:
    nav = "".join(f"<li><a href='/{w}'>{w}</a></li>" for w in ("Home", "World", "Sports"))
    write(tmp_path / "menu.html", f"<html><head><title>Site</title></head><body><ul>{nav}</ul>")
    write(tmp_path / "news.json", json.dumps({"text": "\n\n".join(PARAGRAPHS)}))
    report = workspace.run([str(tmp_path)])
    assert [p.code for p in report.problems] == ["clean.no_text"]
    assert "no article text" in report.problems[0].message and report.failed
    assert sorted(a.text == "" for a in workspace.articles()) == [False, True]
    # Only the article with text was clustered: no story of nothing.
    members = workspace.store.query("SELECT article_id FROM story_members")
    [news] = [a.id for a in workspace.articles() if a.text]
    assert [r[0] for r in members] == [news]


def test_dates_before_the_web_are_flagged() -> None:
    doc = Document(id="1" * 16, path="a.txt", locator="", container="json", body_format="text",
                   content="\n\n".join(PARAGRAPHS), published="1975-06-01")  # fmt: skip
    article = clean_document(doc, NOW)
    assert article.published is None and article.dates[0].flag == "before-1990"


def test_published_line_removed_as_timestamp_gives_the_date() -> None:
    body = "\n".join(["Published March 3, 2024 at 10:15", *ORIGINAL])
    doc = Document(
        id="2" * 16, path="a.txt", locator="", container="text", body_format="text", content=body
    )
    article = clean_document(doc, NOW)
    assert article.published is not None
    assert (article.published.value, article.published.source) == ("2024-03-03", "text")
    # The text's weekdays now resolve against it: the quake's past Tuesday, the schools'
    # coming Wednesday ("will remain closed on Wednesday").
    values = {m.text: m.value for m in article.mentions}
    assert values["on Tuesday"] == "2024-02-27"
    assert values["on Wednesday"] == "2024-03-06"


def test_the_clean_stage_warm_up_loads_the_models_a_single_addition_needs() -> None:
    load_line_model.cache_clear()
    _identifier.cache_clear()
    warm_up()
    assert load_line_model.cache_info().currsize == 1
    assert _identifier.cache_info().currsize == 1
