"""How articles relate: reused passages, copy edges, source families."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class AlignedPassage:
    """Text of the source at ``[source_start, source_end)`` reappearing in the target."""

    kind: str  # verbatim | edited | paraphrase
    source_start: int
    source_end: int
    target_start: int
    target_end: int
    similarity: float
    quoted: bool


@dataclass(frozen=True, slots=True)
class CopyEdge:
    """``target`` derives from ``source``.

    ``kind``: ``duplicate`` (the same text), ``copy`` (reused verbatim or lightly edited, with
    cuts or additions), ``rewrite`` (the same account in other words, usually with its quotes
    taken verbatim). ``containment_source`` is the share of the source's words found in the
    target, ``containment_target`` the share of the target's words found in the source.
    ``evidence`` lists, in words, why the edge exists and why it points this way.
    """

    source: str
    target: str
    kind: str
    containment_source: float
    containment_target: float
    confidence: float
    evidence: tuple[str, ...]
    passages: tuple[AlignedPassage, ...]


@dataclass(frozen=True, slots=True)
class SourceFamily:
    """Articles that derive from one original: together they count as one independent source."""

    id: str
    articles: tuple[str, ...]


FAMILY_PREFIX = "family-"


def family_id_for(original: str) -> str:
    """The id of the family whose original is ``original`` (an article that nobody copied and
    that copies nobody is the family of itself)."""
    return FAMILY_PREFIX + original
