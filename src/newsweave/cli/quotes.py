"""``newsweave quotes``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.text import Text

from newsweave.cli.app import DbOption, app, handles_errors, open_workspace
from newsweave.cli.articles import JsonOption
from newsweave.cli.console import out, print_json
from newsweave.errors import UsageError
from newsweave.models.quotes import FusedQuote
from newsweave.queries import find_story
from newsweave.report.diffs import plain_markup, terminal_markup, variant_pieces
from newsweave.report.export import quote_to_export
from newsweave.store.quotes import load_quotes, speakers_matching


@app.command()
@handles_errors
def quotes(
    story: Annotated[str | None, typer.Option("--story", help="Only this story (st-...).")] = None,
    speaker: Annotated[
        str | None, typer.Option("--speaker", help="Only this speaker (a name or part of it).")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Each quote with its speaker, the outlets carrying it, and how their wording differs
    (inserted words green, substituted yellow, removed struck through)."""
    if speaker is not None and not speaker.strip():
        raise UsageError("--speaker is empty: give a name or part of it")
    with open_workspace(db, create=False) as ws:
        story_id = find_story(ws.store, story).id if story is not None else None
        names = speakers_matching(ws.store, speaker) if speaker is not None else None
        found = load_quotes(ws.store, story_id, names)
        titles = {a.id: (a.outlet.value if a.outlet else a.id) for a in ws.articles()}
    if as_json:
        print_json([quote_to_export(q) for q in found])
        return
    if not found:
        out.print("no quotes")
        return
    for quote in found:
        out.print(render_quote(quote, titles, colours=out.color_system is not None), soft_wrap=True)


def render_quote(quote: FusedQuote, outlets: dict[str, str], *, colours: bool = True) -> Text:
    """A quote and its variants; without ``colours`` the word differences are marked in the
    text itself (``[-removed-]``, ``{+added+}``), since a file or a pipe shows no styles."""
    text = Text()
    text.append(quote.speaker or "unknown speaker", style="bold")
    sources = quote.independent_sources
    text.append(
        f"  {sources} independent source{'s' if sources != 1 else ''}  {quote.story}\n", style="dim"
    )
    if quote.reported:
        text.append(f"  {quote.canonical}")
        text.append("  (reported speech, not quoted)\n", style="dim")
    else:
        text.append(f"  “{quote.canonical}”\n")
    if len(quote.variants) > 1:
        for variant in quote.variants:
            carried = ", ".join(outlets.get(a, a) for a in variant.articles)
            flag = "  content word changed" if variant.content_word_changed else ""
            text.append(f"    {variant.kind:<12} ", style="cyan")
            pieces = variant_pieces(quote.canonical, variant.text)
            if colours:
                for piece, style in terminal_markup(pieces):
                    text.append(piece, style=style)
            else:
                text.append(plain_markup(pieces))
            text.append(f"  [{carried}]", style="dim")
            text.append(flag + "\n", style="bold red")
    else:
        carried = (
            ", ".join(outlets.get(a, a) for a in quote.variants[0].articles)
            if quote.variants
            else ""
        )
        text.append(f"    carried by {carried}\n", style="dim")
    return text
