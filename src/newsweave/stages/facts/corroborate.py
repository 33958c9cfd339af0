"""Aligning a story's fact units across outlets: corroborated, single-source, conflicting.

Units that the same-fact model pairs up form one fact (connected components, each unit in one
fact). The number of independent sources of a fact is the number of source families among its
units, so a copy never corroborates its original. Two facts whose units make the same statement
with different values in one slot (a number, a date, a place, a name) become one conflicting
fact, with each value and the articles that give it.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from newsweave.models.facts import Fact, FactUnit, FactVariant, OutletComparison
from newsweave.models.quotes import QuoteOccurrence
from newsweave.models.relations import family_id_for
from newsweave.stages.facts.quantities import Quantity
from newsweave.stages.facts.similarity import PairJudgement, SameFactModel

CORROBORATED = "corroborated"
SINGLE = "single-source"
CONFLICTING = "conflicting"
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
NAME_LABELS = frozenset({"PERSON", "ORG"})


def corroborate(
    story_id: str,
    units: Sequence[FactUnit],
    model: SameFactModel,
    embeddings: np.ndarray[Any, np.dtype[np.float32]],
    published: dict[str, str | None] | None = None,
    speakers: Sequence[str | None] | None = None,
) -> list[Fact]:
    """The facts of one story, in reading order of their first statement.

    ``speakers`` (one per unit, see ``unit_speakers``): who says the unit when it is a quote or
    reported speech. Words of one speaker never corroborate those of another, directly or
    through a chain of units (a fact holds at most one speaker).
    """
    if not units:
        return []
    published = published or {}
    speakers = list(speakers) if speakers is not None else [None] * len(units)
    # Units that say exactly the same thing (a copy's sentence, a wire report run by many
    # outlets) are one fact by definition and are judged once, through their first unit.
    alike = _alike(units, speakers)
    firsts = [same[0] for same in alike]
    judgements = model.align([units[i].text for i in firsts], embeddings=embeddings[firsts])
    parent = list(range(len(units)))
    for same in alike:
        for member in same[1:]:
            parent[member] = same[0]
    # Who says each component (by its root), when its units are someone's words.
    said_by: dict[int, str] = {i: s for i, s in enumerate(speakers) if s is not None}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def one_speaker(a: int, b: int) -> bool:
        return said_by.get(a) is None or said_by.get(b) is None or said_by[a] == said_by[b]

    conflicts: list[tuple[PairJudgement, tuple[str, ...], list[int], list[int]]] = []
    for pair in judgements:
        side_a, side_b = alike[pair.index_a], alike[pair.index_b]
        judgement = replace(pair, index_a=side_a[0], index_b=side_b[0])
        a, b = find(judgement.index_a), find(judgement.index_b)
        if not one_speaker(a, b):
            continue
        one_family = len({units[i].family_id for i in (*side_a, *side_b)}) == 1
        slots = () if one_family else _real_conflicts(judgement, units)
        if slots:
            conflicts.append((judgement, slots, side_a, side_b))
        elif judgement.same_fact and a != b:
            parent[max(a, b)] = min(a, b)
            speaker = said_by.get(a) or said_by.get(b)
            if speaker is not None:
                said_by[min(a, b)] = speaker
    clusters: dict[int, list[int]] = defaultdict(list)
    for index in range(len(units)):
        clusters[find(index)].append(index)
    # Conflicts join the two statements into one fact that carries both values.
    variants: dict[int, list[FactVariant]] = defaultdict(list)
    merge = {root: root for root in clusters}

    def group(x: int) -> int:
        while merge[x] != x:
            x = merge[x]
        return x

    for judgement, slots, side_a, side_b in conflicts:
        ra, rb = group(find(judgement.index_a)), group(find(judgement.index_b))
        root = min(ra, rb)
        if ra != rb:
            merge[max(ra, rb)] = root
            variants[root].extend(variants.pop(max(ra, rb), []))
        articles = (_articles(units, side_a), _articles(units, side_b))
        variants[root].extend(_variants(judgement, slots, units, articles))
    grouped: dict[int, list[int]] = defaultdict(list)
    for root, members in clusters.items():
        grouped[group(root)].extend(members)
    facts = [
        _fact(story_id, [units[i] for i in sorted(m)], variants.get(r, []), published)
        for r, m in grouped.items()
    ]
    return sorted(facts, key=lambda f: (f.members[0].article_id, f.members[0].start))


def unit_speakers(
    units: Sequence[FactUnit], occurrences: Sequence[QuoteOccurrence]
) -> list[str | None]:
    """Per unit, who says it: the speaker of the quotation or reported speech whose content
    covers most of the unit, by surname (case aside), or ``None``."""
    by_article: dict[str, list[QuoteOccurrence]] = defaultdict(list)
    for occurrence in occurrences:
        if (occurrence.speaker.name or "").split():
            by_article[occurrence.article].append(occurrence)
    # Per article, occurrences by start: only those starting before a unit ends and no longer
    # ago than the longest can reach it (a long page has thousands of both).
    by_start: dict[str, tuple[list[tuple[int, QuoteOccurrence]], list[int], int]] = {}
    for article, found in by_article.items():
        ordered = sorted(enumerate(found), key=lambda item: item[1].start)
        longest = max(o.end - o.start for o in found)
        by_start[article] = ordered, [o.start for _, o in ordered], longest
    out: list[str | None] = []
    for unit in units:
        ordered, starts, longest = by_start.get(unit.article_id, ([], [], 0))
        lo = bisect_left(starts, unit.start - longest)
        hi = bisect_left(starts, unit.end)
        covering = [
            (rank, o)
            for rank, o in ordered[lo:hi]
            if 2 * (min(unit.end, o.end) - max(unit.start, o.start)) > unit.end - unit.start
        ]
        # The first in the quote stage's order, as it lists them.
        said = min(covering, key=lambda item: item[0])[1] if covering else None
        out.append(None if said is None else str(said.speaker.name).split()[-1].casefold())
    return out


def _alike(units: Sequence[FactUnit], speakers: Sequence[str | None]) -> list[list[int]]:
    """Indices of units that say the same thing, grouped, in order of their first unit: the same
    text with the same dates, entities and speaker, quoted or not alike."""
    groups: dict[tuple[object, ...], list[int]] = {}
    for index, (unit, speaker) in enumerate(zip(units, speakers, strict=True)):
        key = (unit.text, unit.dates, unit.entities, unit.is_quote, speaker)
        groups.setdefault(key, []).append(index)
    return list(groups.values())


def _articles(units: Sequence[FactUnit], members: Sequence[int]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(units[i].article_id for i in members))


def _real_conflicts(judgement: PairJudgement, units: Sequence[FactUnit]) -> tuple[str, ...]:
    """The model's conflicting slots, checked against what the units really say.

    Numbers our quantities reconcile ("at least 14 people" and "16 people") are no conflict.
    A name or place conflict needs one entity of the same kind replaced by another, in the
    outlets' own narration: around a quotation, outlets name the speaker and the scene
    differently without contradicting each other. (A family does not contradict itself: the
    caller skips pairs of one family, an edit rather than another source.)
    """
    slots = list(judgement.conflicting_slots)
    a, b = units[judgement.index_a], units[judgement.index_b]
    if a.dates and b.dates and not set(a.dates) & set(b.dates):
        if "date" not in slots:
            slots.append("date")
        # Day numbers of the differing dates are not a second, numeric, conflict.
        if "number" in slots and _only_date_numbers(judgement, a, b):
            slots.remove("number")
    if "number" in slots:
        qa, qb = _quantities(a), _quantities(b)
        pairs = [(x, y) for x in qa for y in qb if x.same_slot(y)]
        if pairs and all(x.agrees_with(y) for x, y in pairs):
            slots.remove("number")
    if "name" in slots:
        slots.remove("name")
        if not (a.is_quote or b.is_quote):
            replaced = _replaced_entity(a, b)
            if replaced is not None:
                slots.append(replaced)
    return tuple(slots)


def _only_date_numbers(judgement: PairJudgement, a: FactUnit, b: FactUnit) -> bool:
    days = {d.lstrip("-").split("-")[-1].lstrip("0") for d in (*a.dates, *b.dates)}
    differing = {
        n.lstrip("0") for n in (*judgement.values.numbers_only_a, *judgement.values.numbers_only_b)
    }
    return differing <= days


def _replaced_entity(a: FactUnit, b: FactUnit) -> str | None:
    """``place`` or ``name`` when exactly one entity of a kind differs on each side."""
    for slot, labels in (("place", PLACE_LABELS), ("name", NAME_LABELS)):
        ea = {t for t, label in a.entities if label in labels}
        eb = {t for t, label in b.entities if label in labels}
        if (
            len(ea - eb) == 1
            and len(eb - ea) == 1
            and not _same_name(next(iter(ea - eb)), next(iter(eb - ea)))
        ):
            return slot
    return None


def _same_name(x: str, y: str) -> bool:
    """ "Okafor" and "Amara Okafor" are one person, not a conflict."""
    wx, wy = set(x.lower().split()), set(y.lower().split())
    return bool(wx & wy)


def _quantities(unit: FactUnit) -> list[Quantity]:
    return [Quantity(0, 0, text, kind, value, unit_name, qualifier)
            for text, kind, value, unit_name, qualifier in unit.quantities]  # fmt: skip


def _variants(
    judgement: PairJudgement,
    slots: tuple[str, ...],
    units: Sequence[FactUnit],
    articles: tuple[tuple[str, ...], tuple[str, ...]],
) -> list[FactVariant]:
    """Each side's value in each slot, given by ``articles`` (one tuple per side)."""
    a, b = units[judgement.index_a], units[judgement.index_b]
    values = judgement.values
    out: list[FactVariant] = []
    for slot in slots:
        if slot == "number":
            sides = (values.numbers_only_a, values.numbers_only_b)
        elif slot == "date":
            sides = (
                tuple(d for d in a.dates if d not in b.dates) or values.dates_only_a,
                tuple(d for d in b.dates if d not in a.dates) or values.dates_only_b,
            )
        elif slot in {"place", "name"}:
            labels = PLACE_LABELS if slot == "place" else NAME_LABELS
            ea = {t for t, label in a.entities if label in labels}
            eb = {t for t, label in b.entities if label in labels}
            sides = (tuple(sorted(ea - eb)), tuple(sorted(eb - ea)))
        else:
            sides = ((), ())
        for unit, side, given_by in ((a, sides[0], articles[0]), (b, sides[1], articles[1])):
            if side:
                out.append(FactVariant(slot, ", ".join(side), unit.text, given_by))
    return out


