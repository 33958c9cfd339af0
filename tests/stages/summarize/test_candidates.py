"""A summary sentence is cited for what it states, not for the setting it mentions."""

from __future__ import annotations

from newsweave.models import Article
from newsweave.models.facts import Fact, FactUnit
from newsweave.stages.summarize.stage import candidate_sentences

SENTENCES = {
    "a1": "Erik Lindqvist said in Lisbon that the fishing treaty would be signed in May.",
    "b1": "Erik Lindqvist arrived in Lisbon on Monday for two days of talks.",
    "c1": "Officials confirmed that Lindqvist was in Lisbon at the invitation of the government.",
}


def article(article_id: str) -> Article:
    text = SENTENCES[article_id]
    return Article(id=article_id, path=f"{article_id}.txt", locator="", container="text",
                   body_format="text", text=text, raw_text=text)  # fmt: skip


def unit(article_id: str) -> FactUnit:
    text = SENTENCES[article_id]
    return FactUnit(article_id, f"family-{article_id}", 0, len(text), text, 0, False)


def fact(fact_id: str, kind: str, articles: list[str], subject: str = "") -> Fact:
    return Fact(
        id=fact_id,
        story_id="st-test",
        text=SENTENCES[articles[0]],
        status="corroborated" if len(articles) > 1 else "single-source",
        independent_sources=len(articles),
        families=tuple(f"family-{a}" for a in articles),
        members=tuple(unit(a) for a in articles),
        kind=kind,
        subject=subject,
    )


def test_a_sentence_stating_a_claim_is_not_cited_for_the_place_it_names() -> None:
    presence = fact("fa-presence", "presence", ["a1", "b1", "c1"], "Erik Lindqvist in Lisbon")
    claim = fact("fa-treaty", "statement", ["a1"])
    articles = [article(a) for a in SENTENCES]
    family_of = {a: f"family-{a}" for a in SENTENCES}
    found = {c.article_id: c for c in candidate_sentences(articles, family_of, [presence, claim])}
    # The treaty rests on one outlet, however many outlets put him in Lisbon.
    assert (found["a1"].cited_articles, found["a1"].support) == (("a1",), 1)
    # A sentence that only places him there is supported by every outlet that does.
    assert (found["b1"].cited_articles, found["b1"].support) == (("a1", "b1", "c1"), 3)


def test_a_candidate_is_aligned_with_other_candidates_only_not_with_copies() -> None:
    lead = "The council approved the new harbour budget of 40 million euros on Tuesday."
    other = "On Tuesday the council passed a harbour budget worth 40 million euros."
    extra = "The vote ended a year of disputes between the port authority and the city hall."

    def story_article(article_id: str, *sentences: str) -> Article:
        text = " ".join(sentences)
        return Article(id=article_id, path=f"{article_id}.txt", locator="", container="text",
                       body_format="text", text=text, raw_text=text)  # fmt: skip

    # An original, two copies of it (its family) and an outlet of its own.
    articles = [
        story_article("o1", lead, extra),
        story_article("x1", lead, extra),
        story_article("x2", lead, extra),
        story_article("b1", other, extra),
    ]
    family_of = {"o1": "family-o1", "x1": "family-o1", "x2": "family-o1", "b1": "family-b1"}
    members = [FactUnit(a.id, family_of[a.id], 0, len(a.text.split(". ")[0]) + 1,
                        a.text.split(". ")[0] + ".", 0, False) for a in articles]  # fmt: skip
    budget = Fact("fa-budget", "st-test", lead, "corroborated", 2, ("family-b1", "family-o1"),
                  tuple(members))  # fmt: skip
    found = candidate_sentences(articles, family_of, [budget])
    # Copies retell their original: only the originals' sentences are candidates ...
    assert {c.article_id for c in found} == {"o1", "b1"}
    by_id = {c.sentence_id: c for c in found}
    # ... and the same fact links the two outlets' sentences, in both directions, no copy's.
    assert by_id["o1:0"].same_fact_as == ("b1:0",)
    assert by_id["b1:0"].same_fact_as == ("o1:0",)
    assert by_id["o1:0"].cited_articles == ("b1", "o1", "x1", "x2")
