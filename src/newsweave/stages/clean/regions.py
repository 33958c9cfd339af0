"""Page-level decisions of the plain-text cleaner: which kept lines form the article.

The line model scores each line from its own shape and its neighbourhood; what it cannot see is
the page as a whole. These steps act on runs of kept lines, in this order:

1. ``mark_repeated_blocks``: three or more consecutive long lines that all occur again elsewhere
   on the page are a block shown twice (a teaser carousel, a ticker): never the article, which
   does not repeat its own paragraphs in a row.
2. ``fill_gaps``: a line the model doubted between two kept lines, or prose beside kept prose
   (across up to four lines of the article's furniture: captions, counters, prompts, links to
   other stories), is kept when no rule removed it and the model did not rule it out.
3. ``keep_main_region``: kept lines are split into runs (at long stretches of removed lines and
   at section openers such as "Top stories"); the main run is the one with the most confident
   mass (words weighted by the squared probability, so that a teaser list the model half
   believes does not outweigh the article it is sure of). Runs far from it and much smaller, or
   about something else (few shared content words), are dropped.
4. ``keep_embedded_posts``: a post the article quotes (a tweet's text, then its signature
   "— Jane Doe (@jdoe) November 18, 2019") is kept from the article's last line down.
   ``fill_holes``: short stretches between the remaining kept lines (a list, a sub-heading) are
   kept when the model doubted every line of them without rejecting any (hysteresis: a lower
   threshold inside the article than to enter it), a parallel list with a lower one still, and
   up to 15 lines that all read as sentences when the model doubted them less than boilerplate.
   ``extend_into_lists``: a parallel list (items opening with one word, or sharing their
   punctuation) right under a kept line, or under one short heading below it, continues the
   article; so does a table set one cell per line (rows of cells of the same shapes, a column
   of numbers: ``table_runs``) under it, below its header, or right above the article's text.
5. ``comments.cut_comment_thread`` (its own module, with the comment forms the rules name): a
   reader discussion under the article ends it.
6. ``cut_company_profile``: a press release ends with the issuer's standing description ("Acme
   is a global provider of ... Acme is headquartered in Baar and employs 1,300 people"): the
   article's last paragraphs, each opening with the name the first one defines, are removed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from newsweave.stages.clean.line_features import normalise_line, word_count

__all__ = [
    "cut_company_profile",
    "extend_into_lists",
    "fill_gaps",
    "fill_holes",
    "is_parallel_list",
    "is_prose",
    "keep_embedded_posts",
    "keep_main_region",
    "list_runs",
    "mark_repeated_blocks",
    "table_runs",
]

BoolArray = npt.NDArray[np.bool_]
FloatArray = npt.NDArray[np.float64]

_WORD = re.compile(r"\w+")
_CLOSERS = "\"'\u201d\u2019)]\u300d "
_TERMINALS = frozenset(".!?\u2026\u3002\uff01\uff1f")


# A wire agency's sign-off after an article's last sentence: "... into the US. PTI", "(AP)".
_SIGN_OFF = re.compile(r"(?<=[.!?\u201d\"'])\s*[-\u2013\u2014]?\s*\(?[A-Z]{2,6}\)?\s*$")


def is_prose(text: str) -> bool:
    """A sentence-like line: twelve words or more, ending as a sentence ends."""
    if word_count(text) < 12:
        return False
    signed = text.rstrip(") ")[-1:].isupper()  # "... PTI", "... (AP)"
    return _ends_sentence(text) or (signed and _ends_sentence(_SIGN_OFF.sub("", text)))


def _ends_sentence(text: str) -> bool:
    core = text.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _TERMINALS


# --- 1. blocks shown twice ------------------------------------------------------------------

_DUP_MIN_WORDS = 8
_DUP_MIN_RUN = 3


def mark_repeated_blocks(texts: Sequence[str], reasons: list[str | None]) -> None:
    """Give the reason ``related`` to runs of long lines that all occur twice on the page."""
    # Copies of a block are verbatim: long lines are compared as they are (cheaper than
    # normalising whole paragraphs).
    counts = Counter(texts)
    repeated = [counts[t] > 1 and word_count(t) >= _DUP_MIN_WORDS for t in texts]
    i = 0
    while i < len(texts):
        j = i
        while j < len(texts) and repeated[j]:
            j += 1
        if j - i >= _DUP_MIN_RUN:
            for k in range(i, j):
                reasons[k] = reasons[k] or "related"
        i = max(j, i + 1)


# --- 2. gaps inside the article ---------------------------------------------------------------

# A line the model doubted between two kept lines, or prose beside kept prose, is kept when it
# has some length and the model did not rule it out (a paragraph after a quote, say).
_GAP_MIN_SCORE = 0.2
_GAP_MIN_WORDS = 8
# A short stretch of lines between kept lines (a list, a sub-heading and its line) is kept when
# every line of it scores at least this: the model doubted them, it did not reject them.
_HOLE_MIN_SCORE = 0.3
_HOLE_MAX_LINES = 6


# What a page sets inside an article, between its paragraphs.
_IN_ARTICLE_FURNITURE = frozenset(
    {"caption", "counter", "label", "advert", "share", "banner", "newsletter", "related"}
)
_FURNITURE_SKIP = 4


def fill_gaps(
    texts: Sequence[str], scores: FloatArray, keep: BoolArray, reasons: Sequence[str | None]
) -> None:
    """Keep what the model doubted inside the article (in place)."""
    # Prose next to kept prose continues the article (both ways, so runs extend). The article's
    # own furniture between them (a caption, a credit, a "Subscribe" prompt) does not part them.
    for order in (range(1, len(texts)), range(len(texts) - 2, -1, -1)):
        step = order.step
        for i in order:
            if keep[i] or reasons[i] is not None or scores[i] < _GAP_MIN_SCORE:
                continue
            j = i - step
            while (
                0 <= j < len(texts)
                and abs(i - j) <= _FURNITURE_SKIP
                and reasons[j] in _IN_ARTICLE_FURNITURE
            ):
                j -= step
            if 0 <= j < len(texts) and keep[j] and is_prose(texts[i]) and is_prose(texts[j]):
                keep[i] = True
    for i in range(1, len(texts) - 1):
        if (
            not keep[i]
            and keep[i - 1]
            and keep[i + 1]
            and reasons[i] is None
            and scores[i] >= _GAP_MIN_SCORE
            and word_count(texts[i]) >= _GAP_MIN_WORDS
        ):
            keep[i] = True


# A list set line by line is parallel: its items open with the same word ("Path A: ...", "Path B:
# ...") or share their punctuation ("England (Group A): 10th", "Spain (Group F): 11th").
_LIST_MIN_ITEMS = 3
_LIST_HOLE_MIN_SCORE = 0.1
_LIST_MAX_WORDS = 25
_PUNCT = re.compile(r"[^\w\s]")


def _shape(text: str) -> tuple[str, str]:
    words = text.split()
    return (words[0].casefold() if len(words) >= 2 else "", "".join(_PUNCT.findall(text)))


def _parallel(texts: Sequence[str], shapes: Sequence[tuple[str, str]]) -> bool:
    if (
        len(texts) < _LIST_MIN_ITEMS
        or len(set(texts)) < len(texts)  # a list does not repeat its items; a teaser grid does
        or any(word_count(t) > _LIST_MAX_WORDS for t in texts)
    ):
        return False
    first, punct = shapes[0]
    return (first != "" and all(f == first for f, _ in shapes)) or (
        punct != "" and all(p == punct for _, p in shapes)
    )


def is_parallel_list(texts: Sequence[str]) -> bool:
    """Three or more distinct short lines that open with one word or share their punctuation."""
    return _parallel(texts, [_shape(t) for t in texts])


def list_runs(texts: Sequence[str], reasons: Sequence[str | None]) -> list[tuple[int, int]]:
    """Maximal stretches ``[start, end)`` of lines without a rule reason forming a parallel list."""
    shapes = [_shape(t) for t in texts]
    out: list[tuple[int, int]] = []
    n = len(texts)
    i = 0
    while i + _LIST_MIN_ITEMS <= n:
        end = i + _LIST_MIN_ITEMS
        if any(r is not None for r in reasons[i:end]) or not _parallel(texts[i:end], shapes[i:end]):
            i += 1
            continue
        while (
            end < n and reasons[end] is None and _parallel(texts[i : end + 1], shapes[i : end + 1])
        ):
            end += 1
        out.append((i, end))
        i = end
    return out


# A table set one cell per line: rows of the same number of cells (2 to 8), cell by cell of the
# same shape (a number or words), for three rows or more, one column of numbers.
_TABLE_MIN_ROWS = 3
_TABLE_MAX_COLUMNS = 8
_NUMERIC_CELL = re.compile(
    r"^[\s\d.,:;%$\u20ac\u00a3+\-\u2013\u2212/()#]*\d[\s\d.,:;%$\u20ac\u00a3+\-\u2013\u2212/()#]*$"
)


def _cell_shape(text: str) -> str:
    if _NUMERIC_CELL.match(text):
        return "number"
    return "text" if word_count(text) <= _LIST_MAX_WORDS else "prose"


# What the line rules say of a table's cells taken alone ("63", "85%", "-"), and what runs of
# short lines are taken for.
_CELL_REASONS = frozenset({None, "counter", "symbols", "navigation"})


def table_runs(texts: Sequence[str], reasons: Sequence[str | None]) -> list[tuple[int, int, int]]:
    """Maximal stretches ``[start, end)``, with their number of columns, of lines that read as a
    table set one cell per line: every line has the shape of the line one row above, for at
    least three rows that are not all the same, and some column holds numbers. No rule removed
    a line of it but for being a number or a symbol alone."""
    shapes = [_cell_shape(t) for t in texts]
    free = [r in _CELL_REASONS for r in reasons]
    n = len(texts)
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < n:
        best, best_columns = i, 0
        for columns in range(2, _TABLE_MAX_COLUMNS + 1):
            if i + columns > n or not all(free[i : i + columns]):
                break
            first_row = shapes[i : i + columns]
            if "prose" in first_row or "number" not in first_row:
                continue
            end = i + columns
            while end < n and free[end] and shapes[end] == shapes[end - columns]:
                end += 1
            rows = {tuple(texts[r : r + columns]) for r in range(i, end - columns + 1, columns)}
            if (end - i) // columns >= _TABLE_MIN_ROWS and end > best and len(rows) > 1:
                best, best_columns = end, columns
        if best > i:
            out.append((i, best, best_columns))
            i = best
        else:
            i += 1
    return out


# A longer stretch between kept lines is kept when every line of it reads as a sentence (a
# capital first, 4 to 40 words), no rule removed any, the model ruled none out, and on average
# it doubted them less than it doubts boilerplate: points set one per line ("You build your
# website ...", "Search engines find it ..."), a post the article quotes.
_SENTENCES_HOLE_MAX_LINES = 15
_SENTENCES_MIN_SCORE = 0.04
_SENTENCES_MEAN_SCORE = 0.1
_SENTENCE_WORDS = (4, 40)


def _doubted_sentences(
    texts: Sequence[str], scores: FloatArray, reasons: Sequence[str | None], hole: range
) -> bool:
    low, high = _SENTENCE_WORDS
    return (
        all(
            reasons[i] is None
            and low <= word_count(texts[i]) <= high
            and texts[i][:1].isupper()
            and scores[i] >= _SENTENCES_MIN_SCORE
            for i in hole
        )
        and float(np.mean(scores[hole.start : hole.stop])) >= _SENTENCES_MEAN_SCORE
    )


def fill_holes(
    texts: Sequence[str], scores: FloatArray, keep: BoolArray, reasons: Sequence[str | None]
) -> None:
    """Keep short stretches between kept lines that the model doubted but did not reject,
    parallel lists between them that it doubted more, and longer stretches of sentences."""
    kept = np.flatnonzero(keep).tolist()
    for a, b in pairwise(kept):
        if not 1 <= b - a - 1 <= _SENTENCES_HOLE_MAX_LINES:
            continue
        if _doubted_sentences(texts, scores, reasons, range(a + 1, b)):
            keep[a + 1 : b] = True
            continue
        if b - a - 1 > _HOLE_MAX_LINES:
            continue
        free = [i for i in range(a + 1, b) if reasons[i] is None]
        if not free:
            continue
        floor = (
            _LIST_HOLE_MIN_SCORE
            if len(free) == b - a - 1 and is_parallel_list([texts[i] for i in free])
            else _HOLE_MIN_SCORE
        )
        if all(scores[i] >= floor for i in free):
            for i in free:
                keep[i] = True


class _Block(NamedTuple):
    """A list or a table: lines ``[start, end)``, and how many short lines above it may belong
    to it (a heading; a table's header row, shown twice when it floats, and a heading)."""

    start: int
    end: int
    above: int
    table: bool


def extend_into_lists(
    texts: Sequence[str], keep: BoolArray, reasons: Sequence[str | None]
) -> list[int]:
    """Keep a parallel list or a table that continues the article: right after a kept line, or
    after the short lines above it (a heading, a table's header) under one. A table right above
    the article's text is kept too. Returns the items kept this way."""
    blocks = [_Block(start, end, 1, False) for start, end in list_runs(texts, reasons)] + [
        _Block(start, end, 2 * columns + 1, True)
        for start, end, columns in table_runs(texts, reasons)
    ]
    items: list[int] = []
    for block in sorted(blocks):
        if keep[block.start : block.end].all():
            continue
        allowed = _CELL_REASONS if block.table else frozenset({None})
        before = block.start - 1
        while (
            before >= 0
            and block.start - before <= block.above
            and not keep[before]
            and reasons[before] in allowed
            and word_count(texts[before]) <= 6
        ):
            before -= 1
        if before >= 0 and keep[before]:
            keep[before + 1 : block.end] = True
        elif block.table and block.end < len(texts) and keep[block.end]:
            # Over the article's text: the table alone (its header cannot be told from a menu).
            keep[block.start : block.end] = True
        else:
            continue
        items.extend(range(block.start, block.end))
    return items


# The signature a scraper keeps of a post embedded in the article, under the post's text:
# "— Jane Doe (@jdoe) November 18, 2019" (or "18 November 2019").
_POST_SIGNATURE = re.compile(
    r"^[\u2014\u2013-]\s*\S.{0,80}\(@\w{1,30}\)\s+"
    r"(?:\w+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+\w+\.?,?\s+\d{4})$"
)
# How far above its signature a post's text may begin.
_POST_MAX_LINES = 5


def keep_embedded_posts(
    texts: Sequence[str], keep: BoolArray, reasons: Sequence[str | None]
) -> None:
    """Keep a post the article quotes (a tweet: its text, then its signature): the lines from the
    article's last kept line down to the signature, when that line is at most five lines above
    it and no rule removed any of them. The model sees a signature and a short post as
    boilerplate; the article's readers see part of the report."""
    for i, text in enumerate(texts):
        if keep[i] or reasons[i] is not None or not _POST_SIGNATURE.match(text):
            continue
        above = [j for j in range(max(0, i - _POST_MAX_LINES), i) if keep[j]]
        if above and all(reasons[j] is None for j in range(above[-1] + 1, i)):
            keep[above[-1] + 1 : i + 1] = True


# --- 3. the main run --------------------------------------------------------------------------

# Kept lines further than this many lines from the article's main run, with less than this share
# of its mass, are another text on the page (a comment thread, a teaser list), not the article.
_MAIN_GAP = 25
_MAIN_SHARE = 0.3
# Under the article, a run further than _RUN_GAP lines from its end with less than this share of
# its mass is a scrap of another text, whatever its topic (teasers of stories on the same
# subject share its words). Above the article no such cut: its lead may stand apart, past a
# picture and its caption.
_SCRAP_SHARE = 0.1
# Runs separated by more than this many removed lines, or by a section opener ("Top stories",
# "Related"), are checked for a shared topic: a run sharing less than this share of its content
# words with the main run is about something else.
_RUN_GAP = 6
# A box set into the article ("Related links" and its items) is at most this many lines long.
_BOX_LINES = 3
_MIN_SHARED = 0.1
_SECTION_REASONS = frozenset({"navigation", "related"})
_SECTION_MAX_WORDS = 6


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.casefold()) if len(w) >= 4 and not w.isdigit()}


