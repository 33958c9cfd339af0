"""Per-page material for training and evaluating the line models on AEB (research only).

For each page: the flattened lines, their gold labels, the text features, the DOM features and
trafilatura's extraction. Cached in /tmp so that repeated experiments do not re-parse 181 pages:
delete the cache file (CACHE) after changing flatten.py, html_features.py or labels.py.
"""

from __future__ import annotations

import pickle
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import numpy.typing as npt
from aeb import Page, load_pages
from labels import line_labels

from newsweave.stages.clean.flatten import flatten_lines, parse_html
from newsweave.stages.clean.html_extract import run_trafilatura
from newsweave.stages.clean.html_features import dom_feature_matrix
from newsweave.stages.clean.line_features import normalise_line

CACHE = Path("/tmp/newsweave_aeb_cache_v3.pkl")


@dataclass(slots=True)
class PageData:
    page: Page
    lines: list[str]
    labels: npt.NDArray[np.bool_]
    dom: npt.NDArray[np.float64]
    extracted: str
    repeated: frozenset[str]


def domain(url: str) -> str:
    host = urlparse(url).netloc.lower()
    return host[4:] if host.startswith("www.") else host


def _outlet_repeats(
    pages: list[Page], all_lines: dict[str, list[str]]
) -> dict[str, frozenset[str]]:
    """Lines of each page that also occur in another page of the same domain (no labels used)."""
    by_domain: dict[str, list[str]] = defaultdict(list)
    for p in pages:
        by_domain[domain(p.url)].append(p.page_id)
    out: dict[str, frozenset[str]] = {}
    for p in pages:
        mine = {normalise_line(t) for t in all_lines[p.page_id]}
        others: set[str] = set()
        for q in by_domain[domain(p.url)]:
            if q != p.page_id:
                others |= {normalise_line(t) for t in all_lines[q]}
        out[p.page_id] = frozenset(k for k in mine & others if k)
    return out


def load_all() -> dict[str, PageData]:
    if CACHE.exists():
        with CACHE.open("rb") as fh:
            cached: dict[str, PageData] = pickle.load(fh)
            return cached
    pages = load_pages("all")
    flat = {}
    extracted = {}
    for p in pages:
        html = p.html()
        root = parse_html(html)
        flat[p.page_id] = flatten_lines(root) if root is not None else []
        extracted[p.page_id] = run_trafilatura(html)[0]
    texts = {pid: [fl.text for fl in lines] for pid, lines in flat.items()}
    repeats = _outlet_repeats(pages, texts)
    data: dict[str, PageData] = {}
    for p in pages:
        lines = texts[p.page_id]
        data[p.page_id] = PageData(
            page=p,
            lines=lines,
            labels=np.array(line_labels(lines, p.gold), dtype=bool),
            dom=dom_feature_matrix(flat[p.page_id], extracted[p.page_id]),
            extracted=extracted[p.page_id],
            repeated=repeats[p.page_id],
        )
    with CACHE.open("wb") as fh:
        pickle.dump(data, fh)
    return data
