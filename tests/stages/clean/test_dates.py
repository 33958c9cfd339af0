"""Date mentions: absolute, year-less, relative; resolution against the publication date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newsweave.stages.clean import dates
from newsweave.stages.clean.dates import find_date_mentions, year_evidence

WEDNESDAY = date(2025, 3, 26)


def values(text: str, **kw: date | None) -> list[tuple[str, str | None, str]]:
    return [(m.text, m.value, m.basis) for m in find_date_mentions(text, **kw)]


def test_absolute_dates_in_several_forms() -> None:
    text = "It began on Monday, March 10, 2025, continued on 12 April 2024 and 2023-01-05."
    assert [v for _, v, _ in values(text)] == ["2025-03-10", "2024-04-12", "2023-01-05"]


def test_month_season_and_year_mentions() -> None:
    found = values("the invasion in February 2022, the summer of 2019 and since 2014")
    assert found == [
        ("February 2022", "2022-02", "text"),
        ("the summer of 2019", "2019-06-01/2019-08-31", "text"),
        ("since 2014", "2014", "text"),
    ]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Rutte said Wednesday", "2025-03-26"),
        ("on Monday", "2025-03-24"),
        ("next Monday", "2025-03-31"),
        ("last Wednesday", "2025-03-19"),
        ("yesterday", "2025-03-25"),
        ("this month", "2025-03"),
        ("last month", "2025-02"),
        ("earlier this month", "2025-03-01/2025-03-26"),
        ("last year", "2024"),
        ("last autumn", "2024-09-01/2024-11-30"),
        ("last winter", "2024-12-01/2025-02-28"),
        ("next summer", "2025-06-01/2025-08-31"),
        ("three days ago", "2025-03-23"),
    ],
)
def test_relative_references_resolve_against_the_publication_date(
    phrase: str, expected: str
) -> None:
    [mention] = find_date_mentions(
        f"The minister spoke {phrase} about the plan.", reference=WEDNESDAY
    )
    assert mention.value == expected
    assert mention.basis == "publication-date"


def test_relative_references_without_a_publication_date_stay_unresolved() -> None:
    [mention] = find_date_mentions("He took the helm last autumn.")
    assert mention.value is None and not mention.resolved


def test_a_yearless_date_takes_the_nearest_year_around_publication() -> None:
    assert values("the meeting on Feb. 12", reference=date(2025, 3, 1)) == [
        ("Feb. 12", "2025-02-12", "publication-date")
    ]
    # In early January, "Dec. 30" is last year's, and "Jan. 20" this year's.
    found = values("on Dec. 30 and on Jan. 20", reference=date(2025, 1, 5))
    assert [v for _, v, _ in found] == ["2024-12-30", "2025-01-20"]


def test_a_yearless_date_without_publication_uses_the_lower_bound_with_less_confidence() -> None:
    [mention] = find_date_mentions("in Brussels on Feb. 12.", lower_bound=date(2024, 11, 13))
    assert (mention.value, mention.basis) == ("2025-02-12", "lower-bound")
    assert mention.confidence < 0.8
    [unresolved] = find_date_mentions("in Brussels on Feb. 12.")
    assert unresolved.value is None


def test_year_evidence_is_the_latest_year_mentioned() -> None:
    assert year_evidence("not achieved in 2024, unlike in 2019") == date(2024, 1, 1)
    assert year_evidence("no years here") is None


def test_impossible_calendar_dates_are_not_mentions() -> None:
    assert values("on February 30, 2024 and on Feb. 31") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Schools will remain closed on Wednesday.", "2025-04-02"),
        ("Talks are due to resume on Friday.", "2025-03-28"),
        ("The talks, which will be tough, ended on Monday.", "2025-03-24"),
        ("He said on Wednesday that talks will resume.", "2025-03-26"),
    ],
)
def test_a_weekday_in_the_future_tense_is_the_coming_one(sentence: str, expected: str) -> None:
    [mention] = find_date_mentions(sentence, reference=WEDNESDAY)
    assert mention.value == expected


def test_the_tense_of_a_quotation_is_not_the_reports() -> None:
    [mention] = find_date_mentions(
        "\u201cThat will have a huge impact on their capacity,\u201d she said Wednesday.",
        reference=WEDNESDAY,
    )
    assert mention.value == "2025-03-26"


@pytest.mark.parametrize(
    "text",
    [
        "On WEDNESDAY, MARCH 26, 2025 the Minister met officials. Last Spring was dry.",
        # "İ" lower-cases to two characters: the offsets must still point into the original.
        "İstanbul, Feb. 12 - Talks began Three weeks ago and end Yesterday, said Ms. Öz.",
    ],
)
def test_mentions_keep_the_written_form_and_offsets_whatever_the_case(text: str) -> None:
    found = find_date_mentions(text, reference=date(2025, 3, 26))
    assert len(found) >= 2
    for mention in found:
        assert text[mention.start : mention.end] == mention.text


def _every_match(text: str) -> list[tuple[str, int, int]]:
    """What each pattern finds when it is run over the whole text (the reference behaviour)."""
    lowered = text.lower()
    return [
        (kind, *match.span())
        for kind, pattern, on_lower in dates._LOWERED
        for match in pattern.finditer(lowered if on_lower else text)
    ]


def _tried_at_first_words(text: str) -> list[tuple[str, int, int]]:
    kinds = tuple(kind for kind, _ in dates._PATTERNS)
    return [(kind, *match.span()) for kind, match in dates._matches(text, text.lower(), kinds)]


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, March 10, 2025 and Tuesday 11 March 2025; Feb. 12 and 12th of February.",
        "In mid-2020, mid 2019, by 2019, during the year 2018, before 2017 (not 2016-17) it grew.",
        "Sept. 3, sep 4 and September 5th 2024; 2024-09-06; the Mayor may decide in May 2023.",
        "The spring of 2021, last autumn, this winter, earlier this month, later this year.",
        "Twelve days ago, 3 weeks ago, an hour ago, a year ago; yesterday, tonight, today.",
        "last Friday, next Sunday, on Saturday, since Thursday, until Wednesday, by Monday.",
        "A12 Mayday 1st2nd 20250 2025-13-40 Marches monday-morning 31 Junes x2024 y-2024.",
    ],
)
def test_patterns_tried_at_their_first_words_find_what_a_full_scan_finds(text: str) -> None:
    assert _tried_at_first_words(text) == _every_match(text)


def test_the_first_word_scan_finds_what_a_full_scan_finds_on_the_seeds(seeds_dir: Path) -> None:
    texts = [p.read_text(encoding="utf-8") for p in sorted(seeds_dir.iterdir()) if p.is_file()]
    assert texts
    for text in texts:
        assert _tried_at_first_words(text) == _every_match(text)
