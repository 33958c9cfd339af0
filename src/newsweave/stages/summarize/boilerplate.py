"""Sentences that look like page furniture rather than reporting: never summary material.

The cleaner upstream removes most boilerplate; this is a second, cheap guard on what reaches the
summary (a caption or a "Read more" that slipped through would be the worst sentence to show
first). Only general cues: credit lines, calls to action, headings, lists of names.
"""

from __future__ import annotations

import re

_CAPTION_CUES = re.compile(
    r"\b(?:photo(?:graph)?|image|picture|video|file|illustration)\s*(?:credit)?\s*[:/|]"
    r"|\((?:AP|AFP|Reuters|Getty|EPA|file)\b[^)]*\)"
    r"|\b(?:Getty Images|Shutterstock|AP Photo|AFP Photo|Reuters Photo)\b"
    r"|\bcredit\s*:"
    r"|\b(?:pictured|seen here|left to right|from left)\b"
    r"|^\s*(?:\(?\s*(?:photo|image|video)\s*\)?)\s",
    re.IGNORECASE,
)
_CALL_TO_ACTION = re.compile(
    r"\b(?:read more|click here|sign up|subscribe|follow us|share this|related:|advertisement"
    r"|newsletter|all rights reserved|copyright|cookies?\b|terms of (?:use|service)"
    r"|show more|see also|watch:|listen:|support (?:our|us)|donate)",
    re.IGNORECASE,
)
_ENDS_LIKE_SENTENCE = re.compile(r"[.!?\"'\u201d\u2019)\]]\s*$")
_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")
_SMALL_WORDS = frozenset(
    ("a", "an", "and", "as", "at", "but", "by", "for", "from", "in", "into", "of", "on", "or",
     "the", "to", "vs", "via", "with")
)  # fmt: skip


def looks_like_boilerplate(text: str) -> bool:
    """True for captions, credits, calls to action, headings and other non-report lines."""
    stripped = text.strip()
    words = _WORD.findall(stripped)
    if len(words) < 4:
        return True
    if "\u00a9" in stripped or _CAPTION_CUES.search(stripped) or _CALL_TO_ACTION.search(stripped):
        return True
    if not _ENDS_LIKE_SENTENCE.search(stripped):
        return True  # a heading, a label or a line cut off by the extractor
    # Headings and name lists are Title Case throughout; a sentence has lowercase words.
    lowercase = sum(1 for w in words if w[0].islower() and w.lower() not in _SMALL_WORDS)
    return lowercase == 0 or lowercase / len(words) < 0.15
