"""The rule-based sentence splitter."""

from __future__ import annotations

import re

import pytest

from newsweave.nlp import sentences as module
from newsweave.nlp.sentences import sentences, split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The council met on Tuesday. It voted for the tram!",
            ["The council met on Tuesday.", "It voted for the tram!"],
        ),
        # Abbreviations and initials do not end a sentence.
        (
            "Mr. Roe met Dr. Doe in the U.S. capital. They talked.",
            ["Mr. Roe met Dr. Doe in the U.S. capital.", "They talked."],
        ),
        (
            "John F. Kennedy read J.R.R. Tolkien. Then he slept.",
            ["John F. Kennedy read J.R.R. Tolkien.", "Then he slept."],
        ),
        # Closing quotes stay with their sentence; a line break always ends one.
        (
            "\u201cWe will build it,\u201d she said. \u201cSoon.\u201d\nA new line",
            ["\u201cWe will build it,\u201d she said.", "\u201cSoon.\u201d", "A new line"],
        ),
        # A small letter after the period: no new sentence.
        ("It cost 5 bn. euros in all. Few agreed.", ["It cost 5 bn. euros in all.", "Few agreed."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def _reference_ends(line: str, dot: int, punctuation: str) -> bool:
    """The abbreviation test with an unbounded look back (what the bounded one must equal)."""
    if not punctuation.startswith("."):
        return True
    word = re.search(r"([\w.]+)$", line[:dot])
    if word is None:
        return True
    token = word.group(1).lower().rstrip(".")
    if token in module._ABBREVIATIONS:
        return False
    return not (len(token) == 1 and token.isalpha()) and not re.fullmatch(
        r"(?:[a-z]\.)+[a-z]", token
    )


@pytest.mark.parametrize(
    "line",
    [
        # A word longer than the look back whose end alone would read as initials or an
        # abbreviation: the whole word decides.
        "He typed " + "q" * 40 + "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p. Then he left.",
        "See " + "x" * 60 + ".u.s. Then more.",
        "See " + "y" * 29 + "_mr. Then more.",
        # A long paragraph of many sentences set on one line (a flattened scrape).
        " ".join(f"Sentence {i} ends with Mr. Roe and the U.S. here." for i in range(300)),
    ],
)
def test_the_bounded_look_back_splits_as_an_unbounded_one(
    line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bounded = split_sentences(line)
    monkeypatch.setattr(module, "_ends_sentence", _reference_ends)
    assert bounded == split_sentences(line)
