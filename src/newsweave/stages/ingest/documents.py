"""Building ``Document`` records with content-hash ids."""

from __future__ import annotations

import hashlib
import json

from newsweave.models import Document

ID_LENGTH = 16


def content_id(*parts: str | None) -> str:
    """A stable id from the parts that make a record what it is (never the path)."""
    payload = json.dumps(list(parts), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:ID_LENGTH]


def make_document(
    *,
    path: str,
    locator: str,
    container: str,
    body_format: str,
    content: str,
    encoding: str = "utf-8",
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    outlet: str | None = None,
    author: str | None = None,
    language: str | None = None,
    crawled: str | None = None,
) -> Document:
    # The crawl time is not part of the identity: the same page fetched twice is one article.
    doc_id = content_id(body_format, content, title, url, published, outlet, author, language)
    return Document(
        id=doc_id,
        path=path,
        locator=locator,
        container=container,
        body_format=body_format,
        content=content,
        encoding=encoding,
        title=title,
        url=url,
        published=published,
        outlet=outlet,
        author=author,
        language=language,
        crawled=crawled,
    )
