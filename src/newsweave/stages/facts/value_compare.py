"""Which values two sentences share and which they disagree on: numbers, dates, names.

This is a light reader of *surface* values, made for comparing two sentences ("2.5 billion" and
"$2.5bn" agree, "15" and "17" do not), not the claims extractor with units (that lives elsewhere).
Its result feeds the "same fact" model as features and tells the caller when two sentences say
the same thing with a different value in one slot: the mark of a conflict.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from newsweave.stages.facts.text_units import STOP_WORDS, word_tokens

_MAGNITUDES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6,
    "billion": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_SMALL_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday",
    "today", "tomorrow",
}  # fmt: skip

_NUMBER = re.compile(
    r"(?<![\w.])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:\s*(?P<mag>thousand|million|billion|trillion|mln|mn|bn|tn|[kmb])\b)?"
    r"(?P<pct>\s*(?:%|per\s?cent\b|percent\b))?",
    re.IGNORECASE,
)
_WORD_NUMBER = re.compile(
    r"\b(?P<word>" + "|".join(sorted(_SMALL_NUMBERS, key=len, reverse=True)) + r")\b"
    r"(?:\s+(?P<mag>thousand|million|billion|trillion)\b)?"
    r"(?P<pct>\s*(?:%|per\s?cent\b|percent\b))?",
    re.IGNORECASE,
)
# A capitalised word: the start of a name ("Mr." and initials are dropped by the stop list).
_CAPITALISED = re.compile(r"\b[A-Z][\w'\u2019-]*")


_VERBISH_ENDINGS = ("ing", "ed", "ly")


def _strip_possessive(word: str) -> str:
    for ending in ("'s", "\u2019s"):
        if word.endswith(ending) and len(word) > len(ending):
            return word[: -len(ending)]
    return word


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \"'\u201c\u2018(")
    return not before or before[-1] in ".!?:;"


@dataclass(frozen=True, slots=True)
class NumberValue:
    """A number as written (``surface``) and its value; ``percent`` keeps 5% apart from 5."""

    surface: str
    value: float
    percent: bool
    significant: int  # digits written, so "2.5 billion" can agree with "2.49 billion"


@dataclass(frozen=True, slots=True)
class SentenceValues:
    numbers: tuple[NumberValue, ...]
    dates: frozenset[str]  # months and weekdays, lowercased ("march", "tuesday")
    names: frozenset[str]  # capitalised words that are neither stop words nor dates


@dataclass(frozen=True, slots=True)
class ValueComparison:
    """The values two sentences share and those only one of them has, per kind of slot.

    ``context_similarity`` is the Jaccard similarity of the two sentences' words once values are
    taken out: when it is high and a slot differs, the sentences say the same thing with a
    different value (see :attr:`conflicting_slots`).
    """

    numbers_shared: int
    numbers_only_a: tuple[str, ...]
    numbers_only_b: tuple[str, ...]
    dates_shared: int
    dates_only_a: tuple[str, ...]
    dates_only_b: tuple[str, ...]
    names_shared: int
    names_only_a: tuple[str, ...]
    names_only_b: tuple[str, ...]
    context_similarity: float

    @property
    def conflicting_slots(self) -> tuple[str, ...]:
        """Kinds of slot where each sentence has a value the other lacks ("number", "date", "name").

        One-sided extras are not conflicts: "in March" against nothing is an omission.
        """
        slots = []
        if self.numbers_only_a and self.numbers_only_b:
            slots.append("number")
        if self.dates_only_a and self.dates_only_b:
            slots.append("date")
        if self.names_only_a and self.names_only_b:
            slots.append("name")
        return tuple(slots)


def _significant_digits(digits: str) -> int:
    core = digits.replace(",", "").replace(".", "").lstrip("0")
    return max(1, len(core.rstrip("0")) if "." not in digits else len(core))


@lru_cache(maxsize=50_000)
def extract_values(text: str) -> SentenceValues:
    """Numbers (with magnitude words and percent), date words and capitalised names of ``text``."""
    numbers: list[NumberValue] = []
    taken: list[tuple[int, int]] = []
    for match in _NUMBER.finditer(text):
        digits = match.group("num")
        value = float(digits.replace(",", ""))
        magnitude = (match.group("mag") or "").lower()
        value *= _MAGNITUDES.get(magnitude, 1.0)
        numbers.append(
            NumberValue(match.group(0).strip(), value, bool(match.group("pct")),
                        _significant_digits(digits))
        )  # fmt: skip
        taken.append(match.span())
    for match in _WORD_NUMBER.finditer(text):
        value = float(_SMALL_NUMBERS[match.group("word").lower()])
        value *= _MAGNITUDES.get((match.group("mag") or "").lower(), 1.0)
        # "one" is mostly a pronoun ("one of the ..."); only count it with a magnitude or percent.
        if value == 1 and not (match.group("mag") or match.group("pct")):
            continue
        numbers.append(NumberValue(match.group(0).strip(), value, bool(match.group("pct")), 2))
        taken.append(match.span())
    dates = set()
    names = set()
    for match in _CAPITALISED.finditer(text):
        word = _strip_possessive(match.group(0).lower())
        if _starts_sentence(text, match.start()) and word.endswith(_VERBISH_ENDINGS):
            continue  # "Referring to him, ..." opens with a capitalised verb, not a name
        if word in _MONTHS:
            # "May" at the start of a sentence is as often the verb; keep it only beside a number.
            if word == "may" and not re.match(r"\s*\d", text[match.end() :]):
                continue
            dates.add(str(_MONTHS[word]))
        elif word in _WEEKDAYS:
            dates.add(word)
        elif word not in STOP_WORDS and len(word) > 1:
            names.add(word)
    for token in word_tokens(text):
        if token in _WEEKDAYS:
            dates.add(token)
    return SentenceValues(tuple(numbers), frozenset(dates), frozenset(names))


def numbers_agree(a: NumberValue, b: NumberValue) -> bool:
    """Equal values, allowing the coarser of the two to be a rounding of the finer one."""
    if a.percent != b.percent:
        return False
    if a.value == b.value:
        return True
    if a.value == 0 or b.value == 0:
        return False
    digits = min(a.significant, b.significant)
    return _round_significant(a.value, digits) == _round_significant(b.value, digits)


def _round_significant(value: float, digits: int) -> float:
    exponent = math.floor(math.log10(abs(value)))
    return round(value, digits - 1 - exponent)


def _match_numbers(
    a: tuple[NumberValue, ...], b: tuple[NumberValue, ...]
) -> tuple[int, tuple[str, ...], tuple[str, ...]]:
    """Greedy one-to-one matching of agreeing numbers; returns (shared, only in a, only in b)."""
    unused_b = list(b)
    only_a: list[str] = []
    shared = 0
    for number in a:
        partner = next((other for other in unused_b if numbers_agree(number, other)), None)
        if partner is None:
            only_a.append(number.surface)
        else:
            unused_b.remove(partner)
            shared += 1
    return shared, tuple(only_a), tuple(other.surface for other in unused_b)


def _context_words(text: str, values: SentenceValues) -> set[str]:
    value_words = set(values.names) | set(values.dates)
    return {
        token
        for token in word_tokens(text)
        if not token[0].isdigit() and token not in value_words and token not in _SMALL_NUMBERS
    }


@lru_cache(maxsize=50_000)
def compare_values(a: str, b: str) -> ValueComparison:
    """Compare the values of sentences ``a`` and ``b`` slot by slot."""
    va, vb = extract_values(a), extract_values(b)
    shared, only_a, only_b = _match_numbers(va.numbers, vb.numbers)
    ca, cb = _context_words(a, va), _context_words(b, vb)
    union = ca | cb
    return ValueComparison(
        numbers_shared=shared,
        numbers_only_a=only_a,
        numbers_only_b=only_b,
        dates_shared=len(va.dates & vb.dates),
        dates_only_a=tuple(sorted(va.dates - vb.dates)),
        dates_only_b=tuple(sorted(vb.dates - va.dates)),
        names_shared=len(va.names & vb.names),
        names_only_a=tuple(sorted(va.names - vb.names)),
        names_only_b=tuple(sorted(vb.names - va.names)),
        context_similarity=len(ca & cb) / len(union) if union else 1.0,
    )
