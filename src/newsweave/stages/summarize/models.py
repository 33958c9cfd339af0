"""What the summariser takes and gives: candidate sentences in, cited summary sentences out."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CandidateSentence:
    """One clean sentence of one article of the story, with what the fact alignment found.

    ``support`` counts independent source families stating the same fact, this sentence's own
    family included (1 = single source). ``cited_articles`` are the articles to cite for it (its
    own and those of the sentences it was aligned with); ``same_fact_as`` the ``sentence_id`` of
    those sentences, which the selector will not add next to this one.
    """

    sentence_id: str
    article_id: str
    family_id: str
    start: int
    end: int
    text: str
    position: int  # 0 for the first sentence of its article
    support: int = 1
    cited_articles: tuple[str, ...] = ()
    same_fact_as: tuple[str, ...] = ()
    is_quote: bool = False


@dataclass(frozen=True, slots=True)
class HeadlineCandidate:
    article_id: str
    family_id: str
    text: str


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of the summary: copied whole from ``sentence``, citing ``citations``."""

    sentence: CandidateSentence
    citations: tuple[str, ...]
    score: float


@dataclass(frozen=True, slots=True)
class StorySummary:
    headline: HeadlineCandidate | None
    sentences: tuple[SummarySentence, ...]

    @property
    def text(self) -> str:
        return " ".join(s.sentence.text for s in self.sentences)


@dataclass(frozen=True, slots=True)
class SelectorWeights:
    """Weights of the relevance score; defaults tuned on NeuS's tuning part.

    See ``research/summaries/NOTES.md``: the optimum is flat (many settings within 0.1 ROUGE
    point). Headline similarity did not help there and is 0 by default. The quote penalty is a
    product choice (quotes have their own section; news stories quote a lot more than NeuS's
    leads do), which costs under 0.1 ROUGE point on NeuS.
    """

    support: float = 1.0
    centrality: float = 2.0
    position: float = 0.25
    headline: float = 0.0
    quote: float = -0.3
    lexrank: float = 0.5
    # Take every non-repeating corroborated sentence (support >= 2) before any single-source one;
    # quotes are not part of that core (word-for-word copies of a quote are common).
    corroborated_first: bool = True
    # Maximal marginal relevance: score = relevance - redundancy * max cosine to the chosen ones.
    redundancy: float = 0.3
    # A candidate this close (embedding cosine) to a chosen sentence repeats it: never added.
    max_cosine_to_chosen: float = 0.85
    # Sentences outside this word range are not summary material (fragments, run-on lists).
    min_words: int = 6
    max_words: int = 60


@dataclass(frozen=True, slots=True)
class SummaryBudget:
    """How much to select: between ``min_sentences`` and ``max_sentences``, and words if set.

    The word budget stops adding sentences once reached (the sentence that crosses it is kept, so
    that a summary is never cut mid-sentence), but never below ``min_sentences``.
    """

    min_sentences: int = 3
    max_sentences: int = 7
    max_words: int | None = 120
