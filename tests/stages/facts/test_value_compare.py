"""Value slots: numbers, dates and names that two sentences share or disagree on."""

from __future__ import annotations

import pytest

from newsweave.stages.facts.porter import porter_stem
from newsweave.stages.facts.value_compare import compare_values, extract_values


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("caresses", "caress"),
        ("ponies", "poni"),
        ("motoring", "motor"),
        ("hopping", "hop"),
        ("relational", "relat"),
        ("generalizations", "gener"),
        ("adjustment", "adjust"),
        ("sky", "sky"),
        ("is", "is"),
    ],
)
def test_porter_stems_like_the_published_algorithm(word: str, stem: str) -> None:
    assert porter_stem(word) == stem


def test_numbers_with_magnitudes_and_currency_are_read_as_values() -> None:
    values = extract_values("The firm paid $2.5 billion, up 12% from 1,200 million a year ago.")
    assert sorted(v.value for v in values.numbers) == [12.0, 1.2e9, 2.5e9]
    assert [v.percent for v in values.numbers if v.value == 12.0] == [True]


def test_a_different_number_in_the_same_statement_is_a_number_conflict() -> None:
    result = compare_values(
        "Police said 15 people were injured in the blast on Friday.",
        "Police said 17 people were injured in the blast on Friday.",
    )
    assert result.conflicting_slots == ("number",)
    assert result.numbers_only_a == ("15",)
    assert result.numbers_only_b == ("17",)
    assert result.context_similarity > 0.8


def test_rounded_and_spelled_numbers_agree() -> None:
    assert (
        compare_values("Sales reached 2.49 billion.", "Sales hit 2.5 billion.").numbers_shared == 1
    )
    assert compare_values("Three people died.", "3 people were killed.").conflicting_slots == ()


def test_percent_and_plain_number_do_not_agree() -> None:
    result = compare_values("Turnout was 5% higher.", "Turnout was 5 points higher.")
    assert result.numbers_shared == 0


def test_date_and_name_conflicts_are_told_apart() -> None:
    dates = compare_values(
        "The summit opens on Tuesday in the capital.",
        "The summit opens on Wednesday in the capital.",
    )
    assert dates.conflicting_slots == ("date",)
    names = compare_values(
        "The minister met Smith in Geneva to discuss the truce.",
        "The minister met Jones in Geneva to discuss the truce.",
    )
    assert names.conflicting_slots == ("name",)


def test_an_extra_value_on_one_side_is_not_a_conflict() -> None:
    result = compare_values("The vote passed on Monday.", "The vote passed.")
    assert result.conflicting_slots == ()
    assert result.dates_only_a == ("monday",)


def test_a_capitalised_verb_opening_a_sentence_is_not_a_name() -> None:
    assert "referring" not in extract_values("Referring to him as the witness, Amrozi spoke.").names
