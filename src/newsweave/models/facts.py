"""Facts: statements of a story's articles, aligned across outlets, with their corroboration."""

from __future__ import annotations

from dataclasses import dataclass

# A statement clause of an article, as parsed: its character range and its (text, label)
# entities. The facts stage keeps each article's clauses in the store (see ``units.parse_key``).
FactClause = tuple[int, int, tuple[tuple[str, str], ...]]


@dataclass(frozen=True, slots=True)
class FactUnit:
    """One statement of one article: a sentence, or a clause when a sentence makes several.

    ``entities`` are (text, label) pairs; ``quantities`` (text, kind, value, unit, qualifier);
    ``dates`` the resolved date mentions inside the unit.
    """

    article_id: str
    family_id: str
    start: int
    end: int
    text: str
    position: int
    is_quote: bool
    entities: tuple[tuple[str, str], ...] = ()
    quantities: tuple[tuple[str, str, float, str, str], ...] = ()
    dates: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FactVariant:
    """One of the values outlets give for a conflicting slot, and who gives it."""

    slot: str  # number | date | place | name
    value: str
    text: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Fact:
    """A statement aligned across the articles of a story, or a presence (person at a place)
    that outlets state in their own words.

    ``status``: ``corroborated`` (two or more independent source families state it),
    ``single-source`` (one family, however many copies), or ``conflicting`` (outlets make the
    statement with different values; ``variants`` lists each value and its articles).
    """

    id: str
    story_id: str
    text: str
    status: str
    independent_sources: int
    families: tuple[str, ...]
    members: tuple[FactUnit, ...]
    variants: tuple[FactVariant, ...] = ()
    kind: str = "statement"  # statement (aligned sentences) | presence (who was where)
    subject: str = ""  # what a presence fact asserts ("Erik Lindqvist in Lisbon")

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({m.article_id for m in self.members}))


@dataclass(frozen=True, slots=True)
class OutletComparison:
    """What one article adds that no other source family reports, and which corroborated facts
    of its story it leaves out."""

    article_id: str
    additions: tuple[str, ...]  # fact ids
    omissions: tuple[str, ...]  # fact ids
