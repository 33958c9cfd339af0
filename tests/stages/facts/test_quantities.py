"""Numbers with units, normalised so that two outlets' figures can be compared."""

from __future__ import annotations

import pytest

from builders.watchdog import watchdog
from newsweave.stages.facts.quantities import Quantity, find_quantities


def one(text: str) -> Quantity:
    [quantity] = find_quantities(text)
    return quantity


@pytest.mark.parametrize(
    ("text", "kind", "value", "unit", "qualifier"),
    [
        ("set to reach 4.7% of GDP this year", "percent", 4.7, "percent", "exact"),
        ("rose by 12 per cent", "percent", 12.0, "percent", "exact"),
        ("inject $6.5 billion in debt", "money", 6.5e9, "USD", "exact"),
        ("a €2bn deal", "money", 2e9, "EUR", "exact"),
        ("worth 500 million euros", "money", 5e8, "EUR", "exact"),
        ("at least 14 people were injured", "count", 14.0, "person", "at-least"),
        ("more than 400,000 state residents would", "count", 400000.0, "resident", "more-than"),
        ("two collapsed warehouses near the port", "count", 2.0, "warehouse", "exact"),
        ("thousands of homes lost power", "count", 2000.0, "home", "vague"),
        ("the 32-member alliance", "count", 32.0, "member", "exact"),
        ("a magnitude 6.1 earthquake", "magnitude", 6.1, "magnitude", "exact"),
        ("the 3-year-old war", "duration", 3 * 365.25, "days", "exact"),
        ("about 12 kilometres north", "distance", 12000.0, "metres", "about"),
        ("the 26th summit of the group", "ordinal", 26.0, "summit", "exact"),
    ],
)
def test_quantities_are_normalised(
    text: str, kind: str, value: float, unit: str, qualifier: str
) -> None:
    quantity = one(text)
    assert (quantity.kind, quantity.unit, quantity.qualifier) == (kind, unit, qualifier)
    assert quantity.value == pytest.approx(value)
    assert text[quantity.start : quantity.end] == quantity.text


def test_years_and_times_are_not_counts() -> None:
    assert find_quantities("In 2024 the meeting began at 4:12 a.m.") == []


def test_agreement_allows_rounding_and_bounds_but_not_other_figures() -> None:
    injured = one("at least 14 people were injured")
    assert injured.agrees_with(one("16 people were injured"))
    assert not injured.agrees_with(one("12 people were injured"))
    assert one("4.7% of GDP").agrees_with(one("4.7 percent of GDP"))
    assert not one("4.7% of GDP").agrees_with(one("4.2% of GDP"))
    assert one("about 100 soldiers").agrees_with(one("110 soldiers"))
    assert not one("14 people").agrees_with(one("14 buildings"))


def test_a_number_starts_where_its_digits_start() -> None:
    # Not inside a run of digits or of comma-grouped digits (tried at each digit, a long run
    # took quadratic time), but after a comma typed without its space it does.
    found = find_quantities("30 Egyptian citizens,15 French nationals and 4,500 others")
    assert [(q.value, q.unit) for q in found] == [
        (30.0, "citizen"),
        (15.0, "national"),
        (4500.0, "other"),
    ]
    assert [q.text for q in find_quantities("code 1234567 people")] == ["1234567 people"]
    assert [q.text for q in find_quantities("id 111,222,333,4444 people")] == []


def test_long_runs_of_digits_or_spaces_are_read_at_once() -> None:
    # Tried at each digit, or with the spaces shared out among adjacent stretches, these took
    # quadratic time: minutes at these lengths.
    with watchdog(20):
        assert [q.value for q in find_quantities("1" * 20_000 + " people")] == [float("1" * 20_000)]
        assert find_quantities("111," * 5_000 + " people") == []
        assert find_quantities("12" + " " * 20_000 + "!") == []
