"""The JSON export: one object with ``schema_version``, ``articles`` and ``problems``.

Key order is fixed and lists are sorted, so the same store always exports the same bytes.
The shape is described by ``schema/export.schema.json``; a test validates every export.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from newsweave.models import Article, Problem
from newsweave.store import Store
from newsweave.store.articles import load_articles
from newsweave.store.problems import list_problems

SCHEMA_VERSION = "1.0"


def article_to_export(article: Article) -> dict[str, Any]:
    published = article.published
    return {
        "id": article.id,
        "path": article.path,
        "locator": article.locator,
        "format": article.body_format,
        "container": article.container,
        "title": article.title.value if article.title else None,
        "title_source": article.title.source if article.title else None,
        "outlet": article.outlet.value if article.outlet else None,
        "outlet_source": article.outlet.source if article.outlet else None,
        "author": article.author.value if article.author else None,
        "url": article.url.value if article.url else None,
        "published": {
            "date": published.value if published else None,
            "source": published.source if published else None,
            "confidence": published.confidence if published else None,
        },
        "language": article.language,
        "text": article.text,
        "removed": [
            {"start": s.start, "end": s.end, "reason": s.label, "text": s.text}
            for s in article.removed
        ],
        "structure": [
            {"start": s.start, "end": s.end, "kind": s.label, "text": s.text}
            for s in article.structure
        ],
    }


def problem_to_export(problem: Problem) -> dict[str, Any]:
    return {
        "path": problem.path,
        "stage": problem.stage,
        "code": problem.code,
        "severity": problem.severity.value,
        "message": problem.message,
    }


def build_export(store: Store) -> dict[str, Any]:
    """The whole export as plain data."""
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": [article_to_export(a) for a in load_articles(store)],
        "problems": [problem_to_export(p) for p in list_problems(store)],
    }


def export_json(store: Store) -> str:
    return json.dumps(build_export(store), ensure_ascii=False, indent=2) + "\n"


def export_jsonl(store: Store) -> str:
    """One object per line: ``{"type": "article", ...}`` then ``{"type": "problem", ...}``."""
    data = build_export(store)
    lines = [{"type": "article", **a} for a in data["articles"]]
    lines += [{"type": "problem", **p} for p in data["problems"]]
    return "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)


def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        resources.files("newsweave.report").joinpath("schema/export.schema.json").read_text("utf-8")
    )
    return schema


def validate_export(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when ``data`` does not follow the schema."""
    import jsonschema

    jsonschema.validate(data, load_schema())
