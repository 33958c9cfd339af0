"""Request parameters, validated before they reach a query (never a path on disk)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

ArticleId = Annotated[
    str, Path(pattern=r"^[0-9a-f]{4,16}$", description="an article id or its first digits")
]
StoryId = Annotated[
    str, Path(pattern=r"^st-[0-9a-f]{4,12}$", description="a story id (st-...) or its start")
]
SpeakerName = Annotated[
    str,
    Path(min_length=1, max_length=120, pattern=r"^[\w .,'’\-]+$", description="a speaker's name"),
]
DateText = Annotated[str | None, Query(pattern=r"^(\d{4}-\d{2}-\d{2})?$", description="YYYY-MM-DD")]


def optional(value: str | None) -> str | None:
    """Empty form fields mean "no filter"."""
    return value.strip() or None if value is not None else None
