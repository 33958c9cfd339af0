"""Choosing each metadata value from its candidates, keeping where it came from."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from newsweave.models import DateValue, Field
from newsweave.stages.clean.dateparse import parse_date_string

EARLIEST_WEB_DATE = date(1990, 1, 1)


def first_field(candidates: Iterable[tuple[str | None, str, float]]) -> Field | None:
    """The first candidate with a value: candidates come in order of trust."""
    for value, source, confidence in candidates:
        if value and value.strip():
            return Field(" ".join(value.split()), source, confidence)
    return None


def outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def date_candidate(
    value: str | None, source: str, confidence: float, now: datetime
) -> DateValue | None:
    """A parsed date with its flag set when it cannot be a web article's publication date."""
    if not value:
        return None
    parsed = parse_date_string(value)
    if parsed is None:
        return None
    return DateValue(
        parsed, source, confidence, evidence=value.strip()[:200], flag=implausibility(parsed, now)
    )


def implausibility(iso: str, now: datetime) -> str | None:
    """``future`` (after the ingest time), ``before-1990`` (before the web), or None."""
    day = date.fromisoformat(iso[:10])
    # A day of slack: a date-only value in another time zone may already be "tomorrow".
    if day > (now + timedelta(days=1)).date():
        return "future"
    if day < EARLIEST_WEB_DATE:
        return "before-1990"
    return None


def choose_date(candidates: Iterable[DateValue | None]) -> DateValue | None:
    """The most trusted plausible candidate (ties: the earlier in the list)."""
    best: DateValue | None = None
    for candidate in candidates:
        if candidate is None or candidate.flag is not None:
            continue
        if best is None or candidate.confidence > best.confidence:
            best = candidate
    return best
