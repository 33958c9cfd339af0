"""Request parameters, validated before they reach a query (never a path on disk), and what an
empty or wordless one means."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import Path, Query
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from newsweave.models.stories import STORY_ID_DIGITS
from newsweave.queries import fts_query
from newsweave.stages.ingest.documents import ID_LENGTH as ARTICLE_ID_DIGITS

# Far past the end of any store, far below SQLite's 64-bit integers (a bigger OFFSET overflows).
MAX_OFFSET = 1_000_000_000
SPEAKER_PATTERN = r"^[\w .,'’\-]+$"
SPEAKER_MAX_LENGTH = 120


def _real_day(value: str | None) -> str | None:
    """The pattern lets 2025-02-30 through: the calendar does not."""
    if value:
        try:
            date.fromisoformat(value)
        except ValueError:
            message = "{day} is not a day of the calendar (YYYY-MM-DD)"
            raise PydanticCustomError("not_a_day", message, {"day": value}) from None
    return value


ArticleId = Annotated[
    str,
    Path(
        pattern=rf"^[0-9a-fA-F]{{4,{ARTICLE_ID_DIGITS}}}$",
        description="an article id or its first digits",
    ),
]
StoryId = Annotated[
    str,
    Path(
        pattern=rf"^[sS][tT]-[0-9a-fA-F]{{4,{STORY_ID_DIGITS}}}$",
        description="a story id (st-...) or its start",
    ),
]
SpeakerName = Annotated[
    str,
    Path(
        min_length=1,
        max_length=SPEAKER_MAX_LENGTH,
        pattern=SPEAKER_PATTERN,
        description="a speaker's name",
    ),
]
DateText = Annotated[
    str | None,
    Query(pattern=r"^(\d{4}-\d{2}-\d{2})?$", description="YYYY-MM-DD"),
    AfterValidator(_real_day),
]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="how many items to skip")]


def optional(value: str | None) -> str | None:
    """Empty form fields mean "no filter"."""
    return value.strip() or None if value is not None else None


def is_speaker_name(name: str) -> bool:
    """Whether ``name`` passes ``SpeakerName``: only such names get a link to a speaker page."""
    return len(name) <= SPEAKER_MAX_LENGTH and re.fullmatch(SPEAKER_PATTERN, name) is not None


def is_wordless(search: str | None) -> bool:
    """A search was given but has no word to look for (``!!!``, a quote mark)."""
    return search is not None and fts_query(search) is None
