"""Event date and place of each story, from its members' testimony; conflicts kept, not averaged.

Each member testifies once for a date: the first day its title or lead names (resolved against
its publication date, and only if it falls within two weeks before publication, since older
dates in a lead recall earlier events), else its publication date. A day written without a year
and no publication date to resolve it ("on Oct. 3") takes its year from the story's other
dated testimony, else from the stories of its storyline. The day with most support wins; every
other day stays in ``conflicts`` with the article that gave it. Places work the same way, with
a city supported by mentions of its own country.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import date

import numpy as np

from newsweave.models.stories import (
    ArticleFeatures,
    DateEvidence,
    DateMention,
    EventDate,
    EventPlace,
    PlaceEvidence,
    PlaceMention,
    Story,
)
from newsweave.stages.cluster.features import LEAD_CHARS
from newsweave.stages.cluster.places import CUE_WEIGHTS
from newsweave.stages.cluster.stories import StoryIndex
from newsweave.stages.cluster.textdates import resolve_year

# A date in the lead this long before publication recalls an earlier event.
MAX_DAYS_BEFORE_PUBLICATION = 14
# Written dates are the outlet's own statement of when; a publication date is a proxy.
MENTION_WEIGHT = 1.0
PUBLISHED_WEIGHT = 0.75
# How much a mention of a city's own country supports the city.
COUNTRY_SUPPORT = 0.5
_SPECIFICITY = {"city": 2, "region": 1, "country": 0}


def article_date_testimony(features: ArticleFeatures) -> tuple[DateEvidence | None, float]:
    """What one article says about its event's day, and how much that counts."""
    published = features.published
    for mention in features.dates:
        day = mention.resolved
        if day is None:
            continue
        if published is not None and not _near_publication(day, published):
            continue
        return DateEvidence(day, features.article_id, mention.kind, mention.text), MENTION_WEIGHT
    if published is not None:
        evidence = DateEvidence(published, features.article_id, "published", published.isoformat())
        return evidence, PUBLISHED_WEIGHT
    return None, 0.0


def partial_mention(features: ArticleFeatures) -> DateMention | None:
    """The first year-less day of an article without publication date ("on Oct. 3")."""
    if features.published is not None:
        return None
    for mention in features.dates:
        if mention.kind == "month-day" and mention.resolved is None:
            return mention
    return None


def resolve_event_date(
    members: Sequence[ArticleFeatures], context: Sequence[date] = ()
) -> EventDate:
    """The story's day with support and conflicts; ``context``: days of related stories."""
    weights: dict[date, float] = defaultdict(float)
    evidence: list[DateEvidence] = []
    said = [article_date_testimony(features) for features in members]
    for testimony, weight in said:
        if testimony is not None:
            evidence.append(testimony)
            weights[testimony.value] += weight
    anchors = sorted(weights) or sorted(context)
    inferred = False
    for features, (testimony, _) in zip(members, said, strict=True):
        if testimony is not None:
            continue
        mention = partial_mention(features)
        if mention is None or mention.month is None or mention.day is None or not anchors:
            continue
        day = _nearest_resolution(mention.month, mention.day, anchors)
        if day is None:
            continue
        inferred = inferred or not weights
        evidence.append(DateEvidence(day, features.article_id, "month-day", mention.text))
        weights[day] += MENTION_WEIGHT
    if not weights:
        return EventDate(None, (), ())
    chosen = max(weights, key=lambda d: (weights[d], -d.toordinal()))
    support = tuple(e for e in evidence if e.value == chosen)
    conflicts = tuple(e for e in evidence if e.value != chosen)
    return EventDate(chosen, support, conflicts, inferred_year=inferred and not _has_year(support))


def resolve_event_place(members: Sequence[ArticleFeatures]) -> EventPlace:
    """The story's most supported place; a city gains from mentions of its own country."""
    evidence: list[PlaceEvidence] = []
    strength: dict[tuple[str, str | None, str], float] = defaultdict(float)
    for features in members:
        best: dict[tuple[str, str | None, str], tuple[float, str]] = {}
        for mention in features.places:
            key = (mention.name, mention.country, mention.kind)
            weight = _place_weight(mention)
            if key not in best or weight > best[key][0]:
                best[key] = (weight, mention.cue)
        for key, (weight, cue) in best.items():
            strength[key] += weight
            evidence.append(PlaceEvidence(key[0], key[1], key[2], features.article_id, cue))
    if not strength:
        return EventPlace(None, None, (), ())
    scores = {key: value + _country_support(key, strength) for key, value in strength.items()}
    chosen = max(scores, key=lambda k: (scores[k], _SPECIFICITY.get(k[2], 0), k[0]))
    name, country, _ = chosen
    support = tuple(e for e in evidence if _compatible(e, chosen))
    conflicts = tuple(e for e in evidence if not _compatible(e, chosen))
    return EventPlace(name, country, support, conflicts)


