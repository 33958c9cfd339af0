"""Aligning two articles: verbatim runs, lightly edited sentences, paraphrased sentences.

The result says which passages of one reappear in the other and how much of each (all text,
and narrative text outside quotations) is covered, which is what decides duplicate, copy,
rewrite or independent reporting.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol, cast

import numpy as np
from rapidfuzz import fuzz, process

from newsweave.nlp.sentences import split_sentences
from newsweave.ranges import Ranges
from newsweave.stages.facts.text_units import STOP_WORDS
from newsweave.stages.relate.fingerprint import (
    PASSAGE,
    I64Array,
    Tokens,
    U64Array,
    passage_hashes,
    tokenize,
    word_hashes,
)

EDITED_RATIO = 85.0  # rapidfuzz ratio (0-100) above which a sentence counts as lightly edited
MIN_SENTENCE_WORDS = 5
MIN_QUOTE_WORDS = 15  # a quotation shorter than this is too common to say anything about reuse
# Two sentences that state the same fact share words. A sentence is shown to the retelling
# judge only with the sentences of the other article that share three of its content words
# (``_content_word``, on this module's tokens), or two when those are a third of the shorter
# sentence's. On MSRP's tuning part this passes all but 2 of the 2,222 true paraphrases (two
# shared words alone: all but 1; three alone: all but 22).
MIN_SHARED_TERMS = 3
MIN_SHARED_TERMS_SHORT = 2
MIN_SHARED_SHARE = 1 / 3

_QUOTATION = re.compile(r"[“\"]([^“”\"\n]{20,})[”\"]")
_NON_WORD = re.compile(r"\W+")


class RetellingJudge(Protocol):
    """Finds, for sentences of one article, the sentence of another that states the same."""

    def best_matches(self, a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int, float]]:
        """(index in a, index in b, score) for each sentence of ``a`` retold in ``b``."""
        ...

    def prepare(self, sentences: Sequence[str]) -> None:
        """Get ready to judge these sentences soon (a judge that embeds them does it at once:
        one call for many pairs packs the model's batches better than a call per pair)."""
        ...


@dataclass(frozen=True, slots=True)
class Passage:
    """Text of ``a`` at ``[a_start, a_end)`` that reappears in ``b`` at ``[b_start, b_end)``."""

    kind: str  # verbatim | edited | paraphrase
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    similarity: float
    quoted: bool


@dataclass(frozen=True)
class ArticleText:
    """What the comparison needs of an article: its id and clean text, tokenised lazily."""

    id: str
    text: str

    @cached_property
    def tokens(self) -> Tokens:
        return tokenize(self.text)

    @cached_property
    def digest(self) -> bytes:
        """A hash of the text alone: articles with the same text share it whatever their ids."""
        return hashlib.blake2b(self.text.encode("utf-8"), digest_size=16).digest()

    @cached_property
    def quotations(self) -> frozenset[str]:
        """Long quotations, normalised (case, punctuation), as whole units."""
        found = set()
        for match in _QUOTATION.finditer(self.text):
            words = _NON_WORD.sub(" ", match.group(1).lower()).split()
            if len(words) >= MIN_QUOTE_WORDS:
                found.add(" ".join(words))
        return frozenset(found)

    @cached_property
    def word_hashes(self) -> U64Array:
        return word_hashes(self.tokens.words)

    @cached_property
    def passage_hashes(self) -> I64Array:
        """The hash of the ``PASSAGE``-word window starting at each word."""
        return passage_hashes(self.word_hashes)

    @cached_property
    def window_order(self) -> tuple[I64Array, I64Array]:
        """The passage hashes sorted, with the word index each starts at: where a window of
        another article reappears here is a binary search away (built once per article)."""
        order = np.argsort(self.passage_hashes, kind="stable")
        return self.passage_hashes[order], order

    @cached_property
    def quoted_prefix(self) -> array[int]:
        """Running count of quoted tokens: the share in any token range in O(1)."""
        counts = np.cumsum(np.frombuffer(self.tokens.quoted, dtype=np.uint8), dtype=np.int64)
        return array("l", [0, *counts.tolist()])

    @cached_property
    def narrative_sentences(self) -> list[tuple[int, int]]:
        """Sentences mostly outside quotation marks (the outlet's own narration)."""
        return [(s, e) for s, e in self.sentences if _quoted_share(self, s, e) <= 0.5]

    @cached_property
    def narrative_terms(self) -> list[frozenset[str]]:
        """The content words of each narrative sentence: stop words out, and single letters
        (the "s" of "Reyes's", the "t" of "don't"), digits kept."""
        words = self.tokens.words
        out = []
        for start, end in self.narrative_sentences:
            first, last = _token_range(self, start, end)
            out.append(frozenset(w for w in words[first:last] if _content_word(w)))
        return out

    @cached_property
    def narrative_term_index(self) -> dict[str, list[int]]:
        """Content word -> the narrative sentences that hold it (indexes, ascending)."""
        holders: defaultdict[str, list[int]] = defaultdict(list)
        for j, terms in enumerate(self.narrative_terms):
            for term in terms:
                holders[term].append(j)
        return dict(holders)

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        """The character spans of the text's non-blank lines."""
        spans = []
        position = 0
        for line in self.text.split("\n"):
            start, position = position, position + len(line) + 1
            if line.strip():
                spans.append((start, start + len(line)))
        return spans

    def prepare(self) -> None:
        """Compute what every comparison of this text reads: in the relate stage's search worker
        these travel with the text to the process that compares."""
        _ = (self.digest, self.quotations, self.window_order, self.quoted_prefix)
        _ = (self.sentences, self.narrative_sentences, self.paragraphs)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return [
            (s, e)
            for s, e in split_sentences(self.text)
            if len(self.text[s:e].split()) >= MIN_SENTENCE_WORDS
        ]


@dataclass(frozen=True, slots=True)
class Framing:
    """Paragraphs of an article with nothing from the other: before the first shared one
    (``lead``), between shared ones (``inner``), after the last (``tail``)."""

    lead: int
    inner: int
    tail: int


@dataclass(frozen=True, slots=True)
class Coverage:
    """Shares of one article's words (all, and outside quotations) found in the other."""

    words: float
    narrative: float
    paraphrased_sentences: float
    framing: Framing


@dataclass(frozen=True, slots=True)
class RetellingCandidates:
    """What the retelling judge is shown for one pair: the narrative sentences of ``a`` that no
    passage covers yet and that share words with a narrative sentence of ``b``, and those
    sentences of ``b`` (indexes into each article's ``narrative_sentences``)."""

    a: tuple[int, ...]
    b: tuple[int, ...]
    a_narrative: int  # how many narrative sentences each article has
    b_narrative: int

    @property
    def a_share(self) -> float:
        """The most that retold sentences can add to ``a``'s share of retold narration."""
        return len(self.a) / self.a_narrative if self.a_narrative else 0.0

    @property
    def b_share(self) -> float:
        """The same for ``b``: each sentence of ``a`` is matched to one of ``b`` at most."""
        retold = min(len(self.a), len(self.b))
        return retold / self.b_narrative if self.b_narrative else 0.0


@dataclass(frozen=True, slots=True)
class PairComparison:
    a: str
    b: str
    passages: tuple[Passage, ...]
    coverage_a: Coverage
    coverage_b: Coverage
    shared_quotes: int  # long quotations carried whole, with the same boundaries, by both

    @property
    def reuses_text(self) -> bool:
        return bool(self.passages)


def compare(a: ArticleText, b: ArticleText, judge: RetellingJudge | None = None) -> PairComparison:
    """Align ``a`` with ``b``: text reused verbatim or lightly edited, and, with a ``judge``,
    sentences retold in other words."""
    comparison = compare_text(a, b)
    return comparison if judge is None else with_retelling(comparison, a, b, judge)


def compare_text(a: ArticleText, b: ArticleText) -> PairComparison:
    """The cheap part: verbatim runs and lightly edited sentences only."""
    passages = verbatim_runs(a, b)
    passages += edited_sentences(a, b, passages)
    return _comparison(a, b, passages)


def with_retelling(
    comparison: PairComparison,
    a: ArticleText,
    b: ArticleText,
    judge: RetellingJudge,
    candidates: RetellingCandidates | None = None,
) -> PairComparison:
    """``comparison`` completed with the narrative sentences of ``a`` that ``b`` retells
    (``candidates``: ``retelling_candidates`` of the comparison, if already computed)."""
    passages = list(comparison.passages)
    if candidates is None:
        candidates = retelling_candidates(a, b, passages)
    passages += retold_sentences(a, b, candidates, judge)
    return _comparison(a, b, passages)


def _comparison(a: ArticleText, b: ArticleText, passages: list[Passage]) -> PairComparison:
    passages.sort(key=lambda p: (p.a_start, p.b_start))
    # Independent reporters quote the same words, but rarely cut the same passages out of a
    # speech: whole long quotations shared with identical boundaries are a sign of reuse.
    shared_quotes = len(a.quotations & b.quotations)
    return PairComparison(
        a.id,
        b.id,
        tuple(passages),
        _coverage(a, [(p.a_start, p.a_end, p.kind) for p in passages]),
        _coverage(b, [(p.b_start, p.b_end, p.kind) for p in passages]),
        shared_quotes,
    )


_RUN_BLOCK = 32


def verbatim_runs(a: ArticleText, b: ArticleText) -> list[Passage]:
    """Maximal common word runs of at least ``PASSAGE`` words (greedy, longest first per start).

    Only the windows of ``a`` whose hash occurs in ``b`` are visited, so a pair that shares
    little costs little whatever the length of the articles.
    """
    ta, tb = a.tokens, b.tokens
    wa, wb = ta.words, tb.words
    na, nb = len(wa), len(wb)
    if na < PASSAGE or nb < PASSAGE:
        return []
    hashes = a.passage_hashes
    sorted_b, order_b = b.window_order
    # The windows of a that b has too: a binary search in b's sorted windows (built once per
    # article) rather than np.isin, which sorts both arrays for every pair.
    found = np.minimum(np.searchsorted(sorted_b, hashes), len(sorted_b) - 1)
    hits = np.flatnonzero(sorted_b[found] == hashes).tolist()
    if not hits:
        return []
    runs: list[Passage] = []
    used_b = Ranges()
    resume = 0  # the next start in ``a`` not inside a run already taken
    for i in hits:
        if i < resume:
            continue
        best_j, best_len = -1, 0
        value = hashes[i]
        first = int(np.searchsorted(sorted_b, value, "left"))
        last = int(np.searchsorted(sorted_b, value, "right"))
        for j in order_b[first:last].tolist():
            if j in used_b or wa[i : i + PASSAGE] != wb[j : j + PASSAGE]:
                continue
            length = PASSAGE
            # A copy shares whole articles: its run is extended a block of words at a time (a
            # slice comparison, in C), then word by word inside the block that differs.
            while True:
                step = min(_RUN_BLOCK, na - i - length, nb - j - length)
                if (
                    step <= 0
                    or wa[i + length : i + length + step] != wb[j + length : j + length + step]
                ):
                    break
                length += step
            while i + length < na and j + length < nb and wa[i + length] == wb[j + length]:
                length += 1
            if length > best_len:
                best_j, best_len = j, length
        if best_j < 0:
            continue
        used_b.add(best_j, best_j + best_len)
        quoted = sum(ta.quoted[i : i + best_len]) > best_len / 2
        runs.append(
            Passage(
                "verbatim",
                ta.starts[i],
                ta.ends[i + best_len - 1],
                tb.starts[best_j],
                tb.ends[best_j + best_len - 1],
                1.0,
                quoted,
            )
        )
        resume = i + best_len
    return runs


def edited_sentences(a: ArticleText, b: ArticleText, found: Sequence[Passage]) -> list[Passage]:
    """Sentences of ``a`` not already covered that match a sentence of ``b`` almost exactly."""
    a_spans = _uncovered(a.sentences, [(p.a_start, p.a_end) for p in found])
    b_spans = _uncovered(b.sentences, [(p.b_start, p.b_end) for p in found])
    if not a_spans or not b_spans:
        return []
    # Every ratio at once (rapidfuzz, in C), then in a's order each sentence takes its best
    # match among the sentences of b not taken yet (the first on a tie).
    scores = process.cdist(
        [a.text[s:e].lower() for s, e in a_spans],
        [b.text[s:e].lower() for s, e in b_spans],
        scorer=fuzz.ratio,
        score_cutoff=EDITED_RATIO,
        dtype=np.float64,
    )
    out: list[Passage] = []
    for row in np.flatnonzero(scores.max(axis=1) >= EDITED_RATIO).tolist():
        index = int(np.argmax(scores[row]))
        score = float(scores[row, index])
        if score < EDITED_RATIO:
            continue  # its matches were all taken by earlier sentences
        scores[:, index] = -1.0  # each sentence of b matches one sentence of a at most
        (a_start, a_end), (b_start, b_end) = a_spans[row], b_spans[index]
        quoted = _quoted_share(a, a_start, a_end) > 0.5
        out.append(Passage("edited", a_start, a_end, b_start, b_end, score / 100, quoted))
    return out


def retelling_candidates(
    a: ArticleText, b: ArticleText, found: Sequence[Passage]
) -> RetellingCandidates:
    """The sentences worth judging: narrative sentences of ``a`` not already matched by
    ``found`` that share enough content words with a narrative sentence of ``b``
    (``shares_enough``), and the sentences of ``b`` they share them with."""
    holders = b.narrative_term_index
    open_a = _uncovered_indexes(a.narrative_sentences, [(p.a_start, p.a_end) for p in found])
    keep_a: list[int] = []
    keep_b: set[int] = set()
    b_sizes = [len(terms) for terms in b.narrative_terms]
    for i in open_a:
        terms = a.narrative_terms[i]
        shared = Counter(j for term in terms for j in holders.get(term, ()))
        close = [j for j, count in shared.items() if shares_enough(count, len(terms), b_sizes[j])]
        if close:
            keep_a.append(i)
            keep_b.update(close)
    return RetellingCandidates(
        tuple(keep_a), tuple(sorted(keep_b)), len(a.narrative_sentences), len(b.narrative_sentences)
    )


def shares_enough(shared: int, a_terms: int, b_terms: int) -> bool:
    """Whether two sentences with ``a_terms`` and ``b_terms`` content words, ``shared`` of
    them in common, may state the same fact."""
    if shared >= MIN_SHARED_TERMS:
        return True
    return shared >= MIN_SHARED_TERMS_SHORT and shared >= MIN_SHARED_SHARE * min(a_terms, b_terms)


def retold_sentences(
    a: ArticleText, b: ArticleText, candidates: RetellingCandidates, judge: RetellingJudge
) -> list[Passage]:
    """The candidate sentences of ``a`` that ``b`` states in other words, per the judge."""
    if not candidates.a or not candidates.b:
        return []
    a_spans, b_spans = _candidate_spans(a, b, candidates)
    matches = judge.best_matches(
        [a.text[s:e] for s, e in a_spans], [b.text[s:e] for s, e in b_spans]
    )
    out = []
    for i, j, score in matches:
        (a_start, a_end), (b_start, b_end) = a_spans[i], b_spans[j]
        out.append(Passage("paraphrase", a_start, a_end, b_start, b_end, round(score, 4), False))
    return out


def candidate_texts(a: ArticleText, b: ArticleText, candidates: RetellingCandidates) -> list[str]:
    """Every sentence the judge will be shown for the pair: what it may embed ahead of time."""
    a_spans, b_spans = _candidate_spans(a, b, candidates)
    return [*(a.text[s:e] for s, e in a_spans), *(b.text[s:e] for s, e in b_spans)]


def _candidate_spans(
    a: ArticleText, b: ArticleText, candidates: RetellingCandidates
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    return (
        [a.narrative_sentences[i] for i in candidates.a],
        [b.narrative_sentences[j] for j in candidates.b],
    )


def _content_word(word: str) -> bool:
    return (len(word) > 1 or word.isdigit()) and word not in STOP_WORDS


def _uncovered(
    spans: Sequence[tuple[int, int]], covered: Sequence[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Spans at most half covered by ``covered``."""
    return [spans[i] for i in _uncovered_indexes(spans, covered)]


def _uncovered_indexes(
    spans: Sequence[tuple[int, int]], covered: Sequence[tuple[int, int]]
) -> list[int]:
    if not covered:
        return list(range(len(spans)))
    bounds = _bounds(spans)
    overlap = np.clip(_overlaps(bounds, _bounds(covered)), 0, None).sum(axis=1)
    return np.flatnonzero(2 * overlap <= bounds[:, 1] - bounds[:, 0]).tolist()


def _touched(spans: Sequence[tuple[int, int]], by: Sequence[tuple[int, int]]) -> list[bool]:
    """For each span, whether any of ``by`` shares at least a character with it."""
    if not by or not spans:
        return [False] * len(spans)
    return cast("list[bool]", (_overlaps(_bounds(spans), _bounds(by)) > 0).any(axis=1).tolist())


def _bounds(spans: Sequence[tuple[int, int]]) -> I64Array:
    return np.asarray(spans, dtype=np.int64).reshape(-1, 2)


def _overlaps(spans: I64Array, others: I64Array) -> I64Array:
    """Characters each span shares with each of ``others`` (negative: the gap between them)."""
    ends = np.minimum(spans[:, 1, np.newaxis], others[np.newaxis, :, 1])
    starts = np.maximum(spans[:, 0, np.newaxis], others[np.newaxis, :, 0])
    gaps: I64Array = ends - starts
    return gaps


def _token_range(article: ArticleText, start: int, end: int) -> tuple[int, int]:
    """Indexes ``[first, last)`` of the tokens that start inside ``[start, end)``."""
    starts = article.tokens.starts
    return bisect_left(starts, start), bisect_left(starts, end)


def _quoted_share(article: ArticleText, start: int, end: int) -> float:
    first, last = _token_range(article, start, end)
    if last <= first:
        return 0.0
    prefix = article.quoted_prefix
    return (prefix[last] - prefix[first]) / (last - first)


def _coverage(article: ArticleText, spans: Sequence[tuple[int, int, str]]) -> Coverage:
    tokens = article.tokens
    if not len(tokens):
        return Coverage(0.0, 0.0, 0.0, Framing(0, 0, 0))
    covered = np.zeros(len(tokens), dtype=bool)
    for start, end, kind in spans:
        if kind != "paraphrase":
            first, last = _token_range(article, start, end)
            covered[first:last] = True
    quoted = np.frombuffer(tokens.quoted, dtype=np.uint8).astype(bool)
    narrative = covered[~quoted]
    sentences = article.narrative_sentences
    bare = [(s, e) for s, e, _ in spans]
    aligned = sum(_touched(sentences, bare))
    return Coverage(
        words=float(covered.mean()),
        narrative=float(narrative.mean()) if len(narrative) else 0.0,
        paraphrased_sentences=aligned / len(sentences) if sentences else 0.0,
        framing=_framing(article, bare),
    )


def _framing(article: ArticleText, spans: Sequence[tuple[int, int]]) -> Framing:
    shared = _touched(article.paragraphs, spans)
    if not any(shared):
        return Framing(0, 0, 0)
    first = shared.index(True)
    last = len(shared) - 1 - shared[::-1].index(True)
    inner = sum(1 for flag in shared[first : last + 1] if not flag)
    return Framing(first, inner, len(shared) - 1 - last)
