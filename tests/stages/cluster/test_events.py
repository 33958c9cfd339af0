from __future__ import annotations

from datetime import date

import numpy as np

from newsweave.models.stories import ArticleFeatures, DateMention, PlaceMention
from newsweave.nlp.embed import DIMENSIONS
from newsweave.stages.cluster.events import (
    build_stories,
    resolve_event_date,
    resolve_event_place,
)
from newsweave.stages.cluster.stories import StoryIndex

Features = dict[str, ArticleFeatures]


def _features(
    article_id: str,
    published: date | None,
    dates: tuple[DateMention, ...] = (),
    places: tuple[PlaceMention, ...] = (),
) -> ArticleFeatures:
    return ArticleFeatures(
        article_id,
        article_id,
        published,
        None,
        (),
        dates,
        places,
        np.zeros(DIMENSIONS, dtype=np.float32),
    )


def _mention(text: str, kind: str, resolved: date | None, month: int, day: int) -> DateMention:
    return DateMention(text, 0, len(text), kind, month, day, None, resolved)


def test_conflicting_dates_are_kept_with_their_sources() -> None:
    members = [
        _features("a", date(2025, 3, 26)),
        _features("b", date(2025, 3, 26)),
        _features(
            "c",
            date(2025, 3, 27),
            (_mention("on March 20", "month-day", date(2025, 3, 20), 3, 20),),
        ),
    ]
    event = resolve_event_date(members)
    assert event.value == date(2025, 3, 26)
    assert {e.article_id for e in event.support} == {"a", "b"}
    assert [(e.article_id, e.value, e.text) for e in event.conflicts] == [
        ("c", date(2025, 3, 20), "on March 20")
    ]


def test_old_dates_in_the_lead_recall_other_events() -> None:
    recalled = _mention("on March 1", "month-day", date(2024, 3, 1), 3, 1)
    event = resolve_event_date([_features("a", date(2025, 3, 26), (recalled,))])
    assert event.value == date(2025, 3, 26)
    assert event.support[0].kind == "published"


def test_a_year_less_day_takes_its_year_from_context() -> None:
    partial = _mention("Feb. 12", "month-day", None, 2, 12)
    alone = resolve_event_date([_features("x", None, (partial,))])
    assert alone.value is None
    with_context = resolve_event_date([_features("x", None, (partial,))], [date(2025, 3, 26)])
    assert with_context.value == date(2025, 2, 12)
    assert with_context.inferred_year


def test_undated_story_has_no_date() -> None:
    assert resolve_event_date([_features("a", None)]).value is None


def test_a_city_is_supported_by_its_country_and_other_cities_conflict() -> None:
    members = [
        _features("a", None, places=(PlaceMention("Warsaw", "PL", "city", "visit", 10, 16),)),
        _features("b", None, places=(PlaceMention("Poland", "PL", "country", "visit", 10, 16),)),
        _features("c", None, places=(PlaceMention("Poland", "PL", "country", "visit", 10, 16),)),
        _features("d", None, places=(PlaceMention("Sarajevo", "BA", "city", "in", 300, 308),)),
    ]
    place = resolve_event_place(members)
    assert (place.name, place.country) == ("Warsaw", "PL")
    assert {e.article_id for e in place.support} == {"a", "b", "c"}
    assert [e.name for e in place.conflicts] == ["Sarajevo"]


def test_members_without_a_date_take_the_story_date(synthetic_features: Features) -> None:
    undated = _features("undated", None)
    undated = ArticleFeatures(
        "undated",
        "Quake",
        None,
        None,
        synthetic_features["chile-1"].terms,
        (),
        (),
        synthetic_features["chile-1"].embedding,
    )
    index = StoryIndex()
    index.add_many([synthetic_features["chile-1"], synthetic_features["chile-2"], undated])
    features = {**synthetic_features, "undated": undated}
    [story] = build_stories(index, features)
    assert story.date.value == date(2024, 3, 10)
    assert dict(story.article_dates)["undated"] == date(2024, 3, 10)
    assert story.sources == ("daily", "wire")
    assert story.independent_sources == 2
