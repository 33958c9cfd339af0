"""From a pair comparison to a directed copy edge (or to "independent reporting").

Kinds, from the strongest reuse down:
- ``duplicate``: each article is almost entirely the other (>= 90% of words both ways);
- ``copy``: a large share of one article's own narration (text outside quotations) appears
  verbatim or lightly edited in the other;
- ``rewrite``: most of one article's narrative sentences are said again, in order, in the
  other, in other words; taking the quotes verbatim too is the usual sign of a rewrite.
Shared quotations alone are not a copy: independent reporters quote the same words.

Direction, from the strongest evidence down: the earlier publication is the source; otherwise
the article that adds framing around the reused material (more of its text is its own) is the
copy; otherwise (a duplicate with no date) the order is by id and said to be arbitrary.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from newsweave.models.relations import AlignedPassage, CopyEdge
from newsweave.stages.relate.compare import (
    Coverage,
    PairComparison,
    Passage,
    RetellingCandidates,
)

DUPLICATE_COVERAGE = 0.9
COPY_NARRATIVE = 0.5
COPY_WORDS = 0.3
# A rewrite retells most of the other's narration; or retells a good part of it while carrying
# several of its long quotations whole (independent reporters cut quotes differently).
# Checked against BASIL, where three outlets cover each of 100 events: of its 300 same-event
# pairs, these thresholds flag 2, both wire copy reused by two outlets.
REWRITE_SENTENCES = 0.6
REWRITE_OTHER_SIDE = 0.3
REWRITE_WITH_QUOTES_SENTENCES = 0.4
REWRITE_QUOTES = 2
RETELLING_MIN_SHARED = 0.1


@dataclass(frozen=True, slots=True)
class PairContext:
    """What decides direction besides the texts: publication dates (ISO, may be None)."""

    a_published: str | None
    b_published: str | None


def classify(comparison: PairComparison, context: PairContext) -> CopyEdge | None:
    """The copy edge between the two articles, or None for independent reporting."""
    ca, cb = comparison.coverage_a, comparison.coverage_b
    kind, why = _kind(ca, cb, comparison)
    if kind is None:
        return None
    a_is_source, direction, confidence = _direction(ca, cb, context)
    evidence = (why, direction)
    passages = tuple(_orient(p, a_is_source) for p in comparison.passages)
    if a_is_source:
        return CopyEdge(
            comparison.a,
            comparison.b,
            kind,
            round(ca.words, 4),
            round(cb.words, 4),
            confidence,
            evidence,
            passages,
        )
    return CopyEdge(
        comparison.b,
        comparison.a,
        kind,
        round(cb.words, 4),
        round(ca.words, 4),
        confidence,
        evidence,
        passages,
    )


def needs_retelling(comparison: PairComparison) -> bool:
    """Whether looking for retold sentences (the costly part) can change the verdict: not when
    the text alone already makes a duplicate or a copy, nor when the pair shares too little to
    be a rewrite (no long quotation carried whole, hardly any passage in common)."""
    textual, _ = _kind(comparison.coverage_a, comparison.coverage_b, comparison)
    if textual is not None:
        return False
    shared = max(comparison.coverage_a.words, comparison.coverage_b.words)
    return comparison.shared_quotes >= REWRITE_QUOTES or shared >= RETELLING_MIN_SHARED


def rewrite_within_reach(comparison: PairComparison, candidates: RetellingCandidates) -> bool:
    """Whether the pair would be a rewrite if the judge found every candidate sentence retold:
    if not, judging cannot change the verdict (a composite sharing one part, a report sharing a
    quotation or two with another, most of whose sentences share no words with the other's)."""
    ca, cb = comparison.coverage_a, comparison.coverage_b
    best_a = replace(
        ca, paraphrased_sentences=min(1.0, ca.paraphrased_sentences + candidates.a_share)
    )
    best_b = replace(
        cb, paraphrased_sentences=min(1.0, cb.paraphrased_sentences + candidates.b_share)
    )
    return _kind(best_a, best_b, comparison)[0] is not None


def _kind(ca: Coverage, cb: Coverage, comparison: PairComparison) -> tuple[str | None, str]:
    if min(ca.words, cb.words) >= DUPLICATE_COVERAGE:
        return (
            "duplicate",
            f"the same text: {ca.words:.0%} and {cb.words:.0%} of the words are shared",
        )
    narrative = max(ca.narrative, cb.narrative)
    if narrative >= COPY_NARRATIVE and max(ca.words, cb.words) >= COPY_WORDS:
        return (
            "copy",
            f"{narrative:.0%} of one article's own narration reappears verbatim or lightly edited",
        )
    high = max(ca.paraphrased_sentences, cb.paraphrased_sentences)
    low = min(ca.paraphrased_sentences, cb.paraphrased_sentences)
    quotes = comparison.shared_quotes
    retold = high >= REWRITE_SENTENCES and low >= REWRITE_OTHER_SIDE
    if retold or (quotes >= REWRITE_QUOTES and high >= REWRITE_WITH_QUOTES_SENTENCES):
        whole = f", and {quotes} long quotation(s) carried whole" if quotes else ""
        return (
            "rewrite",
            f"{high:.0%} of one article's narrative sentences are retold in the other{whole}",
        )
    return None, ""


def _direction(ca: Coverage, cb: Coverage, context: PairContext) -> tuple[bool, str, float]:
    """(a is the source?, the reason in words, confidence)."""
    da, db = context.a_published, context.b_published
    if da and db and da != db:
        a_first = da < db
        first, second = (da, db) if a_first else (db, da)
        return a_first, f"the source was published first ({first} before {second})", 0.9
    # The copy adds framing around what it took (an intro, headings, asides between reused
    # paragraphs); the source's own paragraphs, if any, trail after the part that was taken,
    # because republishers cut stories short.
    score_a, score_b = _copy_score(ca, cb), _copy_score(cb, ca)
    if score_a != score_b:
        a_is_source = score_b > score_a
        copy = cb if a_is_source else ca
        source = ca if a_is_source else cb
        framing = copy.framing.lead + copy.framing.inner
        trail = (
            f", and the source continues for {source.framing.tail} paragraph(s) it left out"
            if source.framing.tail
            else ""
        )
        return (
            a_is_source,
            f"the copy adds {framing} paragraph(s) of framing around the reused text{trail}",
            0.7,
        )
    return True, "no date or framing tells which came first: direction by id, arbitrary", 0.3


def _copy_score(own: Coverage, other: Coverage) -> int:
    """How much an article looks like the copy: framing it added, plus one point when it stops
    where the other goes on (a cut), as copies are cut and originals are not."""
    framing = own.framing.lead + own.framing.inner
    cut = 1 if other.framing.tail > 0 and own.framing.tail == 0 else 0
    return framing + cut


def _orient(passage: Passage, a_is_source: bool) -> AlignedPassage:
    if a_is_source:
        return AlignedPassage(
            passage.kind,
            passage.a_start,
            passage.a_end,
            passage.b_start,
            passage.b_end,
            passage.similarity,
            passage.quoted,
        )
    return AlignedPassage(
        passage.kind,
        passage.b_start,
        passage.b_end,
        passage.a_start,
        passage.a_end,
        passage.similarity,
        passage.quoted,
    )
