"""Tables shared by several commands."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text

from newsweave.cli.console import out
from newsweave.models import Article

MAX_ROWS = 20


def display_title(article: Article, width: int = 70) -> str:
    """The title, or the first line of the text when the article has none."""
    title = article.title.value if article.title is not None else article.text.split("\n", 1)[0]
    return title if len(title) <= width else title[: width - 1] + "…"


def print_article_table(
    articles: Sequence[Article],
    *,
    title: str,
    limit: int | None = MAX_ROWS,
    empty: str = "no articles",
) -> None:
    if not articles:
        if empty:
            out.print(empty)
        return
    table = Table("id", "published", "from", "outlet", "words", "removed", "title", title=title)
    shown = articles if limit is None else articles[:limit]
    for article in shown:
        published = article.published
        cells = (
            article.id,
            published.value[:10] if published else "-",
            published.source if published else "-",
            article.outlet.value if article.outlet else "-",
            str(len(article.text.split())),
            str(len(article.removed)),
            display_title(article),
        )
        # Text(), not str: titles are untrusted and must not be read as rich markup.
        table.add_row(*(Text(cell) for cell in cells))
    out.print(table)
    if len(shown) < len(articles):
        out.print(f"... and {len(articles) - len(shown)} more (newsweave articles lists them all)")
