"""Word tokens, stems and stop words shared by the similarity features and the summariser."""

from __future__ import annotations

import re
from functools import lru_cache

from newsweave.nlp.stopwords import ENGLISH_STOP_WORDS
from newsweave.stages.facts.porter import porter_stem

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

# English stop words plus reporting words that carry no fact.
STOP_WORDS = ENGLISH_STOP_WORDS | frozenset(
    "mr mrs ms dr said says say saying told according also just like".split()
)


@lru_cache(maxsize=50_000)
def word_tokens(text: str) -> tuple[str, ...]:
    """Lowercase alphanumeric words (apostrophes kept inside words: "don't")."""
    return tuple(match.group(0).lower().replace("\u2019", "'") for match in _WORD.finditer(text))


@lru_cache(maxsize=50_000)
def stems(text: str) -> tuple[str, ...]:
    """Porter stems of the words of ``text``, in order."""
    return tuple(porter_stem(token) for token in word_tokens(text))


@lru_cache(maxsize=50_000)
def content_stems(text: str) -> tuple[str, ...]:
    """Stems of the words that are not stop words."""
    return tuple(porter_stem(t) for t in word_tokens(text) if t not in STOP_WORDS)