def build_stories(
    index: StoryIndex,
    features: Mapping[str, ArticleFeatures],
    only: Collection[str] | None = None,
) -> list[Story]:
    """The stories of ``index`` (all, or those in ``only``) with title, sources, event date and
    place, in creation order.

    Stories whose only date is year-less take the year from the other stories of their
    storyline, which is how "on Oct. 3" finds its year; those others' dates are resolved only
    when a story needs them.
    """
    members = index.story_members() if only is None else index.members_of(only)
    dates = {
        story_id: resolve_event_date([features[a] for a in ids])
        for story_id, ids in members.items()
    }
    undated = [s for s, d in dates.items() if d.value is None]
    kin = [s for s in index.line_peers(undated) if s not in dates]
    lines = index.storylines_of([*members, *kin])
    undated_lines = {lines[s] for s in undated}
    for story_id, ids in index.members_of(kin).items():
        dates[story_id] = resolve_event_date([features[a] for a in ids])
    line_days: dict[str, list[date]] = defaultdict(list)
    for story_id, own in dates.items():
        if lines[story_id] in undated_lines and own.value is not None:
            line_days[lines[story_id]].append(own.value)
    stories = []
    for story_id, ids in members.items():
        items = [features[a] for a in ids]
        event_date = dates[story_id]
        if event_date.value is None:
            event_date = resolve_event_date(items, line_days[lines[story_id]])
        stories.append(
            Story(
                id=story_id,
                title=_central_title(items),
                article_ids=tuple(ids),
                sources=tuple(sorted({f.source for f in items if f.source})),
                date=event_date,
                place=resolve_event_place(items),
                storyline_id=lines[story_id],
                article_dates=tuple((f.article_id, _member_day(f, event_date)) for f in items),
            )
        )
    return stories


def _member_day(features: ArticleFeatures, story_date: EventDate) -> date | None:
    """A member's own day; members without one take the story's."""
    testimony, _ = article_date_testimony(features)
    return testimony.value if testimony is not None else story_date.value


def _central_title(items: Sequence[ArticleFeatures]) -> str:
    """The title of the member nearest the story's centroid (ties: earliest)."""
    vectors = np.stack([f.embedding for f in items])
    centroid = vectors.sum(axis=0)
    scores = vectors @ centroid
    return items[int(np.argmax(scores))].title


def _near_publication(day: date, published: date) -> bool:
    delta = (published - day).days
    return -1 <= delta <= MAX_DAYS_BEFORE_PUBLICATION


def _nearest_resolution(month: int, day: int, anchors: Sequence[date]) -> date | None:
    best: date | None = None
    for anchor in anchors:
        candidate = resolve_year(month, day, anchor)
        if candidate is None:
            continue
        if best is None or abs((candidate - anchor).days) < abs((best - anchor).days):
            best = candidate
    return best


def _has_year(support: Sequence[DateEvidence]) -> bool:
    return any(e.kind in ("full", "published", "weekday", "relative") for e in support)


def _place_weight(mention: PlaceMention) -> float:
    # Earlier in the lead is closer to what the report is about.
    position = max(0.0, 1.0 - mention.start / (2 * LEAD_CHARS))
    return CUE_WEIGHTS.get(mention.cue, 1.0) * position


def _country_support(
    key: tuple[str, str | None, str], strength: Mapping[tuple[str, str | None, str], float]
) -> float:
    name, country, kind = key
    if kind == "country" or country is None:
        return 0.0
    return COUNTRY_SUPPORT * sum(
        value
        for (n, c, k), value in strength.items()
        if k == "country" and c == country and n != name
    )


def _compatible(evidence: PlaceEvidence, chosen: tuple[str, str | None, str]) -> bool:
    name, country, _ = chosen
    if evidence.name == name:
        return True
    # The chosen city's own country (or region of it) is a coarser statement, not a conflict.
    return (
        evidence.country is not None
        and evidence.country == country
        and evidence.kind in ("country", "region")
    )
