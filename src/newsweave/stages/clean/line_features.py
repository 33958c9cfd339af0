"""Features of text lines for the boilerplate classifier: the line itself and its neighbourhood.

Everything here is language-light, general evidence: length, sentence shape, punctuation,
capitalisation, digits, position, the distance to the densest run of prose, runs of short lines,
lines repeated inside the document or across an outlet. No rule names an outlet or a person.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

__all__ = [
    "BASE_FEATURES",
    "TEXT_FEATURES",
    "TextLine",
    "base_feature_matrix",
    "normalise_line",
    "split_lines",
    "text_feature_matrix",
    "word_count",
]

FloatArray = npt.NDArray[np.float64]

_WORD = re.compile(r"\w+")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?\u2026\u3002\uff01\uff1f][\"'\u201d\u2019)\]\u300d]*$")
_BULLET = re.compile(
    r"^\s*(?:[\u2022\u25cf\u25aa\u25a0\u2023\u2043\u00b7\u25ba\u25b8*\-\u2013\u2014]\s|\d{1,2}[.)]\s)"
)
_SEPARATOR = re.compile(r"\s[|\u00b7\u2022\u00bb\u203a/>]\s|\s[|\u00b7\u2022]$|^[|\u00b7\u2022]\s")
_COPYRIGHT = re.compile(r"\u00a9|\(c\)\s*\d{4}|copyright|all rights reserved", re.IGNORECASE)
_URLISH = re.compile(r"https?://|www\.|\S@\S+\.\w|\.(?:com|org|net)\b", re.IGNORECASE)
# Photo credits: "(AP Photo/Jane Doe)", "Photo by X via Y", "Image: X", "Credit: X", "/ Getty".
CREDIT = re.compile(
    r"\((?:[^()]*\b(?:photo|image|picture|credit|file|foto|bild|pool|illustration|via)\b[^()]*)\)"
    r"\s*$|\b(?:photo|photograph|image|picture|illustration|video)s?\s*(?:by|credit|courtesy)\b"
    r"|\b(?:credit|source|foto|bild|image|photo)s?\s*:\s*\S|\bvia\s+(?:getty|reuters|ap\b)"
    r"|\b(?:getty images|shutterstock|istock|afp|reuters|associated press|epa|ap photo)\b",
    re.IGNORECASE,
)
READ_TIME = re.compile(
    r"^\s*\d+\s*(?:-\s*)?(?:min(?:ute)?s?|mins?)\.?\s*(?:read|reading)\b", re.IGNORECASE
)
_CLOCK = re.compile(
    r"\b\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?|h|uhr|utc|gmt|[ecmp][sd]t)?\b", re.IGNORECASE
)
_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b"
    r"|\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b"
    r"|\b(?:updated|published|posted)\b|\b\d+\s+(?:hours?|minutes?|days?|weeks?)\s+ago\b",
    re.IGNORECASE,
)
# Calls to action and page furniture words (English; other languages fall back on shape).
CALL_TO_ACTION = re.compile(
    r"\b(?:share|tweet|follow us|follow|subscribe|subscription|sign up|sign in|log ?in|register"
    r"|newsletter|click|download|comments?|read more|see more|show more|load more|more stories"
    r"|advertisement|advertising|sponsored|related|recommended|trending|cookies?|privacy"
    r"|terms of (?:use|service)|contact us|about us|all rights|menu|search|skip to|back to top"
    r"|print|email|e-mail|whatsapp|facebook|twitter|linkedin|pinterest|reddit|instagram"
    r"|youtube|donate|membership|members|premium|paywall|free trial|you might also like"
    r"|watch|listen|podcast|join|support)\b",
    re.IGNORECASE,
)
# The first word of every alternative above: a line with none of them has no call to action, and
# the costly pattern is not run (the count is the same either way).
_CTA_FIRST_WORDS = frozenset(
    "share tweet follow subscribe subscription sign log login register newsletter click download "
    "comment comments read see show load more advertisement advertising sponsored related "
    "recommended trending cookie cookies privacy terms contact about all menu search skip back "
    "print email e whatsapp facebook twitter linkedin pinterest reddit instagram youtube donate "
    "membership members premium paywall free you watch listen podcast join support".split()
)
COUNTER = re.compile(
    r"^\s*[\d,.]+\s*(?:/|out of|of)\s*[\d,.]+\s*$|^\s*[\d,.]+[km]?\s*(?:comments?|shares?|views?"
    r"|likes?|reactions?|replies|responses)\s*$|^\s*(?:comments?|shares?|views?)\s*\(?[\d,.]+\)?\s*$",
    re.IGNORECASE,
)
_INNER_SENTENCE = re.compile(r"[.!?\u3002][\"'\u201d\u2019)]*\s+[\"'\u201c\u2018(]?[A-Z]")
_QUOTE_START = re.compile(r"^[\"'\u201c\u2018\u00ab\u201e]")


@lru_cache(maxsize=8192)
def word_count(text: str) -> int:
    """Number of ``\\w+`` tokens (cached: the cleaner asks about the same lines many times)."""
    return len(_WORD.findall(text))


def normalise_line(line: str) -> str:
    """Key for comparing lines across documents: case-folded words joined by one space."""
    return " ".join(_WORD.findall(line.casefold()))


@dataclass(frozen=True, slots=True)
class TextLine:
    """A non-empty line of the input with its character offsets (stripped)."""

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[TextLine]:
    """Non-empty lines with offsets of their stripped text in ``text``."""
    lines: list[TextLine] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        stripped = body.strip()
        if stripped:
            lead = len(body) - len(body.lstrip())
            start = pos + lead
            lines.append(TextLine(start, start + len(stripped), stripped))
        pos += len(raw)
    return lines


BASE_FEATURES: tuple[str, ...] = (
    "log_words",
    "log_chars",
    "mean_word_len",
    "sentence_end",
    "colon_end",
    "starts_upper",
    "starts_digit",
    "bullet",
    "title_case",
    "upper_ratio",
    "digit_ratio",
    "punct_ratio",
    "inner_sentences",
    "comma_rate",
    "separator",
    "copyright",
    "urlish",
    "credit",
    "read_time",
    "clock",
    "date",
    "call_to_action",
    "counter",
    "quote",
    "lower_short_ratio",
    "lower_ratio",
    "cjk_ratio",
    "ellipsis_end",
    "paren_end",
    "repeated_in_doc",
    "repeated_in_outlet",
)


_CLOSERS = "\"'\u201d\u2019)]\u300d "
_TERMINALS = frozenset(".!?\u2026\u3002\uff01\uff1f")
_SEPARATOR_CHARS = ("|", "\u00b7", "\u2022", "\u00bb", "\u203a", "/", ">")
_COPYRIGHT_HINTS = ("\u00a9", "(c)", "copyright", "rights reserved")
# Substrings without which the pattern cannot match: cheap gates, same result.
_URL_HINTS = ("http", "www.", "@", ".com", ".org", ".net")
_DATE_WORDS = ("updated", "published", "posted")
_CREDIT_HINTS = (
    "photo",
    "image",
    "picture",
    "credit",
    "getty",
    "reuters",
    "afp",
    "shutterstock",
    "istock",
    "associated press",
    "foto",
    "bild",
    "illustration",
    "source:",
)


def _has_any(text: str, needles: tuple[str, ...]) -> bool:
    return any(needle in text for needle in needles)


@lru_cache(maxsize=1)
def _char_tables() -> dict[str, npt.NDArray[np.bool_]]:
    """Character classes of the Basic Multilingual Plane, as lookup tables (built once)."""
    chars = [chr(c) for c in range(0x10000)]
    return {
        "alpha": np.fromiter((c.isalpha() for c in chars), dtype=bool, count=0x10000),
        "upper": np.fromiter((c.isupper() for c in chars), dtype=bool, count=0x10000),
        "lower": np.fromiter((c.islower() for c in chars), dtype=bool, count=0x10000),
        "digit": np.fromiter((c.isdecimal() for c in chars), dtype=bool, count=0x10000),
        "word": np.fromiter((c.isalnum() or c == "_" for c in chars), dtype=bool, count=0x10000),
    }


@dataclass(frozen=True, slots=True)
class _CharStats:
    """Per-line counts computed in one numpy pass over the whole document."""

    chars: FloatArray
    letters: FloatArray
    uppers: FloatArray
    digits: FloatArray
    spaces: FloatArray
    commas: FloatArray
    cjk: FloatArray
    words: FloatArray
    word_chars: FloatArray
    alpha_words: FloatArray
    upper_words: FloatArray
    lower_words: FloatArray
    lower_short_words: FloatArray


def _char_stats(texts: Sequence[str]) -> _CharStats:
    n = len(texts)
    tables = _char_tables()
    joined = "\n".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=n)
    line_of = np.repeat(np.arange(n), lengths + 1)[: len(codes)]  # the newline joins its line
    bmp = np.minimum(codes, 0xFFFF)  # astral characters (emoji) count as symbols
    alpha = tables["alpha"][bmp]
    word = tables["word"][bmp]
    lower = tables["lower"][bmp]
    upper = tables["upper"][bmp]
    digit = tables["digit"][bmp]

    cjk_mask = (
        ((codes >= 0x3040) & (codes <= 0x30FF))
        | ((codes >= 0x3400) & (codes <= 0x9FFF))
        | ((codes >= 0xAC00) & (codes <= 0xD7AF))
    )
    start = word.copy()
    start[1:] &= ~word[:-1]
    starts = np.flatnonzero(start)
    word_id = np.cumsum(start) - 1
    in_word = np.flatnonzero(word)
    n_all = len(starts)
    word_len = np.bincount(word_id[in_word], minlength=n_all)
    not_lower = np.bincount(word_id[in_word], weights=~lower[in_word], minlength=n_all)
    word_line = line_of[starts]
    first_alpha = alpha[starts]
    all_lower = first_alpha & (not_lower == 0)

    def per_line_words(flags: npt.NDArray[np.bool_] | npt.NDArray[np.int64]) -> FloatArray:
        return np.bincount(word_line, weights=flags, minlength=n).astype(np.float64)

    line_starts = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]])
    sums = np.add.reduceat(
        np.column_stack([alpha, upper, digit, codes == 32, codes == 44, cjk_mask]).astype(
            np.float64
        ),
        line_starts,
        axis=0,
    )
    word_sums = np.zeros((n, 6))
    if n_all:
        word_cols = np.column_stack(
            [np.ones(n_all), word_len, first_alpha, upper[starts], all_lower]
        ).astype(np.float64)
        word_cols = np.column_stack([word_cols, word_cols[:, 4] * (word_len <= 3)])
        np.add.at(word_sums, word_line, word_cols)
    return _CharStats(
        chars=lengths.astype(np.float64),
        letters=sums[:, 0],
        uppers=sums[:, 1],
        digits=sums[:, 2],
        spaces=sums[:, 3],
        commas=sums[:, 4],
        cjk=sums[:, 5],
        words=word_sums[:, 0],
        word_chars=word_sums[:, 1],
        alpha_words=word_sums[:, 2],
        upper_words=word_sums[:, 3],
        lower_words=word_sums[:, 4],
        lower_short_words=word_sums[:, 5],
    )


def _pattern_features(text: str, n_words: int, digits: float) -> tuple[float, ...]:
    """The features that need regular expressions, for one line.

    Cheap substring tests gate the costlier patterns; dates, clock times, calls to action and
    separators only matter on short lines (page furniture), not inside paragraphs.
    """
    low = text.lower()
    short = n_words <= 40
    last = text[-1]
    core = text.rstrip(_CLOSERS)
    return (
        float(bool(core) and core[-1] in _TERMINALS),
        float(last == ":"),
        float(_BULLET.match(text) is not None),
        float(len(_INNER_SENTENCE.findall(text))),
        float(short and _has_any(text, _SEPARATOR_CHARS) and _SEPARATOR.search(text) is not None),
        float(
            ("\u00a9" in text or "copyright" in low or "rights reserved" in low or "(c)" in low)
            and _COPYRIGHT.search(text) is not None
        ),
        float(_has_any(low, _URL_HINTS) and _URLISH.search(text) is not None),
        float(
            n_words <= 80
            and (last == ")" or _has_any(low, _CREDIT_HINTS))
            and CREDIT.search(text) is not None
        ),
        float(short and READ_TIME.match(text) is not None),
        float(short and digits > 0 and _CLOCK.search(text) is not None),
        float(
            short and (digits > 0 or _has_any(low, _DATE_WORDS)) and _DATE.search(text) is not None
        ),
        _call_to_action_count(text, low) if n_words <= 25 else 0.0,
        float(n_words <= 8 and COUNTER.match(text) is not None),
        float(_QUOTE_START.match(text) is not None),
        float(text.endswith(("...", "\u2026"))),
        float(last == ")"),
    )


def _call_to_action_count(text: str, low: str) -> float:
    if _CTA_FIRST_WORDS.isdisjoint(_WORD.findall(low)):
        return 0.0
    return float(len(CALL_TO_ACTION.findall(text)))


_PATTERN_FEATURES = (
    "sentence_end",
    "colon_end",
    "bullet",
    "inner_sentences",
    "separator",
    "copyright",
    "urlish",
    "credit",
    "read_time",
    "clock",
    "date",
    "call_to_action",
    "counter",
    "quote",
    "ellipsis_end",
    "paren_end",
)


def base_feature_matrix(texts: Sequence[str]) -> FloatArray:
    """(lines x BASE_FEATURES) for the lines of one document (repetition columns left at 0)."""
    n = len(texts)
    st = _char_stats(texts)
    out = np.zeros((n, len(BASE_FEATURES)))
    col = {name: i for i, name in enumerate(BASE_FEATURES)}
    words = st.words
    safe_words = np.maximum(words, 1.0)
    alpha_words = np.maximum(st.alpha_words, 1.0)
    punct = st.chars - st.letters - st.digits - st.spaces
    out[:, col["log_words"]] = np.log1p(words)
    out[:, col["log_chars"]] = np.log1p(st.chars)
    out[:, col["mean_word_len"]] = np.where(words > 0, st.word_chars / safe_words, 0.0)
    out[:, col["title_case"]] = np.minimum(st.upper_words / alpha_words, 1.0)
    out[:, col["upper_ratio"]] = np.where(
        st.letters > 0, st.uppers / np.maximum(st.letters, 1), 0.0
    )
    out[:, col["digit_ratio"]] = st.digits / st.chars
    out[:, col["punct_ratio"]] = np.maximum(punct, 0.0) / st.chars
    out[:, col["comma_rate"]] = st.commas / safe_words
    out[:, col["lower_short_ratio"]] = np.minimum(st.lower_short_words / alpha_words, 1.0)
    out[:, col["lower_ratio"]] = np.minimum(st.lower_words / alpha_words, 1.0)
    out[:, col["cjk_ratio"]] = st.cjk / st.chars
    out[:, col["starts_upper"]] = [float(t[0].isupper()) for t in texts]
    out[:, col["starts_digit"]] = [float(t[0].isdigit()) for t in texts]
    patterns = np.array(
        [
            _pattern_features(t, int(w), d)
            for t, w, d in zip(texts, words.tolist(), st.digits.tolist(), strict=True)
        ]
    )
    out[:, [col[name] for name in _PATTERN_FEATURES]] = patterns
    return out


_LOG_WORDS = BASE_FEATURES.index("log_words")
_SENT = BASE_FEATURES.index("sentence_end")
_TITLE = BASE_FEATURES.index("title_case")
_CTA = BASE_FEATURES.index("call_to_action")
# Signs of comment threads and link lists around a line: dates, clock times, "X says:" lines.
_FURNITURE = list(
    BASE_FEATURES.index(n)
    for n in ("date", "clock", "colon_end", "credit", "call_to_action", "urlish")
)
_FURNITURE_WINDOWS = (3, 10)
_NEIGHBOUR_COLS = [_LOG_WORDS, _SENT, _TITLE, _CTA]
_CJK_RATIO = BASE_FEATURES.index("cjk_ratio")
_LOG_60 = math.log1p(60)

_LOG_CHARS = BASE_FEATURES.index("log_chars")

_NEIGHBOUR_OFFSETS = (-3, -2, -1, 1, 2, 3)
_WINDOWS = (2, 5, 15)

CONTEXT_FEATURES: tuple[str, ...] = (
    *(
        f"n{o:+d}_{name}"
        for o in _NEIGHBOUR_OFFSETS
        for name in ("log_words", "sentence_end", "title_case", "cta")
    ),
    *(f"w{w}_mean_log_words" for w in _WINDOWS),
    *(f"w{w}_long_fraction" for w in _WINDOWS),
    *(f"w{w}_sentence_fraction" for w in _WINDOWS),
    *(f"w{w}_{BASE_FEATURES[k]}" for w in _FURNITURE_WINDOWS for k in _FURNITURE),
    *(f"n{o:+d}_{name}" for o in (-2, -1, 1, 2) for name in ("date", "clock", "colon_end")),
    "rel_pos",
    "log_lines_before",
    "log_lines_after",
    "mass_before",
    "short_run",
    "long_run",
    "in_core_10",
    "dist_core_10",
    "in_core_4",
    "dist_core_4",
    "dist_peak",
    "between_long",
    "long_before",
    "long_after",
    "doc_log_lines",
    "doc_long_fraction",
    "doc_log_words",
)
TEXT_FEATURES: tuple[str, ...] = BASE_FEATURES + CONTEXT_FEATURES


def _shift(values: FloatArray, offset: int, fill: float) -> FloatArray:
    """values[i + offset] for each i, ``fill`` beyond the ends."""
    out = np.full_like(values, fill)
    n = len(values)
    if offset > 0 and offset < n:
        out[: n - offset] = values[offset:]
    elif offset < 0 and -offset < n:
        out[-offset:] = values[: n + offset]
    return out


def _shift_matrix(values: FloatArray, offset: int, fill: float) -> FloatArray:
    """Rows values[i + offset] for each i (all columns at once), ``fill`` beyond the ends."""
    out = np.full_like(values, fill)
    n = values.shape[0]
    if 0 < offset < n:
        out[: n - offset] = values[offset:]
    elif 0 < -offset < n:
        out[-offset:] = values[: n + offset]
    return out


def _window_mean_matrix(values: FloatArray, radius: int) -> FloatArray:
    """Mean of each column over rows i-radius..i+radius (clipped at the ends)."""
    n = values.shape[0]
    padded = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)])
    idx = np.arange(n)
    lo = np.maximum(idx - radius, 0)
    hi = np.minimum(idx + radius + 1, n)
    return np.asarray((padded[hi] - padded[lo]) / (hi - lo)[:, None], dtype=np.float64)


def _window_means(values: FloatArray, radii: Sequence[int]) -> dict[int, FloatArray]:
    """Window means of every column for several radii, from one cumulative sum."""
    n = values.shape[0]
    padded = np.vstack([np.zeros((1, values.shape[1])), np.cumsum(values, axis=0)])
    idx = np.arange(n)
    out: dict[int, FloatArray] = {}
    for radius in radii:
        lo = np.maximum(idx - radius, 0)
        hi = np.minimum(idx + radius + 1, n)
        out[radius] = (padded[hi] - padded[lo]) / (hi - lo)[:, None]
    return out


def _window_mean(values: FloatArray, radius: int) -> FloatArray:
    padded = np.concatenate([[0.0], np.cumsum(values)])
    n = len(values)
    idx = np.arange(n)
    lo = np.maximum(idx - radius, 0)
    hi = np.minimum(idx + radius + 1, n)
    return np.asarray((padded[hi] - padded[lo]) / (hi - lo), dtype=np.float64)


def _run_lengths(mask: npt.NDArray[np.bool_]) -> FloatArray:
    """For each position, the length of the run of equal mask values containing it."""
    n = len(mask)
    if n == 0:
        return np.zeros(0)
    bounds = np.concatenate([[0], np.flatnonzero(mask[1:] != mask[:-1]) + 1, [n]])
    lengths = np.diff(bounds)
    return np.repeat(lengths, lengths).astype(np.float64)


def max_segment(scores: FloatArray) -> tuple[int, int]:
    """Bounds [lo, hi) of the contiguous run with the largest sum (Kadane); (0, 0) if none > 0."""
    best, best_lo, best_hi = 0.0, 0, 0
    current, lo = 0.0, 0
    for i, value in enumerate(scores.tolist()):
        if current <= 0.0:
            current, lo = value, i
        else:
            current += value
        if current > best:
            best, best_lo, best_hi = current, lo, i + 1
    return best_lo, best_hi


def _segment_features(n: int, lo: int, hi: int) -> tuple[FloatArray, FloatArray]:
    idx = np.arange(n)
    inside = ((idx >= lo) & (idx < hi)).astype(np.float64)
    dist = np.where(idx < lo, lo - idx, np.where(idx >= hi, idx - hi + 1, 0)).astype(np.float64)
    return inside, np.log1p(dist)


def text_feature_matrix(
    texts: Sequence[str],
    *,
    repeated_lines: frozenset[str] = frozenset(),
) -> FloatArray:
    """The (lines x TEXT_FEATURES) matrix for the lines of one document."""
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(TEXT_FEATURES)))
    base = base_feature_matrix(texts)
    # Long lines are compared as they are (normalising long paragraphs costs more than it finds).
    keys = [
        normalise_line(t) if w <= _LOG_60 else t
        for t, w in zip(texts, base[:, _LOG_WORDS].tolist(), strict=True)
    ]
    counts = Counter(keys)
    base[:, -2] = [float(len(k) > 0 and counts[k] > 1) for k in keys]
    base[:, -1] = [float(k in repeated_lines) for k in keys]

    log_words = base[:, _LOG_WORDS]
    n_words = np.expm1(log_words)
    sentence = base[:, _SENT]
    # CJK text has few \w tokens per sentence: count characters as words there.
    cjk = base[:, _CJK_RATIO] > 0.3
    chars = np.expm1(base[:, _LOG_CHARS])
    eff_words = np.where(cjk, chars / 2.0, n_words)
    long_line = (eff_words >= 15).astype(np.float64)

    # Few large numpy operations rather than many small ones: per-call overhead dominates on
    # articles of twenty lines.
    columns: list[FloatArray] = []
    neighbour_cols = base[:, _NEIGHBOUR_COLS]
    columns.extend(_shift_matrix(neighbour_cols, o, -1.0) for o in _NEIGHBOUR_OFFSETS)
    windowed = np.column_stack(
        [np.log1p(eff_words), long_line, sentence, np.minimum(base[:, _FURNITURE], 1.0)]
    )
    means = _window_means(windowed, (*_WINDOWS, *_FURNITURE_WINDOWS))
    columns.extend(means[w][:, [k]] for k in range(3) for w in _WINDOWS)
    columns.extend(means[w][:, 3:] for w in _FURNITURE_WINDOWS)
    columns.extend(_shift_matrix(base[:, _FURNITURE[:3]], o, 0.0) for o in (-2, -1, 1, 2))

    idx = np.arange(n, dtype=np.float64)
    mass = np.cumsum(eff_words) - eff_words
    total = float(eff_words.sum()) or 1.0
    short = eff_words < 6
    cum_long = np.cumsum(long_line)
    long_idx = np.flatnonzero(long_line)
    if len(long_idx):
        between = ((idx >= long_idx[0]) & (idx <= long_idx[-1])).astype(np.float64)
    else:
        between = np.zeros(n)
    segments: list[FloatArray] = []
    for cost in (10.0, 4.0):
        lo, hi = max_segment(eff_words - cost)
        segments.extend(_segment_features(n, lo, hi))
    peak = float(np.argmax(_window_mean_matrix(eff_words[:, None], 5)[:, 0]))
    tail = np.column_stack(
        [
            idx / max(n - 1, 1),
            np.log1p(idx),
            np.log1p(n - 1 - idx),
            mass / total,
            np.log1p(_run_lengths(short) * short),
            np.log1p(_run_lengths(long_line > 0) * long_line),
            *segments,
            np.log1p(np.abs(idx - peak)),
            between,
            np.log1p(cum_long - long_line),
            np.log1p(cum_long[-1] - cum_long),
            np.full(n, np.log1p(n)),
            np.full(n, float(long_line.mean())),
            np.full(n, np.log1p(total)),
        ]
    )
    return np.hstack([base, *columns, tail])


CASCADE_FEATURES: tuple[str, ...] = (
    "p",
    *(f"p{o:+d}" for o in (-3, -2, -1, 1, 2, 3)),
    "p_w2",
    "p_w5",
    "p_w15",
    "p_max_before5",
    "p_max_after5",
    "p_mean_before",
    "p_mean_after",
    "p_in_core",
    "p_dist_core",
    "p_rank",
)


def cascade_feature_matrix(prob: FloatArray) -> FloatArray:
    """Features of the previous stage's probabilities around each line (a cheap CRF stand-in)."""
    n = len(prob)
    if n == 0:
        return np.zeros((0, len(CASCADE_FEATURES)))
    columns: list[FloatArray] = [prob]
    columns.extend(_shift(prob, o, 0.0) for o in (-3, -2, -1, 1, 2, 3))
    columns.extend(_window_mean(prob, w) for w in _WINDOWS)
    before = np.zeros(n)
    after = np.zeros(n)
    for o in range(1, 6):
        before = np.maximum(before, _shift(prob, -o, 0.0))
        after = np.maximum(after, _shift(prob, o, 0.0))
    columns.extend((before, after))
    cum = np.cumsum(prob)
    idx = np.arange(n, dtype=np.float64)
    columns.append(np.where(idx > 0, (cum - prob) / np.maximum(idx, 1.0), 0.0))
    columns.append(np.where(idx < n - 1, (cum[-1] - cum) / np.maximum(n - 1 - idx, 1.0), 0.0))
    lo, hi = max_segment(prob - 0.5)
    inside, dist = _segment_features(n, lo, hi)
    columns.extend((inside, dist))
    order = np.argsort(-prob, kind="stable")
    rank = np.empty(n)
    rank[order] = np.arange(n)
    columns.append(rank / max(n - 1, 1))
    return np.column_stack(columns)
