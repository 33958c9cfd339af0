"""Score the packaged extractors on AEB, DEV and TEST apart.

    python research/extraction/evaluate.py               # both tasks, DEV and TEST
    python research/extraction/evaluate.py --part dev --task b

Task (a): HTML in, body out (``extract_html``). Task (b): the page flattened to all its visible
text (``flatten_html``), plain-text cleaner in (``clean_plain_text``), body (kept lines without the
title) out. Baselines on the same pages: all visible text, trafilatura's default ``extract``.
The line models were trained on DEV, so DEV figures here are in-sample; the honest DEV figures are
the out-of-fold ones printed by ``train_lines.py``. TEST was never looked at while tuning.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from aeb import Page, fmt, load_pages, score
from dataset import domain

from newsweave.stages.clean.boilerplate import body_text, clean_plain_text
from newsweave.stages.clean.flatten import flatten_html
from newsweave.stages.clean.html_extract import extract_html
from newsweave.stages.clean.line_features import normalise_line


def outlet_repeats(pages: list[Page], flat: dict[str, str]) -> dict[str, frozenset[str]]:
    """Lines that also occur on another page of the same domain (corpus evidence, no labels)."""
    by_domain: dict[str, list[str]] = defaultdict(list)
    for p in pages:
        by_domain[domain(p.url)].append(p.page_id)
    keys = {
        pid: {normalise_line(t) for t in text.splitlines()} - {""} for pid, text in flat.items()
    }
    out = {}
    for p in pages:
        others: set[str] = set()
        for q in by_domain[domain(p.url)]:
            if q != p.page_id:
                others |= keys[q]
        out[p.page_id] = frozenset(keys[p.page_id] & others)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["dev", "test", "both"], default="both")
    parser.add_argument("--task", choices=["a", "b", "both"], default="both")
    parser.add_argument("--baselines", action="store_true", help="also score trafilatura")
    args = parser.parse_args()
    every = load_pages("all")
    html = {p.page_id: p.html() for p in every}
    flat = {pid: flatten_html(h) for pid, h in html.items()}
    repeats = outlet_repeats(every, flat)
    parts = ["dev", "test"] if args.part == "both" else [args.part]
    for part in parts:
        pages = load_pages(part)
        n = len(pages)
        print(fmt(f"{part} all visible text", score(flat, pages), n))
        if args.baselines:
            import trafilatura

            t0 = time.perf_counter()
            traf = {p.page_id: trafilatura.extract(html[p.page_id]) or "" for p in pages}
            ms = (time.perf_counter() - t0) * 1000 / n
            print(fmt(f"{part} trafilatura default", score(traf, pages), n), f"{ms:.1f} ms/page")
        if args.task in ("a", "both"):
            t0 = time.perf_counter()
            out = {p.page_id: extract_html(html[p.page_id], url=p.url).text for p in pages}
            ms = (time.perf_counter() - t0) * 1000 / n
            print(fmt(f"{part} (a) extract_html", score(out, pages), n), f"{ms:.1f} ms/page")
        if args.task in ("b", "both"):
            t0 = time.perf_counter()
            out = {}
            for p in pages:
                text = flat[p.page_id]
                decisions = clean_plain_text(text, repeated_lines=repeats[p.page_id])
                out[p.page_id] = body_text(text, decisions)
            ms = (time.perf_counter() - t0) * 1000 / n
            print(fmt(f"{part} (b) clean_plain_text", score(out, pages), n), f"{ms:.1f} ms/page")


if __name__ == "__main__":
    main()
