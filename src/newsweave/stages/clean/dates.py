"""Date mentions in article text, resolved against the publication date.

A mention is absolute ("June 4, 2024", "2024-06-04"), year-less ("Oct. 3", "3 October"),
a month or a year ("March 2025", "in 2022"), or relative ("on Wednesday", "yesterday",
"last autumn", "this month", "three weeks ago"). Each resolves to a date range (first and last
day) when a reference allows it; otherwise it stays unresolved rather than guessed.

Only clean text is searched, so dates in captions, bios and related headlines (removed before
this runs) can never become event dates. They may still bound the publication date from below:
a photo is taken before the article that uses it. That bound is how a year-less date is placed
when the publication date is unknown.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}  # fmt: skip
# Meteorological seasons (northern hemisphere): first month and length in months.
SEASONS = {"spring": (3, 3), "summer": (6, 3), "autumn": (9, 3), "fall": (9, 3), "winter": (12, 3)}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?:(?:" + "|".join(WEEKDAYS) + r"),?\s+)?"

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}(?:,\s*|\s+){_YEAR}\b", re.I)),
    ("dmy", re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("md", re.compile(rf"\b{_WEEKDAY}{_MONTH}\s+{_DAY}\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?!:)", re.I)),
    ("dm", re.compile(rf"\b{_WEEKDAY}{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!,?\s+(?:19|20)\d\d)", re.I)),
    ("my", re.compile(rf"\b{_MONTH}\s+(?:of\s+)?{_YEAR}\b", re.I)),
    (
        "season_year",
        re.compile(
            r"\b(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)\s+(?:of\s+)?"
            r"(?P<year>(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    (
        "relative_season",
        re.compile(
            r"\b(?P<which>last|this|next|past)\s+(?P<season>spring|summer|autumn|fall|winter)\b",
            re.I,
        ),
    ),
    (
        "relative_unit",
        re.compile(
            r"\b(?P<which>(?:earlier|later)\s+this|last|this|next|past)\s+(?P<unit>week|month|year)\b",
            re.I,
        ),
    ),
    (
        "ago",
        re.compile(
            r"\b(?P<count>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
            r"\s+(?P<unit>day|week|month|year)s?\s+ago\b",
            re.I,
        ),
    ),
    ("day_word", re.compile(r"\b(?P<word>yesterday|today|tomorrow|tonight)\b", re.I)),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<which>last|next|this|on|since|until|by)\s+)?"
            r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
        ),
    ),
    (
        "year",
        re.compile(
            r"\b(?P<prep>in|since|by|until|from|during|of|before|after|early|late|mid-?)\s+"
            r"(?:the\s+(?:year\s+)?)?(?P<year>(?:19|20)\d\d)\b(?!-\d)",
            re.I,
        ),
    ),
)
_YEAR_PATTERN = dict(_PATTERNS)["year"]
# Python's regex engine is several times slower with IGNORECASE: the case-blind patterns (all
# written in lower case) also run case-sensitively over the lower-cased text, which gives the
# same matches at the same offsets whenever lower-casing keeps the text's length.
_LOWERED: tuple[tuple[str, re.Pattern[str], bool], ...] = tuple(
    (kind, re.compile(p.pattern, p.flags & ~re.I), True) if p.flags & re.I else (kind, p, False)
    for kind, p in _PATTERNS
)
_CASE_BLIND = tuple((kind, p, False) for kind, p in _PATTERNS)
# Words a pattern cannot match without (searched in the lower-cased text): a substring test is
# a hundred times cheaper than a regex scan, and most articles lack most of these words.
_YEARISH = re.compile(r"(?:19|20)\d\d")
_SEASON_WORDS = ("spring", "summer", "autumn", "fall", "winter")
_NEEDS_WORDS: dict[str, tuple[str, ...]] = {
    "season_year": _SEASON_WORDS,
    "relative_season": _SEASON_WORDS,
    "relative_unit": ("week", "month", "year"),
    "ago": ("ago",),
    "day_word": ("yesterday", "today", "tomorrow", "tonight"),
    "weekday": tuple(WEEKDAYS),
}
_NEEDS_YEAR = frozenset({"iso", "mdy", "dmy", "my", "season_year", "year"})
# The words a match of each pattern can begin with (``_DIGIT``: a number), all followed by a word
# boundary. One scan of the lower-cased text for the words of the patterns a text may hold
# finds the places worth trying, and each pattern is tried only there (``match`` at the place)
# instead of being run over every character: the same matches, in about a third of the time.
_DIGIT = "#"
_STARTS: dict[str, frozenset[str]] = {
    "iso": frozenset({_DIGIT}),
    "mdy": frozenset(WEEKDAYS) | frozenset(MONTHS),
    "dmy": frozenset(WEEKDAYS) | {_DIGIT},
    "md": frozenset(WEEKDAYS) | frozenset(MONTHS),
    "dm": frozenset(WEEKDAYS) | {_DIGIT},
    "my": frozenset(MONTHS),
    "season_year": frozenset(SEASONS) | {"the"},
    "relative_season": frozenset({"last", "this", "next", "past"}),
    "relative_unit": frozenset({"earlier", "later", "last", "this", "next", "past"}),
    "ago": frozenset(NUMBERS) | {_DIGIT},
    "day_word": frozenset({"yesterday", "today", "tomorrow", "tonight"}),
    "weekday": frozenset(WEEKDAYS) | {"last", "next", "this", "on", "since", "until", "by"},
    "year": frozenset(
        {"in", "since", "by", "until", "from", "during", "of", "before", "after", "early"}
        | {"late", "mid"}
    ),
}
# Where the clause of a date mention starts: after sentence or clause punctuation, or after the
# end of a quotation ("... will have an impact," Okafor said Wednesday: the quote's tense is not
# the report's).
_CLAUSE_START = re.compile(r"[.;!?,][\"'”’»]*\s|[”»]\s")
_FUTURE = re.compile(
    r"\b(?:will|shall)\b|'ll\b|\b(?:is|are) (?:due|set|expected|scheduled|going|planned) to\b|"
    r"\b(?:plans?|intends?) to\b",
    re.I,
)


Maker = Callable[[str, "date | None", "date | None", str, float], "DateMention"]


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression at ``[start, end)`` of a text and what it resolves to.

    ``first``/``last`` bound the range (equal for a single day); both are None when the
    mention could not be resolved. ``granularity``: day, week, month, season, year.
    ``basis`` says what the resolution relied on: the text itself, the publication date, or a
    lower bound from other dated evidence.
    """

    start: int
    end: int
    text: str
    kind: str
    granularity: str
    first: date | None
    last: date | None
    basis: str
    confidence: float

    @property
    def resolved(self) -> bool:
        return self.first is not None

    @property
    def value(self) -> str | None:
        """ISO date for a day, ``YYYY-MM`` for a month, ``YYYY`` for a year, else a range."""
        if self.first is None or self.last is None:
            return None
        if self.first == self.last:
            return self.first.isoformat()
        whole_months = self.first.day == 1 and self.last == _month_end(
            self.last.year, self.last.month
        )
        if whole_months and (self.first.year, self.first.month) == (
            self.last.year,
            self.last.month,
        ):
            return self.first.isoformat()[:7]
        if (
            whole_months
            and (self.first.month, self.last.month) == (1, 12)
            and self.first.year == self.last.year
        ):
            return str(self.first.year)
        return f"{self.first.isoformat()}/{self.last.isoformat()}"


