"""ROUGE as defined in newsweave.eval.rouge, and the NeuS loader and split."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.eval.rouge import lcs_length, rouge_scores, rouge_tokens
from newsweave.eval.summaries import load_neus, split_neus, split_title_article


def test_tokens_are_lowercase_alphanumeric_and_stemmed() -> None:
    assert rouge_tokens("The U.S. Senate's votes, cast.") == [
        "the",
        "u",
        "s",
        "senat",
        "s",
        "vote",
        "cast",
    ]
    assert rouge_tokens("Votes", stem=False) == ["votes"]


def test_identical_texts_score_one_and_disjoint_texts_zero() -> None:
    same = rouge_scores("the cat sat on the mat", "the cat sat on the mat")
    assert same.rouge1.fmeasure == same.rouge2.fmeasure == same.rougeL.fmeasure == 1.0
    assert rouge_scores("dogs bark", "cats meow").rouge1.fmeasure == 0.0


def test_rouge_values_by_hand() -> None:
    scores = rouge_scores("the cat was found under the bed", "the cat was under the bed")
    assert scores.rouge1.precision == pytest.approx(6 / 7)
    assert scores.rouge1.recall == pytest.approx(1.0)
    assert scores.rouge2.recall == pytest.approx(4 / 5)  # "was under" is missing
    assert scores.rougeL.recall == pytest.approx(1.0)


def test_lcs_length() -> None:
    assert lcs_length(list("abcde"), list("acex")) == 3
    assert lcs_length([], ["a"]) == 0


def test_title_and_article_are_split() -> None:
    assert split_title_article("TITLE=> A title. ARTICLE=> Body text.") == (
        "A title.",
        "Body text.",
    )


def test_neus_split_is_fixed(benchmarks_dir: Path) -> None:
    examples = load_neus(benchmarks_dir / "summaries" / "neus")
    tune, held_out = split_neus(examples)
    assert (len(tune), len(held_out)) == (204, 103)
    assert all(len(e.articles) == 3 for e in examples)
    assert all(e.index % 3 == 0 for e in held_out)
