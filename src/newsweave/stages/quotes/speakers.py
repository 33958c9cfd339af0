"""Speakers: from a source span to a named person or organisation, and one name across articles.

In an article (:class:`SpeakerResolver`):

* a source that contains a PERSON or ORG entity is that entity, completed to the fullest form
  of the name seen in the article ("Okafor" after "Amara Okafor" is "Amara Okafor");
* a personal pronoun (he, she; it, they for organisations) goes to the speaker of the
  occurrence before it when the cue carries on ("she added") or no name it could stand for comes
  between; else to the nearest preceding mention of that type within a few paragraphs, outside
  quotes and reported content, a subject of the same or the previous sentence first. "She" never
  goes to a man nor "he" to a woman, as the article marks them (a title or a role noun at one of
  the name's mentions: "Mr.", "Ms.", "spokeswoman", "chairman");
* a relative pronoun ("..., said Amara Okafor, who added ...") goes to the name right before it
  in its sentence;
* a description ("the secretary-general", "the four-term congressman") goes to a named mention
  whose title or apposition carries the description's head noun (or a title of the same role:
  "Rep."): the one with more of the description's words, then the person the article names
  most, then the nearest preceding one;
* anything else stays unresolved: a speaker is never guessed.

Across articles (:func:`canonical_speakers`): titles are stripped and a name whose words are a
suffix of exactly one longer name joins it ("Okafor" -> "Amara Okafor").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
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
RELATIVE_PRONOUNS = frozenset({"who", "which"})
_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
# Cues that carry on what the last speaker was saying ("he added", "she went on").
_GOING_ON = frozenset("added adds adding continued continues continuing concluded went".split())
PRONOUN_WINDOW = 1500  # characters back to look for an antecedent (a few paragraphs)
RELATIVE_WINDOW = 160  # characters from the end of a name to a "who" that refers to it
DESCRIPTION_WINDOW = 4000

TITLE_WORDS = frozenset(
    """
    mr mr. mrs mrs. ms ms. dr dr. sir president vice prime minister secretary general
    secretary-general chancellor senator sen sen. rep rep. representative governor gov gov.
    mayor spokesman spokeswoman spokesperson chairman chairwoman chair director chief
    ambassador king queen prince pope foreign defence defense finance interior deputy former
    acting head leader pm mp minister-president premier commissioner envoy gen. lt. col. speaker
    colonel admiral judge justice attorney candidate nominee the
    """.split()
)
_DETERMINERS = frozenset(
    """
    the a an this that these those its his her their our some many all both each other others
    another such who which whom himself herself itself themselves
    """.split()
)
# A description's head noun and the titles a person it describes may carry instead ("the
# congressman" for "Rep. Blake Farenthold", "the lawmaker" for "Sen. X").
_SAME_ROLE = {
    "congressman": ("representative", "congresswoman"),
    "congresswoman": ("representative", "congressman"),
    "representative": ("congressman", "congresswoman"),
    "lawmaker": ("representative", "congressman", "congresswoman", "senator"),
}
_NON_WORD = re.compile(r"[^\w]+")
# A person described by a role in an organisation ("the head of the union", "a spokesman for the
# ministry"): a person, whatever organisation the phrase names.
_ROLE_OF = re.compile(
    r"\b(?:head|chief|leader|boss|president|chairman|chairwoman|chair|director|secretary"
    r"(?:[- ]general)?|spokesman|spokeswoman|spokesperson|minister|governor|mayor|ceo|founder"
    r"|commander|ambassador|envoy|official|representative|member)s?\s+(?:of|for|at)\b",
    re.IGNORECASE,
)


# Words that say a person's gender where an article puts them next to the name: a title before
# it ("Mrs. Okafor", "spokeswoman Lis Smith") or the head of an apposition after it ("Amara
# Okafor, a spokeswoman for ..."). Roles named for either are left out ("actor", "chair").
_GENDER_WORDS = {
    **dict.fromkeys(
        """mr sir king prince lord duke father brother spokesman chairman congressman
        businessman councilman assemblyman alderman husband son uncle nephew grandfather
        boyfriend widower""".split(),
        "m",
    ),
    **dict.fromkeys(
        """mrs ms miss madam madame lady dame queen princess duchess sister spokeswoman
        chairwoman congresswoman businesswoman councilwoman assemblywoman alderwoman wife
        daughter mother aunt niece grandmother girlfriend widow actress""".split(),
        "f",
    ),
}
_RELATIVE_BREAK = re.compile(r"[.!?][\"”’)]*\s|[\"“”]|\n")


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
    gender: str | None = None
    """"m" or "f" where a title or role noun next to this mention says so."""


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


def _gender(name: list[str], title: list[str], apposition: list[str]) -> str | None:
    """What a title in the name, the nearest gendered title before it or the apposition's role
    says of the person's gender ("Mr. X", "spokeswoman X", "X, a spokesman for Mrs. Y")."""
    for word in name[:-1]:
        if word in _GENDER_WORDS:
            return _GENDER_WORDS[word]
    for word in title:
        if word in _GENDER_WORDS:
            return _GENDER_WORDS[word]
    for word in apposition:
        if word in ("of", "for", "to", "at", "with", "and"):
            break
        if word in _GENDER_WORDS:
            return _GENDER_WORDS[word]
    return None