def find_date_mentions(
    text: str, *, reference: date | None = None, lower_bound: date | None = None
) -> list[DateMention]:
    """Every date expression in ``text``, longest match first, resolved where possible.

    ``reference`` is the publication date (relative and year-less dates hang on it);
    ``lower_bound`` a day the article cannot predate, used when ``reference`` is missing.
    """
    taken: list[tuple[int, int]] = []
    mentions: list[DateMention] = []
    lowered = text.lower()
    has_year = _YEARISH.search(text) is not None
    kinds = tuple(
        kind
        for kind, _ in _PATTERNS
        if (kind not in _NEEDS_YEAR or has_year) and _has_any(lowered, _NEEDS_WORDS.get(kind))
    )
    for kind, match in _matches(text, lowered, kinds):
        start, end = match.span()
        if any(start < e and s < end for s, e in taken):
            continue
        future = _future_tense(text, start)
        mention = _resolve(kind, match, text[start:end], reference, lower_bound, future)
        if mention is None:
            continue
        taken.append((start, end))
        mentions.append(mention)
    return sorted(mentions, key=lambda m: (m.start, m.end))


def _matches(
    text: str, lowered: str, kinds: tuple[str, ...]
) -> Iterator[tuple[str, re.Match[str]]]:
    """What each pattern of ``kinds`` finds, pattern by pattern in order, left to right: what
    ``finditer`` would find, tried only where one of the pattern's first words stands."""
    if not kinds:
        return
    if len(lowered) != len(text):
        # Lower-casing moved offsets: the case-blind patterns over the text as written.
        for kind, pattern, _ in _CASE_BLIND:
            if kind in kinds:
                for match in pattern.finditer(text):
                    yield kind, match
        return
    scan, kinds_of = _start_scan(kinds)
    places: dict[str, list[int]] = {kind: [] for kind in kinds}
    for word in scan.finditer(lowered):
        for kind in kinds_of.get(word[0]) or kinds_of[_DIGIT]:
            places[kind].append(word.start())
    for kind, pattern, on_lower in _LOWERED:
        if kind not in places:
            continue
        subject, end = (lowered if on_lower else text), 0
        for place in places[kind]:
            # Past the end of the last match only, as ``finditer`` goes on.
            found = pattern.match(subject, place) if place >= end else None
            if found is not None:
                end = found.end()
                yield kind, found


