"""``newsweave articles`` and ``newsweave show``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from newsweave.cli.app import DbOption, app, handles_errors, open_workspace
from newsweave.cli.console import out, print_json
from newsweave.cli.tables import print_article_table
from newsweave.models import Article, DateValue, Field
from newsweave.queries import STORY_PREFIX, find_story, story_copies, story_detail
from newsweave.report.export import article_to_export

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


@app.command()
@handles_errors
def articles(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the stored articles."""
    with open_workspace(db, create=False) as ws:
        found = ws.articles()
    if as_json:
        print_json([article_to_export(a) for a in found])
        return
    print_article_table(found, title=f"{len(found)} article(s)", limit=None)


@app.command()
@handles_errors
def show(
    target: Annotated[
        str, typer.Argument(help="An article id or a story id (st-...), or its first digits.")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show an article (metadata with sources, text with removed parts greyed) or a story
    (members by source family, copy edges with aligned passages, storyline)."""
    if target.strip().lower().startswith(STORY_PREFIX):
        _show_story(target, db, as_json)
        return
    with open_workspace(db, create=False) as ws:
        article = ws.article(target)
    if as_json:
        print_json(article_to_export(article))
        return
    out.print(render_article(article), soft_wrap=True)


def _show_story(story_id: str, db: str | None, as_json: bool) -> None:
    from newsweave.cli.stories import render_story
    from newsweave.report.export import copy_to_export, story_to_export

    with open_workspace(db, create=False) as ws:
        story = find_story(ws.store, story_id)
        detail = story_detail(ws.store, story)
        # Every pair that shares text, with its passages: the JSON is for machines.
        copies = story_copies(ws.store, story, detail.copy_pairs, 0)[0] if as_json else []
    if as_json:
        data = story_to_export(detail.overview)
        data["copies"] = [copy_to_export(e) for e in copies]
        data["neighbours"] = [s.id for s in detail.neighbours]
        print_json(data)
        return
    out.print(render_story(detail), soft_wrap=True)


def render_article(article: Article) -> Text:
    """Metadata lines, then the whole input text: kept text plain, removed parts dim + reason."""
    text = Text()
    text.append(f"article {article.id}\n", style="bold")
    rows: list[tuple[str, str]] = [
        ("path", article.path + (f" ({article.locator})" if article.locator else ""))
    ]
    for label, value in (
        ("title", article.title),
        ("outlet", article.outlet),
        ("author", article.author),
        ("url", article.url),
    ):
        rows.append((label, _field(value)))
    rows.append(("published", _date(article.published)))
    if article.updated is not None:
        rows.append(("updated", _date(article.updated)))
    rows.append(("language", article.language or "unknown"))
    reasons = sorted({s.label for s in article.removed})
    rows.append(
        (
            "removed",
            f"{len(article.removed)} part(s)" + (f": {', '.join(reasons)}" if reasons else ""),
        )
    )
    for label, shown in rows:
        text.append(f"  {label:<10} ", style="cyan")
        text.append(shown + "\n")
    text.append("\n")
    position = 0
    raw = article.raw_text
    for span in sorted(article.removed, key=lambda s: s.start):
        text.append(raw[position : span.start])
        text.append(raw[span.start : span.end], style="dim strike")
        text.append(f" ⟨removed: {span.label}⟩", style="dim italic")
        position = max(position, span.end)
    text.append(raw[position:])
    return text


def _field(value: Field | None) -> str:
    if value is None:
        return "unknown"
    return f"{value.value}  (from {value.source})"


def _date(value: DateValue | None) -> str:
    if value is None:
        return "unknown"
    return f"{value.value}  (from {value.source}, confidence {value.confidence:.2f})"
