"""Speaker canonicalisation across articles and title stripping."""

from __future__ import annotations

from newsweave.stages.quotes.speakers import canonical_speakers, strip_title


def test_strip_title() -> None:
    assert strip_title("Secretary General Anna Holm") == "Anna Holm"
    assert strip_title("UNICEF Director Paul Smit") == "Paul Smit"
    assert strip_title("Former Danish PM Holm") == "Holm"
    assert strip_title("Anna Holm's") == "Anna Holm"
    assert strip_title("Holm") == "Holm"


def test_short_and_titled_forms_join_the_full_name() -> None:
    names = ["Holm", "Anna Holm", "UNICEF Secretary General Anna Holm", "Paul Smit", "Smit"]
    mapping = canonical_speakers(names)
    assert mapping["Holm"] == "Anna Holm"
    assert mapping["UNICEF Secretary General Anna Holm"] == "Anna Holm"
    assert mapping["Smit"] == "Paul Smit"


def test_ambiguous_surname_is_left_alone() -> None:
    mapping = canonical_speakers(["Smit", "Paul Smit", "Eva Smit"])
    assert mapping["Smit"] == "Smit"
    assert mapping["Paul Smit"] == "Paul Smit"


def test_empty_names_are_ignored() -> None:
    assert canonical_speakers(["", "  "]) == {}
