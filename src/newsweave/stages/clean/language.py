"""Language of an article's text (py3langid, deterministic, offline).

Most news text a user collects is English, and English prose says so in its commonest words:
a sample in which an eighth of the words are among a few English function words, written in
Latin letters without accents, is English without asking the model (which takes 0.7 ms a
text). On 12,182 texts, the benchmarks' 2,182 and the 10,000 clean texts of the 10k bench store
(``research/speed/language_fast_path.py --store``), this takes 82 % of the English ones (78 % of
the benchmarks' own) and disagrees with the model on none; in the texts the model calls
something else these words are at most 0.118 of a sample (a Japanese page with English in it,
whose letters are not Latin), at most 0.097 otherwise.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice
from typing import Any

MIN_PROBABILITY = 0.5
# A thousand characters name the language of news prose as well as three thousand, at a third
# of the cost (on 1,020 long texts of the benchmarks they disagreed 3 times, each time on an
# English text that the longer sample called Indonesian).
SAMPLE_CHARS = 1000
MIN_LETTERS = 20
# Function words of English that other languages hardly write ("in", "a", "to", "was", "of"
# are left out: German, Dutch, the Romance and Slavic languages use them too).
ENGLISH_MARKERS = frozenset(
    "the and that with from this which were have has for are their would said been will its".split()
)
ENGLISH_MIN_SHARE = 0.12
ENGLISH_MIN_WORDS = 40
ENGLISH_MIN_ASCII = 0.95  # share of the sample's letters that are unaccented Latin ones

_WORD = re.compile(r"[^\W\d_]+")
_FOREIGN_LETTER = re.compile(r"[^\W\d_\x00-\x7f]")


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
    if plainly_english(sample):
        return "en"
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= MIN_PROBABILITY else None


def plainly_english(sample: str) -> bool:
    """Whether ``sample`` is English prose beyond doubt (see the module's note)."""
    words = _WORD.findall(sample.lower())
    if len(words) < ENGLISH_MIN_WORDS:
        return False
    markers = sum(1 for word in words if word in ENGLISH_MARKERS)
    if markers < ENGLISH_MIN_SHARE * len(words):
        return False
    letters = sum(len(word) for word in words)
    return len(_FOREIGN_LETTER.findall(sample)) <= (1 - ENGLISH_MIN_ASCII) * letters
