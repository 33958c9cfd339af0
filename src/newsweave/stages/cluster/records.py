"""Article features as JSON, so that the store can keep them and rebuild the index at start-up.

The embedding travels as base64 of its little-endian float32 bytes (exact, 2 kB); keys are
sorted so that the same features always give the same text. Features of another version are
refused: their embeddings live in another vector space and would silently mis-cluster.
"""

from __future__ import annotations

import base64
import json
from datetime import date
from typing import Any

import numpy as np

from newsweave.errors import StoreError
from newsweave.models.stories import ArticleFeatures, DateMention, PlaceMention
from newsweave.stages.cluster.features import FEATURES_VERSION


class StaleFeaturesError(StoreError):
    """Stored clustering features were made by another version of feature extraction."""


def features_to_json(features: ArticleFeatures) -> str:
    record = {
        "version": features.version,
        "article_id": features.article_id,
        "title": features.title,
        "published": features.published.isoformat() if features.published else None,
        "source": features.source,
        "terms": [[term, count] for term, count in features.terms],
        "dates": [_date_record(m) for m in features.dates],
        "places": [_place_record(p) for p in features.places],
        "embedding": base64.b64encode(features.embedding.astype("<f4").tobytes()).decode(),
    }
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def features_from_json(text: str) -> ArticleFeatures:
    """Features back from ``features_to_json``; other versions raise ``StaleFeaturesError``."""
    record = json.loads(text)
    version = record.get("version")
    if version != FEATURES_VERSION:
        raise StaleFeaturesError(
            f"stored clustering features of article {record.get('article_id')!r} are "
            f"{version!r}, this newsweave reads {FEATURES_VERSION!r} (their embeddings are not "
            "comparable): clear the clustering tables and cluster the articles again"
        )
    vector = np.frombuffer(base64.b64decode(record["embedding"]), dtype="<f4")
    return ArticleFeatures(
        article_id=record["article_id"],
        title=record["title"],
        published=_day(record["published"]),
        source=record["source"],
        # [term, count] pairs as JSON wrote them (a string and an integer): turned into tuples
        # in C, since a store's 50k articles hold about ten million of them.
        terms=tuple(map(tuple, record["terms"])),
        dates=tuple(_date_mention(d) for d in record["dates"]),
        places=tuple(_place_mention(p) for p in record["places"]),
        embedding=vector.astype(np.float32),
        version=record["version"],
    )


def _date_record(mention: DateMention) -> dict[str, Any]:
    return {
        "text": mention.text,
        "start": mention.start,
        "end": mention.end,
        "kind": mention.kind,
        "month": mention.month,
        "day": mention.day,
        "year": mention.year,
        "resolved": mention.resolved.isoformat() if mention.resolved else None,
    }


def _date_mention(record: dict[str, Any]) -> DateMention:
    return DateMention(
        text=record["text"],
        start=record["start"],
        end=record["end"],
        kind=record["kind"],
        month=record["month"],
        day=record["day"],
        year=record["year"],
        resolved=_day(record["resolved"]),
    )


def _place_record(place: PlaceMention) -> dict[str, Any]:
    return {
        "name": place.name,
        "country": place.country,
        "kind": place.kind,
        "cue": place.cue,
        "start": place.start,
        "end": place.end,
    }


def _place_mention(record: dict[str, Any]) -> PlaceMention:
    return PlaceMention(
        name=record["name"],
        country=record["country"],
        kind=record["kind"],
        cue=record["cue"],
        start=record["start"],
        end=record["end"],
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
