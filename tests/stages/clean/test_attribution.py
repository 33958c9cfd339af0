"""Outlet and author from datelines, bylines, bios, copyright and credit lines."""

from __future__ import annotations

import pytest

from newsweave.models import Field, Span
from newsweave.stages.clean.attribution import author_from, find_dateline, outlet_from


def span(label: str, text: str) -> Span:
    return Span(0, len(text), label, text)


def test_bio_names_the_author_and_the_outlet() -> None:
    bio = span(
        "bio", "Jana Kowalska is a senior correspondent for the Northern Herald, covering energy."
    )
    assert author_from([bio]) == Field("Jana Kowalska", "bio", 0.8)
    assert outlet_from([bio], None) == Field("Northern Herald", "bio", 0.7)


def test_byline_names_authors_and_sometimes_the_outlet() -> None:
    assert author_from([span("byline", "By Ana Lima and Tom Reed")]) == Field(
        "Ana Lima and Tom Reed", "byline", 0.9
    )
    assert outlet_from([span("byline", "By Ana Lima, Daily Courier")], None) == Field(
        "Daily Courier", "byline", 0.7
    )


def test_a_byline_beats_a_bio_for_the_author() -> None:
    spans = [span("bio", "Tom Reed is a reporter for the Courier."), span("byline", "By Ana Lima")]
    assert author_from(spans) == Field("Ana Lima", "byline", 0.9)


def test_a_wire_credit_names_the_reporters() -> None:
    credit = span("credit", "(Reporting by Jane Roe in Eastport and Tom Reed; Editing by John Doe)")
    assert author_from([credit]) == Field("Jane Roe", "credit", 0.7)
    wire = span("credit", "(Reporting by Jane Roe, Tom Reed; editing by John Doe)")
    assert author_from([wire]) == Field("Jane Roe, Tom Reed", "credit", 0.7)
    helpers = span("credit", "(Additional reporting by Jane Roe; Editing by John Doe)")
    assert author_from([helpers]) is None
    assert author_from([span("byline", "By Ana Lima"), credit]) == Field("Ana Lima", "byline", 0.9)


def test_photo_credit_only_hints_at_the_outlet() -> None:
    caption = span("caption", "Rescuers search the rubble on Monday. (AP Photo/Jane Doe)")
    assert outlet_from([caption], None) == Field("AP", "credit", 0.4)
    licensed = span("caption", "A view of the port. (Photo by Jane Doe/Agency via Getty Images)")
    assert outlet_from([licensed], None) is None


def test_copyright_line() -> None:
    line = span("legal", "© 2024 The Evening Standard. All rights reserved.")
    assert outlet_from([line], None) == Field("Evening Standard", "copyright", 0.6)


def test_nothing_known_stays_unknown() -> None:
    assert author_from([span("navigation", "Home News Sport")]) is None
    assert outlet_from([], None) is None


@pytest.mark.parametrize(
    ("text", "place", "agency"),
    [
        ("WARSAW, Poland (AP) — The prime minister said", "Warsaw, Poland", "AP"),
        ("KYIV, Ukraine, March 26 (Reuters) - Officials said", "Kyiv, Ukraine", "Reuters"),
        ("WASHINGTON — The Senate voted", "Washington", None),
        ("NEW YORK: Shares fell", "New York", None),
    ],
)
def test_datelines(text: str, place: str, agency: str | None) -> None:
    dateline = find_dateline(text)
    assert dateline is not None and (dateline.place, dateline.agency) == (place, agency)
    assert text[dateline.end :][0].isalpha()


def test_an_ordinary_first_sentence_is_not_a_dateline() -> None:
    assert find_dateline("NATO chief warns Russia - analysis") is None
    assert find_dateline("The head of the alliance said on Tuesday - again - that") is None


def test_dateline_agency_suggests_the_outlet() -> None:
    dateline = find_dateline("LONDON (Reuters) - Prices rose")
    assert outlet_from([], dateline) == Field("Reuters", "dateline", 0.5)
