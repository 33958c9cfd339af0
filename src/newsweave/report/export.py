"""The JSON export: one object with ``schema_version``, ``articles``, ``stories`` (with their
cited ``summary`` and the ``outlets``' additions and omissions), ``storylines``, ``families``,
``copies``, ``facts``, ``quotes`` and ``problems``.

Key order is fixed and lists are sorted, so the same store always exports the same bytes.
The shape is described by ``schema/export.schema.json``; a test validates every export.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from newsweave.models import Article, Problem
from newsweave.models.facts import Fact
from newsweave.models.quotes import FusedQuote
from newsweave.models.relations import CopyEdge
from newsweave.models.stories import DateEvidence, PlaceEvidence, Storyline
from newsweave.models.summaries import Summary
from newsweave.queries import StoryOverview, story_overviews
from newsweave.stages.summarize.stage import load_summary
from newsweave.store import Store
from newsweave.store.articles import load_articles
from newsweave.store.facts import load_comparisons, load_facts
from newsweave.store.problems import list_problems
from newsweave.store.quotes import load_quotes
from newsweave.store.relations import load_edges
from newsweave.store.stories import load_storylines

SCHEMA_VERSION = "1.4"


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


def story_to_export(overview: StoryOverview) -> dict[str, Any]:
    story = overview.story
    return {
        "id": story.id,
        "title": story.title,
        "date": story.date.value.isoformat() if story.date.value else None,
        "date_evidence": {
            "inferred_year": story.date.inferred_year,
            "support": [_date_evidence(e) for e in story.date.support],
            "conflicts": [_date_evidence(e) for e in story.date.conflicts],
        },
        "place": story.place.name,
        "place_evidence": {
            "country": story.place.country,
            "support": [_place_evidence(e) for e in story.place.support],
            "conflicts": [_place_evidence(e) for e in story.place.conflicts],
        },
        "articles": list(overview.articles),
        "independent_sources": overview.independent_sources,
        "families": [f.id for f in overview.families],
        "storyline": story.storyline_id,
    }


def summary_to_export(summary: Summary | None) -> dict[str, Any] | None:
    if summary is None:
        return None
    return {
        "headline": summary.headline,
        "headline_article": summary.headline_article,
        "sentences": [
            {"text": s.text, "article": s.article, "start": s.start, "end": s.end,
             "citations": list(s.citations), "independent_sources": s.support}
            for s in summary.sentences
        ],
    }  # fmt: skip


def fact_to_export(fact: Fact) -> dict[str, Any]:
    return {
        "id": fact.id,
        "story": fact.story_id,
        "kind": fact.kind,
        "subject": fact.subject or None,
        "text": fact.text,
        "status": fact.status,
        "articles": list(fact.articles),
        "families": list(fact.families),
        "independent_sources": fact.independent_sources,
        "values": [
            {"slot": v.slot, "value": v.value, "text": v.text, "articles": list(v.articles)}
            for v in fact.variants
        ],
        "statements": [
            {
                "article": m.article_id,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "quote": m.is_quote,
            }
            for m in fact.members
        ],
    }


def quote_to_export(quote: FusedQuote) -> dict[str, Any]:
    return {
        "id": quote.id,
        "story": quote.story,
        "speaker": quote.speaker,
        "canonical": quote.canonical,
        "independent_sources": quote.independent_sources,
        "earliest": {"article": quote.earliest_article, "published": quote.earliest_published},
        "occurrences": [
            {
                "article": o.article,
                "text": o.text,
                "start": o.start,
                "end": o.end,
                "kind": o.kind,
                "cue": o.cue_text,
                "speaker_text": o.speaker_text,
                "speaker_resolution": o.speaker.resolution,
            }
            for o in quote.occurrences
        ],
        "variants": [
            {
                "text": v.text,
                "articles": list(v.articles),
                "kind": v.kind,
                "content_word_changed": v.content_word_changed,
                "diff": [
                    {"op": d.op, "position": d.position, "canonical": list(d.canonical),
                     "variant": list(d.variant), "content_word": d.content_word}
                    for d in v.diff
                ],
            }
            for v in quote.variants
        ],
    }  # fmt: skip


def storyline_to_export(line: Storyline) -> dict[str, Any]:
    return {
        "id": line.id,
        "title": line.title,
        "stories": list(line.story_ids),
        "timeline": [
            {
                "story": e.story_id,
                "date": e.date.isoformat() if e.date else None,
                "place": e.place,
                "title": e.title,
            }
            for e in line.timeline
        ],
    }


def copy_to_export(edge: CopyEdge) -> dict[str, Any]:
    return {
        "source": edge.source,
        "target": edge.target,
        "kind": edge.kind,
        "containment": {
            "source_in_target": edge.containment_source,
            "target_in_source": edge.containment_target,
        },
        "confidence": edge.confidence,
        "evidence": list(edge.evidence),
        "passages": [
            {
                "kind": p.kind,
                "source_start": p.source_start,
                "source_end": p.source_end,
                "target_start": p.target_start,
                "target_end": p.target_end,
                "similarity": p.similarity,
                "quoted": p.quoted,
            }
            for p in edge.passages
        ],
    }


def _date_evidence(e: DateEvidence) -> dict[str, Any]:
    return {"date": e.value.isoformat(), "article": e.article_id, "kind": e.kind, "text": e.text}


def _place_evidence(e: PlaceEvidence) -> dict[str, Any]:
    return {"name": e.name, "country": e.country, "article": e.article_id, "cue": e.cue}


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
    articles = load_articles(store)
    current = {a.id for a in articles}
    overviews = story_overviews(store)
    families = {f.id: f for o in overviews for f in o.families}
    lines = {o.story.storyline_id for o in overviews}
    stories = []
    for overview in overviews:
        entry = story_to_export(overview)
        entry["summary"] = summary_to_export(load_summary(store, overview.story.id))
        entry["outlets"] = [
            {
                "article": c.article_id,
                "additions": list(c.additions),
                "omissions": list(c.omissions),
            }
            for c in load_comparisons(store, overview.story.id)
        ]
        stories.append(entry)
    story_ids = {o.story.id for o in overviews}
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": [article_to_export(a) for a in articles],
        "stories": stories,
        "storylines": [storyline_to_export(s) for s in load_storylines(store) if s.id in lines],
        "families": [
            {"id": f.id, "articles": list(f.articles)} for _, f in sorted(families.items())
        ],
        "copies": [
            copy_to_export(e)
            for e in load_edges(store)
            if e.source in current and e.target in current
        ],
        "facts": [fact_to_export(f) for f in load_facts(store) if f.story_id in story_ids],
        "quotes": [quote_to_export(q) for q in load_quotes(store) if q.story in story_ids],
        "problems": [problem_to_export(p) for p in list_problems(store)],
    }


def export_json(store: Store) -> str:
    return json.dumps(build_export(store), ensure_ascii=False, indent=2) + "\n"


def export_jsonl(store: Store) -> str:
    """One object per line, each with a ``type`` (article, story, storyline, family, copy,
    fact, quote, problem) and the fields it has in the JSON export; the first line, of type
    ``export``, carries the ``schema_version`` those objects follow."""
    data = build_export(store)
    lines: list[dict[str, Any]] = [{"type": "export", "schema_version": data["schema_version"]}]
    kinds = (
        ("articles", "article"), ("stories", "story"), ("storylines", "storyline"),
        ("families", "family"), ("copies", "copy"), ("facts", "fact"), ("quotes", "quote"),
        ("problems", "problem"),
    )  # fmt: skip
    for key, kind in kinds:
        lines += [{"type": kind, **item} for item in data[key]]
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
