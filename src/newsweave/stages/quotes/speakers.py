"""Speakers: from a source span to a named person or organisation, and one name across articles.

In an article (:class:`SpeakerResolver`):

* a source that contains a PERSON or ORG entity is that entity, completed to the fullest form
  of the name seen in the article ("Okafor" after "Amara Okafor" is "Amara Okafor");
* a personal pronoun (he, she; it, they for organisations) goes to the most recent speaker of
  that type within a few paragraphs, else to the nearest preceding named mention outside quotes;
* a description ("the secretary-general", "the Swedish prime minister") goes to the nearest
  named mention whose title or apposition carries the description's head noun;
* anything else stays unresolved: a speaker is never guessed.

Across articles (:func:`canonical_speakers`): titles are stripped and a name whose words are a
suffix of exactly one longer name joins it ("Okafor" -> "Amara Okafor").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsweave.models.quotes import (
    UNRESOLVED,
    Speaker,
    SpeakerResolution,
    SpeakerType,
    TextSpan,
)
from newsweave.ranges import Ranges
from newsweave.stages.quotes.marks import QuotedSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
GROUP_PRONOUNS = frozenset({"it", "they", "its", "their"})
PRONOUN_WINDOW = 1500  # characters back to look for an antecedent (a few paragraphs)
DESCRIPTION_WINDOW = 4000

TITLE_WORDS = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. sir president vice prime minister secretary general
    secretary-general chancellor senator sen sen. rep rep. representative governor gov gov.
    mayor spokesman spokeswoman spokesperson chairman chairwoman chair director chief
    ambassador king queen prince pope foreign defence defense finance interior deputy former
    acting head leader pm mp minister-president premier commissioner envoy gen. lt. col.
    colonel admiral judge justice attorney candidate nominee the
    """.split()
)
_DETERMINERS = frozenset(
    """
    the a an this that these those its his her their our some many all both each other others
    another such who which whom
    """.split()
)
_NON_WORD = re.compile(r"[^\w]+")
# A person described by a role in an organisation ("the head of the union", "a spokesman for the
# ministry"): a person, whatever organisation the phrase names.
_ROLE_OF = re.compile(
    r"\b(?:head|chief|leader|boss|president|chairman|chairwoman|chair|director|secretary"
    r"(?:[- ]general)?|spokesman|spokeswoman|spokesperson|minister|governor|mayor|ceo|founder"
    r"|commander|ambassador|envoy|official|representative|member)s?\s+(?:of|for|at)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A named entity mention outside quotations, with article offsets."""

    start: int
    end: int
    name: str
    type: SpeakerType
    context: frozenset[str]
    """Lower-cased words of the title before the name and of its apposition."""
    subject: bool
    """Whether the mention is the subject of its clause (a likelier antecedent of "he")."""


_ABBREVIATIONS = {
    "gov": "governor",
    "sen": "senator",
    "rep": "representative",
    "pres": "president",
    "gen": "general",
    "sec": "secretary",
    "pm": "minister",
    "amb": "ambassador",
    "atty": "attorney",
}


def _words(text: str) -> list[str]:
    """Lower-cased words, hyphens split, title abbreviations spelled out ("Gov." -> governor)."""
    words = [w for w in _NON_WORD.split(text.lower().replace("-", " ")) if w]
    return [_ABBREVIATIONS.get(w, w) for w in words]


def strip_title(name: str) -> str:
    """A person's name without leading titles and acronyms ("UN Secretary General X Y")."""
    tokens = name.replace("’", "'").split()
    while tokens and tokens[-1].lower() in ("'s", "'"):
        tokens.pop()
    if tokens and tokens[-1].lower().endswith("'s"):
        tokens[-1] = tokens[-1][:-2]
    # Everything up to the last title word goes: "Former Nigerian PM X" -> "X".
    titled = [i for i, t in enumerate(tokens[:-1]) if t.lower().strip(",.") in TITLE_WORDS]
    if titled:
        tokens = tokens[titled[-1] + 1 :]
    while len(tokens) > 1 and (
        tokens[0].lower().strip(",") in TITLE_WORDS or (tokens[0].isupper() and len(tokens[0]) > 1)
    ):
        tokens.pop(0)
    return " ".join(tokens)


_TITLE_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PART"})


def _title_before(ent: Span) -> list[str]:
    """Words of the title right before a name: "UN Secretary General", "the Swedish PM"."""
    doc = ent.doc
    words: list[str] = []
    i = ent.start - 1
    if i >= 0 and doc[i].text == ",":  # "the organisation's secretary general, Amara Okafor"
        i -= 1
    while i >= max(ent.sent.start, ent.start - 7):
        token = doc[i]
        if token.pos_ not in _TITLE_POS and token.text not in ("-", "’s", "'s"):
            break
        words.extend(_words(token.text))
        i -= 1
    return words


def _apposition_after(ent: Span) -> list[str]:
    """Words of ", the UN secretary-general," after a name."""
    doc = ent.doc
    i = ent.end
    if i >= ent.sent.end or doc[i].text != ",":
        return []
    words: list[str] = []
    for token in doc[i + 1 : min(ent.sent.end, i + 9)]:
        if token.text in (",", ";", ".") or token.pos_ in ("VERB", "AUX"):
            break
        words.extend(_words(token.text))
    return words


class SpeakerResolver:
    """Resolves the source spans of one article, given its paragraphs' spaCy analyses."""

    def __init__(
        self,
        text: str,
        parsed: Sequence[tuple[int, Doc]],
        quoted: Sequence[QuotedSpan],
        contents: Sequence[tuple[int, int]] = (),
    ) -> None:
        self._text = text
        self._quoted = quoted
        self._mentions = self._collect_mentions(parsed)
        self._full_names = self._complete_names()
        # What "he" or "they" may stand for: the mentions outside what is reported (in "He said
        # Obama was wrong", Obama is spoken of, not speaking).
        reported = Ranges()
        for start, end in contents:
            reported.add(start, end)
        self._antecedents = [m for m in self._mentions if m.start not in reported]

    def _inside_quote(self, start: int) -> bool:
        return any(q.start < start < q.end for q in self._quoted)

    def _collect_mentions(self, parsed: Sequence[tuple[int, Doc]]) -> list[Mention]:
        out = []
        for off, doc in parsed:
            for ent in doc.ents:
                if ent.label_ not in ("PERSON", "ORG") or self._inside_quote(off + ent.start_char):
                    continue
                kind: SpeakerType = "person" if ent.label_ == "PERSON" else "organisation"
                name = strip_title(ent.text) if kind == "person" else ent.text.strip()
                if not name:
                    continue
                context = frozenset(_title_before(ent) + _apposition_after(ent) + _words(ent.text))
                subject = ent.root.dep_ in ("nsubj", "nsubjpass") or (
                    ent.root.dep_ == "appos" and ent.root.head.dep_ in ("nsubj", "nsubjpass")
                )
                out.append(
                    Mention(off + ent.start_char, off + ent.end_char, name, kind, context, subject)
                )
        return sorted(out, key=lambda m: m.start)

    def _complete_names(self) -> dict[str, str]:
        """Short person names to the longest name in the article that ends with them."""
        persons = sorted({m.name for m in self._mentions if m.type == "person"}, key=len)
        out: dict[str, str] = {}
        for short in persons:
            words = short.split()
            longer = {
                p
                for p in persons
                if len(p.split()) > len(words) and p.split()[-len(words) :] == words
            }
            if len(longer) == 1:
                out[short] = longer.pop()
        return out

    def _speaker(self, mention: Mention, resolution: SpeakerResolution) -> Speaker:
        name = self._full_names.get(mention.name, mention.name)
        span = TextSpan(mention.start, mention.end, self._text[mention.start : mention.end])
        return Speaker(name, mention.type, resolution, span)

    def resolve(self, source: TextSpan | None, at: int) -> Speaker:
        """The speaker of an occurrence whose content starts at ``at``."""
        if source is None:
            return UNRESOLVED
        inside = [m for m in self._mentions if m.start < source.end and m.end > source.start]
        persons = [m for m in inside if m.type == "person"]
        if not persons and _ROLE_OF.search(source.text):
            # "The head of the union", "a spokeswoman for the ministry": a person of the
            # organisation, not the organisation; unnamed here, so unresolved.
            return UNRESOLVED
        if persons or inside:
            chosen = max(persons or inside, key=lambda m: (m.end - m.start, -m.start))
            return self._speaker(chosen, "named")
        words = _words(source.text)
        if not words:
            return UNRESOLVED
        if len(words) == 1 and words[0] in PERSON_PRONOUNS | GROUP_PRONOUNS:
            wanted: SpeakerType = "person" if words[0] in PERSON_PRONOUNS else "organisation"
            return self._antecedent(source.start, wanted)
        return self._description(source, words)

    def _antecedent(self, at: int, wanted: SpeakerType) -> Speaker:
        """The nearest preceding mention of the wanted type, subjects first; a mention inside
        reported content only when there is no other ("Police said Erik Berg was arrested. He
        said: ...")."""

        def within(pool: list[Mention]) -> list[Mention]:
            return [
                m for m in pool if m.end <= at and at - m.end <= PRONOUN_WINDOW and m.type == wanted
            ]

        earlier = within(self._antecedents) or within(self._mentions)
        if not earlier:
            return UNRESOLVED
        subjects = [m for m in earlier if m.subject]
        # A subject in the same or the previous sentence beats a nearer object mention.
        chosen = subjects[-1] if subjects and at - subjects[-1].end <= 400 else earlier[-1]
        return self._speaker(chosen, "pronoun")

    def _description(self, source: TextSpan, words: list[str]) -> Speaker:
        stripped = source.text.strip()
        first_content = next((w for w in stripped.split() if w.lower() not in _DETERMINERS), "")
        if first_content[:1].isupper() and not any(
            w in TITLE_WORDS for w in words if w not in _DETERMINERS
        ):
            # A capitalised name the entity recogniser missed ("the Atlantic"): keep it as is.
            name = " ".join(w for w in stripped.split() if w.lower() not in _DETERMINERS)
            start = source.start + source.text.find(first_content)
            return Speaker(name, "unknown", "named", TextSpan(start, source.end, name))
        content = [w for w in words if w not in _DETERMINERS]
        if not content or content[-1] in PERSON_PRONOUNS | GROUP_PRONOUNS:
            return UNRESOLVED
        head = content[-1]
        candidates = [
            m
            for m in self._mentions
            if head in m.context
            and abs(m.start - source.start) <= DESCRIPTION_WINDOW
            and head not in _words(m.name)
        ]
        if not candidates:
            return UNRESOLVED
        # More of the description's words in the title first, then the nearest preceding mention.
        best = max(
            candidates,
            key=lambda m: (
                sum(w in m.context for w in content),
                m.start < source.start,
                -abs(source.start - m.start),
            ),
        )
        return self._speaker(best, "description")


def canonical_speakers(names: Iterable[str]) -> dict[str, str]:
    """Each distinct name to its canonical form across articles.

    Titles are stripped; a name equal to the last words of exactly one longer name maps to it;
    among equals the most frequent spelling wins (ties: the longest, then alphabetical).
    """
    raw = [n for n in names if n and n.strip()]
    stripped = {n: strip_title(n) for n in raw}
    counts = Counter(stripped.values())
    distinct = sorted(counts, key=lambda s: (-len(s.split()), s))
    target: dict[str, str] = {}
    for short in distinct:
        words = short.lower().split()
        longer = {
            other
            for other in distinct
            if len(other.split()) > len(words) and other.lower().split()[-len(words) :] == words
        }
        roots = {target.get(o, o) for o in longer}
        target[short] = roots.pop() if len(roots) == 1 else short
    return {n: target[stripped[n]] for n in raw}


def speaker_name_set(speakers: Sequence[Speaker]) -> list[str]:
    return sorted({s.name for s in speakers if s.name})
