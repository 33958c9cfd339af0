"""Language of an article's text (py3langid, deterministic, offline)."""

from __future__ import annotations

from functools import cache
from itertools import islice
from typing import Any

MIN_PROBABILITY = 0.5
# A thousand characters name the language of news prose as well as three thousand, at a third
# of the cost (on 1,020 long texts of the benchmarks they disagreed 3 times, each time on an
# English text that the longer sample called Indonesian).
SAMPLE_CHARS = 1000
MIN_LETTERS = 20


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def warm_up() -> None:
    """Load the language identifier now (about half a second), not with the first text: a
    process whose batches were detected in workers still detects single additions itself."""
    _identifier()


def detect_language(text: str) -> str | None:
    """ISO 639-1 code, or None when the text is too short or the guess is weak."""
    sample = text[:SAMPLE_CHARS]
    letters = islice((ch for ch in sample if ch.isalpha()), MIN_LETTERS)
    if sum(1 for _ in letters) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= MIN_PROBABILITY else None
