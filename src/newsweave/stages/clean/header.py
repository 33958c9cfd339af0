"""Header lines that scrapers put before the text (`` date 2025-03-26``, ``title: ...``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A date header may share its line with the first sentence, as scrapers often glue them.
_DATE_HEADER = re.compile(
    r"\A[ \t]*(?:date|published|pubdate|publication[ _-]?date)[ \t]*[:=]?[ \t]*"
    r"(\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)"
    r"(?=[ \t\n]|\Z)[ \t]*\n?",
    re.I,
)
_FIELD_HEADER = re.compile(
    r"\A[ \t]*(title|headline|url|link|source|outlet|site|author|byline|language|lang)"
    r"[ \t]*[:=][ \t]*"
    r"(\S[^\n]*?)[ \t]*(?:\n|\Z)",
    re.I,
)
_KEY_NAMES = {
    "headline": "title",
    "link": "url",
    "outlet": "source",
    "site": "source",
    "byline": "author",
    "lang": "language",
    "pubdate": "date",
    "published": "date",
}


@dataclass(frozen=True, slots=True)
class Header:
    """What the header said, and where it ends in the text."""

    end: int
    values: tuple[tuple[str, str], ...]

    def get(self, key: str) -> str | None:
        for name, value in self.values:
            if name == key:
                return value
        return None


def parse_header(text: str) -> Header:
    """Leading ``key value`` lines; ``end`` is 0 when there is no header."""
    position = 0
    values: list[tuple[str, str]] = []
    while True:
        rest = text[position:]
        match = _DATE_HEADER.match(rest)
        if match is not None:
            values.append(("date", match.group(1)))
            position += match.end()
            continue
        match = _FIELD_HEADER.match(rest)
        if match is not None and len(match.group(2)) < 500:
            key = match.group(1).lower()
            values.append((_KEY_NAMES.get(key, key), match.group(2)))
            position += match.end()
            continue
        break
    return Header(position, tuple(values))
