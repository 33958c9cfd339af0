"""HTML pages."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse

from newsweave.web.app import check_read, workspace_of
from newsweave.web.render import pieces, safe_url

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_read)])
ArticleId = Annotated[str, Path(pattern=r"^[0-9a-f]{4,16}$")]


def page(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
    response: HTMLResponse = request.app.state.templates.TemplateResponse(
        request, template, context
    )
    return response


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    articles = workspace_of(request).articles()
    articles.sort(key=lambda a: ((a.published.value if a.published else ""), a.id), reverse=True)
    return page(request, "articles.html", {"articles": articles})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(request: Request, article_id: ArticleId) -> HTMLResponse:
    article = workspace_of(request).article(article_id)
    context = {
        "article": article,
        "raw": pieces(article.raw_text, article.removed, "removed"),
        "url": safe_url(article.url.value if article.url else None),
    }
    return page(request, "article.html", context)
