"""The retelling judge's sentence vectors, and its life span in the relate stage."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from builders.inputs import write
from builders.stories import ORIGINAL, REWRITE, text
from newsweave.stages.clean.stage import CleanStage
from newsweave.stages.relate.compare import (
    ArticleText,
    RetellingJudge,
    candidate_texts,
    compare_text,
    retelling_candidates,
    shares_enough,
)
from newsweave.stages.relate.derive import needs_retelling, rewrite_within_reach
from newsweave.stages.relate.retelling import SameFactJudge
from newsweave.stages.relate.stage import RelateStage
from newsweave.store.relations import load_edges
from newsweave.workspace import Workspace


class CountingEmbedder:
    """Distinct unit vectors per text, and a record of what was embedded."""

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.embedded.extend(texts)
        out = np.zeros((len(texts), 8), dtype=np.float32)
        for row, t in enumerate(texts):
            out[row, sum(map(ord, t)) % 8] = 1.0
        return out


def test_sentence_vectors_are_cached_least_recently_used_first_out() -> None:
    embedder = CountingEmbedder()
    judge = SameFactJudge(embedder, cache_size=2)
    judge.best_matches(["one", "two"], ["one"])
    assert embedder.embedded == ["one", "two"]
    judge.best_matches(["one"], ["three"])  # "two" is now the least recently used
    assert embedder.embedded == ["one", "two", "three"]
    judge.best_matches(["one", "two"], ["one"])  # "two" was dropped, "three" goes now
    assert embedder.embedded == ["one", "two", "three", "two"]
    judge.best_matches(["two"], ["one"])
    assert embedder.embedded == ["one", "two", "three", "two"]


class QuietJudge:
    def best_matches(self, a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, float]]:
        return []

    def prepare(self, sentences: Sequence[str]) -> None:
        pass


def test_the_judge_is_made_once_and_kept_across_runs(tmp_path: Path) -> None:
    made: list[RetellingJudge] = []

    def factory() -> RetellingJudge:
        made.append(QuietJudge())
        return made[-1]

    with Workspace.open(":memory:", stages=[CleanStage(), RelateStage(judge=factory)]) as ws:
        runs = (
            ("original", text(ORIGINAL)),
            ("rewrite", text(REWRITE)),
            ("shorter-rewrite", text(REWRITE[:-1])),
        )
        for name, body in runs:
            path = tmp_path / f"{name}.txt"
            write(path, f"Earthquake report\n\n{body}")
            ws.run([str(path)])
    # Each rewrite shares quotations with the original: both runs needed the judge.
    assert len(made) == 1


def test_prepared_sentences_are_embedded_in_one_call_and_not_again() -> None:
    embedder = CountingEmbedder()
    calls: list[int] = []
    embed = embedder.embed

    def counted(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        calls.append(len(texts))
        return embed(texts)

    embedder.embed = counted  # type: ignore[method-assign]
    judge = SameFactJudge(embedder)
    judge.prepare(["one", "two", "one", "three"])
    judge.best_matches(["one", "two"], ["three"])
    assert calls == [3]
    assert embedder.embedded == ["one", "two", "three"]


class RecordingJudge(QuietJudge):
    def __init__(self) -> None:
        self.shown: list[str] = []

    def best_matches(self, a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, float]]:
        self.shown.extend([*a, *b])
        return []

    def prepare(self, sentences: Sequence[str]) -> None:
        self.shown.extend(sentences)


def test_only_sentences_sharing_words_with_the_other_article_are_candidates() -> None:
    original, rewrite = ArticleText("a", text(ORIGINAL)), ArticleText("b", text(REWRITE))
    comparison = compare_text(rewrite, original)
    candidates = retelling_candidates(rewrite, original, comparison.passages)
    shown = candidate_texts(rewrite, original, candidates)
    assert any(s.startswith("A powerful earthquake of magnitude 6.1") for s in shown)
    assert any(s.startswith("HARBORVILLE, Coastland") for s in shown)
    # Shares no content word with any sentence of the original.
    assert not any(s.startswith("Experts say events like this") for s in shown)
    # Quotations taken whole are covered already: never shown.
    assert not any("We felt the whole house shake" in s for s in shown)
    assert rewrite_within_reach(comparison, candidates)


def test_two_shared_words_make_a_candidate_only_between_short_sentences() -> None:
    assert shares_enough(3, 20, 25)
    assert not shares_enough(2, 20, 25)
    assert shares_enough(2, 6, 25)  # a third of the shorter sentence's content words
    assert not shares_enough(2, 7, 25)
    assert not shares_enough(1, 2, 2)
    long_b = (
        "Rescue teams searched collapsed buildings through the night while aftershocks rattled "
        "the coastal districts and officials counted damaged bridges."
    )
    short_b = "Rescue teams searched the harbour."
    a = ArticleText("a", "Rescue teams worked on the crowded beaches of the northern bay all day.")
    for b_text, shown in ((long_b, False), (short_b, True)):
        candidates = retelling_candidates(a, ArticleText("b", b_text), [])
        assert bool(candidates.a) is shown


def test_a_pair_that_cannot_become_a_rewrite_is_not_judged(tmp_path: Path) -> None:
    # Both long quotations of the original, around a report of something else entirely.
    other = [
        "The city council approved a new budget for the public library on Thursday evening.",
        ORIGINAL[2],
        "Volunteers plan to repaint the reading rooms and extend opening hours during summer.",
        ORIGINAL[5],
        "A local bakery donated bread and pastries for the reopening ceremony next month.",
        "Tickets for the charity concert sold out within two hours of going on sale online.",
    ]
    # Two quotations carried whole: the text alone calls for the judge.
    assert needs_retelling(
        compare_text(ArticleText("a", text(ORIGINAL)), ArticleText("b", text(other)))
    )
    judges: list[RecordingJudge] = []

    def factory() -> RetellingJudge:
        judges.append(RecordingJudge())
        return judges[-1]

    with Workspace.open(":memory:", stages=[CleanStage(), RelateStage(judge=factory)]) as ws:
        for name, body in (("original", text(ORIGINAL)), ("other", text(other))):
            write(tmp_path / f"{name}.txt", f"Report\n\n{body}")
        ws.run([str(tmp_path / "original.txt"), str(tmp_path / "other.txt")])
        assert load_edges(ws.store) == []
    # None of the other sentences shares words with the original: nothing the judge could say
    # would make a rewrite.
    assert [j.shown for j in judges] in ([], [[]])
