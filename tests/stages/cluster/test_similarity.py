"""The date term of the story score: a small bonus for agreeing dates, a growing penalty for
distant ones, nothing when either side is undated."""

from __future__ import annotations

import pytest

from newsweave.stages.cluster.similarity import date_penalty


@pytest.mark.parametrize(
    ("gap", "expected"),
    [(None, 0.0), (0, -0.05), (3, -0.05), (4, 0.3 / 14), (10, 0.15), (17, 0.3), (400, 0.3)],
)
def test_date_penalty_by_gap(gap: int | None, expected: float) -> None:
    assert date_penalty(gap, slack=3, ramp=14, maximum=0.3, bonus=0.05) == pytest.approx(expected)


def test_without_a_bonus_agreeing_dates_count_nothing() -> None:
    assert date_penalty(1, slack=3, ramp=14, maximum=0.3) == 0.0