def _persons_by_surname(mentions: list[Mention]) -> list[Mention]:
    """Organisation mentions that are the last words of a person's name in the article become
    that person: the entity recogniser often takes a surname alone for an organisation
    ("Hutchinson said" after "Gov. Asa Hutchinson")."""
    surnames = {
        tuple(m.name.split()[-k:])
        for m in mentions
        if m.type == "person"
        for k in range(1, len(m.name.split()))
    }
    return [
        replace(m, type="person")
        if m.type == "organisation" and tuple(m.name.split()) in surnames
        else m
        for m in mentions
    ]


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
        self._mentions = _persons_by_surname(self._collect_mentions(parsed))
        # Where each word starts and whether it is a proper noun, in text order.
        words = sorted(
            (off + token.idx, token.pos_ == "PROPN")
            for off, doc in parsed
            for token in doc
            if token.is_alpha
        )
        self._word_starts = [start for start, _ in words]
        self._proper_words = [proper for _, proper in words]
        self._full_names = self._complete_names()
        self._genders = self._name_genders()
        self._said: list[tuple[int, Speaker]] = []
        self._mention_counts = Counter(self._full_name(m) for m in self._mentions)
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
                title, apposition = _title_before(ent), _apposition_after(ent)
                words = _words(ent.text)
                context = frozenset(title + apposition + words)
                gender = _gender(words, title, apposition) if kind == "person" else None
                subject = ent.root.dep_ in ("nsubj", "nsubjpass") or (
                    ent.root.dep_ == "appos" and ent.root.head.dep_ in ("nsubj", "nsubjpass")
                )
                out.append(
                    Mention(
                        off + ent.start_char,
                        off + ent.end_char,
                        name,
                        kind,
                        context,
                        subject,
                        gender,
                    )
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

    def _name_genders(self) -> dict[str, str]:
        """Full name -> "m" or "f" where the article marks it at some mention, and never both."""
        seen: dict[str, set[str]] = {}
        for m in self._mentions:
            if m.gender is not None:
                seen.setdefault(self._full_name(m), set()).add(m.gender)
        return {name: genders.pop() for name, genders in seen.items() if len(genders) == 1}

    def _agrees(self, mention: Mention, gender: str | None) -> bool:
        """Whether the mention's person may be of ``gender`` (unknown either way agrees)."""
        return self._name_agrees(self._full_name(mention), gender)

    def _name_agrees(self, name: str, gender: str | None) -> bool:
        known = self._genders.get(name)
        return gender is None or known is None or known == gender

    def _full_name(self, mention: Mention) -> str:
        """The fullest form of the mention's name in the article ("Okafor" -> "Amara Okafor")."""
        return self._full_names.get(mention.name, mention.name)

    def _speaker(self, mention: Mention, resolution: SpeakerResolution) -> Speaker:
        name = self._full_name(mention)
        span = TextSpan(mention.start, mention.end, self._text[mention.start : mention.end])
        return Speaker(name, mention.type, resolution, span)

    def resolve(self, source: TextSpan | None, at: int, cue: TextSpan | None = None) -> Speaker:
        """The speaker of an occurrence whose content starts at ``at``; called in text order,
        since a pronoun may take the speaker of an earlier occurrence."""
        speaker = self._resolve(source, at, cue)
        if source is not None and speaker.name is not None:
            self._said.append((source.end, speaker))
        return speaker

    def _resolve(self, source: TextSpan | None, at: int, cue: TextSpan | None) -> Speaker:
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
            gender = _PRONOUN_GENDER.get(words[0])
            going_on = cue is not None and bool(_GOING_ON.intersection(_words(cue.text)))
            return self._last_speaker(source.start, wanted, gender, going_on) or self._antecedent(
                source.start, wanted, gender
            )
        if len(words) == 1 and words[0] in RELATIVE_PRONOUNS:
            return self._relative(source.start, "person" if words[0] == "who" else "organisation")
        return self._description(source, words)

    def _last_speaker(
        self, at: int, wanted: SpeakerType, gender: str | None, going_on: bool
    ) -> Speaker | None:
        """The speaker of the last occurrence before ``at`` (within a few paragraphs), if the
        pronoun may stand for it and the cue carries on ("he added") or no name the pronoun could
        stand for comes between (a name the entity recogniser missed in "Hutchinson said his son
        had asked him to veto it. '...,' he said." leaves Hutchinson's mention out)."""
        for end, speaker in reversed(self._said):
            if end > at:
                continue
            if at - end > PRONOUN_WINDOW or not (
                speaker.type == wanted or (wanted == "person" and self._proper_name(speaker))
            ):
                return None
            if not self._name_agrees(speaker.name or "", gender):
                return None
            between = any(
                end <= m.start and m.end <= at and m.type == wanted and self._agrees(m, gender)
                for m in self._antecedents
            )
            if between and not going_on:
                return None
            return Speaker(speaker.name, speaker.type, "pronoun", speaker.entity)
        return None

    def _proper_name(self, speaker: Speaker) -> bool:
        """Whether a speaker of unknown type is a name the entity recogniser missed (every word a
        proper noun: "Hutchinson said"), not a capitalised noun ("Police said")."""
        span = speaker.entity
        if speaker.type != "unknown" or span is None:
            return False
        first = bisect_left(self._word_starts, span.start)
        last = bisect_left(self._word_starts, span.end)
        return first < last and all(self._proper_words[first:last])

    def _antecedent(self, at: int, wanted: SpeakerType, gender: str | None = None) -> Speaker:
        """The nearest preceding mention of the wanted type and not of the other gender, subjects
        first; a mention inside reported content only when there is no other ("Police said Erik
        Berg was arrested. He said: ...")."""

        def within(pool: list[Mention]) -> list[Mention]:
            return [
                m
                for m in pool
                if m.end <= at
                and at - m.end <= PRONOUN_WINDOW
                and m.type == wanted
                and self._agrees(m, gender)
            ]

        earlier = within(self._antecedents) or within(self._mentions)
        if not earlier:
            return UNRESOLVED
        subjects = [m for m in earlier if m.subject]
        # A subject in the same or the previous sentence beats a nearer object mention.
        chosen = subjects[-1] if subjects and at - subjects[-1].end <= 400 else earlier[-1]
        return self._speaker(chosen, "pronoun")

    def _relative(self, at: int, wanted: SpeakerType) -> Speaker:
        """The name of the wanted type a relative pronoun follows in its sentence ("said Amara
        Okafor, who added"; "the ministry, which said")."""
        near = [
            m
            for m in self._mentions
            if m.end <= at
            and at - m.end <= RELATIVE_WINDOW
            and m.type == wanted
            and _RELATIVE_BREAK.search(self._text, m.end, at) is None
        ]
        return self._speaker(near[-1], "pronoun") if near else UNRESOLVED

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
        roles = (head, *_SAME_ROLE.get(head, ()))
        gender = _GENDER_WORDS.get(head)
        candidates = [
            m
            for m in self._mentions
            if any(role in m.context for role in roles)
            and abs(m.start - source.start) <= DESCRIPTION_WINDOW
            and head not in _words(m.name)
            and self._agrees(m, gender)
        ]
        if not candidates:
            return UNRESOLVED
        # More of the description's words in the title first, then the person the article names
        # most ("the president" of an article about one president that mentions another), then
        # the nearest preceding mention.
        best = max(
            candidates,
            key=lambda m: (
                sum(w in m.context for w in content),
                self._mention_counts[self._full_name(m)],
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
