"""A story's cited summary: a headline and whole sentences taken from its articles."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CitedSentence:
    """``text`` is ``article``'s clean text at ``[start, end)``; ``citations`` are every article
    that states it (its own first), ``support`` the independent source families among them."""

    text: str
    article: str
    start: int
    end: int
    citations: tuple[str, ...]
    support: int


@dataclass(frozen=True, slots=True)
class Summary:
    story_id: str
    headline: str
    headline_article: str | None
    sentences: tuple[CitedSentence, ...]
