"""Corroboration on synthetic stories: agreement, single source, copies, planted conflicts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import pytest

from newsweave.models import Article
from newsweave.models.facts import Fact
from newsweave.nlp.embed import load_embedder
from newsweave.stages.facts.corroborate import compare_outlets, corroborate
from newsweave.stages.facts.presence import presence_facts
from newsweave.stages.facts.similarity import load_same_fact_model
from newsweave.stages.facts.units import fact_units


def article(article_id: str, *paragraphs: str) -> Article:
    text = "\n".join(paragraphs)
    return Article(id=article_id, path=f"{article_id}.txt", locator="", container="text",
                   body_format="text", text=text, raw_text=text)  # fmt: skip


def facts_of(
    articles: list[Article], families: dict[str, str] | None = None, place: str | None = None
) -> list[Fact]:
    family_of = families or {a.id: f"family-{a.id}" for a in articles}
    units = fact_units(articles, family_of)
    vectors = load_embedder().embed([u.text for u in units])
    facts = corroborate("st-test", units, load_same_fact_model(), vectors)
    return facts + presence_facts("st-test", units, {}, place)


def find(facts: list[Fact], needle: str) -> Fact:
    [fact] = [f for f in facts if needle in f.text or any(needle in m.text for m in f.members)]
    return fact


QUAKE = (
    "A magnitude 6.1 earthquake struck the coastal city of Harborville on Tuesday, emergency "
    "services said."
)
A = article(
    "a1",
    QUAKE,
    "At least 14 people were injured when two warehouses collapsed near the port.",
    "The mayor declared a state of emergency in the afternoon.",
)
B = article(
    "b1",
    "Emergency services said a 6.1-magnitude earthquake hit the coastal city of Harborville on "
    "Tuesday.",
    "Sixteen people were hurt when two warehouses near the port collapsed.",
    "Local fishermen said the harbour wall had cracked in several places.",
)
C = article(
    "c1",
    QUAKE,
    "At least 40 people were injured when two warehouses collapsed near the port.",
)


def test_the_same_fact_in_other_words_is_corroborated_by_both_families() -> None:
    facts = facts_of([A, B])
    quake = find(facts, "earthquake struck")
    assert quake.status == "corroborated" and quake.independent_sources == 2
    assert set(quake.articles) == {"a1", "b1"}


def test_what_only_one_outlet_says_is_single_source() -> None:
    facts = facts_of([A, B])
    harbour = find(facts, "harbour wall")
    assert (harbour.status, harbour.independent_sources, harbour.articles) == (
        "single-source",
        1,
        ("b1",),
    )


def test_numbers_that_can_both_be_true_do_not_conflict() -> None:
    injured = find(facts_of([A, B]), "At least 14 people")
    assert injured.status != "conflicting"


def test_a_planted_number_conflict_keeps_both_values_and_their_outlets() -> None:
    facts = facts_of([A, C])
    injured = find(facts, "At least 14 people")
    assert injured.status == "conflicting"
    values = {(v.slot, v.value, v.articles) for v in injured.variants}
    assert ("number", "14", ("a1",)) in values and ("number", "40", ("c1",)) in values


def test_a_planted_date_conflict() -> None:
    d1 = article(
        "d1",
        "The new bridge over the river will open to traffic on March 3, the city council said.",
    )
    d2 = article(
        "d2",
        "The new bridge over the river will open to traffic on March 10, the city council said.",
    )
    bridge = find(facts_of([d1, d2]), "bridge over the river")
    assert bridge.status == "conflicting"
    assert {v.slot for v in bridge.variants} == {"date"}


def test_a_planted_place_conflict() -> None:
    p1 = article(
        "p1",
        "The summit of European ministers took place in Vienna on Monday, officials confirmed.",
    )
    p2 = article(
        "p2",
        "The summit of European ministers took place in Prague on Monday, officials confirmed.",
    )
    summit = find(facts_of([p1, p2]), "summit of European ministers")
    assert summit.status == "conflicting"
    assert {(v.slot, v.value) for v in summit.variants} == {
        ("place", "Vienna"),
        ("place", "Prague"),
    }


def test_a_copy_never_corroborates_its_original() -> None:
    copy = article("a2", *A.text.split("\n"))
    facts = facts_of([A, copy], {"a1": "family-a1", "a2": "family-a1"})
    quake = find(facts, "earthquake struck")
    assert quake.status == "single-source" and quake.independent_sources == 1
    assert set(quake.articles) == {"a1", "a2"}


def test_presence_is_corroborated_across_different_sentences() -> None:
    x = article(
        "x1", "Chancellor Maria Lindqvist arrived in Oslo on Monday for talks on energy prices."
    )
    y = article(
        "y1",
        "Talks on energy prices opened in Oslo.",
        "Maria Lindqvist said the talks were useful.",
    )
    z = article("z1", "Lindqvist praised the hosts during her visit to Oslo, where ministers met.")
    presence = [f for f in facts_of([x, y, z], place="Oslo") if f.kind == "presence"]
    assert [(f.subject, f.independent_sources) for f in presence] == [
        ("Maria Lindqvist in Oslo", 3)
    ]


def test_outlets_additions_and_omissions() -> None:
    facts = facts_of([A, B])
    comparison = {
        c.article_id: c
        for c in compare_outlets(facts, ["a1", "b1"], {"a1": "family-a1", "b1": "family-b1"})
    }
    harbour = find(facts, "harbour wall").id
    mayor = find(facts, "state of emergency").id
    assert harbour in comparison["b1"].additions and mayor in comparison["a1"].additions
    quake = find(facts, "earthquake struck").id
    assert quake not in comparison["a1"].omissions


def test_a_copy_adds_only_what_its_original_does_not_say() -> None:
    copy = article(
        "a2", *A.text.split("\n"), "Schools in the district will stay closed until Friday."
    )
    families = {"a1": "family-a1", "a2": "family-a1", "b1": "family-b1"}
    facts = facts_of([A, copy, B], families)
    comparison = {c.article_id: c for c in compare_outlets(facts, ["a1", "a2", "b1"], families)}
    mayor = find(facts, "state of emergency").id
    schools = find(facts, "Schools in the district").id
    assert mayor in comparison["a1"].additions and mayor not in comparison["a2"].additions
    assert comparison["a2"].additions == (schools,)


def test_one_speakers_words_never_corroborate_anothers() -> None:
    said = '"We will rebuild the harbour wall before the winter storms arrive in November,"'
    # The same words, said by two people (as the quote stage would resolve "she").
    mayor = article("m1", "The mayor, Anna Berg, spoke on Monday.", f"{said} she said.")
    governor = article("g1", "The governor, Tom Lind, spoke on Tuesday.", f"{said} she said.")
    narration = article("n1", "The harbour wall will be rebuilt before the winter storms arrive.")
    family_of = {a: f"family-{a}" for a in ("m1", "g1", "n1")}
    units = fact_units([mayor, governor, narration], family_of)
    vectors = load_embedder().embed([u.text for u in units])
    model = load_same_fact_model()

    def fact_of(facts: list[Fact], article_id: str) -> Fact:
        [found] = [f for f in facts if article_id in f.articles and f.members[0].is_quote]
        return found

    # Without speakers the two quotations are one fact from two families...
    plain = corroborate("st-test", units, model, vectors)
    assert fact_of(plain, "m1") is fact_of(plain, "g1")
    # ... with them, two facts, and the narration joins at most one of them.
    said_by = ["berg" if u.article_id == "m1" else "lind" if u.article_id == "g1" else None
               for u in units]  # fmt: skip
    facts = corroborate("st-test", units, model, vectors, speakers=said_by)
    assert fact_of(facts, "m1") is not fact_of(facts, "g1")
    assert not any({"m1", "g1"} <= set(f.articles) for f in facts)


def test_a_unit_is_said_by_the_speaker_whose_quotation_covers_it() -> None:
    from newsweave.models.quotes import QuoteOccurrence, Speaker, TextSpan
    from newsweave.stages.facts.corroborate import unit_speakers

    text = 'The mayor spoke on Monday. "The harbour wall will be rebuilt by November," she said.'
    units = fact_units([article("m1", text)], {"m1": "family-m1"})
    start = text.index('"')
    quote = QuoteOccurrence(
        "q1", "m1", start, text.index(" she"), text[start : text.index(" she")], "direct", (),
        TextSpan(text.index("said"), len(text) - 1, "said"), None,
        Speaker("Anna Berg", "person", "pronoun"),
    )  # fmt: skip
    said = dict(zip((u.text for u in units), unit_speakers(units, [quote]), strict=True))
    assert said == {"The mayor spoke on Monday.": None, text[start:]: "berg"}


def test_text_without_sentence_ends_makes_no_unit_and_no_failure() -> None:
    from newsweave.stages.facts.units import MAX_UNIT_CHARS

    endless = " ".join(["word"] * (MAX_UNIT_CHARS // 2))  # spaCy refuses past 10^6 characters
    units = fact_units([article("x1", QUAKE, endless, QUAKE.replace("6.1", "6.2"))], {})
    assert [u.text for u in units] == [QUAKE, QUAKE.replace("6.1", "6.2")]


def test_a_verb_with_its_own_subject_starts_a_unit_without_the_pipeline_rule_components() -> None:
    from newsweave.nlp.spacy_model import load_nlp
    from newsweave.stages.facts.units import SKIPPED_PIPES, clauses

    sentence = "The quake damaged dozens of buildings, and officials said schools would close."
    (doc,) = load_nlp().pipe([sentence], disable=SKIPPED_PIPES)
    assert [t.pos_ for t in doc] == [""] * len(doc)  # no coarse parts of speech were set
    parts = [sentence[s:e].strip(" ,") for s, e in clauses(doc)]
    assert parts == ["The quake damaged dozens of buildings", "officials said schools would close."]
    units = fact_units([article("c1", sentence)], {})
    assert [u.text.strip(" ,") for u in units] == parts


def test_every_copy_of_a_statement_is_counted_however_many_outlets_run_it() -> None:
    # Forty outlets run one wire sentence, one outlet gives another figure. Each outlet's copy
    # is the same fact; the conflict lists all forty as giving "14", not the few that a
    # neighbour cap happened to pair with the other figure.
    copies = [article(f"w{n:02d}", A.text.split("\n")[1]) for n in range(40)]
    facts = facts_of([*copies, C])
    injured = find(facts, "At least 14 people")
    assert injured.status == "conflicting" and len(injured.articles) == 41
    values = {(v.slot, v.value): v.articles for v in injured.variants}
    assert values[("number", "14")] == tuple(sorted(a.id for a in copies))
    assert values[("number", "40")] == ("c1",)


def test_one_sentence_in_many_copies_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import newsweave.stages.facts.units as units_module

    parsed: list[str] = []
    nlp = units_module.load_nlp()

    class Spy:
        def pipe(self, texts: Iterable[str], **kwargs: Any) -> Iterator[Any]:
            for text in texts:
                parsed.append(text)
                yield from nlp.pipe([text], **kwargs)

    monkeypatch.setattr(units_module, "load_nlp", lambda: Spy())
    copies = [article(f"w{n}", *A.text.split("\n")) for n in range(5)]
    units = fact_units([*copies, B], {})
    assert len(parsed) == 6 and len(set(parsed)) == 6
    assert len(units) == 5 * 3 + 3
    # Each copy's units sit in its own text, with the parse's entities.
    texts = {a.id: a.text for a in [*copies, B]}
    assert all(u.text == texts[u.article_id][u.start : u.end] for u in units)
    [entities] = {u.entities for u in units if u.article_id[0] == "w" and "Harborville" in u.text}
    assert [text for text, _ in entities] == ["Harborville"]


def test_copies_published_on_other_days_keep_their_own_dates() -> None:
    from dataclasses import replace as with_

    from newsweave.models.article import DateValue

    said = "The ministers will meet again on Friday to sign the fishing agreement, officials said."
    days = {"early": 4, "late": 11, "late-copy": 11}
    copies = [
        with_(article(name, QUAKE, said), published=DateValue(f"2024-03-{day:02d}", "header", 1.0))
        for name, day in days.items()
    ]
    together = fact_units(copies, {})
    alone = [u for a in copies for u in fact_units([a], {})]
    assert together == alone
    fridays = {u.article_id: u.dates for u in together if "Friday" in u.text}
    assert fridays == {
        "early": ("2024-03-08",),
        "late": ("2024-03-15",),
        "late-copy": ("2024-03-15",),
    }