def _runs(texts: Sequence[str], kept: list[int], reasons: Sequence[str | None]) -> list[list[int]]:
    runs: list[list[int]] = [[kept[0]]]
    for i in kept[1:]:
        prev = runs[-1][-1]
        opener = any(
            reasons[j] in _SECTION_REASONS and word_count(texts[j]) <= _SECTION_MAX_WORDS
            for j in range(prev + 1, i)
        )
        if i - prev > _RUN_GAP or opener:
            runs.append([i])
        else:
            runs[-1].append(i)
    return runs


def keep_main_region(
    texts: Sequence[str], scores: FloatArray, keep: BoolArray, reasons: list[str | None]
) -> None:
    """Drop kept runs that are another text on the page: far from the article's main run and
    much smaller, or about something else (teasers of other stories, comment threads)."""
    kept = np.flatnonzero(keep).tolist()
    if len(kept) < 2:
        return
    runs = _runs(texts, kept, reasons)
    if len(runs) == 1:
        return
    # Confident mass: the article is what the model is surest of, not merely the most words.
    mass = [sum(word_count(texts[i]) * float(scores[i]) ** 2 for i in run) for run in runs]
    main = int(np.argmax(mass))
    vocabulary: set[str] = set()
    for i in runs[main]:
        vocabulary |= _content_words(texts[i])
    for k, (run, m) in enumerate(zip(runs, mass, strict=True)):
        if k == main:
            continue
        far = min(abs(run[0] - runs[main][-1]), abs(runs[main][0] - run[-1])) > _MAIN_GAP
        words: set[str] = set()
        for i in run:
            words |= _content_words(texts[i])
        shared = len(words & vocabulary) / len(words) if words else 0.0
        below = run[0] - runs[main][-1]  # lines from the article's end, negative above it
        scrap = below > _RUN_GAP and m < _SCRAP_SHARE * mass[main]
        if (
            scrap
            or _kicker_cards(texts, run)
            or (far and m < _MAIN_SHARE * mass[main])
            or (m < mass[main] and shared < _MIN_SHARED)
        ):
            resumed = _resumed_article(texts, run, below, vocabulary)
            for i in run[resumed:]:
                keep[i] = False
                reasons[i] = reasons[i] or "boilerplate"


