"""Cheap per-article features for story clustering.

What tells two events of the same kind apart is who, where, when and how many: names, places,
dates and numbers. So an article becomes (1) a bag of terms over its whole text: plain content
words, capitalised phrases (``e:`` names, found without NER so that extraction stays at
thousands of articles per second) and numbers (``#``), with headline terms counted twice;
(2) an embedding of title and lead, which carries the theme (a static token table distilled
from MiniLM by default, ``static_embed``: the transformer itself is too slow for the clustering
budget); (3) date and place mentions of the title and lead, resolved against the publication
date.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from newsweave.models.stories import ArticleFeatures, StoryInput
from newsweave.nlp.embed import DIMENSIONS, Matrix
from newsweave.stages.cluster.places import find_place_mentions
from newsweave.stages.cluster.places import warm_up as places_warm_up
from newsweave.stages.cluster.static_embed import load_static_embedder
from newsweave.stages.cluster.stopwords import STOPWORDS
from newsweave.stages.cluster.textdates import find_date_mentions

# v2: embeddings from the static table (v1 vectors came from the MiniLM transformer: another
# vector space, so v1 features cannot be mixed with v2 ones).
FEATURES_VERSION = "cluster-features.v2"
# Words of title + lead that are embedded (~55 word pieces): the headline and the lead sentence
# that says what happened. Shorter (30) and longer (60, 80) leads scored no better on the tuning
# parts with the static table (the table was fitted on windows of 12-120 words).
EMBED_WORDS = 40
# Characters of text after the title searched for dates and places: the lead names the event's
# own time and place; later paragraphs recall earlier events.
LEAD_CHARS = 600
# Terms kept per article: enough for every name and number of a long article.
MAX_TERMS = 300

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W\d_]|\d+(?:[.,:]\d+)*")
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*")
_NAME_JOINERS = frozenset({"of", "de", "la", "del", "von", "van", "der", "al", "bin", "da"})
_SENTENCE_END = re.compile(r"[.!?:;\"“”]\s*$")
_QUOTES = "\"“”‘’'()[],;:!?"
_QUOTE_CLASS = r"[\"“”‘’'()\[\],;:!?]*"
# A whole word whose stripped form starts with a capital, or is a joiner.
_CANDIDATE = re.compile(
    r"(?<!\S)"
    + _QUOTE_CLASS
    + r"(?:[A-Z]\S*|(?:"
    + "|".join(sorted(_NAME_JOINERS))
    + r")"
    + _QUOTE_CLASS
    + r"(?!\S))"
)


class TextEmbedder(Protocol):
    """Anything that turns texts into unit vectors of ``DIMENSIONS`` floats."""

    def embed(self, texts: Sequence[str]) -> Matrix: ...


def extract_features(
    articles: Sequence[StoryInput],
    embedder: TextEmbedder | None = None,
    embed_words: int = EMBED_WORDS,
) -> list[ArticleFeatures]:
    """Features of each article, in input order (embeddings are computed in one batch).

    ``embedder`` defaults to the packaged static embedder, with which the clustering thresholds
    were tuned; another embedder (``newsweave.nlp.embed.load_embedder()``, the MiniLM
    transformer) gives vectors of another space, for experiments only.
    """
    model: TextEmbedder = embedder if embedder is not None else load_static_embedder()
    leads = [embedding_text(a, embed_words) for a in articles]
    vectors = model.embed(leads) if leads else np.zeros((0, DIMENSIONS), dtype=np.float32)
    return [
        _features_of(article, vectors[i].astype(np.float32)) for i, article in enumerate(articles)
    ]


def warm_up() -> None:
    """Load the static table and the gazetteer now, not with the first article: a process
    whose batches were extracted in workers still extracts single additions itself."""
    load_static_embedder()
    places_warm_up()


def embedding_text(article: StoryInput, words: int = EMBED_WORDS) -> str:
    """Title and the start of the text, cut to ``words`` words."""
    return " ".join(f"{article.title}\n{article.text}".split()[:words])


def term_counts(title: str, text: str) -> Counter[str]:
    """Content words, names (``e:``) and numbers (``#``); title terms count twice."""
    counts = _terms(text)
    for term, count in _terms(title).items():
        counts[term] += 2 * count
    return counts


def _features_of(article: StoryInput, vector: np.ndarray) -> ArticleFeatures:
    counts = term_counts(article.title, article.text)
    kept = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:MAX_TERMS]
    head = f"{article.title}\n{article.text[:LEAD_CHARS]}"
    return ArticleFeatures(
        article_id=article.article_id,
        title=article.title,
        published=article.published,
        source=article.source,
        terms=tuple(sorted(kept)),
        dates=tuple(find_date_mentions(head, article.published)),
        places=tuple(find_place_mentions(article.text[:LEAD_CHARS])),
        embedding=vector,
        version=FEATURES_VERSION,
    )


def _terms(text: str) -> Counter[str]:
    counts: Counter[str] = Counter()
    # Each distinct token is looked at once (news repeats its words).
    tokens = Counter(_WORD.findall(text))
    lowered_words = {t for t in tokens if t[0].islower()}
    for token, count in tokens.items():
        if token[0].isdigit():
            counts["#" + token.replace(",", "")] += count
            continue
        lower = token.lower()
        if len(lower) > 2 and lower not in STOPWORDS:
            counts[lower] += count
    counts.update("e:" + name for name in _names(text, lowered_words))
    return counts


def _names(text: str, lowered_words: set[str]) -> list[str]:
    """Capitalised phrases ("Amara Okafor", "Bank of America"), without sentence-initial words.

    A capitalised word alone counts as a name only if the text never writes it in lower case:
    "Officials" at the start of a sentence is not a name, "Okafor" is.
    """
    names: list[str] = []
    for phrase in _capitalised_runs(text):
        words = phrase.split()
        if len(words) == 1:
            word = words[0]
            if word.lower() in lowered_words or word.lower() in STOPWORDS or len(word) < 3:
                continue
        while words and (words[0].lower() in STOPWORDS):
            words = words[1:]
        if words:
            names.append(" ".join(w.lower() for w in words))
            if len(words) > 2:
                # "President Elena Morales": other outlets write "Elena Morales".
                names.append(" ".join(w.lower() for w in words[-2:]))
            if len(words) > 1:
                # The last word of a person's name is how later sentences refer to them.
                names.append(words[-1].lower())
    return names


def _capitalised_runs(text: str) -> list[str]:
    """Runs of capitalised words (with joiners such as "of" inside), cut at sentence ends,
    commas and any other word. Only capitalised words and joiners are visited (a regex finds
    them); any other word between two of them shows as non-space text in the gap."""
    runs: list[str] = []
    current: list[str] = []
    previous_end = 0
    for match in _CANDIDATE.finditer(text):
        if current and not text[previous_end : match.start()].isspace():
            _close_run(current, runs)
            current = []
        previous_end = match.end()
        raw = match.group()
        word = raw.strip(_QUOTES)
        ends_sentence = bool(_SENTENCE_END.search(raw)) or raw.endswith(",")
        if word and _CAPITALISED.fullmatch(word.rstrip(".")):
            current.append(word.rstrip(".") if not word.endswith(".") else word[:-1])
        elif word in _NAME_JOINERS and current:
            current.append(word)
            continue
        else:
            _close_run(current, runs)
            current = []
            continue
        if ends_sentence:
            _close_run(current, runs)
            current = []
    _close_run(current, runs)
    return runs


def _close_run(current: list[str], runs: list[str]) -> None:
    while current and current[-1] in _NAME_JOINERS:
        current.pop()
    if current:
        runs.append(" ".join(current))
