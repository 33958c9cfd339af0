"""Quotation-mark spans: straight and curly quotes, nesting, apostrophes, several paragraphs."""

from __future__ import annotations

from newsweave.stages.quotes.marks import find_quoted_spans, strip_marks


def _texts(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quoted_spans(text)]


def test_straight_and_curly_double_quotes() -> None:
    text = 'She said "we will win" and later “we shall see,” he replied.'
    assert _texts(text) == ['"we will win"', "“we shall see,”"]


def test_nested_single_quotes_stay_inside_the_outer_quote() -> None:
    text = "“He told me ‘never again’ and left,” she said."
    spans = find_quoted_spans(text)
    assert len(spans) == 1
    assert text[spans[0].start : spans[0].end] == "“He told me ‘never again’ and left,”"


def test_apostrophes_are_not_quotes() -> None:
    assert _texts("It’s the party’s plan, don't you see? The Smiths' house.") == []


def test_single_quotes_as_top_level_quotes() -> None:
    assert _texts("The reaction would be ‘devastating’, he warned.") == ["‘devastating’"]


def test_quote_over_several_paragraphs_closes_only_at_the_end() -> None:
    text = (
        "“The first paragraph of the statement goes on.\n\n"
        "“The second one too.\n\n"
        "“And the last one closes,” the minister said.\n"
    )
    spans = find_quoted_spans(text)
    assert len(spans) == 1
    assert len(spans[0].pieces) == 3
    assert spans[0].closed
    assert text[spans[0].start : spans[0].end].endswith("closes,”")


def test_unclosed_quote_ends_at_its_paragraph() -> None:
    text = "He said “this never closes\n\nNext paragraph without quotes."
    spans = find_quoted_spans(text)
    assert len(spans) == 1
    assert not spans[0].closed
    assert text[spans[0].start : spans[0].end] == "“this never closes"


def test_strip_marks() -> None:
    assert strip_marks(" “Hello there,” ") == "Hello there,"
