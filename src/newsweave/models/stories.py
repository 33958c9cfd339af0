"""Stories (articles about one event) and storylines (related events), with their evidence.

An article enters clustering as a :class:`StoryInput`; feature extraction turns it into
:class:`ArticleFeatures` (cheap, persisted, enough to rebuild the index); the clusterer answers
with a :class:`StoryAssignment`. A finished :class:`Story` carries its event date and place,
each with the evidence that supports it and the conflicting evidence kept beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import numpy.typing as npt

Vector = npt.NDArray[np.float32]
# ``Story`` has a field named ``date``; inside it the type goes by this name.
Day = date

# A story id is "st-" and this many hex digits (of its founding article's id).
STORY_ID_DIGITS = 12


@dataclass(frozen=True, slots=True)
class StoryInput:
    """What clustering needs of one article (the cleaner's title, text, date and outlet)."""

    article_id: str
    title: str
    text: str
    published: date | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date written in an article, resolved to a day when its year is known or inferable.

    ``kind``: ``full`` (day, month and year written), ``month-day`` ("on Oct. 3", year taken
    from the publication date when there is one), ``weekday`` ("on Sunday", resolved against the
    publication date), ``relative`` ("yesterday"), ``dateline`` (a date opening the text).
    ``start``/``end`` are offsets into ``title + "\\n" + text``.
    """

    text: str
    start: int
    end: int
    kind: str
    month: int | None
    day: int | None
    year: int | None
    resolved: date | None


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named where an event happens: a dateline, "in X", "visit to X".

    ``country`` is an ISO 3166 alpha-2 code when the gazetteer knows the place; ``kind`` is
    ``city``, ``region`` or ``country``; ``cue`` says which pattern found it.
    """

    name: str
    country: str | None
    kind: str
    cue: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleFeatures:
    """Everything the clusterer uses of one article; small enough to persist per article.

    ``terms`` are lexical counts (plain words, ``e:`` entity phrases, ``#`` numbers) with the
    title counted twice, since headlines name what distinguishes an event. ``embedding`` is the
    unit vector of title and lead.
    """

    article_id: str
    title: str
    published: date | None
    source: str | None
    terms: tuple[tuple[str, int], ...]
    dates: tuple[DateMention, ...]
    places: tuple[PlaceMention, ...]
    embedding: Vector = field(compare=False, repr=False)
    version: str = "cluster-features.v2"


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """Where one article went: an existing story (``created`` false) or a new one.

    ``score`` is the article's score against the story it joined, or, for a new story, the best
    (non-negative) score any candidate reached. ``storyline_id`` is the storyline at the time of
    the answer: storylines can merge later (ask the index for the current one).
    """

    article_id: str
    story_id: str
    created: bool
    score: float
    storyline_id: str


@dataclass(frozen=True, slots=True)
class DateEvidence:
    """One member's testimony for a story's event date."""

    value: date
    article_id: str
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class EventDate:
    """A story's event date: the best-supported day, its support, and days that disagree.

    ``value`` is None when no member gives any date. Conflicting values are kept with their
    articles (a caption date, a late follow-up), never averaged into the chosen one.
    """

    value: date | None
    support: tuple[DateEvidence, ...]
    conflicts: tuple[DateEvidence, ...]
    inferred_year: bool = False


@dataclass(frozen=True, slots=True)
class PlaceEvidence:
    """One member's testimony for a story's place."""

    name: str
    country: str | None
    kind: str
    article_id: str
    cue: str


@dataclass(frozen=True, slots=True)
class EventPlace:
    """A story's place (the most specific well-supported one) with support and conflicts."""

    name: str | None
    country: str | None
    support: tuple[PlaceEvidence, ...]
    conflicts: tuple[PlaceEvidence, ...]


@dataclass(frozen=True, slots=True)
class Story:
    """Articles reporting one event, with its date, place and storyline."""

    id: str
    title: str
    article_ids: tuple[str, ...]
    sources: tuple[str, ...]
    date: EventDate
    place: EventPlace
    storyline_id: str
    article_dates: tuple[tuple[str, Day | None], ...] = ()

    @property
    def independent_sources(self) -> int:
        """Distinct outlets (copy detection, done elsewhere, may lower this further)."""
        return len(self.sources)


@dataclass(frozen=True, slots=True)
class StoryHead:
    """What a storyline needs of a story: its place on the timeline and its size."""

    id: str
    storyline_id: str
    title: str
    date: date | None
    place: str | None
    articles: int

    @classmethod
    def of(cls, story: Story) -> StoryHead:
        return cls(
            story.id,
            story.storyline_id,
            story.title,
            story.date.value,
            story.place.name,
            len(story.article_ids),
        )


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One story on a storyline's timeline."""

    story_id: str
    date: date | None
    place: str | None
    title: str


@dataclass(frozen=True, slots=True)
class Storyline:
    """Stories that share actors and theme, in event-date order (undated ones last)."""

    id: str
    story_ids: tuple[str, ...]
    timeline: tuple[TimelineEntry, ...]
    title: str
