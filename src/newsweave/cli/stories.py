"""``newsweave stories``."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from newsweave.cli.app import DbOption, app, handles_errors, open_workspace
from newsweave.cli.articles import JsonOption
from newsweave.cli.console import out, print_json
from newsweave.cli.tables import display_title
from newsweave.models.stories import DateEvidence, Story
from newsweave.queries import StoryDetail, story_overviews
from newsweave.report.export import story_to_export


@app.command()
@handles_errors
def stories(db: DbOption = None, as_json: JsonOption = False) -> None:
    """One line per story: event date, place, title, articles, independent sources."""
    with open_workspace(db, create=False) as ws:
        found = story_overviews(ws.store)
    if as_json:
        print_json([story_to_export(o) for o in found])
        return
    if not found:
        out.print("no stories")
        return
    table = Table(
        "story",
        "date",
        "place",
        "articles",
        "independent",
        "title",
        title=f"{len(found)} story(ies)",
    )
    for overview in found:
        story = overview.story
        table.add_row(
            Text(story.id),
            Text(story.date.value.isoformat() if story.date.value else "-"),
            Text(story.place.name or "-"),
            Text(str(len(overview.articles))),
            Text(str(overview.independent_sources)),
            Text(story.title if len(story.title) <= 70 else story.title[:69] + "…"),
        )
    out.print(table)


def render_story(detail: StoryDetail) -> Text:
    """The story, its members by source family, its copy edges with passages, its storyline."""
    overview = detail.overview
    story = overview.story
    by_id = {a.id: a for a in detail.articles}
    text = Text()
    text.append(f"story {story.id}\n", style="bold")
    text.append(f"{story.title}\n\n")
    when = story.date.value.isoformat() if story.date.value else "unknown"
    inferred = " (year inferred)" if story.date.inferred_year else ""
    text.append("  date       ", style="cyan")
    text.append(f"{when}{inferred}, from {len(story.date.support)} article(s)")
    text.append(_date_conflicts(story))
    text.append("\n  place      ", style="cyan")
    text.append(f"{story.place.name or 'unknown'}\n")
    text.append("  sources    ", style="cyan")
    text.append(
        f"{len(overview.articles)} article(s), "
        f"{overview.independent_sources} independent source(s)\n\n"
    )
    text.append("Source families\n", style="bold")
    for family in overview.families:
        text.append(f"  {family.id}\n", style="magenta")
        for article_id in family.articles:
            article = by_id.get(article_id)
            if article is None:
                continue
            outlet = article.outlet.value if article.outlet else "unknown outlet"
            date = article.published.value[:10] if article.published else "undated"
            text.append(f"    {article_id}  {date}  {outlet}  {display_title(article)}\n")
    if detail.derivation:
        text.append("\nCopies\n", style="bold")
    for edge in detail.derivation:
        text.append(f"  {edge.source} -> {edge.target}  {edge.kind}", style="yellow")
        text.append(
            f"  (source in target {edge.containment_source:.0%}, "
            f"target in source {edge.containment_target:.0%})\n"
        )
        for reason in edge.evidence:
            text.append(f"    because {reason}\n", style="dim")
        source, target = by_id.get(edge.source), by_id.get(edge.target)
        for passage in edge.passages[:PASSAGES_SHOWN]:
            if source is None or target is None:
                break
            text.append(f"    {passage.kind:<10} ", style="cyan")
            text.append(_snippet(source.text[passage.source_start : passage.source_end]))
            if passage.kind != "verbatim":
                text.append("\n               ~ ")
                text.append(_snippet(target.text[passage.target_start : passage.target_end]))
            text.append("\n")
        if len(edge.passages) > PASSAGES_SHOWN:
            text.append(
                f"    ... and {len(edge.passages) - PASSAGES_SHOWN} more passage(s)\n", style="dim"
            )
    if detail.other_copy_pairs:
        text.append(
            f"  ... and {detail.other_copy_pairs} more pair(s) of these articles sharing text"
            " (newsweave export lists every pair)\n",
            style="dim",
        )
    if detail.storyline is not None:
        text.append(f"\nStoryline {detail.storyline.id}\n", style="bold")
        for entry in detail.storyline.timeline:
            marker = "*" if entry.story_id == story.id else " "
            when = entry.date.isoformat() if entry.date else "undated"
            text.append(
                f"  {marker} {when}  {entry.place or '-'}  {entry.story_id}  {entry.title[:70]}\n"
            )
    return text


PASSAGES_SHOWN = 6
ARTICLES_NAMED = 3  # per conflicting date; more are counted


def _date_conflicts(story: Story) -> str:
    """Other dates members give, each with the articles that give it and how they know."""
    by_value: dict[str, list[DateEvidence]] = {}
    for conflict in story.date.conflicts:
        by_value.setdefault(conflict.value.isoformat(), []).append(conflict)
    parts = []
    for value, conflicts in by_value.items():
        named = ", ".join(c.article_id for c in conflicts[:ARTICLES_NAMED])
        more = len(conflicts) - ARTICLES_NAMED
        kinds = ", ".join(dict.fromkeys(c.kind for c in conflicts))
        verb = "says" if len(conflicts) == 1 else "say"
        parts.append(f"; {named}{f' and {more} more' if more > 0 else ''} {verb} {value} ({kinds})")
    return "".join(parts)


def _snippet(text: str, width: int = 110) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"
