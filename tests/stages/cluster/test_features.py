from __future__ import annotations

from datetime import date

import numpy as np

from newsweave.models.stories import ArticleFeatures, StoryInput
from newsweave.stages.cluster.features import EMBED_WORDS, embedding_text, term_counts


def test_names_numbers_and_words_with_title_counted_twice() -> None:
    counts = term_counts(
        "Klitschko stops Thompson",
        "The champion Wladimir Klitschko won in round 6. Officials said 5.6 percent.",
    )
    assert counts["e:klitschko"] == 3  # title twice, text once (as the last word of the name)
    assert counts["e:wladimir klitschko"] == 1
    assert counts["#5.6"] == 1
    assert counts["champion"] == 1
    assert "said" not in counts and "the" not in counts


def test_sentence_initial_common_words_are_not_names() -> None:
    counts = term_counts("", "Officials met. The officials said Rescuers and rescuers worked.")
    assert "e:officials" not in counts
    assert "e:rescuers" not in counts


def test_embedding_text_is_title_and_lead_cut_to_a_word_budget() -> None:
    article = StoryInput("a", "Title here", " ".join(["word"] * 500), date(2024, 1, 1))
    words = embedding_text(article).split()
    assert words[:2] == ["Title", "here"]
    assert len(words) == EMBED_WORDS


def test_features_carry_dates_places_and_a_unit_embedding(
    synthetic_features: dict[str, ArticleFeatures],
) -> None:
    features = synthetic_features["chile-1"]
    assert features.published == date(2024, 3, 10)
    assert features.dates[0].resolved == date(2024, 3, 10)
    assert features.places[0].cue == "dateline"
    assert abs(float(np.linalg.norm(features.embedding)) - 1.0) < 1e-3
    assert dict(features.terms)["e:elena morales"] >= 1
