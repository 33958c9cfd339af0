"""Turning date strings from metadata (ISO 8601, RFC 2822, epochs, plain forms) into ISO 8601."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EPOCH = re.compile(r"^\d{9,13}$")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")


def parse_date_string(value: str) -> str | None:
    """An ISO 8601 date (``2025-03-26``) or date-time, or None when ``value`` is not a date.

    A value without a time stays a date: inventing midnight would be a false precision.
    """
    value = value.strip()
    if not value:
        return None
    if _ISO_DATE.match(value):
        return value if _valid(value) else None
    if _EPOCH.match(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, UTC).isoformat()
    parsed = _parse(value)
    if parsed is None:
        return None
    if not _HAS_TIME.search(value):
        return parsed.date().isoformat()
    return parsed.isoformat()


def _parse(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        pass
    from dateutil import parser as dateutil_parser

    try:
        # A fixed default keeps missing parts from leaking in from today's date.
        parsed: datetime = dateutil_parser.parse(value, default=datetime(1900, 1, 1), fuzzy=False)
        return parsed
    except (ValueError, OverflowError):
        return None


def _valid(value: str) -> bool:
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True