@cache
def _start_scan(kinds: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """A pattern finding every first word of the patterns ``kinds``, and which patterns each
    such word (``_DIGIT`` for a number) can begin."""
    words = sorted({w for kind in kinds for w in _STARTS[kind]} - {_DIGIT})
    kinds_of = {
        word: tuple(kind for kind in kinds if word in _STARTS[kind]) for word in [*words, _DIGIT]
    }
    alternatives = [r"\d"] if kinds_of[_DIGIT] else []
    if words:
        alternatives.append(r"(?:" + "|".join(words) + r")\b")
    return re.compile(r"\b(?:" + "|".join(alternatives) + ")"), kinds_of


def _has_any(text: str, words: tuple[str, ...] | None) -> bool:
    return words is None or any(word in text for word in words)


def date_key(mention: DateMention) -> str | None:
    """What two mentions must share to name the same day: the resolved value, else, for a
    year-less date, its month and day in ISO 8601's ``--MM-DD`` form."""
    if mention.value is not None:
        return mention.value
    if mention.kind in {"md", "dm"}:
        month = next(
            (MONTHS[w] for w in re.findall(r"[a-z]+", mention.text.lower()) if w in MONTHS), None
        )
        day = re.search(r"\d{1,2}", mention.text)
        if month is not None and day is not None:
            return f"--{month:02d}-{int(day.group()):02d}"
    return None


def year_evidence(text: str) -> date | None:
    """January 1 of the latest year the text mentions (a weak lower bound on publication)."""
    years = [int(m.group("year")) for m in _YEAR_PATTERN.finditer(text)]
    return date(max(years), 1, 1) if years else None


def _future_tense(text: str, start: int) -> bool:
    """Whether the clause before ``start`` speaks of the future ("will meet on Friday")."""
    clause = _CLAUSE_START.split(text[max(0, start - 120) : start])[-1]
    return _FUTURE.search(clause) is not None


def _resolve(
    kind: str,
    match: re.Match[str],
    written: str,
    reference: date | None,
    lower_bound: date | None,
    future: bool = False,
) -> DateMention | None:
    groups = match.groupdict()
    start, end = match.span()

    def make(
        granularity: str, first: date | None, last: date | None, basis: str, confidence: float
    ) -> DateMention:
        return DateMention(start, end, written, kind, granularity, first, last, basis, confidence)

    if kind in {"iso", "mdy", "dmy"}:
        month = int(groups["mnum"]) if kind == "iso" else MONTHS[groups["month"].lower()]
        day = _safe_date(int(groups["year"]), month, int(groups["day"]))
        return None if day is None else make("day", day, day, "text", 0.95)
    if kind in {"md", "dm"}:
        return _yearless(
            make, MONTHS[groups["month"].lower()], int(groups["day"]), reference, lower_bound
        )
    if kind == "my":
        year, month = int(groups["year"]), MONTHS[groups["month"].lower()]
        return make("month", date(year, month, 1), _month_end(year, month), "text", 0.9)
    if kind == "season_year":
        first, last = _season(groups["season"].lower(), int(groups["year"]))
        return make("season", first, last, "text", 0.85)
    if kind == "year":
        year = int(groups["year"])
        return make("year", date(year, 1, 1), date(year, 12, 31), "text", 0.9)
    if reference is None:
        # A relative expression without a publication date stays unresolved.
        return make(_granularity(kind, groups), None, None, "unresolved", 0.0)
    return _relative(make, kind, groups, reference, future)


def _yearless(
    make: Maker, month: int, day: int, reference: date | None, lower_bound: date | None
) -> DateMention | None:
    if not 1 <= day <= 31:
        return None
    if reference is not None:
        # News refers mostly to the recent past and the near future: the nearest occurrence,
        # with the future weighed double, decides the year.
        options = [
            d
            for y in (reference.year - 1, reference.year, reference.year + 1)
            if (d := _safe_date(y, month, day)) is not None
        ]
        if not options:
            return None
        best = min(options, key=lambda d: abs((d - reference).days) * (2 if d > reference else 1))
        return make("day", best, best, "publication-date", 0.8)
    if lower_bound is not None:
        for year in (lower_bound.year, lower_bound.year + 1):
            candidate = _safe_date(year, month, day)
            if candidate is not None and candidate >= lower_bound:
                return make("day", candidate, candidate, "lower-bound", 0.5)
    if _safe_date(2000, month, day) is None:
        return None
    return make("day", None, None, "unresolved", 0.0)


def _relative(
    make: Maker, kind: str, groups: dict[str, str], reference: date, future: bool = False
) -> DateMention | None:
    which = (groups.get("which") or "").lower()
    if kind == "day_word":
        offset = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[groups["word"].lower()]
        day = reference + timedelta(days=offset)
        return make("day", day, day, "publication-date", 0.9)
    if kind == "weekday":
        target = WEEKDAYS[groups["weekday"].lower()]
        back = (reference.weekday() - target) % 7
        if which == "next" or (future and which != "last"):
            day = reference + timedelta(days=(target - reference.weekday()) % 7 or 7)
        elif which == "last":
            day = reference - timedelta(days=back or 7)
        else:
            # "Okafor said Wednesday": news reports the past, so the latest such day up to today.
            day = reference - timedelta(days=back)
        return make("day", day, day, "publication-date", 0.85)
    if kind == "relative_unit":
        return _relative_unit(make, which, groups["unit"].lower(), reference)
    if kind == "relative_season":
        season = groups["season"].lower()
        first, last = _season(season, reference.year)
        if which in {"last", "past"}:
            while last >= reference:
                first, last = _season(season, first.year - 1)
        elif which == "next":
            while first <= reference:
                first, last = _season(season, first.year + 1)
        return make("season", first, last, "publication-date", 0.75)
    if kind == "ago":
        raw = groups["count"].lower()
        count = int(raw) if raw.isdigit() else NUMBERS[raw]
        unit = groups["unit"].lower()
        if unit == "day":
            day = reference - timedelta(days=count)
            return make("day", day, day, "publication-date", 0.8)
        if unit == "week":
            day = reference - timedelta(weeks=count)
            return make(
                "week", day - timedelta(days=3), day + timedelta(days=3), "publication-date", 0.6
            )
        if unit == "month":
            year, month = _add_months(reference.year, reference.month, -count)
            return make(
                "month", date(year, month, 1), _month_end(year, month), "publication-date", 0.6
            )
        year = reference.year - count
        return make("year", date(year, 1, 1), date(year, 12, 31), "publication-date", 0.6)
    return None


def _relative_unit(make: Maker, which: str, unit: str, reference: date) -> DateMention:
    step = {"last": -1, "past": -1, "next": 1}.get(which, 0)
    if unit == "week":
        monday = reference - timedelta(days=reference.weekday()) + timedelta(weeks=step)
        first, last = monday, monday + timedelta(days=6)
    elif unit == "month":
        year, month = _add_months(reference.year, reference.month, step)
        first, last = date(year, month, 1), _month_end(year, month)
    else:
        year = reference.year + step
        first, last = date(year, 1, 1), date(year, 12, 31)
    if which.startswith("earlier"):
        last = min(last, reference)
    elif which.startswith("later"):
        first = max(first, reference)
    return make(unit, first, last, "publication-date", 0.75)


def _granularity(kind: str, groups: dict[str, str]) -> str:
    if kind in {"weekday", "day_word"}:
        return "day"
    if kind == "relative_season":
        return "season"
    return (groups.get("unit") or "day").lower()


def _season(season: str, year: int) -> tuple[date, date]:
    month, length = SEASONS[season]
    end_year, end_month = _add_months(year, month, length - 1)
    return date(year, month, 1), _month_end(end_year, end_month)


def _add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
