"""HTML main text and metadata: trafilatura refined by the line classifier; never raises."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsweave.eval.metrics import macro_prf, shingle_prf
from newsweave.stages.clean.boilerplate import body_text, clean_plain_text
from newsweave.stages.clean.flatten import flatten_html
from newsweave.stages.clean.html_extract import HtmlDocument, extract_html

PARAGRAPHS = [
    "The city council voted on Tuesday to expand the northern tram line by six stations, a plan "
    "that officials said would cut commuting times for about forty thousand residents.",
    "The decision followed two years of public hearings in which residents argued over the "
    "route, the cost and the disruption that construction would bring to the old town.",
    "Construction is expected to begin next spring and to last about three years, according "
    "to the transport department, which will publish a detailed timetable in the coming weeks.",
    "Opposition members said the budget was too optimistic and asked for an independent review "
    "of the cost estimates before the first contracts are signed later this year.",
    "The mayor said the review would be welcome but should not delay the project, which she "
    "called the most important investment in public transport in a generation.",
]

PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>City expands tram line | Example Daily</title>
<meta property="og:title" content="City expands tram line after two years of hearings">
<meta property="og:site_name" content="Example Daily">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2025-03-26T09:15:00+01:00">
<meta property="article:modified_time" content="2025-03-26T11:40:00+01:00">
<meta name="description" content="The council approved six new stations.">
<script type="application/ld+json">
{{"@type": "NewsArticle", "datePublished": "2025-03-26T09:15:00+01:00"}}</script>
</head><body>
<header><nav class="main-nav"><ul><li><a href="/">Home</a></li><li><a href="/city">City</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article class="article-body">
<h1>City expands tram line after two years of hearings</h1>
<div class="byline">By Jane Roe</div>
<p>{PARAGRAPHS[0]}</p>
<figure><img src="a.jpg"><figcaption class="caption">The old tram depot in the north.
(Photo: John Doe)</figcaption></figure>
<p>{PARAGRAPHS[1]}</p>
<div class="newsletter-signup">Sign up for our newsletter</div>
<p>{PARAGRAPHS[2]}</p>
<p>{PARAGRAPHS[3]}</p>
<p>{PARAGRAPHS[4]}</p>
</article>
<aside class="related-stories"><h3>Related</h3><ul>
<li><a href="/a">Bus fares to rise in the spring across the region</a></li>
<li><a href="/b">New bridge opens to cyclists after long delay</a></li></ul></aside>
</main>
<footer class="site-footer">Copyright 2025 Example Daily. All rights reserved.</footer>
</body></html>"""


def test_article_text_and_metadata() -> None:
    doc = extract_html(PAGE, url="https://example.org/city/tram")
    assert isinstance(doc, HtmlDocument)
    for para in PARAGRAPHS:
        assert para in doc.text
    for furniture in ("Home", "Sign up", "Bus fares", "Copyright", "Photo: John Doe"):
        assert furniture not in doc.text, furniture
    assert doc.title == "City expands tram line after two years of hearings"
    assert doc.sitename == "Example Daily"
    assert doc.author == "Jane Roe"
    assert doc.date == "2025-03-26"
    assert doc.published_meta == "2025-03-26T09:15:00+01:00"
    assert doc.modified_meta == "2025-03-26T11:40:00+01:00"
    assert doc.description == "The council approved six new stations."
    assert doc.url == "https://example.org/city/tram"


def test_one_paragraph_per_line() -> None:
    lines = extract_html(PAGE).text.splitlines()
    assert [line for line in lines if line in PARAGRAPHS] == PARAGRAPHS


def test_json_ld_dates_when_meta_tags_are_missing() -> None:
    page = PAGE.replace('<meta property="article:published_time"', '<meta property="x"')
    page = page.replace('<meta property="article:modified_time"', '<meta property="y"')
    doc = extract_html(page)
    assert doc.published_meta == "2025-03-26T09:15:00+01:00"
    assert doc.modified_meta is None


def test_json_ld_nested_past_the_stack_is_ignored_not_fatal() -> None:
    # json.loads raises RecursionError, not a ValueError, past Python's recursion limit: the
    # page failed to clean.
    deep = "[" * 50_000 + "]" * 50_000
    page = PAGE.replace('<meta property="article:published_time"', '<meta property="x"')
    page = page.replace('<meta property="article:modified_time"', '<meta property="y"')
    page = page.replace("</head>", f'<script type="application/ld+json">{deep}</script></head>')
    doc = extract_html(page)
    assert sum(p in doc.text for p in PARAGRAPHS) >= 4
    assert doc.published_meta == "2025-03-26T09:15:00+01:00"


def test_page_without_markup_structure_still_gives_its_prose() -> None:
    page = "<html><body>" + "".join(f"<div>{p}</div>" for p in PARAGRAPHS) + "</body></html>"
    text = extract_html(page).text
    assert sum(p in text for p in PARAGRAPHS) >= 4


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "   ",
        "<<<>>>",
        "\x00\x01\x02",
        "<html><body></body></html>",
        "<p>unclosed <b>tags",
        "<script>only a script</script>",
        '<?xml version="1.0" encoding="utf-8"?><p>x</p>',
        "<div>" * 2000 + "deep" + "</div>" * 2000,
    ],
)
def test_malformed_or_empty_input_never_raises(markup: str) -> None:
    doc = extract_html(markup)
    assert isinstance(doc.text, str)


def test_empty_page_gives_empty_text() -> None:
    doc = extract_html("")
    assert doc.text == "" and doc.title is None


def test_deterministic() -> None:
    assert extract_html(PAGE) == extract_html(PAGE)


def test_quality_on_a_sample_of_the_benchmark(benchmarks_dir: Path) -> None:
    """A regression guard on twelve AEB DEV pages (the full figures: research/extraction)."""
    root = benchmarks_dir / "extraction" / "aeb"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    dev = sorted(pid for pid in truth if int(pid[:2], 16) % 4 != 0)[::11][:12]
    html_scores, text_scores = [], []
    for pid in dev:
        page = gzip.decompress((root / "html" / f"{pid}.html.gz").read_bytes()).decode("utf-8")
        gold = truth[pid]["articleBody"]
        html_scores.append(shingle_prf(extract_html(page).text, gold))
        flat = flatten_html(page)
        text_scores.append(shingle_prf(body_text(flat, clean_plain_text(flat)), gold))
    assert macro_prf(html_scores).f1 >= 0.95
    assert macro_prf(text_scores).f1 >= 0.85


def test_unrefined_mode_returns_trafilatura_text() -> None:
    doc = extract_html(PAGE, refine=False)
    assert PARAGRAPHS[0] in doc.text and doc.title == extract_html(PAGE).title
