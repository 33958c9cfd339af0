"""The Markdown report: per story, the cited summary, the key quotes with their wordings, the
facts and their corroboration, conflicts side by side, what each outlet adds and omits, who copied
whom, the timeline."""

from __future__ import annotations

from newsweave.models import Article
from newsweave.models.facts import Fact
from newsweave.queries import StoryReport, find_story, story_overviews, story_report
from newsweave.report.diffs import DiffPiece, plain_markup, variant_pieces
from newsweave.store import Store
from newsweave.store.problems import list_problems

STATUS_ORDER = ("corroborated", "conflicting", "single-source")


def export_markdown(store: Store) -> str:
    overviews = story_overviews(store)
    problems = list_problems(store)
    out = [
        "# newsweave report",
        "",
        f"{len(overviews)} story(ies), {sum(len(o.articles) for o in overviews)} article(s), "
        f"{len(problems)} open problem(s).",
        "",
    ]
    for overview in overviews:
        out += story_markdown(story_report(store, find_story(store, overview.story.id)))
    if problems:
        out += ["## Problems", ""]
        out += [f"- `{p.path}` ({p.stage}, {p.code}): {_escape(p.message)}" for p in problems]
        out.append("")
    return "\n".join(out)


def story_markdown(report: StoryReport) -> list[str]:
    story = report.story
    overview = report.detail.overview
    headline = report.summary.headline if report.summary else story.title
    when = story.date.value.isoformat() if story.date.value else "date unknown"
    lines = [
        f"## {_escape(headline)}",
        "",
        f"{when} · {_escape(story.place.name or 'place unknown')} · "
        f"{len(overview.articles)} article(s), "
        f"{overview.independent_sources} independent source(s) · story `{story.id}`",
        "",
    ]
    if report.summary is not None and report.summary.sentences:
        lines += ["### Summary", ""]
        for sentence in report.summary.sentences:
            lines.append(f"- {_escape(sentence.text)} {_cite(report, sentence.citations)}")
        lines.append("")
    lines += _quotes(report)
    lines += _facts(report)
    lines += _conflicts(report)
    lines += _outlets(report)
    lines += _copies(report)
    lines += _timeline(report)
    lines += _sources(report)
    return lines


def _cite(report: StoryReport, articles: tuple[str, ...]) -> str:
    known = {a.id for a in report.detail.articles}
    return "".join(f"[{report.number_of(a)}]" for a in articles if a in known)


def _quotes(report: StoryReport) -> list[str]:
    """Each key quote with its speaker and, when outlets word it differently, every wording
    marked against the canonical one (``[-removed-]``, ``{+added+}``)."""
    quotes = report.key_quotes()
    if not quotes:
        return []
    lines = ["### Quotes", ""]
    for quote in quotes:
        sources = quote.independent_sources
        said = (
            f"{_escape(quote.canonical)} (reported speech, not quoted)"
            if quote.reported
            else f"“{_escape(quote.canonical)}”"
        )
        lines.append(
            f"- **{_escape(quote.speaker or 'unknown speaker')}**, {sources} independent "
            f"source(s): {said}"
            + (f" {_cite(report, quote.variants[0].articles)}" if len(quote.variants) == 1 else "")
        )
        if len(quote.variants) > 1:
            for variant in quote.variants:
                pieces = [
                    DiffPiece(_escape(p.text), p.css)
                    for p in variant_pieces(quote.canonical, variant.text)
                ]
                changed = " (content word changed)" if variant.content_word_changed else ""
                lines.append(
                    f"  - {variant.kind}{changed}: {plain_markup(pieces)}"
                    f" {_cite(report, variant.articles)}"
                )
    return [*lines, ""]


def _facts(report: StoryReport) -> list[str]:
    if not report.facts:
        return []
    lines = ["### Facts", "", "| status | sources | fact | cited |", "| --- | --- | --- | --- |"]
    ordered = sorted(
        report.facts, key=lambda f: (STATUS_ORDER.index(f.status), -f.independent_sources)
    )
    for fact in ordered:
        label = f"{fact.subject}: " if fact.subject else ""
        cited = _cite(report, fact.articles)
        lines.append(
            f"| {fact.status} | {fact.independent_sources} | {_cell(label + fact.text)} | {cited} |"
        )
    return [*lines, ""]


