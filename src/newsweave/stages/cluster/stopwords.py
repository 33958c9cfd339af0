"""Words that say nothing about which event an article reports."""

from __future__ import annotations

from newsweave.nlp.stopwords import ENGLISH_STOP_WORDS

# Reporting verbs and newsroom words occur in every article whatever the event.
_NEWS_WORDS = frozenset(
    {"said", "says", "told", "according", "reported", "reports", "report", "reporters",
     "news", "just", "like", "including", "did", "does", "don't", "it's", "he's", "she's",
     "that's", "there's", "mr", "mrs", "ms", "dr", "photo", "image", "read", "video", "click",
     "getty", "images", "reuters", "ap", "afp"}
)  # fmt: skip

STOPWORDS: frozenset[str] = ENGLISH_STOP_WORDS | _NEWS_WORDS
