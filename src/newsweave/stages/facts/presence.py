"""Presence facts: who was where, as each outlet's own narration says it.

Sentence alignment finds statements that say the same thing; it misses facts that every outlet
reports in its own sentences, such as a person's presence at the scene ("Rutte spoke during a
visit to Warsaw alongside Tusk"; "Rutte told reporters in Warsaw ... he said alongside Tusk").
A presence fact pairs a person with a place. It exists when at least one narrative sentence
names both; each source family whose narration (quotations left out) names both supports it.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Sequence

from newsweave.models.facts import Fact, FactUnit

PERSON = "PERSON"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MIN_FAMILIES = 2
_WORDS = re.compile(r"[\w’'-]+")


def person_key(name: str) -> str:
    """People are matched by surname: "Tusk", "Donald Tusk" and "PM Donald Tusk" are one."""
    words = [w for w in name.replace("’s", "").replace("'s", "").split() if w[:1].isupper()]
    return words[-1].lower() if words else name.lower()


def place_key(name: str) -> str:
    return " ".join(w for w in name.lower().split() if w != "the")


def presence_facts(
    story_id: str, units: Sequence[FactUnit], published: dict[str, str | None]
) -> list[Fact]:
    """Person-place facts supported by two or more source families."""
    narrative = [u for u in units if not u.is_quote]
    people: dict[str, str] = {}
    places: dict[str, str] = {}
    by_article: dict[str, dict[str, set[str]]] = defaultdict(
        lambda: {"people": set(), "places": set()}
    )
    for unit in narrative:
        for text, label in unit.entities:
            if label == PERSON:
                key = person_key(text)
                people[key] = max(people.get(key, text), text, key=len)
                by_article[unit.article_id]["people"].add(key)
            elif label in PLACE_LABELS:
                key = place_key(text)
                places.setdefault(key, text)
                by_article[unit.article_id]["places"].add(key)
    # NER misses a bare surname or tags it oddly; once a name is known in the story, finding
    # it written in a sentence is enough.
    for unit in narrative:
        keys = _keys(unit, people, places)
        by_article[unit.article_id]["people"] |= keys & set(people)
        by_article[unit.article_id]["places"] |= keys & set(places)
    family_of = {u.article_id: u.family_id for u in units}
    facts = []
    for person in sorted(people):
        for place in sorted(places):
            anchors = [u for u in narrative if {person, place} <= _keys(u, people, places)]
            if not anchors:
                continue
            supporting = sorted(
                a
                for a, seen in by_article.items()
                if person in seen["people"] and place in seen["places"]
            )
            families = tuple(sorted({family_of[a] for a in supporting}))
            if len(families) < MIN_FAMILIES:
                continue
            members = [
                u
                for u in narrative
                if u.article_id in supporting and {person, place} & _keys(u, people, places)
            ]
            anchor = min(
                anchors,
                key=lambda u: (published.get(u.article_id) or "9999", u.position, u.article_id),
            )
            key = f"{story_id}|presence|{person}|{place}"
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
                    subject=f"{people[person]} in {places[place]}",
                )
            )
    return facts


def _keys(unit: FactUnit, people: dict[str, str], places: dict[str, str]) -> set[str]:
    """The story's known people and places this unit names (by entity, or written out)."""
    out = set()
    for text, label in unit.entities:
        if label == PERSON:
            out.add(person_key(text))
        elif label in PLACE_LABELS:
            out.add(place_key(text))
    words = set(_WORDS.findall(unit.text))
    out |= {key for key in people if key.capitalize() in words or key.upper() in words}
    lowered = unit.text.lower()
    out |= {key for key in places if re.search(rf"\b{re.escape(key)}\b", lowered)}
    return out
