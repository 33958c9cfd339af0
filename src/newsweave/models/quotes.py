"""Quotations: what was said, by whom, and how each outlet worded it.

Data flows in two steps. Per article, :func:`newsweave.stages.quotes.extract.extract_quotes` finds
:class:`QuoteOccurrence` values (content, cue and source spans with character offsets, and the
:class:`Speaker` the source resolves to). Per story,
:func:`newsweave.stages.quotes.align.fuse_quotes` groups occurrences of one utterance into a
:class:`FusedQuote` with its :class:`QuoteVariant` values and word-level :class:`WordDiff` values.

The field names follow the JSON export: ``FusedQuote`` maps to ``id, story, speaker, canonical,
independent_sources, occurrences, variants``; an occurrence to ``article, text, start, end, cue,
speaker_text``; a variant to ``text, articles, diff, kind, content_word_changed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

QuoteKind = Literal["direct", "partial", "indirect", "mixed"]
"""``direct``: the whole content is in quotation marks; ``partial``: a quoted word or phrase inside
reported speech (the warning would be "devastating"); ``indirect``: no quotation marks;
``mixed``: reported speech that carries a quoted clause of several words."""

SpeakerResolution = Literal["named", "pronoun", "description", "continued", "unresolved"]
"""How the speaker was found: the source span names it, a pronoun or a description was resolved
to a named entity in the article, the quotation has no source of its own but carries on the one
before it (a new paragraph of quotation after "...," X said.", the words after "X said:"), or
nothing fitting was found (the speaker stays unknown)."""

SpeakerType = Literal["person", "organisation", "unknown"]

VariantKind = Literal[
    "verbatim", "substitution", "insertion", "elision", "truncation", "paraphrase"
]
"""``verbatim``: same words as the canonical text (case and punctuation aside)."""

DiffOp = Literal["substitution", "insertion", "elision", "truncation"]


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A half-open character range ``[start, end)`` of an article's clean text, with its text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who said it. ``name`` is ``None`` when unresolved: a speaker is never guessed."""

    name: str | None
    type: SpeakerType
    resolution: SpeakerResolution
    entity: TextSpan | None = None
    """The named mention in the article the source resolved to (``None`` when unresolved)."""


UNRESOLVED = Speaker(name=None, type="unknown", resolution="unresolved")


@dataclass(frozen=True, slots=True)
class QuoteOccurrence:
    """One attribution in one article: the content said, the cue that reports it, the source.

    ``start``/``end``/``text`` cover the whole content (from its first to its last fragment);
    ``fragments`` keeps the pieces when the content is interrupted ("..., he said, ...").
    """

    id: str
    article: str
    start: int
    end: int
    text: str
    kind: QuoteKind
    fragments: tuple[TextSpan, ...]
    cue: TextSpan | None
    source: TextSpan | None
    speaker: Speaker

    @property
    def cue_text(self) -> str | None:
        return None if self.cue is None else self.cue.text

    @property
    def speaker_text(self) -> str | None:
        return None if self.source is None else self.source.text

    @property
    def quoted_text(self) -> str:
        """The content without the cue clause: the fragments joined by a space."""
        return " ".join(fragment.text for fragment in self.fragments)


@dataclass(frozen=True, slots=True)
class WordDiff:
    """One word-level difference of a variant against the canonical text.

    ``position`` is the index of the first canonical word concerned; ``canonical`` and
    ``variant`` hold the words on each side (one side is empty for insertions and elisions).
    """

    op: DiffOp
    position: int
    canonical: tuple[str, ...]
    variant: tuple[str, ...]
    content_word: bool
    """Whether a content word (not a function word, not an editorial bracket) changed."""


@dataclass(frozen=True, slots=True)
class QuoteVariant:
    """One wording of a fused quote and the articles that carry it."""

    text: str
    articles: tuple[str, ...]
    diff: tuple[WordDiff, ...]
    kind: VariantKind
    content_word_changed: bool


@dataclass(frozen=True, slots=True)
class FusedQuote:
    """One utterance as carried by the articles of a story."""

    id: str
    story: str
    speaker: str | None
    canonical: str
    independent_sources: int
    occurrences: tuple[QuoteOccurrence, ...]
    variants: tuple[QuoteVariant, ...]
    earliest_article: str
    earliest_published: str | None

    @property
    def reported(self) -> bool:
        """Whether no outlet puts it in quotation marks: reported speech, shown as such."""
        return all(o.kind == "indirect" for o in self.occurrences)
