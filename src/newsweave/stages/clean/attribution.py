"""Who wrote it and for whom: datelines, bylines, bios, credit and copyright lines.

Plain-text scrapes carry no metadata, but their boilerplate does: "By Jane Roe, Reuters",
"Jane Roe is a reporter for the Daily Planet", "(AP Photo/John Doe)", "© 2025 The Daily
Planet". Each finding keeps its source and a confidence; unknown stays unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsweave.models import Field, Span

_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|de|da|van|von|der|bin|al-?)){1,3}"
_ORG = r"(?:the\s+)?(?P<org>[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|for|and|de|the)){0,5})"

_BYLINE = re.compile(
    rf"^\s*(?:by|written by|words by|story by)\s+(?P<name>{_NAME}(?:\s+(?:and|&)\s+{_NAME})*)"
    rf"(?:\s*(?:,|\||-|—)\s*{_ORG})?\s*$",
    re.I,
)
# A wire story's closing credit names who reported it: "(Reporting by Jane Roe in Eastport and
# Tom Reed; Editing by John Doe)". "Additional reporting" names helpers, not the author.
_REPORTING = re.compile(
    rf"^\s*\(?\s*(?i:reporting|writing) by\s+"
    rf"(?P<name>{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)",
)
_BIO = re.compile(
    rf"^\s*(?P<name>{_NAME})\s+(?:is|was|has been|works as)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,3}"
    r"(?:reporter|correspondent|writer|editor|journalist|columnist|contributor|producer|"
    r"analyst|author|photographer|fellow|anchor|host)\b"
    rf"(?:\s+(?:[\w-]+\s+){{0,4}}?(?:for|at|with)\s+{_ORG})?",
)
# "(AP Photo/...)", "(Reuters Photo/...)": the agency whose photographer took the picture;
# only a hint about the outlet, since photos are licensed widely.
_PHOTO_CREDIT = re.compile(r"\(\s*(?P<org>[A-Z][A-Za-z]{1,15})\s+Photo\s*/")
_AGENCY_SLASH = re.compile(r"\b(?P<org>REUTERS|AFP|AP|EPA|XINHUA)\s*/\s*[A-Z]")
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<org>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,5})",
    re.I,
)
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,3}"
    r"(?:,\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,2})?)"
    r"(?:,\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"
    r"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&-]{0,30})\))?"
    r"\s*(?:—|–|-{1,2}|:)\s+(?=\S)",
)
_AGENCY_NAMES = {"AP": "AP", "REUTERS": "Reuters", "AFP": "AFP", "EPA": "EPA", "XINHUA": "Xinhua"}


@dataclass(frozen=True, slots=True)
class Dateline:
    """The "LISBON, Portugal (AP) —" opening of a wire story."""

    start: int
    end: int
    place: str
    date_text: str | None
    agency: str | None


def find_dateline(text: str, lines: int = 3) -> Dateline | None:
    """A dateline opening one of the first ``lines`` paragraphs of ``text`` (after a headline,
    say); the place must be in capitals, as datelines are."""
    position = 0
    for _ in range(lines):
        found = _dateline_at(text, position)
        if found is not None:
            return found
        newline = text.find("\n", position)
        if newline < 0:
            return None
        position = newline + 1
    return None


def _dateline_at(text: str, position: int) -> Dateline | None:
    match = _DATELINE.match(text, position)
    if match is None:
        return None
    place = match.group("place")
    city, _, region = place.partition(",")
    if len(city.strip()) < 3 or not city.strip().isupper():
        return None
    shown = city.strip().title() + (f",{region}" if region else "")
    agency = match.group("agency")
    return Dateline(
        position, match.end(), shown, match.group("date"), agency.strip() if agency else None
    )


def author_from(removed: Iterable[Span]) -> Field | None:
    """The author named by a byline line, else by a bio, else by a wire story's credit."""
    spans = list(removed)
    for span in spans:
        if span.label == "byline":
            match = _BYLINE.match(span.text.strip())
            if match is not None:
                return Field(match.group("name").strip(), "byline", 0.9)
    for span in spans:
        if span.label == "bio":
            match = _BIO.match(span.text.strip())
            if match is not None:
                return Field(match.group("name").strip(), "bio", 0.8)
    for span in spans:
        if span.label == "credit":
            match = _REPORTING.match(span.text)
            if match is not None:
                return Field(match.group("name").strip(), "credit", 0.7)
    return None


def outlet_from(removed: Iterable[Span], dateline: Dateline | None) -> Field | None:
    """The outlet suggested by a bio, byline, copyright line, dateline or photo credit.

    Ordered by how directly each names the publisher of this article: a bio or byline names
    the author's employer; a copyright line the site's owner; a dateline's agency the wire;
    a photo credit only the source of one picture.
    """
    spans = list(removed)
    found: list[Field] = []
    for span in spans:
        text = span.text.strip()
        if span.label == "bio" and (m := _BIO.match(text)) and m.group("org"):
            found.append(Field(_tidy_org(m.group("org")), "bio", 0.7))
        elif span.label == "byline" and (m := _BYLINE.match(text)) and m.group("org"):
            found.append(Field(_tidy_org(m.group("org")), "byline", 0.7))
        elif (m := _COPYRIGHT.search(text)) and span.label in {"legal", "credit", "boilerplate"}:
            found.append(Field(_tidy_org(m.group("org")), "copyright", 0.6))
    if dateline is not None and dateline.agency:
        found.append(
            Field(_AGENCY_NAMES.get(dateline.agency.upper(), dateline.agency), "dateline", 0.5)
        )
    for span in spans:
        if span.label in {"caption", "credit"}:
            match = _PHOTO_CREDIT.search(span.text) or _AGENCY_SLASH.search(span.text)
            if match is not None:
                org = match.group("org")
                found.append(Field(_AGENCY_NAMES.get(org.upper(), org), "credit", 0.4))
                break
    return max(found, key=lambda f: f.confidence) if found else None


def _tidy_org(org: str) -> str:
    org = re.sub(r"^(?:the)\s+", "", org.strip(), flags=re.I)
    org = re.split(r"\.\s", org, maxsplit=1)[0]  # "Press. All rights reserved" ends at the stop
    return org.rstrip(".,;:").strip()
