"""Markup evidence for the lines of a flattened page: tags, class/id words, links, extractor vote.

These complement the text features of ``line_features`` when the HTML is at hand (task (a)): the
element a line sits in, whether it is inside nav/header/footer/aside/figure, what its class and id
attributes say (``related``, ``caption``, ``share``...), how much of it is link text, and how much
of it a well-kept extractor (trafilatura) kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from lxml import etree

from newsweave.stages.clean.flatten import FlatLine

__all__ = ["DOM_FEATURES", "dom_feature_matrix", "shingle_set"]

_WORD = re.compile(r"\w+")

_OWN_TAGS = (
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h456",
    "td",
    "figcaption",
    "blockquote",
    "dd",
    "pre",
    "other",
)
_ANCESTOR_TAGS = (
    "nav",
    "header",
    "footer",
    "aside",
    "figure",
    "form",
    "article",
    "main",
    "list",
    "table",
    "blockquote",
    "section",
    "button",
    "h",
    "p",
)
_KEYWORDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("content", r"article|content|story|post|entry|body|text|main|prose|rich"),
        ("nav", r"nav|menu|breadcrumb|masthead|topbar|header|toolbar|skip"),
        ("footer", r"footer|copyright|legal|colophon"),
        ("side", r"sidebar|aside|widget|rail|column-right|secondary"),
        (
            "related",
            r"related|recommend|more|trending|popular|teaser|promo|outbrain|taboola|"
            r"recirc|read-?next|also",
        ),
        ("social", r"share|social|follow|sharing|tweet"),
        ("comment", r"comment|disqus|respond|reply|discussion"),
        ("caption", r"caption|credit|figure|image|photo|media|gallery|img|picture|video"),
        ("author", r"author|byline|bio|contributor|writer|profile"),
        ("meta", r"date|time|meta|tags?\b|categor|label|kicker|eyebrow|dateline"),
        ("ad", r"(?:^|[\s_-])ads?(?:$|[\s_-])|advert|sponsor|banner|dfp|gpt"),
        ("newsletter", r"newsletter|subscri|signup|sign-up|cta|paywall|regwall|inline-form"),
        ("hidden", r"hidden|modal|popup|overlay|cookie|consent|offscreen|sr-only"),
        ("title", r"title|headline|heading|hed\b"),
    )
)

DOM_FEATURES: tuple[str, ...] = (
    *(f"tag_{t}" for t in _OWN_TAGS),
    *(f"in_{t}" for t in _ANCESTOR_TAGS),
    *(f"own_{name}" for name, _ in _KEYWORDS),
    *(f"anc_{name}" for name, _ in _KEYWORDS),
    "link_density",
    "log_depth",
    "extractor_vote",
    "extractor_any",
    "same_block_lines",
)

_ANCESTOR_MAP = {
    "ul": "list",
    "ol": "list",
    "dl": "list",
    "h1": "h",
    "h2": "h",
    "h3": "h",
    "h4": "h",
    "h5": "h",
    "h6": "h",
}
_ANCESTOR_INDEX = {t: i for i, t in enumerate(_ANCESTOR_TAGS)}
_OWN_INDEX = {t: i for i, t in enumerate(_OWN_TAGS)}
_N_KEYWORDS = len(_KEYWORDS)


def shingle_set(text: str, size: int = 4) -> frozenset[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    if len(tokens) < size:
        return frozenset([tuple(tokens)]) if tokens else frozenset()
    return frozenset(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def _tag(element: etree._Element) -> str:
    tag = element.tag
    return tag.rpartition("}")[2].lower() if isinstance(tag, str) else ""


_KEYWORD_SCAN = re.compile("|".join(f"(?P<{name}>{p.pattern})" for name, p in _KEYWORDS))
_KEYWORD_INDEX = {name: i for i, (name, _) in enumerate(_KEYWORDS)}


def _keyword_hits(element: etree._Element) -> npt.NDArray[np.float64]:
    hits = np.zeros(_N_KEYWORDS)
    attrs = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    if attrs.strip():
        # One scan for all groups; a word matching two groups counts for the first one only,
        # so look again from each match's next character.
        pos = 0
        while True:
            match = _KEYWORD_SCAN.search(attrs, pos)
            if match is None:
                break
            hits[_KEYWORD_INDEX[match.lastgroup or ""]] = 1.0
            pos = match.start() + 1
    return hits


class _ElementInfo:
    """Per-element features, cached because many lines share ancestors."""

    __slots__ = ("_cache",)

    def __init__(self) -> None:
        self._cache: dict[etree._Element, tuple[npt.NDArray[np.float64], ...]] = {}

    def of(self, element: etree._Element) -> tuple[npt.NDArray[np.float64], ...]:
        """(own keyword hits, ancestor tags incl. self, ancestor keyword hits, depth)."""
        # Walk up to the nearest cached ancestor, then fill the cache downwards (no recursion:
        # some pages nest deeper than Python's recursion limit).
        chain: list[etree._Element] = []
        node: etree._Element | None = element
        while node is not None and node not in self._cache:
            chain.append(node)
            node = node.getparent()
        for current in reversed(chain):
            own = _keyword_hits(current)
            parent = current.getparent()
            if parent is None:
                tags = np.zeros(len(_ANCESTOR_TAGS))
                anc_kw = own.copy()
                depth = np.zeros(1)
            else:
                _, p_tags, p_kw, p_depth = self._cache[parent]
                tags = p_tags.copy()
                anc_kw = np.maximum(p_kw, own)
                depth = p_depth + 1
            name = _tag(current)
            idx = _ANCESTOR_INDEX.get(_ANCESTOR_MAP.get(name, name))
            if idx is not None:
                tags[idx] = 1.0
            self._cache[current] = (own, tags, anc_kw, depth)
        return self._cache[element]


_NGRAM = 12
_NON_WORD = re.compile(r"\W+")


def _char_hashes(chars: str) -> npt.NDArray[np.uint64]:
    """Rolling hashes of every ``_NGRAM``-character window (wrapping uint64 arithmetic)."""
    codes = np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - _NGRAM + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    acc = np.zeros(n, dtype=np.uint64)
    base = np.uint64(1_000_003)
    with np.errstate(over="ignore"):
        for j in range(_NGRAM):
            acc = acc * base + codes[j : j + n]
    return acc


def extractor_coverage(texts: Sequence[str], extracted: str) -> npt.NDArray[np.float64]:
    """Per line, the fraction of its word characters that the extractor's text also contains.

    Compared on word characters only, in windows of ``_NGRAM`` characters that may cross line
    ends: robust to the extractor's own spacing (CJK words glued across inline tags) and to lines
    too short to match on their own (table cells, list items).
    """
    n = len(texts)
    kept = _char_hashes(_NON_WORD.sub("", extracted))
    if n == 0 or len(kept) == 0:
        return np.zeros(n)
    pieces = [_NON_WORD.sub("", t) for t in texts]
    lengths = np.array([len(p) for p in pieces])
    stream = "".join(pieces)
    hashes = _char_hashes(stream)
    if len(hashes) == 0:
        return np.zeros(n)
    hit = np.isin(hashes, kept).astype(np.int64)
    # A character is covered when any window containing it is a hit.
    hit_sum = np.concatenate([[0], np.cumsum(hit)])
    pos = np.arange(len(stream))
    lo = np.clip(pos - _NGRAM + 1, 0, len(hit))
    hi = np.clip(pos + 1, 0, len(hit))
    covered = (hit_sum[hi] - hit_sum[lo]) > 0
    cum = np.concatenate([[0], np.cumsum(covered)])
    ends = np.cumsum(lengths)
    starts = ends - lengths
    return np.where(lengths > 0, (cum[ends] - cum[starts]) / np.maximum(lengths, 1), 0.0)


def dom_feature_matrix(lines: Sequence[FlatLine], extracted_text: str) -> npt.NDArray[np.float64]:
    """The (lines x DOM_FEATURES) matrix; ``extracted_text`` is the extractor's output."""
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(DOM_FEATURES)))
    votes = extractor_coverage([line.text for line in lines], extracted_text)
    info = _ElementInfo()
    # Lines of one block element share its markup features: compute them once per element.
    element_index: dict[etree._Element, int] = {}
    element_rows: list[npt.NDArray[np.float64]] = []
    line_element = np.empty(n, dtype=np.int64)
    for k, line in enumerate(lines):
        idx = element_index.get(line.element)
        if idx is None:
            idx = len(element_rows)
            element_index[line.element] = idx
            own_tag = np.zeros(len(_OWN_TAGS))
            name = _tag(line.element)
            key = "h456" if name in ("h4", "h5", "h6") else ("td" if name == "th" else name)
            own_tag[_OWN_INDEX.get(key, _OWN_INDEX["other"])] = 1.0
            own, tags, anc_kw, depth = info.of(line.element)
            element_rows.append(np.concatenate([own_tag, tags, own, anc_kw, np.log1p(depth)]))
        line_element[k] = idx
    per_element = np.vstack(element_rows)[line_element]
    lines_per_element = np.bincount(line_element)[line_element]
    link_density = np.array([line.link_chars / max(len(line.text), 1) for line in lines])
    return np.column_stack(
        [
            per_element[:, :-1],
            link_density,
            per_element[:, -1],
            votes,
            (votes > 0.0).astype(np.float64),
            np.log1p(lines_per_element),
        ]
    )
