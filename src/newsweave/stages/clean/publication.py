"""The publication date (and the "updated" date) of an article, from every place that states it.

Candidates, in order of trust: a header line, the record's own field (JSON, feed), HTML metadata
with its time of day (``article:published_time``, JSON-LD ``datePublished``), the date
trafilatura infers, a date in the URL path, a "Published ..." line the cleaner removed. Dates
in captions, bios or related headlines are never candidates; a caption's date only bounds the
publication from below (a photo is taken before the article that uses it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from newsweave.models import DateMention, DateValue, Span
from newsweave.stages.clean.dates import find_date_mentions, year_evidence
from newsweave.stages.clean.metadata import choose_date, date_candidate

_URL_DATE = re.compile(r"/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-]([0-3]\d)(?:/|-|$)")
_STAMP_WORDS = re.compile(r"\b(?:published|posted|updated|last updated|modified|on)\b:?", re.I)
_UPDATED = re.compile(r"\b(?:updated|modified)\b", re.I)
# Removed parts whose dates are about the page, not about a photo or another article.
TIMESTAMP_REASONS = frozenset({"timestamp", "byline", "header"})
# Removed parts that show something that happened before the article was written.
BOUND_REASONS = frozenset({"caption", "credit"})


@dataclass(frozen=True, slots=True)
class Publication:
    published: DateValue | None
    updated: DateValue | None
    candidates: tuple[DateValue, ...]
    mentions: tuple[DateMention, ...]


def url_date(url: str | None) -> str | None:
    """``2024-05-07`` from ``https://site/2024/05/07/story``, if the path carries a date."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    return None if match is None else "-".join(match.groups())


def timestamp_candidates(
    removed: Iterable[Span], now: datetime
) -> tuple[list[DateValue], list[DateValue]]:
    """(published, updated) candidates from "Published March 3, 2024"-style removed lines."""
    published: list[DateValue] = []
    updated: list[DateValue] = []
    for span in removed:
        if span.label not in TIMESTAMP_REASONS:
            continue
        for mention in find_date_mentions(span.text):
            if mention.kind not in {"iso", "mdy", "dmy"} or mention.value is None:
                continue
            target = updated if _UPDATED.search(span.text[: mention.start]) else published
            candidate = date_candidate(mention.value, "text", 0.6, now)
            if candidate is not None:
                target.append(
                    DateValue(candidate.value, "text", 0.6, span.text.strip()[:200], candidate.flag)
                )
    return published, updated


def lower_bound(removed: Iterable[Span], text: str) -> date | None:
    """The latest day the article cannot predate: its captions' dates, the years it speaks of."""
    bounds = [
        date.fromisoformat(m.value)
        for span in removed
        if span.label in BOUND_REASONS
        for m in find_date_mentions(span.text)
        if m.value is not None and len(m.value) == 10
    ]
    years = year_evidence(text)
    if years is not None:
        bounds.append(years)
    return max(bounds) if bounds else None


def resolve_publication(
    *,
    ranked: Sequence[DateValue | None],
    updated: Sequence[DateValue | None],
    removed: Sequence[Span],
    text: str,
    now: datetime,
) -> Publication:
    """Choose the publication date among ``ranked`` candidates (and timestamp lines), the
    updated date, and resolve the dates the text mentions against it."""
    stamped, stamped_updated = timestamp_candidates(removed, now)
    candidates = [c for c in ranked if c is not None] + stamped
    published = choose_date(candidates)
    changed = choose_date([*(u for u in updated if u is not None), *stamped_updated])
    reference = date.fromisoformat(published.value[:10]) if published else None
    bound = None if reference else lower_bound(removed, text)
    mentions = tuple(
        DateMention(m.start, m.end, m.text, m.kind, m.value, m.basis, m.confidence)
        for m in find_date_mentions(text, reference=reference, lower_bound=bound)
    )
    return Publication(published, changed, tuple(candidates), mentions)
