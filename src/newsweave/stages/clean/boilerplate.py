"""Plain-text cleaner: separate article text from boilerplate, line by line, keeping reasons.

Input is what scrapers save: the visible text of a page (one line per block) or an article file
with captions, banners, bios and related links around it. Four layers decide each line:

1. A learned line model (``line_model``; trees over ``line_features``: length, sentence shape,
   punctuation, capitalisation, position, distance to the densest run of prose, runs of short
   lines, repetition in the document and across the outlet) gives the probability of article text.
2. Rules (``rules``) remove well-known furniture whatever the model says and name the reason:
   credits and captions, counters and calls to action, reading times, share rows, bios about a
   byline name, copyright lines, image labels...
3. The page (``regions``): blocks shown twice are teasers; what the model doubted inside the
   article is kept; the article is the run of kept lines the model is surest of, and other runs
   far from it or about something else go; a reader discussion after it ends it.
4. Structure: the headline above the article is kept as the title (its repeats as
   ``duplicate-title``), short lines inside it that introduce text are headings, bullets are
   list items; what lies outside is navigation, banner or related links by position and shape.

Every non-empty line gets one ``LineDecision``; removed lines keep their span and reason, so
nothing is silently lost.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby, takewhile

import numpy as np
import numpy.typing as npt

from newsweave.stages.clean.comments import cut_comment_thread
from newsweave.stages.clean.line_features import (
    TextLine,
    normalise_line,
    split_lines,
    text_feature_matrix,
    word_count,
)
from newsweave.stages.clean.line_model import LineModel, load_line_model
from newsweave.stages.clean.line_scoring import cascade_probabilities
from newsweave.stages.clean.regions import (
    cut_company_profile,
    extend_into_lists,
    fill_gaps,
    fill_holes,
    is_prose,
    keep_embedded_posts,
    keep_main_region,
    mark_repeated_blocks,
)
from newsweave.stages.clean.rules import SENTENCE_BREAK, looks_like_name, rule_reasons

__all__ = [
    "KEPT_KINDS",
    "LineDecision",
    "body_text",
    "clean_plain_text",
    "kept_text",
    "normalise_line",
]

KEPT_KINDS = frozenset({"title", "heading", "paragraph", "list_item"})

_BULLET = re.compile(
    r"^\s*(?:[\u2022\u25cf\u25aa\u25a0\u2023\u2043\u00b7\u25ba\u25b8*\-\u2013\u2014]\s|\d{1,2}[.)]\s)"
)
_TERMINAL = re.compile(r"[.!?;,\u2026\u3002][\"'\u201d\u2019)\]]*$")
_HEADLINE_END = re.compile(r"[.;,:\u2026][\"'\u201d\u2019)\]]*$")


@dataclass(frozen=True, slots=True)
class LineDecision:
    """What the cleaner decided about one non-empty line of the input."""

    start: int  # character offsets of the (stripped) line in the input text
    end: int
    keep: bool
    kind: str  # kept: title | heading | paragraph | list_item; removed: the reason
    score: float  # the line model's probability that the line is article text


_n_words = word_count


def _headline_shaped(text: str) -> bool:
    n = _n_words(text)
    return (
        3 <= n <= 25
        and not _HEADLINE_END.search(text)
        and not SENTENCE_BREAK.search(text)  # a headline is one sentence
        and not _BULLET.match(text)
        and not looks_like_name(text)
        and any(ch.isupper() for ch in text[:3])
    )


def _heading_shaped(text: str) -> bool:
    n = _n_words(text)
    return (
        1 <= n <= 14
        and not _TERMINAL.search(text)
        and not _BULLET.match(text)
        and (text[:1].isupper() or text[:1].isdigit() or text[:1] in "\"'\u201c\u2018")
    )


def _model_scores(
    texts: Sequence[str], repeated: frozenset[str], model: LineModel
) -> npt.NDArray[np.float64]:
    x = text_feature_matrix(texts, repeated_lines=repeated)
    return cascade_probabilities(x, model)


def _initial_keep(
    texts: Sequence[str], scores: npt.NDArray[np.float64], threshold: float
) -> npt.NDArray[np.bool_]:
    keep = scores >= threshold
    prose = np.array([is_prose(t) for t in texts])
    if prose.any() and not (keep & prose).any():
        # An article has prose. When the model kept none of the document's prose (a page far from
        # what it was trained on, or nothing above the threshold), keep the best prose instead.
        best = float(scores[prose].max())
        keep = prose & (scores >= 0.5 * best)
    elif not keep.any() and len(scores):
        keep = scores >= 0.5 * float(scores.max())
    return keep


def _choose_title(
    texts: Sequence[str], keep: npt.NDArray[np.bool_], reasons: Sequence[str | None]
) -> int | None:
    """Index of the headline: the headline-shaped line just above the article's first line."""
    kept = np.flatnonzero(keep)
    if not len(kept):
        return None
    first = int(kept[0])
    # The first kept line is itself the headline when it reads like one and prose follows.
    if _headline_shaped(texts[first]) and len(kept) > 1 and _n_words(texts[int(kept[1])]) >= 12:
        return first
    for i in range(first - 1, max(-1, first - 7), -1):
        if reasons[i] is None and _headline_shaped(texts[i]) and _n_words(texts[i]) >= 4:
            return i
    return None


