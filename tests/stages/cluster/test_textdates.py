from __future__ import annotations

from datetime import date

from newsweave.stages.cluster.textdates import find_date_mentions, month_day_distance, resolve_year


def test_month_day_takes_the_year_of_the_publication_date() -> None:
    [mention] = find_date_mentions("a meeting in Brussels on Feb. 12.", date(2025, 3, 1))
    assert (mention.kind, mention.month, mention.day, mention.year) == ("month-day", 2, 12, None)
    assert mention.resolved == date(2025, 2, 12)


def test_month_day_without_publication_date_stays_partial() -> None:
    [mention] = find_date_mentions("a meeting in Brussels on Feb. 12.", None)
    assert mention.resolved is None
    assert (mention.month, mention.day) == (2, 12)


def test_a_december_day_read_in_january_is_last_year() -> None:
    assert resolve_year(12, 30, date(2025, 1, 3)) == date(2024, 12, 30)
    # A week ahead is an announcement, still this year.
    assert resolve_year(1, 8, date(2025, 1, 3)) == date(2025, 1, 8)


def test_full_dates_in_both_orders_and_iso() -> None:
    text = "On March 26, 2025 and on 13 November 2024 and 2023-05-01 it happened."
    kinds = [(m.kind, m.resolved) for m in find_date_mentions(text, None)]
    assert kinds == [
        ("full", date(2025, 3, 26)),
        ("full", date(2024, 11, 13)),
        ("full", date(2023, 5, 1)),
    ]


def test_weekday_and_relative_days_resolve_against_publication() -> None:
    published = date(2024, 3, 12)  # a Tuesday
    found = find_date_mentions("The quake on Sunday; yesterday rescuers said", published)
    assert [(m.kind, m.resolved) for m in found] == [
        ("weekday", date(2024, 3, 10)),
        ("relative", date(2024, 3, 11)),
    ]


def test_month_and_year_alone_is_not_a_day() -> None:
    assert find_date_mentions("He was convicted in June 1998.", None) == []


def test_impossible_days_are_ignored() -> None:
    assert find_date_mentions("on February 30, 2024", None) == []


def test_month_day_distance_wraps_around_the_year() -> None:
    assert month_day_distance((2, 12), (3, 26)) == 42
    assert month_day_distance((12, 30), (1, 2)) == 3