def _conflicts(report: StoryReport) -> list[str]:
    conflicting = report.by_status("conflicting")
    if not conflicting:
        return []
    lines = ["### Conflicts", ""]
    for fact in conflicting:
        lines += [
            f"**{_escape(fact.text)}**",
            "",
            "| slot | value | said by | in the words |",
            "| --- | --- | --- | --- |",
        ]
        for variant in fact.variants:
            cited = _cite(report, variant.articles)
            lines.append(
                f"| {variant.slot} | {_cell(variant.value)} | {cited} | {_cell(variant.text)} |"
            )
        lines.append("")
    return lines


def _outlets(report: StoryReport) -> list[str]:
    if not report.comparisons:
        return []
    by_id = {f.id: f for f in report.facts}
    lines = ["### What each outlet adds and leaves out", ""]
    for comparison in report.comparisons:
        article = _article(report, comparison.article_id)
        if article is None:
            continue
        lines.append(f"- [{report.number_of(article.id)}] {_escape(_outlet(article))}: "
                     f"adds {len(comparison.additions)} fact(s) no other source reports, "
                     f"leaves out {len(comparison.omissions)} corroborated fact(s)")  # fmt: skip
        for fact_id in comparison.additions[:3]:
            if fact_id in by_id:
                lines.append(f"  - adds: {_escape(_short(by_id[fact_id]))}")
        for fact_id in comparison.omissions[:3]:
            if fact_id in by_id:
                lines.append(f"  - leaves out: {_escape(_short(by_id[fact_id]))}")
    return [*lines, ""]


def _copies(report: StoryReport) -> list[str]:
    if not report.detail.derivation:
        return []
    lines = ["### Copies", ""]
    for edge in report.detail.derivation:
        lines.append(
            f"- [{report.number_of(edge.source)}] → [{report.number_of(edge.target)}] {edge.kind}: "
            f"{len(edge.passages)} aligned passage(s); "
            + "; ".join(_escape(e) for e in edge.evidence)
        )
    if report.detail.other_copy_pairs:
        lines.append(
            f"- ... and {report.detail.other_copy_pairs} more pair(s) of these articles sharing "
            "text (the JSON export lists every pair)"
        )
    return [*lines, ""]


def _timeline(report: StoryReport) -> list[str]:
    line = report.detail.storyline
    if line is None or len(line.timeline) < 2:
        return []
    lines = ["### Storyline", ""]
    for entry in line.timeline:
        marker = " (this story)" if entry.story_id == report.story.id else ""
        when = entry.date.isoformat() if entry.date else "undated"
        lines.append(
            f"- {when}, {_escape(entry.place or 'place unknown')}: {_escape(entry.title)}{marker}"
        )
    return [*lines, ""]


def _sources(report: StoryReport) -> list[str]:
    families = {a: f.id for f in report.detail.overview.families for a in f.articles}
    lines = ["### Sources", ""]
    for article in report.detail.articles:
        date = article.published.value[:10] if article.published else "undated"
        title = article.title.value if article.title else article.text[:80]
        number = report.number_of(article.id)
        lines.append(
            f"{number}. {_escape(_outlet(article))}, {date}: {_escape(title)} "
            f"(`{article.id}`, {families.get(article.id, '')})"
        )
    return [*lines, ""]


def _article(report: StoryReport, article_id: str) -> Article | None:
    return next((a for a in report.detail.articles if a.id == article_id), None)


def _outlet(article: Article) -> str:
    return article.outlet.value if article.outlet else "unknown outlet"


def _short(fact: Fact, width: int = 140) -> str:
    text = fact.subject or fact.text
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(text: str) -> str:
    return _escape(" ".join(text.split())).replace("|", "\\|")


def _escape(text: str) -> str:
    """Keep article text from being read as Markdown markup (it is untrusted input)."""
    return "".join("\\" + ch if ch in "\\`*_[]<>#|" else ch for ch in text)
