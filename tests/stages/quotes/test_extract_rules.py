"""Extraction by rules (no model): every quote form, cue and character offsets."""

from __future__ import annotations

import pytest

from newsweave.models.quotes import QuoteOccurrence
from newsweave.nlp.spacy_model import load_nlp
from newsweave.stages.quotes import extract
from newsweave.stages.quotes.extract import RawAttribution, extract_quotes, group_spans


def _rules(text: str) -> list[QuoteOccurrence]:
    return extract_quotes(text, article_id="a1", use_model=False)


def _only(found: list[QuoteOccurrence], needle: str) -> QuoteOccurrence:
    matches = [o for o in found if needle in o.text]
    assert len(matches) == 1, [o.text for o in found]
    return matches[0]


def test_direct_quote_with_cue_and_offsets() -> None:
    text = "“We will rebuild the bridge by spring,” Maria Lopez said on Monday."
    occ = _only(_rules(text), "rebuild")
    assert occ.kind == "direct"
    assert text[occ.start : occ.end] == occ.text == "“We will rebuild the bridge by spring,”"
    assert occ.cue is not None and occ.cue.text == "said"
    assert occ.speaker.name == "Maria Lopez"
    assert occ.speaker.resolution == "named"


def test_straight_quotes_and_told_reporters() -> None:
    text = 'Peter Hansen told reporters: "The harbour will stay closed until the storm passes."'
    occ = _only(_rules(text), "harbour")
    assert occ.kind == "direct"
    assert occ.cue_text == "told"
    assert occ.speaker.name == "Peter Hansen"


def test_quote_interrupted_by_its_cue_is_one_occurrence_in_two_fragments() -> None:
    text = "“The plan is ready,” Anna Berg said, “and it will be published tomorrow.”"
    found = _rules(text)
    occ = _only(found, "plan is ready")
    assert len(occ.fragments) == 2
    assert occ.fragments[1].text == "“and it will be published tomorrow.”"
    assert occ.quoted_text.startswith("“The plan is ready,”")


def test_multi_paragraph_quote() -> None:
    text = (
        "The mayor spoke at length.\n\n"
        "“We have waited too long for this road to be repaired.\n\n"
        "“Now the money is there, and the work starts next week,” said Mayor Jonas Weber.\n"
    )
    occ = _only(_rules(text), "waited too long")
    assert occ.kind == "direct"
    assert len(occ.fragments) == 2
    assert occ.text.endswith("next week,”")
    assert occ.speaker.name == "Jonas Weber"


def test_partial_quote_inside_reported_speech() -> None:
    text = "Karl Mueller warned that the response would be “devastating” for the region."
    occ = _only(_rules(text), "response")
    assert occ.kind == "partial"
    assert occ.cue_text == "warned"
    assert occ.speaker.name == "Karl Mueller"


def test_indirect_speech() -> None:
    text = "Elena Novak said it was important to be ready for any outcome of the talks."
    occ = _only(_rules(text), "important")
    assert occ.kind == "indirect"
    assert occ.text == "it was important to be ready for any outcome of the talks"
    assert occ.cue_text == "said"
    assert occ.speaker.name == "Elena Novak"


def test_according_to() -> None:
    text = "The factory will close in May, according to Thomas Brandt."
    occ = _only(_rules(text), "factory")
    assert occ.cue_text == "according to"
    assert occ.speaker_text == "Thomas Brandt"
    assert occ.text == "The factory will close in May"


def test_pronoun_resolves_to_the_named_person_before() -> None:
    text = (
        "Sofia Marin arrived in the capital on Tuesday.\n\n"
        "“The talks were difficult but honest,” she said.\n"
    )
    occ = _only(_rules(text), "talks were")
    assert occ.speaker_text == "she"
    assert occ.speaker.name == "Sofia Marin"
    assert occ.speaker.resolution == "pronoun"


def test_description_resolves_to_the_titled_person() -> None:
    text = (
        "Finance Minister Laura Keller met the bankers on Friday.\n\n"
        "“Interest rates must come down,” the finance minister said.\n"
    )
    occ = _only(_rules(text), "Interest rates")
    assert occ.speaker.name == "Laura Keller"
    assert occ.speaker.resolution == "description"


def test_unresolved_speaker_stays_unresolved() -> None:
    text = "“The water is not safe to drink,” an official said."
    occ = _only(_rules(text), "water")
    assert occ.speaker_text == "an official"
    assert occ.speaker.name is None
    assert occ.speaker.resolution == "unresolved"


def test_ids_are_stable_and_text_order_is_kept() -> None:
    text = "“One thing first,” Ines Duarte said. “A second thing,” Paulo Reis said."
    first, second = _rules(text), _rules(text)
    assert [o.id for o in first] == [o.id for o in second]
    assert [o.start for o in first] == sorted(o.start for o in first)


def test_empty_text() -> None:
    assert _rules("   ") == []


def _grouped(text: str, second: str, *spans: tuple[str, str]) -> list[RawAttribution]:
    """``group_spans`` over one paragraph of two sentences, the second starting at ``second``;
    each span is (role, its words)."""
    cut = text.index(second)
    tagged = [(role, text.index(w), text.index(w) + len(w)) for role, w in spans]
    return group_spans(tagged, [(0, len(text))], [(0, cut - 1), (cut, len(text))])


def test_a_cue_takes_a_source_from_its_own_sentence_only() -> None:
    text = (
        "Leaders like Ana Reyes stressed unity at the summit. "
        "Doubts about the budget are voiced in private."
    )
    spans = (
        ("source", "Leaders like Ana Reyes"),
        ("cue", "stressed"),
        ("content", "unity at the summit"),
        ("cue", "are voiced"),
        ("content", "the budget"),
    )
    first, other = _grouped(text, "Doubts", *spans)
    assert first.source is not None and text[slice(*first.source)] == "Leaders like Ana Reyes"
    assert other.source is None  # nobody in its sentence says it: not Ana Reyes


def test_a_content_prefers_the_cue_of_its_own_sentence() -> None:
    text = "The board met to discuss the plan. “We are done,” Ana Reyes said."
    spans = (("cue", "to discuss"), ("content", "“We are done,”"), ("source", "Ana Reyes"))
    (raw,) = _grouped(text, "“", *spans, ("cue", "said"))
    assert raw.cue is not None and text[slice(*raw.cue)] == "said"


def test_a_paragraph_longer_than_the_parser_takes_is_parsed_in_pieces(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # spaCy refuses a text over its max_length (a million characters): a book chapter saved
    # on one line failed the article's quote extraction. Both bounds made small here.
    filler = "The council met again on Tuesday to discuss the cost of the new harbour lock. " * 8
    quote = '"We will build the lock this year," Jane Roe said.'
    text = filler + quote + " " + filler
    nlp = load_nlp()
    monkeypatch.setattr(extract, "MAX_PARAGRAPH_CHARS", 300, raising=False)
    monkeypatch.setattr(nlp, "max_length", 400)
    assert len(text) > 2 * nlp.max_length
    pieces = extract.paragraph_ranges(text)
    assert all(end - start <= 300 for start, end in pieces)
    assert " ".join(text[s:e].strip() for s, e in pieces) == text.strip()
    found = extract_quotes(text, article_id="a1", use_model=False)
    assert [(q.text, q.speaker.name) for q in found] == [
        ('"We will build the lock this year,"', "Jane Roe")
    ]
