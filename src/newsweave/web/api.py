"""The JSON API under ``/api/v1``."""

from __future__ import annotations

import hashlib
import re
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request

from newsweave.report.export import article_to_export
from newsweave.stages.ingest.sources import ReadLimits
from newsweave.web.app import check_read, check_write, workspace_of
from newsweave.web.errors import ApiError

router = APIRouter(prefix="/api/v1", tags=["api"])

ID_PATTERN = r"^[0-9a-f]{4,16}$"
ArticleId = Annotated[
    str, Path(pattern=ID_PATTERN, description="an article id or its first digits")
]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0)]


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
    report = workspace.ingest_bytes(body, name, limits=ReadLimits(settings.max_body_bytes))
    _, problems = workspace.analyse()
    all_problems = [*report.problems, *problems]
    if report.document_ids == [] and all_problems:
        raise ApiError(400, "; ".join(_problem_text(p.code, p.message) for p in all_problems))
    return {
        "stored": report.stored,
        "articles": sorted(set(report.document_ids)),
        "problems": [{"code": p.code, "message": p.message} for p in all_problems],
    }


def _problem_text(code: str, message: str) -> str:
    return f"{code}: {re.sub(r'<api>/[0-9a-f]+: ', '', message)}"


def _summary(article: Any) -> dict[str, Any]:
    data = article_to_export(article)
    data.pop("text")
    data.pop("removed")
    data.pop("structure")
    return data
