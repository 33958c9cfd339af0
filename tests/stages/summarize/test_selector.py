"""The extractive summary of a synthetic three-outlet story, and the baselines."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from newsweave.stages.summarize import (
    CandidateSentence,
    HeadlineCandidate,
    SummaryBudget,
    select_summary,
)
from newsweave.stages.summarize.baselines import lead_summary, lexrank_summary, tfidf_similarity
from newsweave.stages.summarize.boilerplate import looks_like_boilerplate
from newsweave.stages.summarize.centrality import lexrank_scores
from newsweave.stages.summarize.support import annotate_support

ARTICLES = {
    "a1": [
        "Flooding forced the evacuation of 4,000 residents from the river town on Monday.",
        "Photo: Rescue boats on the main street (AP Photo/Jane Roe)",
        "The mayor said the water had risen faster than in any flood on record.",
        "Local shops were closed and schools will stay shut for the rest of the week.",
    ],
    "b1": [
        "About 4,000 people were evacuated from the river town on Monday as floods hit.",
        "The mayor said the water rose faster than in any flood on record.",
        "Forecasters expect more rain over the coming days in the upper valley.",
        "Read more: how to prepare your home for a flood",
    ],
    "c1": [
        "On Monday some 4,000 residents of the river town were evacuated because of flooding.",
        "A regional official said the army had sent two helicopters to help with rescues.",
        "Insurance claims are expected to run into the tens of millions.",
    ],
}
HEADLINES = (
    HeadlineCandidate("a1", "a", "Thousands evacuated as floods hit river town"),
    HeadlineCandidate("b1", "b", "River town floods: 4,000 evacuated"),
    HeadlineCandidate("c1", "c", "Live updates"),
)


def story() -> list[CandidateSentence]:
    candidates = []
    for article, sentences in ARTICLES.items():
        offset = 0
        for position, text in enumerate(sentences):
            candidates.append(
                CandidateSentence(
                    sentence_id=f"{article}:{offset}", article_id=article, family_id=article[0],
                    start=offset, end=offset + len(text), text=text, position=position,
                )
            )  # fmt: skip
            offset += len(text) + 1
    return candidates


@pytest.fixture(scope="module")
def annotated() -> list[CandidateSentence]:
    from newsweave.nlp.embed import load_embedder

    candidates = story()
    return annotate_support(candidates, load_embedder().embed([c.text for c in candidates]))


def test_support_counts_families_stating_the_same_fact(annotated: list[CandidateSentence]) -> None:
    by_text = {c.text: c for c in annotated}
    evacuation = by_text[ARTICLES["a1"][0]]
    assert evacuation.support >= 2
    assert set(evacuation.cited_articles) >= {"a1", "b1"}
    assert by_text[ARTICLES["c1"][2]].support == 1


def test_summary_is_extractive_cited_corroborated_first_and_without_repeats(
    annotated: list[CandidateSentence],
) -> None:
    summary = select_summary(annotated, HEADLINES)
    texts = [s.sentence.text for s in summary.sentences]
    assert 3 <= len(texts) <= 7
    all_texts = {c.text for c in annotated}
    assert all(t in all_texts for t in texts)  # copied whole, never invented
    assert not any(looks_like_boilerplate(t) for t in texts)
    # The evacuation is stated by every outlet: it is in, and only once.
    assert sum("4,000" in t for t in texts) == 1
    assert sum("mayor said" in t for t in texts) <= 1
    first = summary.sentences[0]
    assert first.sentence.support >= 2
    assert set(first.citations) == {first.sentence.article_id, *first.sentence.cited_articles}
    assert summary.headline is not None and summary.headline.text != "Live updates"


def test_summary_is_deterministic(annotated: list[CandidateSentence]) -> None:
    assert select_summary(annotated, HEADLINES) == select_summary(annotated, HEADLINES)


def test_a_word_budget_stops_after_the_minimum(annotated: list[CandidateSentence]) -> None:
    summary = select_summary(annotated, HEADLINES, SummaryBudget(3, 7, max_words=10))
    assert len(summary.sentences) == 3


def test_corroborated_sentences_are_chosen_before_single_source_ones() -> None:
    candidates = [replace(c, support=1) for c in story()]
    candidates[6] = replace(candidates[6], support=3)  # "Forecasters expect more rain..."
    candidates[7] = replace(candidates[7], support=3)  # "Read more: ...": support or not, never
    vectors = np.eye(len(candidates), dtype=np.float32)
    no_headlines = np.zeros((0, len(candidates)), np.float32)
    summary = select_summary(
        candidates, (), SummaryBudget(1, 1), embeddings=vectors, headline_embeddings=no_headlines
    )
    assert [s.sentence.text for s in summary.sentences] == [candidates[6].text]


def test_empty_story_gives_an_empty_summary() -> None:
    summary = select_summary([], ())
    assert summary.sentences == () and summary.headline is None


@pytest.mark.parametrize(
    "text",
    [
        "Photo: Rescue boats on the main street (AP Photo/Jane Roe)",
        "Read more: how to prepare your home for a flood",
        "Sign up for our daily newsletter.",
        "World News",
        "Related Stories From Our Partners Today",
        "\u00a9 2025 Example Media. All rights reserved.",
    ],
)
def test_boilerplate_lines_are_recognised(text: str) -> None:
    assert looks_like_boilerplate(text)


@pytest.mark.parametrize("text", ARTICLES["c1"])
def test_reporting_sentences_are_not_boilerplate(text: str) -> None:
    assert not looks_like_boilerplate(text)


def test_lead_is_round_robin_across_outlets() -> None:
    summary = lead_summary(story(), SummaryBudget(3, 3))
    assert [s.sentence.sentence_id.split(":")[0] for s in summary.sentences] == ["a1", "b1", "c1"]
    assert all(s.sentence.position == 0 for s in summary.sentences)


def test_lexrank_prefers_the_central_sentence() -> None:
    similarity = np.array([[1, 0.9, 0.8, 0.1], [0.9, 1, 0.1, 0.1], [0.8, 0.1, 1, 0.1],
                           [0.1, 0.1, 0.1, 1]])  # fmt: skip
    scores = lexrank_scores(similarity)
    assert scores.sum() == pytest.approx(1.0)
    assert int(np.argmax(scores)) == 0


def test_lexrank_summary_respects_the_budget() -> None:
    candidates = story()
    summary = lexrank_summary(
        candidates, tfidf_similarity([c.text for c in candidates]), SummaryBudget(3, 3)
    )
    assert len(summary.sentences) == 3
    assert not any(looks_like_boilerplate(s.sentence.text) for s in summary.sentences)


def test_quotes_are_not_part_of_the_corroborated_core() -> None:
    candidates = [replace(c, support=1) for c in story()]
    candidates[0] = replace(candidates[0], support=3, is_quote=True)
    candidates[2] = replace(candidates[2], support=2)  # "The mayor said ..." (reporting)
    vectors = np.eye(len(candidates), dtype=np.float32)
    no_headlines = np.zeros((0, len(candidates)), np.float32)
    summary = select_summary(
        candidates, (), SummaryBudget(1, 1), embeddings=vectors, headline_embeddings=no_headlines
    )
    assert [s.sentence.text for s in summary.sentences] == [candidates[2].text]


def test_family_centrality_is_the_mean_of_the_best_cosine_to_each_other_family() -> None:
    from newsweave.stages.summarize.selector import _family_centrality

    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(40, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    sims = vectors @ vectors.T
    families = [f"f{rng.integers(5)}" for _ in range(40)]
    expected = [
        np.mean([max(sims[i, j] for j in range(40) if families[j] == f) for f in others])
        for i in range(40)
        for others in [sorted(set(families) - {families[i]})]
    ]
    assert np.allclose(_family_centrality(sims, families), expected, rtol=0, atol=1e-12)
    # One family: the mean cosine to the other sentences.
    alone = _family_centrality(sims[:3, :3], ["f", "f", "f"])
    assert np.allclose(alone, [(sims[i, :3].sum() - 1) / 2 for i in range(3)])


def test_a_very_large_story_is_summarised_from_a_shortlist(
    annotated: list[CandidateSentence], monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.stages.summarize.selector as selector

    # Many outlets running the same three articles again, and a long tail of their own lines.
    copies = [
        replace(c, sentence_id=f"{n}:{c.sentence_id}", article_id=f"x{n}", family_id=f"x{n}")
        for n in range(5)
        for c in annotated
    ]
    tail = [
        replace(annotated[-1], sentence_id=f"t{n}", text=f"Line {n} of a long live blog.",
                position=20 + n, support=1)
        for n in range(10)
    ]  # fmt: skip
    everything = [*annotated, *copies, *tail]
    kept = selector.shortlist(everything, 8)
    texts = [everything[i].text for i in kept]
    assert kept == sorted(kept) and len(set(texts)) == len(texts) == 8
    # The best supported come first, then the earliest sentences; the tail is left out.
    assert {c.text for c in annotated if c.support >= 2} <= set(texts)
    assert not any(t.startswith("Line") for t in texts)
    monkeypatch.setattr(selector, "MAX_CANDIDATES", 8)
    summary = select_summary(everything, HEADLINES)
    assert {s.sentence.text for s in summary.sentences} <= set(texts)
    assert len(summary.sentences) >= 3
