"""HTML main text and metadata: trafilatura's reading of the page, refined line by line.

trafilatura (one ``bare_extraction`` call per page) gives the metadata and a first extraction.
The page is then flattened to its visible lines; a tree-ensemble line classifier that sees each
line's text shape, its markup (tags, class/id words, link density) and how much of it trafilatura
kept decides which lines are the article body. This recovers paragraphs trafilatura drops and
removes captions, bios and teasers it keeps. Pages trafilatura returns nothing for still get a body
from the classifier alone; unparseable input gives an empty document, never an exception.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import trafilatura
from lxml import etree

from newsweave.stages.clean.boilerplate import body_text, clean_plain_text
from newsweave.stages.clean.flatten import FlatLine, flatten_lines, parse_html
from newsweave.stages.clean.html_features import dom_feature_matrix, extractor_coverage
from newsweave.stages.clean.line_features import text_feature_matrix
from newsweave.stages.clean.line_model import LineModel, load_line_model
from newsweave.stages.clean.line_scoring import cascade_probabilities

__all__ = [
    "HtmlDocument",
    "extract_html",
    "run_trafilatura",
    "select_body_lines",
]

_log = logging.getLogger(__name__)

# trafilatura logs at WARNING for ordinary bad pages ("empty HTML tree", "discarding data"):
# those are data, not faults of ours.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class HtmlDocument:
    """The main text of a page (one paragraph per line) and what the page says about itself."""

    text: str
    title: str | None
    author: str | None
    sitename: str | None
    url: str | None
    date: str | None  # trafilatura's (htmldate's) date, YYYY-MM-DD
    published_meta: str | None  # raw article:published_time / JSON-LD datePublished (with time)
    modified_meta: str | None  # raw article:modified_time / JSON-LD dateModified
    description: str | None
    language: str | None
    # Every visible line of the page (what a scraper would save), when the page was flattened.
    visible_lines: tuple[str, ...] = ()


_EMPTY_FIELDS: dict[str, str | None] = {
    "title": None,
    "author": None,
    "sitename": None,
    "url": None,
    "date": None,
    "description": None,
    "language": None,
}


def run_trafilatura(
    markup: str | etree._Element, url: str | None = None
) -> tuple[str, dict[str, str | None]]:
    """trafilatura's main text and metadata fields; ("", empty fields) when it finds nothing.

    ``markup`` may be the page already parsed by ``parse_html`` (trafilatura copies it before
    pruning; the output is the same as from the string, and one parse is saved).
    """
    try:
        doc = trafilatura.bare_extraction(
            markup, url=url, with_metadata=True, favor_precision=True, include_comments=False
        )
    except Exception as exc:
        _log.debug("trafilatura failed: %s", exc)
        return "", dict(_EMPTY_FIELDS)
    if doc is None:
        return "", dict(_EMPTY_FIELDS)
    fields = {key: _clean_field(getattr(doc, key, None)) for key in _EMPTY_FIELDS}
    return str(getattr(doc, "text", None) or ""), fields


def _clean_field(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "lastmod",
    "dc.date.modified",
    "last-modified",
)


def _meta_dates(root: etree._Element) -> tuple[str | None, str | None]:
    """Raw published/modified values from <meta>, JSON-LD and <time> (time of day kept)."""
    metas: dict[str, str] = {}
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if key and content and key not in metas:
            metas[key] = content
    published = next((metas[k] for k in _PUBLISHED_META if k in metas), None)
    modified = next((metas[k] for k in _MODIFIED_META if k in metas), None)
    if published is None or modified is None:
        ld_published, ld_modified = _json_ld_dates(root)
        published = published or ld_published
        modified = modified or ld_modified
    if published is None:
        for time_el in root.iter("time"):
            value = (time_el.get("datetime") or "").strip()
            if value:
                published = value
                break
    return published, modified


def _json_ld_dates(root: etree._Element) -> tuple[str | None, str | None]:
    published: str | None = None
    modified: str | None = None
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):  # malformed, or nested past Python's stack
            continue
        stack: list[Any] = [data]
        while stack and (published is None or modified is None):
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if published is None and isinstance(item.get("datePublished"), str):
                    published = item["datePublished"].strip() or None
                if modified is None and isinstance(item.get("dateModified"), str):
                    modified = item["dateModified"].strip() or None
                stack.extend(v for v in item.values() if isinstance(v, (list, dict)))
    return published, modified


# When the classifier keeps less than this share of what trafilatura found, the page is one the
# classifier was not trained for (a results table, an unusual layout): trust trafilatura.
_MIN_AGREEMENT = 0.5


def select_body_lines(lines: list[FlatLine], extracted: str, model: LineModel) -> list[bool]:
    """Which flattened lines are the article body."""
    texts = [line.text for line in lines]
    x = np.hstack([text_feature_matrix(texts), dom_feature_matrix(lines, extracted)])
    prob = cascade_probabilities(x, model)
    keep = prob >= model.threshold
    if extracted.strip():
        kept = "\n".join(t for t, k in zip(texts, keep.tolist(), strict=True) if k)
        agreement = float(extractor_coverage([extracted], kept)[0]) if kept else 0.0
        if agreement < _MIN_AGREEMENT:
            votes = extractor_coverage(texts, extracted)
            keep = votes >= 0.5
    return [bool(k) for k in keep]


def extract_html(markup: str, *, url: str | None = None, refine: bool = True) -> HtmlDocument:
    """Main text and metadata of an HTML page; empty text when the page has none (never raises).

    ``refine=False`` returns trafilatura's text as it is (about 40% less time, lower F1).
    """
    root = parse_html(markup)
    if root is None:
        return HtmlDocument("", None, None, None, url, None, None, None, None, None)
    extracted, fields = run_trafilatura(root, url)
    published, modified = _meta_dates(root)
    lines: list[FlatLine] = []
    if refine:
        try:
            lines = flatten_lines(root)
        except (etree.LxmlError, ValueError):
            lines = []
    text = extracted
    if lines and refine:
        try:
            model = load_line_model("html")
        except (OSError, ValueError, KeyError) as exc:
            _log.warning("html line model unavailable (%s); using trafilatura's text", exc)
        else:
            keep = select_body_lines(lines, extracted, model)
            text = "\n".join(line.text for line, k in zip(lines, keep, strict=True) if k)
            if not text:
                # Neither the classifier nor trafilatura found a body: clean the visible text.
                flat = "\n".join(line.text for line in lines)
                text = body_text(flat, clean_plain_text(flat))
    return HtmlDocument(
        text=text,
        title=fields["title"],
        author=fields["author"],
        sitename=fields["sitename"],
        url=fields["url"] or url,
        date=fields["date"],
        published_meta=published,
        modified_meta=modified,
        description=fields["description"],
        language=fields["language"],
        visible_lines=tuple(line.text for line in lines),
    )
