"""Loaders for the story-clustering benchmarks (ECB+ and BASIL) with their fixed held-out parts.

Each loader yields :class:`LabelledArticle` records: the text the clusterer sees plus the gold
event (story) and, where the dataset has one, the gold storyline. The held-out part of each
dataset is fixed here, once, so that no tuning script can pick another one:

- ECB+: the usual development topics 2, 5, 12, 18, 21, 23, 34, 35 (topics 36-45 are absent).
- BASIL: events whose ``sha1(triplet_uuid)`` starts with a hex digit in ``01234``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from newsweave.errors import DatasetError

ECB_HELD_OUT_TOPICS = frozenset({2, 5, 12, 18, 21, 23, 34, 35})
BASIL_HELD_OUT_PREFIXES = "01234"

_ECB_DOC = re.compile(r"^(?P<topic>\d+)_(?P<number>\d+)(?P<kind>ecb|ecbplus)\.json$")


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    """One benchmark article with its gold labels (``storyline`` None where there is no gold)."""

    article_id: str
    title: str
    text: str
    published: date | None
    source: str | None
    event: str
    storyline: str | None
    held_out: bool


def load_ecbplus(root: Path) -> list[LabelledArticle]:
    """ECB+ documents: story = sub-topic folder (``<T>ecb`` / ``<T>ecbplus``), storyline = topic.

    ECB+ gives no publication dates; the title is the document's first sentence and the text the
    rest, so both are passed on as they are.
    """
    if not root.is_dir():
        raise DatasetError(f"ECB+ folder not found: {root}")
    articles: list[LabelledArticle] = []
    for path in sorted(root.glob("*/*.json")):
        match = _ECB_DOC.match(path.name)
        if match is None:
            continue
        record = _read_json(path)
        topic = int(match["topic"])
        articles.append(
            LabelledArticle(
                article_id=path.stem,
                title=str(record.get("title") or ""),
                text=str(record.get("text") or ""),
                published=None,
                source=None,
                event=f"{topic}{match['kind']}",
                storyline=str(topic),
                held_out=topic in ECB_HELD_OUT_TOPICS,
            )
        )
    if not articles:
        raise DatasetError(f"no ECB+ documents (<T>_<n>ecb[plus].json) under {root}")
    return articles


def load_basil(root: Path) -> list[LabelledArticle]:
    """BASIL articles: story = ``triplet-uuid``; no storyline gold."""
    folder = root / "articles"
    if not folder.is_dir():
        raise DatasetError(f"BASIL articles folder not found: {folder}")
    articles: list[LabelledArticle] = []
    for path in sorted(folder.glob("*/*.json")):
        record = _read_json(path)
        event = str(record.get("triplet-uuid") or "")
        if not event:
            raise DatasetError(f"{path}: no triplet-uuid")
        paragraphs = record.get("body-paragraphs")
        if not isinstance(paragraphs, list):
            raise DatasetError(f"{path}: no body-paragraphs list")
        text = "\n\n".join(" ".join(str(s) for s in para) for para in paragraphs)
        articles.append(
            LabelledArticle(
                article_id=f"{path.parent.name}/{path.stem}",
                title=str(record.get("title") or ""),
                text=text,
                published=_parse_day(record.get("date")),
                source=str(record.get("source") or "") or None,
                event=event,
                storyline=None,
                held_out=basil_is_held_out(event),
            )
        )
    if not articles:
        raise DatasetError(f"no BASIL articles under {folder}")
    return articles


def basil_is_held_out(triplet_uuid: str) -> bool:
    return hashlib.sha1(triplet_uuid.encode()).hexdigest()[0] in BASIL_HELD_OUT_PREFIXES


def _read_json(path: Path) -> dict[str, object]:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(f"{path}: cannot read ({exc})") from exc
    if not isinstance(record, dict):
        raise DatasetError(f"{path}: not a JSON object")
    return record


def _parse_day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