def _fact(
    story_id: str,
    members: list[FactUnit],
    variants: list[FactVariant],
    published: dict[str, str | None],
) -> Fact:
    families = tuple(sorted({m.family_id for m in members}))
    # The canonical statement: the earliest published, then the earliest in its article.
    canonical = min(
        members, key=lambda m: (published.get(m.article_id) or "9999", m.position, m.article_id)
    )
    merged = _merge_variants(variants)
    status = CONFLICTING if merged else (CORROBORATED if len(families) > 1 else SINGLE)
    key = f"{story_id}|{canonical.article_id}|{canonical.start}"
    fact_id = "fa-" + hashlib.sha1(key.encode()).hexdigest()[:12]
    return Fact(
        fact_id, story_id, canonical.text, status, len(families), families, tuple(members), merged
    )


def _merge_variants(variants: list[FactVariant]) -> tuple[FactVariant, ...]:
    """One variant per (slot, value), with all the articles that give it."""
    by_key: dict[tuple[str, str], tuple[str, set[str]]] = {}
    for variant in variants:
        _, articles = by_key.setdefault((variant.slot, variant.value), (variant.text, set()))
        articles.update(variant.articles)
    return tuple(
        FactVariant(slot, value, text, tuple(sorted(articles)))
        for (slot, value), (text, articles) in sorted(by_key.items())
    )


def compare_outlets(
    facts: Sequence[Fact], articles: Sequence[str], family_of: dict[str, str]
) -> list[OutletComparison]:
    """Per article: facts only its family reports (additions) and corroborated facts it lacks.

    A copy or rewrite adds only what its original does not say: the original's facts that it
    repeats are the original's additions, not new reporting of the copy's."""
    originals = {
        family_id_for(a): a for a in articles if family_of.get(a) in (None, family_id_for(a))
    }
    # Each fact's articles once (a story of 300 copies asked for them 68,592 times).
    stated = [(f, frozenset(f.articles)) for f in facts]
    out = []
    for article_id in articles:
        family = family_of.get(article_id, family_id_for(article_id))
        original = originals.get(family, article_id)
        additions = tuple(
            f.id
            for f, by in stated
            if f.families == (family,)
            and article_id in by
            and (original == article_id or original not in by)
        )
        omissions = tuple(
            f.id for f, by in stated if f.status == CORROBORATED and article_id not in by
        )
        out.append(OutletComparison(article_id, additions, omissions))
    return out
