"""Word differences of quote variants, as marks in plain text."""

from __future__ import annotations

import pytest

from newsweave.report.diffs import plain_markup, variant_pieces


@pytest.mark.parametrize(
    ("canonical", "variant", "marked"),
    [
        (
            "a grave and dark threat",
            "a grave and dire threat",
            "a grave and [-dark-] {+dire+} threat",
        ),
        (
            "if he were to fail",
            "if he [the mayor] were to fail",
            "if he {+[the mayor]+} were to fail",
        ),
        ("we will build it in May", "we will build it", "we will build it [-in May-]"),
        ("Same words, other case.", "same words other case", "same words other case"),
    ],
)
def test_plain_text_marks_removed_and_added_words(
    canonical: str, variant: str, marked: str
) -> None:
    assert plain_markup(variant_pieces(canonical, variant)) == marked