# A list of other stories repeats its section's name over each of them ("Company Town" over
# every headline and its summary): a short line three times or more within one kept run beside
# the article. An article's own text does not repeat a heading.
_KICKER_MIN_REPEATS = 3
_KICKER_MAX_WORDS = 4


def _kicker_cards(texts: Sequence[str], run: list[int]) -> bool:
    counts = Counter(
        normalise_line(texts[i])
        for i in run
        if word_count(texts[i]) <= _KICKER_MAX_WORDS and texts[i][:1].isalpha()
    )
    return bool(counts) and max(counts.values()) >= _KICKER_MIN_REPEATS


def _resumed_article(texts: Sequence[str], run: list[int], below: int, vocabulary: set[str]) -> int:
    """How many lines at the head of ``run``, ``below`` lines under the article's main run,
    continue the article after a box set into it ("Related links" between two of its
    paragraphs): prose that shares its topic."""
    if not 0 < below <= _BOX_LINES + 1:
        return 0
    count = 0
    for i in run:
        words = _content_words(texts[i])
        if not is_prose(texts[i]) or len(words & vocabulary) < _MIN_SHARED * len(words):
            break
        count += 1
    return count


# --- 6. a press release's description of its issuer -----------------------------------------

# "Acme Corp. is a leading ...", "Acme (SIX: ACM) is the ...": a capitalised name (up to five
# words, a ticker in brackets) defined by "is a/an/the".
_PROFILE_OPENING = re.compile(
    r"^(?P<name>[A-Z][\w&.'\u2019-]*(?: [A-Z&][\w&.'\u2019-]*){0,4})"
    r"(?: \([^)]{1,40}\))?,? (?:is|are) (?:a|an|the|one of)\b"
)
# What such a description says of a company and few article paragraphs say at once.
_PROFILE_CUES = re.compile(
    r"\b(?:headquartered|headquarters|founded in|established in|employs|employees|provider"
    r"|leading|leader in|worldwide|global|listed on|stock exchange|subsidiar\w+|offices in"
    r"|countries|customers|www\.\S+|for more information|visit)\b",
    re.IGNORECASE,
)
_PROFILE_MAX_LINES = 4
_PROFILE_MIN_CUES = 2


def cut_company_profile(texts: Sequence[str], keep: BoolArray, reasons: list[str | None]) -> None:
    """Drop a press release's closing description of its issuer (in place): the last kept
    paragraphs when the first of them defines a name the article used before ("Acme is a ...")
    with the words of a company profile, and each of them opens with that name."""
    kept = np.flatnonzero(keep).tolist()
    for start in range(max(0, len(kept) - _PROFILE_MAX_LINES), len(kept)):
        opening = _PROFILE_OPENING.match(texts[kept[start]])
        if opening is None:
            continue
        name = opening.group("name")
        tail = kept[start:]
        if (
            start == 0
            or not any(name in texts[i] for i in kept[:start])
            or not all(texts[i].startswith(name) for i in tail)
            or sum(len(_PROFILE_CUES.findall(texts[i])) for i in tail) < _PROFILE_MIN_CUES
        ):
            continue
        for i in tail:
            keep[i] = False
            reasons[i] = reasons[i] or "company-profile"
        return
