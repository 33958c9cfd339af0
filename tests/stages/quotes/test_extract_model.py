"""Extraction with the packaged tagger (skipped when its weights are absent)."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from newsweave.models.quotes import UNRESOLVED, QuoteOccurrence, TextSpan
from newsweave.stages.quotes.extract import _carried_on, extract_quotes
from newsweave.stages.quotes.tagger import (
    LABELS,
    MODEL_FILE,
    _decode,
    encode_paragraph,
    load_tagger,
    snap_to_words,
    viterbi,
    windows,
)

pytestmark = pytest.mark.skipif(not MODEL_FILE.is_file(), reason="tagger weights absent")


def _model(text: str) -> list[QuoteOccurrence]:
    return extract_quotes(text, article_id="m1")


def _covering(found: list[QuoteOccurrence], needle: str) -> QuoteOccurrence:
    matches = [o for o in found if needle in o.text]
    assert matches, [o.text for o in found]
    return matches[0]


def test_direct_quote() -> None:
    text = "“We will rebuild the bridge by spring,” Maria Lopez said on Monday."
    occ = _covering(_model(text), "rebuild")
    assert occ.kind == "direct"
    assert occ.cue_text == "said"
    assert occ.speaker.name == "Maria Lopez"


def test_indirect_speech_with_pronoun() -> None:
    text = (
        "Elena Novak visited the plant on Friday.\n\n"
        "She said the factory would hire two hundred workers next year.\n"
    )
    occ = _covering(_model(text), "hire")
    assert occ.kind == "indirect"
    assert occ.speaker.name == "Elena Novak"
    assert occ.speaker.resolution == "pronoun"


def test_he_is_not_someone_the_speaker_was_reported_speaking_of() -> None:
    # Erik Berg is the subject of what Anna Holm said, not a speaker: the next "she" is hers.
    text = (
        "Anna Holm spoke to farmers in Lund on Monday.\n\n"
        "She said Erik Berg had no plan for the harbour and that the town deserved better.\n\n"
        "Of Berg, she said: “I want him to do well, but he has to listen to the people here.”\n"
    )
    occ = _covering(_model(text), "listen to the people")
    assert (occ.speaker.name, occ.speaker.resolution) == ("Anna Holm", "pronoun")
    # With no other candidate, a person spoken of is the one "he" stands for.
    alone = "Police said Erik Berg was arrested in Lund.\n\nHe said: “I did nothing wrong.”\n"
    occ = _covering(_model(alone), "nothing wrong")
    assert (occ.speaker.name, occ.speaker.resolution) == ("Erik Berg", "pronoun")


def test_according_to() -> None:
    text = "The factory will close in May, according to the union leader Tomas Brandt."
    occ = _covering(_model(text), "factory")
    assert occ.cue_text is not None and occ.cue_text.lower().startswith("according")


@pytest.mark.parametrize(
    "question",
    [
        "When asked whether the plant would close, Elena Novak said",
        "Asked about the strike, Elena Novak said",
    ],
)
def test_a_question_put_to_the_speaker_is_not_their_words(question: str) -> None:
    found = _model(f"{question} the factory would hire two hundred workers next year.")
    assert not any("close" in o.text or "strike" in o.text for o in found), found
    assert _covering(found, "hire").speaker.name == "Elena Novak"


def test_a_role_in_an_organisation_is_a_person_not_the_organisation() -> None:
    text = (
        "The Harbour Authority met on Monday.\n"
        "The head of the Harbour Authority said the port would reopen in May.\n"
        "A spokeswoman for the Harbour Authority said the cranes were safe.\n"
        "The Harbour Authority said it would publish the report.\n"
    )
    found = _model(text)
    for needle in ("reopen", "cranes"):
        assert _covering(found, needle).speaker.name is None, needle
    assert "Harbour Authority" in (_covering(found, "publish").speaker.name or "")


def test_tagger_output_is_deterministic() -> None:
    text = "“The plan is ready,” Anna Berg said, “and it will be published tomorrow.”"
    tagger = load_tagger()
    assert tagger.tag(text, 0, len(text)) == tagger.tag(text, 0, len(text))


def test_long_paragraph_is_windowed() -> None:
    sentence = "The committee met again on Tuesday to discuss the budget. "
    text = sentence * 60 + "“We are done,” Olga Petrova said."
    occ = _covering(_model(text), "We are done")
    assert occ.speaker.name == "Olga Petrova"


def test_windows_and_viterbi_shapes() -> None:
    import numpy as np

    assert windows(10) == [(0, 10)]
    spans = windows(600)
    assert spans[0][0] == 0 and spans[-1][1] == 600
    assert all(b[0] < a[1] for a, b in itertools.pairwise(spans))
    # An I- tag never follows O: the decoder repairs it.
    scores = np.log(np.array([[0.9, 0.0, 0.1, 0, 0, 0, 0], [0.1, 0, 0.9, 0, 0, 0, 0]]) + 1e-6)
    path = viterbi(scores.astype(np.float32))
    assert path[1] != 2 or path[0] in (1, 2)


def test_a_weak_content_start_does_not_split_a_content_span() -> None:
    import numpy as np

    text = "prices will rise again soon"
    # Word 2 looks a little more like the start of a new content than its continuation, as the
    # model says where one long remark runs on; the decoder keeps one content span.
    probs = {0: {"B-content": 0.9}, 1: {"I-content": 0.9}, 2: {"B-content": 0.5, "I-content": 0.4}}
    probs |= {3: {"I-content": 0.9}, 4: {"I-content": 0.9}}
    scores = np.full((5, len(LABELS)), 0.01, dtype=np.float32)
    for word, tags in probs.items():
        for tag, p in tags.items():
            scores[word, LABELS.index(tag)] = p
    spans = _decode(encode_paragraph(text, 0, len(text)), np.log(scores))
    assert spans == [("content", 0, len(text))]


@pytest.mark.parametrize(
    ("text", "span", "snapped"),
    [
        # A span that stops at the hyphen of a compound takes the whole compound.
        ("urged calm after the U.S.-China talks ended", (21, 26), (21, 31)),
        # One that starts inside a word starts at the word.
        ("the Ukrainian delegation", (8, 24), (4, 24)),
        # A possessive is a name and a clitic: "Okafor" stays "Okafor".
        ("Okafor’s aides", (0, 6), (0, 6)),
        # Punctuation after a word is not part of it.
        ("it was over, he said.", (0, 11), (0, 11)),
        ("the U.S. said", (4, 8), (4, 8)),
    ],
)
def test_spans_snap_to_whole_words(
    text: str, span: tuple[int, int], snapped: tuple[int, int]
) -> None:
    assert snap_to_words(text, *span) == snapped


def test_a_copys_paragraphs_are_neither_parsed_nor_tagged_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import newsweave.stages.quotes.extract as extract_module

    original = (
        "Officials met in the port city of Varnholm on Monday to discuss the flooding.\n"
        "“We will rebuild every dyke before the autumn storms,” Mayor Ilse Dornberg said.\n"
        "She added that the army would help with sandbags."
    )
    # A rewrite: the original's paragraphs, one changed, framing added.
    rewrite = "A regional paper reported the meeting.\n" + original.replace("sandbags", "pumps")
    tagger = load_tagger()
    run, nlp = tagger._run, extract_module.load_nlp()
    # What a process that keeps nothing finds.
    monkeypatch.setattr(extract_module, "_PARSED", extract_module.LruCache(0))
    monkeypatch.setattr(tagger, "_tagged", extract_module.LruCache(0))
    expected = [_model(original), _model(rewrite)]
    runs: list[int] = []
    parsed: list[str] = []

    class Nlp:
        def pipe(self, texts: list[str]) -> object:
            parsed.extend(texts)
            return nlp.pipe(texts)

    monkeypatch.setattr(tagger, "_run", lambda ids, cases: runs.append(len(ids)) or run(ids, cases))
    monkeypatch.setattr(extract_module, "load_nlp", Nlp)
    monkeypatch.setattr(extract_module, "_PARSED", extract_module.LruCache(100))
    monkeypatch.setattr(tagger, "_tagged", extract_module.LruCache(100))
    assert [_model(original), _model(rewrite)] == expected
    # Three paragraphs, then only the rewrite's two new ones.
    assert len(parsed) == 5 and len(runs) == 5
    parsed.clear()
    runs.clear()
    # Recent paragraphs are kept in any article; the results stay those of a fresh parse.
    assert _model(rewrite) == expected[1] and not parsed and not runs


def test_a_span_at_the_cut_of_a_long_line_is_widened_to_the_whole_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A line too long to parse at once may be cut inside a word (no space for 100,000
    # characters); spans are widened to whole words of the article, across the cut.
    tagger = load_tagger()
    monkeypatch.setattr(tagger, "_tagged", tagger._tagged.__class__(0))
    monkeypatch.setattr(tagger, "_tag_alone", lambda piece: (("content", 0, len(piece)),))
    text = "Intro line.\nabcdefghij klm"
    [[intro], [left], [right]] = tagger.tag_paragraphs(text, [(0, 11), (12, 17), (17, 26)])
    assert intro == ("content", 0, 11)
    assert left == ("content", 12, 22) and right == ("content", 12, 26)


def _speaker_of(text: str, needle: str) -> tuple[str | None, str]:
    occ = _covering(_model(text), needle)
    return occ.speaker.name, occ.speaker.resolution


def test_a_relative_pronoun_is_the_name_right_before_it() -> None:
    text = (
        "“The port will reopen next week,” said Daniel Okoro, who added that the cranes "
        "were already back in place.\n"
    )
    assert _speaker_of(text, "cranes") == ("Daniel Okoro", "pronoun")


def test_she_is_not_a_man_the_article_calls_mr() -> None:
    # Mr. Berg is the nearer subject, but "she" cannot be him.
    text = (
        "Karin Lund welcomed the ruling in Uppsala on Monday. Mr. Berg announced an appeal "
        "hours later.\n\n"
        "“We waited ten years for this,” she said.\n"
    )
    assert _speaker_of(text, "waited ten years") == ("Karin Lund", "pronoun")


def test_a_pronoun_that_carries_on_takes_the_last_speaker() -> None:
    # Her lawyer is the nearer subject; "she added" goes on with what Lund said.
    text = (
        "“We will not sell the land,” Karin Lund said on Monday. Her lawyer, Peter Lind, "
        "filed the papers at the court.\n\n"
        "“It belongs to the village and always has,” she added.\n"
    )
    assert _speaker_of(text, "belongs to the village") == ("Karin Lund", "pronoun")


@pytest.mark.parametrize(
    ("intro", "source", "name"),
    [
        # The title the article gives the name stands for the description's role.
        (
            "Rep. Daniel Marsh (R-Ohio) left the hearing early.",
            "the four-term congressman",
            "Daniel Marsh",
        ),
        # "herself" says nothing of who.
        ("Finance Minister Laura Keller met the bankers.", "The minister herself", "Laura Keller"),
    ],
)
def test_a_description_finds_the_titled_person(intro: str, source: str, name: str) -> None:
    text = f"{intro}\n\n“Interest rates must come down soon,” {source} said on Friday.\n"
    assert _speaker_of(text, "Interest rates") == (name, "description")


def test_a_description_two_people_fit_goes_to_the_one_the_article_is_about() -> None:
    text = (
        "President Maria Lopez opened the summit in Lima on Monday. On Tuesday, Maria Lopez told "
        "delegates the region needed a common plan. Maria Lopez later met President Carlos Vega "
        "of Chile.\n\n"
        "“We leave with an agreement on water,” the president said.\n"
    )
    assert _speaker_of(text, "agreement on water") == ("Maria Lopez", "description")


def test_a_surname_the_recogniser_takes_for_an_organisation_is_the_person() -> None:
    # spaCy's small model tags "Hutchinson" alone as ORG; after "Asa Hutchinson" it is him, and
    # he is the last speaker "he" goes on from, not the senator named before.
    text = (
        "Gov. Asa Hutchinson signed the bill on Tuesday after a week of protests. The senator "
        "Jonas Berg voted against it.\n\n"
        "Hutchinson said his son had asked him to veto the legislation.\n\n"
        "“My son signed the petition asking me to veto this bill,” he said.\n"
    )
    occurrences = _model(text)
    assert _covering(occurrences, "his son").speaker.type == "person"
    assert _speaker_of(text, "petition") == ("Asa Hutchinson", "pronoun")


@pytest.mark.parametrize(
    "text",
    [
        # A paragraph of quotation after one that closes on its attribution.
        "“The harbour will reopen in June,” Karin Lund said on Monday.\n\n"
        "“We have waited long enough for the cranes to come back.”\n",
        # The words after what introduces them.
        "Karin Lund said in a statement on Monday that the port would reopen soon:\n\n"
        "“We have waited long enough for the cranes to come back.”\n",
    ],
)
def test_a_quotation_without_a_source_carries_on_the_one_before_it(text: str) -> None:
    assert _speaker_of(text, "cranes") == ("Karin Lund", "continued")


def test_a_quotation_after_other_sentences_is_not_carried_on() -> None:
    text = (
        "“The harbour will reopen in June,” Karin Lund said on Monday. The port has been shut "
        "since March. Ships now dock in Malmo.\n\n"
        "“We have waited long enough for the cranes to come back.”\n"
    )
    assert _speaker_of(text, "cranes") == (None, "unresolved")


def test_a_quoted_heading_is_not_carried_on() -> None:
    # A quoted line that ends no sentence is a heading or a pull quote, not the next words said.
    text = (
        "“The harbour will reopen in June,” Karin Lund said on Monday.\n\n"
        "“No alternative to the cranes”\n\n"
        "“We have waited long enough for the cranes to come back.”\n"
    )
    [said] = _model(text.split("\n")[0])
    found = [said]
    for line in (
        "“No alternative to the cranes”",
        "“We have waited long enough for the cranes to come back.”",
    ):
        start = text.index(line)
        found.append(
            replace(
                said,
                id=line,
                start=start,
                end=start + len(line),
                text=line,
                cue=None,
                source=None,
                speaker=UNRESOLVED,
                fragments=(TextSpan(start, start + len(line), line),),
            )
        )
    heading, after = _carried_on(text, found)[1:]
    assert heading.speaker == UNRESOLVED
    # Nor does the heading carry a speaker on to the quotation under it.
    assert after.speaker == UNRESOLVED
