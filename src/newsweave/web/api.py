"""The JSON API under ``/api/v1``: one pagination shape, one error shape, a write token."""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from newsweave.models import Article
from newsweave.queries import (
    StoryFilters,
    find_story,
    list_stories,
    story_copies,
    story_report,
)
from newsweave.report.export import (
    article_to_export,
    copy_to_export,
    fact_to_export,
    quote_to_export,
    story_to_export,
    storyline_to_export,
    summary_to_export,
)
from newsweave.stages.ingest.sources import ReadLimits
from newsweave.store.quotes import load_quotes, speakers, speakers_matching
from newsweave.web.app import check_read, check_write, workspace_of
from newsweave.web.errors import ApiError
from newsweave.web.validation import (
    ArticleId,
    DateText,
    Offset,
    StoryId,
    optional,
)

router = APIRouter(prefix="/api/v1", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=500)]
Text = Annotated[str | None, Query(max_length=200)]


def page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    """The one pagination shape of every list."""
    following = offset + limit if offset + limit < total else None
    return {
        "items": items,
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": following,
    }


@router.get("/stories", dependencies=[Depends(check_read)])
def list_story_rows(
    request: Request,
    q: Text = None,
    since: DateText = None,
    until: DateText = None,
    outlet: Text = None,
    speaker: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stories, newest event first: full-text search, event date range, outlet, speaker."""
    filters = StoryFilters(
        optional(q), optional(since), optional(until), optional(outlet), optional(speaker)
    )
    rows, total = list_stories(workspace_of(request).store, filters, limit, offset)
    items = [
        {"id": r.id, "headline": r.headline, "date": r.date, "place": r.place,
         "articles": r.articles, "independent_sources": r.independent_sources,
         "storyline": r.storyline}
        for r in rows
    ]  # fmt: skip
    return page(items, total, limit, offset)


@router.get("/stories/{story_id}", dependencies=[Depends(check_read)])
def get_story(request: Request, story_id: StoryId) -> dict[str, Any]:
    """One story: summary with citations, facts, quotes with variants, who copied whom
    (``derivation``: one edge per copied article; the ``copy_pairs`` pairs that share text are
    paged under ``/copies``), storyline."""
    store = workspace_of(request).store
    report = story_report(store, find_story(store, story_id))
    data = story_to_export(report.detail.overview)
    data["summary"] = summary_to_export(report.summary)
    data["facts"] = [fact_to_export(f) for f in report.facts]
    data["quotes"] = [quote_to_export(q) for q in report.quotes]
    data["derivation"] = [copy_to_export(e) for e in report.detail.derivation]
    data["copy_pairs"] = report.detail.copy_pairs
    data["outlets"] = [
        {"article": c.article_id, "additions": list(c.additions), "omissions": list(c.omissions)}
        for c in report.comparisons
    ]
    data["storyline_detail"] = (
        storyline_to_export(report.detail.storyline) if report.detail.storyline else None
    )
    return data


@router.get("/stories/{story_id}/copies", dependencies=[Depends(check_read)])
def list_story_copies(
    request: Request, story_id: StoryId, limit: Limit = 50, offset: Offset = 0
) -> dict[str, Any]:
    """Every pair of the story's articles that shares text, with its aligned passages: n copies
    of one report are n(n-1)/2 pairs, so they are paged rather than put in the story."""
    store = workspace_of(request).store
    pairs, total = story_copies(store, find_story(store, story_id), limit, offset)
    return page([copy_to_export(e) for e in pairs], total, limit, offset)


@router.get("/articles", dependencies=[Depends(check_read)])
def list_articles(request: Request, limit: Limit = 50, offset: Offset = 0) -> dict[str, Any]:
    """Stored articles, newest first."""
    articles = workspace_of(request).articles()
    articles.sort(key=lambda a: ((a.published.value if a.published else ""), a.id), reverse=True)
    chosen = articles[offset : offset + limit]
    return page([_summary(a) for a in chosen], len(articles), limit, offset)


@router.get("/articles/{article_id}", dependencies=[Depends(check_read)])
def get_article(request: Request, article_id: ArticleId) -> dict[str, Any]:
    """One article: clean text, metadata with sources, removed parts with reasons."""
    article = workspace_of(request).article(article_id)
    data = article_to_export(article)
    data["raw_text"] = article.raw_text
    return data


@router.get("/quotes", dependencies=[Depends(check_read)])
def list_quotes(
    request: Request,
    story: Text = None,
    speaker: Text = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Fused quotes, by story and/or by speaker (a name or part of it, case-blind)."""
    store = workspace_of(request).store
    wanted_story, wanted_speaker = optional(story), optional(speaker)
    story_id = find_story(store, wanted_story).id if wanted_story else None
    names = speakers_matching(store, wanted_speaker) if wanted_speaker else None
    found = load_quotes(store, story_id, names)
    return page(
        [quote_to_export(q) for q in found[offset : offset + limit]], len(found), limit, offset
    )


@router.get("/speakers", dependencies=[Depends(check_read)])
def list_speakers(request: Request, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Named speakers with how many quotes and stories they have, most quoted first."""
    found = speakers(workspace_of(request).store)
    items = [{"name": n, "quotes": q, "stories": s} for n, q, s in found[offset : offset + limit]]
    return page(items, len(found), limit, offset)


@router.get("/search", dependencies=[Depends(check_read)])
def search(
    request: Request,
    q: Annotated[str, Query(min_length=1, max_length=200)],
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stories whose articles contain every word of ``q`` (full-text search; no word, no story)."""
    store = workspace_of(request).store
    rows, total = list_stories(store, StoryFilters(search=q), limit, offset)
    items = [{"id": r.id, "headline": r.headline, "date": r.date, "place": r.place} for r in rows]
    return page(items, total, limit, offset)


@router.post("/articles", status_code=201, dependencies=[Depends(check_write)])
async def post_articles(request: Request) -> dict[str, Any]:
    """Add articles (any format newsweave reads: JSON record(s), JSON Lines, HTML, text) and run
    the pipeline incrementally. Needs the write token."""
    body = await request.body()
    settings = request.app.state.settings
    if len(body) > settings.max_body_bytes:
        raise ApiError(413, f"request body over the {settings.max_body_bytes:,}-byte limit")
    if not body.strip():
        raise ApiError(400, "empty request body")
    name = "<api>/" + hashlib.sha256(body).hexdigest()[:16]
    workspace = workspace_of(request)
    report = workspace.add(body, name, limits=ReadLimits(settings.max_body_bytes))
    if not report.ingest.document_ids and report.problems:
        raise ApiError(400, "; ".join(_problem_text(p.code, p.message) for p in report.problems))
    return {
        "stored": report.ingest.stored,
        "articles": sorted(set(report.ingest.document_ids)),
        "problems": [{"code": p.code, "message": p.message} for p in report.problems],
    }


def _problem_text(code: str, message: str) -> str:
    return f"{code}: {re.sub(r'<api>/[0-9a-f]+: ', '', message)}"


def _summary(article: Article) -> dict[str, Any]:
    data = article_to_export(article)
    for key in ("text", "removed", "structure"):
        data.pop(key)
    return data
