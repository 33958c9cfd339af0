"""Dates written in news text ("on Oct. 3", "June 4, 2024", "on Sunday"), resolved to days.

Only patterns that name a day are kept: a month and year alone ("in January 2009") places an
event too loosely to tell two events apart. A mention without a year takes the year that puts
it closest to the publication date (news reports past events far more than future ones, so a
date up to a week after publication is allowed, not more); without a publication date the
year stays unknown and the mention is kept partial.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsweave.models.stories import DateMention

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_MONTH_FIRST = re.compile(
    _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_DAY_FIRST = re.compile(
    r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?"
    + _MONTH
    + r"\b(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?"
)
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(
    r"\b(?:on\s+|last\s+)?(?P<weekday>(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
)
_RELATIVE = re.compile(r"\b(?P<word>yesterday|today|tonight|last night|tomorrow)\b", re.IGNORECASE)
_RELATIVE_DAYS = {"yesterday": -1, "last night": -1, "today": 0, "tonight": 0, "tomorrow": 1}

# A date this far after publication is an announcement of a future event, not the report's own.
MAX_DAYS_AFTER_PUBLICATION = 7


def find_date_mentions(text: str, published: date | None) -> list[DateMention]:
    """Day-precise date mentions in ``text`` in reading order, resolved where possible."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_ISO, _MONTH_FIRST, _DAY_FIRST):
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _calendar_mention(match, published)
            if mention is not None:
                found.append(mention)
                taken.append((match.start(), match.end()))
    for match in _WEEKDAY.finditer(text):
        weekday = _WEEKDAYS.index(match["weekday"].lower())
        resolved = _last_weekday(published, weekday) if published else None
        found.append(_mention(match, "weekday", None, None, None, resolved))
    for match in _RELATIVE.finditer(text):
        offset = _RELATIVE_DAYS[match["word"].lower()]
        resolved = published + timedelta(days=offset) if published else None
        found.append(_mention(match, "relative", None, None, None, resolved))
    found.sort(key=lambda m: m.start)
    return found


def resolve_year(month: int, day: int, anchor: date) -> date | None:
    """The day ``month``/``day`` nearest before ``anchor`` (or at most a week after it)."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        value = _safe_date(year, month, day)
        if value is not None and (value - anchor).days <= MAX_DAYS_AFTER_PUBLICATION:
            candidates.append(value)
    return max(candidates) if candidates else None


def month_day_distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Days between two month/day pairs in the nearest year alignment (0..183)."""
    base_a = _safe_date(2001, a[0], min(a[1], 28 if a[0] == 2 else a[1]))
    base_b = _safe_date(2001, b[0], min(b[1], 28 if b[0] == 2 else b[1]))
    if base_a is None or base_b is None:
        return 0
    days = abs((base_a - base_b).days)
    return min(days, 365 - days)


def _calendar_mention(match: re.Match[str], published: date | None) -> DateMention | None:
    month = _month_number(match["month"])
    day = int(match["day"])
    year = int(match["year"]) if match["year"] else None
    if not 1 <= day <= 31:
        return None
    if year is not None:
        resolved = _safe_date(year, month, day)
        if resolved is None:
            return None
        return _mention(match, "full", month, day, year, resolved)
    if _safe_date(2000, month, day) is None:  # 2000 is a leap year: Feb 29 passes
        return None
    resolved = resolve_year(month, day, published) if published else None
    return _mention(match, "month-day", month, day, None, resolved)


def _month_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    return _MONTHS[text[:3].lower()]


def _mention(
    match: re.Match[str],
    kind: str,
    month: int | None,
    day: int | None,
    year: int | None,
    resolved: date | None,
) -> DateMention:
    return DateMention(
        text=match.group(),
        start=match.start(),
        end=match.end(),
        kind=kind,
        month=month,
        day=day,
        year=year,
        resolved=resolved,
    )


def _last_weekday(published: date, weekday: int) -> date:
    """The latest ``weekday`` on or before ``published`` (news says "on Sunday" of the past)."""
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