def clean_plain_text(
    text: str,
    *,
    repeated_lines: frozenset[str] = frozenset(),
    byline: str | None = None,
    model: LineModel | None = None,
) -> list[LineDecision]:
    """One decision per non-empty line of ``text`` (blank lines carry none).

    ``repeated_lines`` holds ``normalise_line`` keys of lines seen in other articles of the same
    outlet; ``byline`` is the author's name when known (it helps recognise a bio).
    """
    lines = split_lines(text)
    if not lines:
        return []
    texts = [line.text for line in lines]
    model = model or load_line_model("text")
    scores = _model_scores(texts, repeated_lines, model)
    reasons = rule_reasons(texts, byline)
    mark_repeated_blocks(texts, reasons)
    keep = _initial_keep(texts, scores, model.threshold) & np.array([r is None for r in reasons])
    fill_gaps(texts, scores, keep, reasons)
    keep_main_region(texts, scores, keep, reasons)
    keep_embedded_posts(texts, keep, reasons)
    fill_holes(texts, scores, keep, reasons)
    list_items = extend_into_lists(texts, keep, reasons)
    cut_comment_thread(texts, keep, reasons)
    cut_company_profile(texts, keep, reasons)
    kinds: list[str] = ["paragraph"] * len(lines)

    title = _choose_title(texts, keep, reasons)
    if title is not None:
        keep[title] = True
        kinds[title] = "title"
        title_key = normalise_line(texts[title])
        for i, t in enumerate(texts):
            if i != title and reasons[i] is None and normalise_line(t) == title_key:
                keep[i] = False
                reasons[i] = "duplicate-title"

    _assign_structure(texts, scores, keep, kinds, reasons, title, frozenset(list_items))
    return [
        LineDecision(
            line.start,
            line.end,
            bool(keep[i]),
            kinds[i] if keep[i] else (reasons[i] or "boilerplate"),
            round(float(scores[i]), 4),
        )
        for i, line in enumerate(lines)
    ]


# A heading is rescued between two kept lines only if the model did not rule it out outright.
_MIN_HEADING_SCORE = 0.1


