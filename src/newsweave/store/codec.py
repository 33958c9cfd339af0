"""JSON forms of the models, with keys in a stable order (exports and stored blobs)."""

from __future__ import annotations

from typing import Any

from newsweave.models import DateMention, DateValue, Field, Segment, Span


def field_to_json(value: Field | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"value": value.value, "source": value.source, "confidence": value.confidence}


def field_from_json(data: dict[str, Any] | None) -> Field | None:
    if data is None:
        return None
    return Field(data["value"], data["source"], data["confidence"])


def date_to_json(value: DateValue | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "value": value.value,
        "source": value.source,
        "confidence": value.confidence,
        "evidence": value.evidence,
        "flag": value.flag,
    }


def date_from_json(data: dict[str, Any] | None) -> DateValue | None:
    if data is None:
        return None
    return DateValue(
        data["value"],
        data["source"],
        data["confidence"],
        data.get("evidence", ""),
        data.get("flag"),
    )


def span_to_json(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "label": span.label, "text": span.text}


def span_from_json(data: dict[str, Any]) -> Span:
    return Span(data["start"], data["end"], data["label"], data["text"])


def segment_to_json(segment: Segment) -> list[int]:
    return [segment.text_start, segment.raw_start, segment.length]


def segment_from_json(data: list[int]) -> Segment:
    return Segment(data[0], data[1], data[2])


def mention_to_json(m: DateMention) -> list[Any]:
    return [m.start, m.end, m.text, m.kind, m.value, m.basis, m.confidence]


def mention_from_json(data: list[Any]) -> DateMention:
    return DateMention(data[0], data[1], data[2], data[3], data[4], data[5], data[6])
