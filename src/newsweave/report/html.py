"""The HTML report: one self-contained file (inline CSS, no script, no external resource) that
opens in a browser without a server. The story section is the same template the web app uses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from newsweave import __version__
from newsweave.models.quotes import FusedQuote
from newsweave.queries import StoryReport, find_story, story_overviews, story_report
from newsweave.report.diffs import DiffPiece, variant_pieces
from newsweave.report.svg import copy_graph_svg
from newsweave.store import Store
from newsweave.store.problems import list_problems

STATUS_ORDER = ("corroborated", "conflicting", "single-source")
Linker = Callable[..., str]


def template_folder() -> str:
    return str(resources.files("newsweave.report").joinpath("templates"))


@cache
def environment() -> Environment:
    return Environment(
        loader=ChoiceLoader([FileSystemLoader(template_folder())]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def story_context(
    report: StoryReport, link: Linker, story_link: Callable[[str], str]
) -> dict[str, Any]:
    """What ``_story.html`` needs: the report, citation numbers, links, the copy graph."""
    numbers = {a.id: i + 1 for i, a in enumerate(report.detail.articles)}

    def cite(article_ids: tuple[str, ...] | list[str]) -> list[tuple[int, str]]:
        return [(numbers[a], a) for a in article_ids if a in numbers]

    facts = sorted(
        report.facts, key=lambda f: (STATUS_ORDER.index(f.status), -f.independent_sources)
    )
    return {
        "r": report,
        "cite": cite,
        "number": lambda article_id: numbers.get(article_id, 0),
        "link": link,
        "story_link": story_link,
        "articles": {a.id: a for a in report.detail.articles},
        "facts_ordered": facts,
        "fact_by_id": {f.id: f for f in report.facts},
        "family_of": {a: f.id for f in report.detail.overview.families for a in f.articles},
        # Markup: the SVG is built from escaped parts (svg.py escapes every label).
        "graph": Markup(copy_graph_svg(report.detail, numbers)),
        "quotes": [quote_view(q) for q in report.key_quotes()],
    }


@dataclass(frozen=True)
class VariantView:
    pieces: list[DiffPiece]
    kind: str
    content_word_changed: bool
    articles: tuple[str, ...]


@dataclass(frozen=True)
class QuoteView:
    speaker: str
    canonical: str
    independent_sources: int
    variants: list[VariantView]
    reported: bool


def quote_view(quote: FusedQuote) -> QuoteView:
    """A fused quote ready for the template: each wording marked against the canonical one."""
    variants = [
        VariantView(
            variant_pieces(quote.canonical, v.text), v.kind, v.content_word_changed, v.articles
        )
        for v in quote.variants
    ]
    return QuoteView(
        quote.speaker or "unknown speaker",
        quote.canonical,
        quote.independent_sources,
        variants,
        quote.reported,
    )


def export_html(store: Store) -> str:
    """Every story, with a table of contents, as one HTML document."""
    reports = [story_report(store, find_story(store, o.story.id)) for o in story_overviews(store)]
    css = resources.files("newsweave.report").joinpath("templates/report.css").read_text("utf-8")
    sections = []
    for report in reports:

        def link(article_id: str, start: int | None = None, _story: str = report.story.id) -> str:
            return f"#a-{_story}-{article_id}"

        context = story_context(report, link, lambda story_id: f"#{story_id}")
        # Markup: rendered by an autoescaping template.
        sections.append(Markup(environment().get_template("_story.html").render(context)))
    return (
        environment()
        .get_template("report.html")
        .render(
            css=Markup(css),  # our own stylesheet
            reports=reports,
            sections=sections,
            problems=list_problems(store),
            version=__version__,
        )
    )