def _assign_structure(
    texts: Sequence[str],
    scores: npt.NDArray[np.float64],
    keep: npt.NDArray[np.bool_],
    kinds: list[str],
    reasons: list[str | None],
    title: int | None,
    list_items: frozenset[int] = frozenset(),
) -> None:
    """Headings, list items and the reasons of lines removed by the model (in place)."""
    body = [i for i in np.flatnonzero(keep).tolist() if i != title]
    if not body:
        _name_outside(texts, keep, reasons, len(texts), -1)
        return
    first, last = body[0], body[-1]
    # Prose between a headline and the first kept line is the article's opening that the model
    # doubted (a standfirst after a headline and an image label, say).
    if title is not None and first - 4 <= title < first:
        for i in range(title + 1, first):
            if not keep[i] and reasons[i] is None and is_prose(texts[i]):
                keep[i] = True
                first = min(first, i)
    # A short heading-shaped line between two stretches of article text introduces a section.
    for i in range(first + 1, last):
        if keep[i] or reasons[i] is not None or not _heading_shaped(texts[i]):
            continue
        if (
            keep[i - 1]
            and keep[i + 1]
            and not _heading_shaped(texts[i + 1])
            and scores[i] >= _MIN_HEADING_SCORE
        ):
            keep[i] = True
    kept_body = [i for i in np.flatnonzero(keep).tolist() if i != title]
    # Headings head text: one after the last kept line that is not itself heading-shaped (a
    # paragraph, a menu entry, a table row) heads nothing of the article.
    last_text = max((i for i in kept_body if not _heading_shaped(texts[i])), default=-1)
    teasers = _teaser_run(texts, kept_body)
    for i in kept_body:
        text = texts[i]
        if _BULLET.match(text) or i in list_items:
            kinds[i] = "list_item"
        elif _heading_shaped(text):
            if i > last_text or i in teasers:
                # No text of the article follows, or a list of headlines comes before it:
                # headlines of other stories, not headings.
                keep[i] = False
                reasons[i] = reasons[i] or "related"
            else:
                kinds[i] = "heading"
        else:
            kinds[i] = "paragraph"
    kept_body = [i for i in np.flatnonzero(keep).tolist() if i != title]
    if kept_body:
        first, last = kept_body[0], kept_body[-1]
    _name_outside(texts, keep, reasons, first, last)


# Headlines in a row before the article's first paragraph are a list of other stories (a video
# playlist, "more from this section"); an article's own heading is followed by its text.
_TEASER_MIN_RUN = 3


def _teaser_run(texts: Sequence[str], kept_body: Sequence[int]) -> frozenset[int]:
    """Kept lines before the first prose that form a run of three or more headlines."""
    before = takewhile(lambda i: not is_prose(texts[i]), kept_body)
    out: set[int] = set()
    for shaped, group in groupby(before, key=lambda i: _headline_shaped(texts[i])):
        run = list(group)
        if shaped and len(run) >= _TEASER_MIN_RUN:
            out.update(run)
    return frozenset(out)


def _name_outside(
    texts: Sequence[str],
    keep: npt.NDArray[np.bool_],
    reasons: list[str | None],
    first: int,
    last: int,
) -> None:
    """Reasons for removed lines without a rule, from their place and shape."""
    for i, text in enumerate(texts):
        if keep[i] or reasons[i] is not None:
            continue
        n = _n_words(text)
        near_banner = any(
            reasons[j] in ("banner", "newsletter") for j in (i - 1, i + 1) if 0 <= j < len(texts)
        )
        if i < first:
            if near_banner:
                reasons[i] = "banner"
            elif n <= 6:
                reasons[i] = "navigation"
        elif i > last:
            if _headline_shaped(text) and n >= 4:
                reasons[i] = "related"
            elif n <= 6:
                reasons[i] = "navigation"
        elif n <= 6 and not _TERMINAL.search(text):
            reasons[i] = "label"


def kept_text(text: str, decisions: Sequence[LineDecision], *, include_title: bool = True) -> str:
    """The kept lines of ``text`` joined by newlines (the article as clean text)."""
    return "\n".join(
        text[d.start : d.end] for d in decisions if d.keep and (include_title or d.kind != "title")
    )


def body_text(text: str, decisions: Sequence[LineDecision]) -> str:
    """The article body without its title (what the extraction benchmark scores)."""
    return kept_text(text, decisions, include_title=False)


def decisions_for_lines(lines: Sequence[TextLine], keep: Sequence[bool]) -> list[LineDecision]:
    """Plain keep/drop decisions for already split lines (used by the HTML extractor)."""
    return [
        LineDecision(line.start, line.end, k, "paragraph" if k else "boilerplate", float(k))
        for line, k in zip(lines, keep, strict=True)
    ]
