"""Presence facts: who was at the scene of the story's event, as each outlet's narration says.

Sentence alignment finds statements that say the same thing; it misses facts that every outlet
reports in its own sentences, such as a person's presence at the scene ("Okafor spoke during a
visit to Lisbon alongside Lindqvist"; "Okafor told reporters in Lisbon ... he said alongside
Lindqvist").
A presence fact pairs a person with the story's event place. It exists when at least one
narrative sentence names both (a person merely mentioned in an article about that place is not
placed there), and each source family whose narration (quotations left out) names both
supports it.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from newsweave.models.facts import Fact, FactUnit

PERSON = "PERSON"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MIN_FAMILIES = 2
_QUOTE_MARK = re.compile('[“”"«»]')
_QUOTED = re.compile('“[^”]*”|"[^"]*"|«[^»]*»')
_WORDS = re.compile(r"[\w’'-]+")


def person_key(name: str) -> str:
    """People are matched by surname: "Lindqvist", "Erik Lindqvist" and "PM Erik Lindqvist" are
    one."""
    words = [w for w in name.replace("’s", "").replace("'s", "").split() if w[:1].isupper()]
    return words[-1].lower() if words else name.lower()


def place_key(name: str) -> str:
    return " ".join(w for w in name.lower().split() if w != "the")


def presence_facts(
    story_id: str, units: Sequence[FactUnit], published: dict[str, str | None], place: str | None
) -> list[Fact]:
    """Person-at-``place`` facts supported by two or more source families."""
    if not place:
        return []
    # Every unit counts, but only for what it says outside quotation marks: "..., he said
    # alongside Prime Minister Erik Lindqvist" places Lindqvist there; a quote naming him does not.
    narrative = list(units)
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for unit in narrative:
        for text, label in unit.entities:
            if label == PERSON:
                forms[person_key(text)][text] += 1
    people = {key: _display_name(counts) for key, counts in forms.items()}
    scene = place_key(place)
    places = {scene: place}
    # NER misses a bare surname or tags it oddly: once a name is known in the story, finding it
    # written in a sentence is enough.
    # Each unit's names are found once: a long page names many people in many sentences.
    written = {form: key for key in people for form in (key.upper(), key.capitalize())}
    # Copies repeat their statements: each distinct text is read once.
    keys_of: dict[str, set[str]] = {}
    for unit in narrative:
        if unit.text not in keys_of:
            keys_of[unit.text] = _keys(unit.text, written, places)
    named = [(unit, keys_of[unit.text]) for unit in narrative]
    seen: dict[str, set[str]] = defaultdict(set)
    for unit, keys in named:
        seen[unit.article_id] |= keys
    family_of = {u.article_id: u.family_id for u in units}
    facts = []
    for person in sorted(people):
        pair = {person, scene}
        anchors = [u for u, keys in named if pair <= keys]
        if not anchors:
            continue
        supporting = {a for a, keys in seen.items() if pair <= keys}
        families = tuple(sorted({family_of[a] for a in supporting}))
        if len(families) < MIN_FAMILIES:
            continue
        members = [u for u, keys in named if u.article_id in supporting and pair & keys]
        anchor = min(
            anchors, key=lambda u: (published.get(u.article_id) or "9999", u.position, u.article_id)
        )
        key = f"{story_id}|presence|{person}|{scene}"
        facts.append(
            Fact(
                id="fa-" + hashlib.sha1(key.encode()).hexdigest()[:12],
                story_id=story_id,
                text=anchor.text,
                status="corroborated",
                independent_sources=len(families),
                families=families,
                members=tuple(members),
                kind="presence",
                subject=f"{people[person]} in {place}",
            )
        )
    return facts


def _keys(text: str, written: dict[str, str], places: dict[str, str]) -> set[str]:
    """The story's known people and places a unit's text names outside quotation marks
    (``written``: each way a known surname is written, "Lindqvist" or "LINDQVIST", to its key)."""
    told = narration(text)
    out = {written[word] for word in set(_WORDS.findall(told)) if word in written}
    lowered = told.lower()
    out |= {key for key in places if re.search(rf"\b{re.escape(key)}\b", lowered)}
    return out


def narration(text: str) -> str:
    """``text`` without what it quotes. A unit may begin inside a quotation that opened in the
    previous sentence: then everything up to its first closing mark is quoted."""
    first = _QUOTE_MARK.search(text)
    if first is not None and (
        first.group() in "”»"
        or (first.group() == '"' and first.start() > 0 and not text[first.start() - 1].isspace())
    ):
        text = text[first.end() :]
    return _QUOTED.sub(" ", text)


def _display_name(forms: Counter[str]) -> str:
    """The usual full form of a name: the most frequent of two words or more ("Amara Okafor"
    over "Okafor" and over a one-off "Nigerian envoy Okafor"), the longest on ties."""
    full = {form: n for form, n in forms.items() if len(form.split()) >= 2}
    pool = full or dict(forms)
    return max(sorted(pool), key=lambda form: (pool[form], len(form)))
