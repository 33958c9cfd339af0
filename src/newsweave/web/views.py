"""HTML pages: the story list, a story, an article, the speakers and a speaker."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any
from urllib.parse import quote as url_quote
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from newsweave.models.quotes import QuoteOccurrence
from newsweave.queries import StoryFilters, find_story, list_stories, outlets, story_report
from newsweave.report.html import environment, story_context
from newsweave.store import Store
from newsweave.store.facts import load_facts
from newsweave.store.quotes import load_occurrences, load_quotes, speakers
from newsweave.web.app import check_read, workspace_of
from newsweave.web.pages import marked_text
from newsweave.web.render import pieces, safe_url
from newsweave.web.validation import (
    ArticleId,
    DateText,
    SpeakerName,
    StoryId,
    is_speaker_name,
    is_wordless,
    optional,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_read)])
PAGE = 50


def page(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, context
    )
    return response


def article_link(article_id: str, start: int | None = None) -> str:
    return f"/articles/{article_id}" + (f"#s-{start}" if start is not None else "")


def story_link(story_id: str) -> str:
    return f"/stories/{story_id}"


def speaker_link(name: str) -> str:
    return "/speakers/" + url_quote(name, safe="")


@router.get("/", response_class=HTMLResponse)
def stories_page(
    request: Request,
    q: Annotated[str | None, Query(max_length=200)] = None,
    since: DateText = None,
    until: DateText = None,
    outlet: Annotated[str | None, Query(max_length=200)] = None,
    speaker: Annotated[str | None, Query(max_length=200)] = None,
    page_number: Annotated[int, Query(alias="page", ge=1, le=100000)] = 1,
) -> HTMLResponse:
    store = workspace_of(request).store
    filters = StoryFilters(
        optional(q), optional(since), optional(until), optional(outlet), optional(speaker)
    )
    rows, total = list_stories(store, filters, PAGE, (page_number - 1) * PAGE)
    query = {k: v for k, v in (("q", q), ("since", since), ("until", until), ("outlet", outlet),
                               ("speaker", speaker)) if v}  # fmt: skip
    return page(request, "stories.html", {
        "rows": rows, "total": total, "filters": filters, "page": page_number,
        "wordless": is_wordless(filters.search), "filtered": filters != StoryFilters(),
        "pages": max(1, -(-total // PAGE)),
        "page_link": lambda n: "/?" + urlencode({**query, "page": n}),
        "outlets": outlets(store)[:200], "speakers": speakers(store)[:200],
        "story_link": story_link,
    })  # fmt: skip


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(request: Request, story_id: StoryId) -> HTMLResponse:
    store = workspace_of(request).store
    report = story_report(store, find_story(store, story_id))
    section = (
        environment()
        .get_template("_story.html")
        .render(story_context(report, article_link, story_link))
    )
    # Markup: rendered by an autoescaping template from stored data.
    return page(request, "story.html", {"report": report, "section": Markup(section)})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: ArticleId) -> HTMLResponse:
    workspace = workspace_of(request)
    article = workspace.article(article_id)
    store = workspace.store
    row = store.query_one("SELECT story_id FROM story_members WHERE article_id = ?", (article.id,))
    story_id = row[0] if row else None
    facts = load_facts(store, story_id) if story_id else []
    quotes = load_occurrences(store, [article.id])
    return page(request, "article.html", {
        "article": article,
        "text": marked_text(article, quotes, facts),
        "raw": pieces(article.raw_text, article.removed, "removed"),
        "url": safe_url(article.url.value if article.url else None),
        "story_id": story_id,
        "quotes": quotes,
        "speaker_links": speaker_links(store, story_id, quotes),
    })  # fmt: skip


def speaker_links(
    store: Store, story_id: str | None, occurrences: Sequence[QuoteOccurrence]
) -> dict[str, str]:
    """The speaker page of each quote occurrence that has one, by occurrence id. A speaker page
    knows the name a story's quotes were fused under (a full name), not the name one article
    used (a surname alone); an occurrence left out of fusion (a short indirect quote) links
    only when its own name has a page."""
    fused = (
        {o.id: q.speaker for q in load_quotes(store, story_id) if q.speaker for o in q.occurrences}
        if story_id
        else {}
    )
    links: dict[str, str] = {}
    for occurrence in occurrences:
        if not occurrence.speaker.name:
            continue  # shown as unresolved, whatever fusion made of it
        name = fused.get(occurrence.id) or occurrence.speaker.name
        if not is_speaker_name(name):
            continue
        if occurrence.id in fused or store.query_one(
            "SELECT 1 FROM quotes WHERE speaker = ? LIMIT 1", (name,)
        ):
            links[occurrence.id] = speaker_link(name)
    return links


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(request: Request) -> HTMLResponse:
    found = speakers(workspace_of(request).store)
    return page(request, "speakers.html", {"speakers": found, "speaker_link": speaker_link})


@router.get("/speakers/{name}", response_class=HTMLResponse)
def speaker_page(request: Request, name: SpeakerName) -> HTMLResponse:
    store = workspace_of(request).store
    found = load_quotes(store, speakers=[name])
    if not found:
        from newsweave.errors import NotFoundError

        raise NotFoundError(f"no quote of {name!r}")
    return page(request, "speaker.html", {
        "name": name, "quotes": found, "story_link": story_link, "article_link": article_link,
    })  # fmt: skip
