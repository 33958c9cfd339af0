"""A Markdown report: each article with its metadata and where each value came from."""

from __future__ import annotations

from newsweave.models import Article
from newsweave.store import Store
from newsweave.store.articles import load_articles
from newsweave.store.problems import list_problems


def export_markdown(store: Store) -> str:
    articles = load_articles(store)
    problems = list_problems(store)
    out = [
        "# newsweave report",
        "",
        f"{len(articles)} article(s), {len(problems)} open problem(s).",
        "",
    ]
    for article in articles:
        out += _article(article)
    if problems:
        out += ["## Problems", ""]
        out += [f"- `{p.path}` ({p.stage}, {p.code}): {p.message}" for p in problems]
        out.append("")
    return "\n".join(out)


def _article(article: Article) -> list[str]:
    title = article.title.value if article.title else article.text[:80]
    lines = [f"## {_escape(title)}", "", f"- id: `{article.id}`", f"- path: `{article.path}`"]
    for label, value in (
        ("outlet", article.outlet),
        ("author", article.author),
        ("url", article.url),
    ):
        if value is not None:
            lines.append(f"- {label}: {_escape(value.value)} (from {value.source})")
    if article.published is not None:
        p = article.published
        lines.append(f"- published: {p.value} (from {p.source}, confidence {p.confidence:.2f})")
    if article.removed:
        reasons = sorted({s.label for s in article.removed})
        lines.append(f"- removed: {len(article.removed)} part(s) ({', '.join(reasons)})")
    lines.append("")
    for paragraph in article.text.split("\n"):
        lines += [_escape(paragraph), ""]
    return lines


def _escape(text: str) -> str:
    """Keep article text from being read as Markdown markup (it is untrusted input)."""
    out = []
    for ch in text:
        out.append("\\" + ch if ch in "\\`*_[]<>#|" else ch)
    return "".join(out)
