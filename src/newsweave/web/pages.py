"""What the article page shows: the clean text cut into pieces, each marked as quotation,
fact status, and anchored at sentence starts so that citations can point at a sentence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from newsweave.models import Article
from newsweave.models.facts import Fact
from newsweave.models.quotes import QuoteOccurrence
from newsweave.nlp.sentences import split_sentences

STATUS_RANK = {"corroborated": 3, "conflicting": 2, "single-source": 1}


@dataclass(frozen=True, slots=True)
class TextPiece:
    text: str
    classes: str = ""
    anchor: str = ""  # an id to put before the piece (a sentence start)
    title: str = ""
    newline: bool = False  # a paragraph break before the piece


def marked_text(
    article: Article, quotes: Sequence[QuoteOccurrence], facts: Sequence[Fact]
) -> list[TextPiece]:
    """The clean text as flat pieces: no two marks need nesting, whatever their overlaps."""
    text = article.text
    status_at: list[tuple[int, int, str]] = []
    for fact in facts:
        for unit in fact.members:
            if unit.article_id == article.id:
                status_at.append((unit.start, unit.end, fact.status))
    quote_spans = [(q.start, q.end, q.speaker.name or "unknown speaker") for q in quotes]
    sentences = split_sentences(text)
    cuts = {0, len(text)}
    for start, end in sentences:
        cuts |= {start, end}
    for start, end, _ in (*status_at, *quote_spans):
        cuts |= {max(0, start), min(len(text), end)}
    cuts |= {i + 1 for i, ch in enumerate(text) if ch == "\n"} | {
        i for i, ch in enumerate(text) if ch == "\n"
    }
    bounds = sorted(c for c in cuts if 0 <= c <= len(text))
    sentence_starts = {start for start, _ in sentences}
    pieces: list[TextPiece] = []
    for start, end in pairwise(bounds):
        chunk = text[start:end]
        if chunk == "\n":
            continue
        classes = []
        best = max((STATUS_RANK[s] for a, b, s in status_at if a <= start < b), default=0)
        if best:
            classes.append("fact-" + next(k for k, v in STATUS_RANK.items() if v == best))
        speakers = [name for a, b, name in quote_spans if a <= start < b]
        if speakers:
            classes.append("quote")
        newline = start > 0 and text[start - 1] == "\n"
        anchor = f"s-{start}" if start in sentence_starts else ""
        title = f"said by {speakers[0]}" if speakers else ""
        pieces.append(TextPiece(chunk, " ".join(classes), anchor, title, newline))
    return pieces
