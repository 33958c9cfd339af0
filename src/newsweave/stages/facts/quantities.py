"""Numbers in news text, normalised with their units.

"4.7% of GDP", "$6.5 billion", "€2bn", "at least 14 people", "thousands of homes",
"a magnitude 6.1 earthquake", "the 3-year-old war", "12 kilometres", "the 26th summit": each
becomes a ``Quantity`` with a numeric value in a canonical unit (percent, a currency code, a
counted noun, days for durations, metres for distances) and a qualifier (exact, at least,
about, ...), so that two outlets' figures for the same thing can be compared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "a dozen": 12, "dozen": 12,
}  # fmt: skip
SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "bln": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12,
}  # fmt: skip
CURRENCY_SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "₽": "RUB",
    "₴": "UAH",
    "zł": "PLN",
}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "yen": "JPY", "rupees": "INR", "roubles": "RUB", "rubles": "RUB",
    "hryvnias": "UAH", "zloty": "PLN", "zlotys": "PLN", "francs": "CHF", "yuan": "CNY",
}  # fmt: skip
DURATION_DAYS = {"second": 1 / 86400, "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7,
                 "month": 30.44, "year": 365.25, "decade": 3652.5, "century": 36525}  # fmt: skip
DISTANCE_METRES = {
    "kilometre": 1000, "kilometer": 1000, "km": 1000, "metre": 1, "meter": 1, "m": 1,
    "mile": 1609.344, "miles": 1609.344, "foot": 0.3048, "feet": 0.3048, "ft": 0.3048,
    "yard": 0.9144, "cm": 0.01, "centimetre": 0.01, "centimeter": 0.01,
}  # fmt: skip
QUALIFIERS = {
    "at least": "at-least", "more than": "more-than", "over": "more-than",
    "upwards of": "more-than",
    "nearly": "about", "almost": "about", "about": "about", "around": "about", "roughly": "about",
    "approximately": "about", "some": "about", "an estimated": "about", "up to": "at-most",
    "less than": "less-than", "fewer than": "less-than", "under": "less-than", "at most": "at-most",
    "as many as": "at-most", "as much as": "at-most", "just over": "more-than",
    "just under": "less-than",
}  # fmt: skip
VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "tens of thousands": 20000,
         "hundreds of thousands": 200000, "millions": 2e6, "billions": 2e9}  # fmt: skip
# Words after a number that are not what is counted.
_NOT_COUNTED = frozenset(
    "percent per cent of and or to the a an in on at by for from with as than times points point "
    "am pm a.m p.m".split()
)

# A number starts where a run of digits starts: tried at each digit of a long run, the patterns
# took quadratic time (1.4 s for 2,000 digits, 5.3 s for 4,000). The spaces after it are matched
# possessively ("\s++"): what follows them is never a space, and a run of them shared out among
# adjacent stretches took 4.3 s for 6,000.
_NUMBER = r"(?<!\d)(?<!\d,)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_WORDNUM = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
_SCALE = r"(?:thousand|million|billion|trillion|bn|mn|mln|bln|tn|k|m|b)\b"
_QUALIFIER = r"(?:(?P<qual>" + "|".join(sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+)?"
_SYMBOL = r"(?P<symbol>US\$|\$|€|£|¥|₹|₽|₴)"
_VALUE = rf"(?P<num>{_NUMBER}|{_WORDNUM})(?:\s*+-?\s*+(?P<scale>{_SCALE}))?"

_MONEY_SYMBOL = re.compile(rf"{_QUALIFIER}{_SYMBOL}\s?{_VALUE}", re.I)
_MONEY_WORD = re.compile(
    rf"{_QUALIFIER}{_VALUE}\s++(?P<currency>" + "|".join(CURRENCY_WORDS) + r")\b", re.I
)
_PERCENT = re.compile(
    rf"{_QUALIFIER}(?P<num>{_NUMBER}|{_WORDNUM})\s*(?:%|\s(?:percent|per cent)\b)", re.I
)
_DURATION = re.compile(
    rf"{_QUALIFIER}(?P<num>{_NUMBER}|{_WORDNUM})[\s-]+(?P<unit>second|minute|hour|day|week|month|year|decade|century)s?"
    r"(?:[\s-]+old)?\b",
    re.I,
)
_DISTANCE = re.compile(
    rf"{_QUALIFIER}(?P<num>{_NUMBER}|{_WORDNUM})[\s-]*(?P<unit>kilomet(?:re|er)s?|km|met(?:re|er)s?|miles?|feet|foot|ft|yards?|centimet(?:re|er)s?|cm)\b",
    re.I,
)
_MAGNITUDE = re.compile(
    r"\bmagnitude[\s-]+(?P<num>\d+(?:\.\d+)?)|(?<!\d)(?P<num2>\d+(?:\.\d+)?)[\s-]+magnitude\b", re.I
)
_ORDINAL = re.compile(r"\b(?P<num>\d+)(?:st|nd|rd|th)\s+(?P<noun>[a-z][a-z-]+)", re.I)
_VAGUE = re.compile(
    r"\b(?P<vague>"
    + "|".join(sorted(VAGUE, key=len, reverse=True))
    + r")\s+of\s+(?P<noun>[a-z][a-z-]+)",
    re.I,
)
_COUNT = re.compile(
    rf"{_QUALIFIER}{_VALUE}\s++(?P<phrase>[a-z][a-z-]*(?:\s+[a-z][a-z-]*){{0,2}})", re.I
)
_COMPOUND = re.compile(r"\b(?P<num>\d+)-(?P<noun>[a-z]+)\b(?!-)", re.I)
_FUNCTION_WORDS = frozenset(
    "would will could should can may might must was were is are be been being has have had do "
    "does did who which that whose whom and or but nor so yet than then there their its his her "
    "they them he she it we you i near into onto over under after before since".split()
)
_PLURAL_IRREGULAR = frozenset(
    {"people", "children", "men", "women", "police", "staff", "personnel"}
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """``value`` in ``unit`` at ``[start, end)`` of the text.

    ``kind``: percent, money, count, duration, distance, magnitude, ordinal. ``unit`` is the
    canonical unit: ``percent``, a currency code, the counted noun (singular), ``days``,
    ``metres``, ``magnitude``, or the noun an ordinal ranks. ``qualifier``: exact, at-least,
    more-than, about, at-most, less-than, vague.
    """

    start: int
    end: int
    text: str
    kind: str
    value: float
    unit: str
    qualifier: str

    def same_slot(self, other: Quantity) -> bool:
        return (self.kind, self.unit) == (other.kind, other.unit)

    def agrees_with(self, other: Quantity, tolerance: float = 0.02) -> bool:
        """Whether two figures for the same slot can both be true (rounding, "about", bounds)."""
        if not self.same_slot(other):
            return False
        low, high = sorted((self.value, other.value))
        if high == 0 or (high - low) / high <= tolerance:
            return True
        loose = {"about", "vague"}
        if self.qualifier in loose or other.qualifier in loose:
            return (high - low) / high <= 0.15
        if self.qualifier == other.qualifier:
            # Two bounds of the same kind that differ this much are different reports
            # ("at least 14" and "at least 40"), though logically both could hold.
            return False
        for bound, exact in ((self, other), (other, self)):
            if exact.qualifier != "exact":
                continue
            if bound.qualifier in {"at-least", "more-than"} and exact.value >= bound.value:
                return True
            if bound.qualifier in {"at-most", "less-than"} and exact.value <= bound.value:
                return True
        return False


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, the more specific kinds first (money before counts, ...)."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def add(
        match: re.Match[str],
        kind: str,
        value: float | None,
        unit: str,
        qualifier: str | None,
        end: int | None = None,
    ) -> None:
        start = match.start()
        end = match.end() if end is None else end
        if value is None or any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(Quantity(start, end, text[start:end], kind, value, unit, qualifier or "exact"))

    for match in _MONEY_SYMBOL.finditer(text):
        add(match, "money", _value(match), CURRENCY_SYMBOLS[match.group("symbol")], _qual(match))
    for match in _MONEY_WORD.finditer(text):
        add(
            match,
            "money",
            _value(match),
            CURRENCY_WORDS[match.group("currency").lower()],
            _qual(match),
        )
    for match in _PERCENT.finditer(text):
        add(match, "percent", _number(match.group("num")), "percent", _qual(match))
    for match in _MAGNITUDE.finditer(text):
        add(match, "magnitude", float(match.group("num") or match.group("num2")), "magnitude", None)
    for match in _DURATION.finditer(text):
        number = _number(match.group("num"))
        days = (
            None
            if number is None
            else round(number * DURATION_DAYS[match.group("unit").lower()], 6)
        )
        add(match, "duration", days, "days", _qual(match))
    for match in _DISTANCE.finditer(text):
        number = _number(match.group("num"))
        unit = _distance_unit(match.group("unit"))
        add(match, "distance", None if number is None else number * unit, "metres", _qual(match))
    for match in _ORDINAL.finditer(text):
        add(match, "ordinal", float(match.group("num")), _singular(match.group("noun")), None)
    for match in _VAGUE.finditer(text):
        add(
            match,
            "count",
            VAGUE[match.group("vague").lower()],
            _singular(match.group("noun")),
            "vague",
        )
    for match in _COMPOUND.finditer(text):
        noun = match.group("noun").lower()
        if noun not in DURATION_DAYS and noun not in _NOT_COUNTED:
            add(match, "count", float(match.group("num")), _singular(noun), None)
    for match in _COUNT.finditer(text):
        noun = _counted_noun(match.group("phrase"))
        if noun is None or _is_year(match):
            continue
        # The quantity ends with its noun, not with the words the pattern looked ahead at.
        end = match.start("phrase") + match.group("phrase").lower().index(noun) + len(noun)
        add(match, "count", _value(match), _singular(noun), _qual(match), end)
    return sorted(found, key=lambda q: q.start)


def _counted_noun(phrase: str) -> str | None:
    """The head noun of up to three words after a number: "two collapsed warehouses" ->
    warehouses, "400,000 state residents would" -> residents, "14 people injured" -> people."""
    words: list[str] = []
    for word in phrase.lower().split():
        if word in _FUNCTION_WORDS or word in _NOT_COUNTED or word in SCALES:
            break
        words.append(word)
    if not words:
        return None
    plurals = [
        w for w in words if w in _PLURAL_IRREGULAR or (w.endswith("s") and not w.endswith("ss"))
    ]
    if plurals:
        return plurals[-1]
    content = [w for w in words if not w.endswith(("ed", "ing", "ly", "est"))]
    return content[0] if content else None


def _qual(match: re.Match[str]) -> str | None:
    qualifier = match.groupdict().get("qual")
    return QUALIFIERS[qualifier.lower()] if qualifier else None


def _value(match: re.Match[str]) -> float | None:
    number = _number(match.group("num"))
    if number is None:
        return None
    scale = (match.groupdict().get("scale") or "").lower()
    return number * SCALES.get(scale, 1.0)


def _number(raw: str) -> float | None:
    raw = raw.strip().lower()
    if raw in WORD_NUMBERS:
        return float(WORD_NUMBERS[raw])
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


def _distance_unit(unit: str) -> float:
    unit = unit.lower()
    for name, metres in DISTANCE_METRES.items():
        if unit == name or unit.rstrip("s") == name:
            return metres
    return 1.0


def _singular(noun: str) -> str:
    noun = noun.lower()
    irregular = {
        "people": "person",
        "children": "child",
        "men": "man",
        "women": "woman",
        "feet": "foot",
    }
    if noun in irregular:
        return irregular[noun]
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith(("sses", "xes", "ches", "shes")):
        return noun[:-2]
    if noun.endswith("s") and not noun.endswith("ss"):
        return noun[:-1]
    return noun


def _is_year(match: re.Match[str]) -> bool:
    raw = match.group("num")
    return (
        raw.isdigit()
        and len(raw) == 4
        and 1900 <= int(raw) <= 2100
        and not match.groupdict().get("scale")
    )
