"""Story inputs built from the seed files with generic rules (until the cleaner's are wired in).

Only what any plain-text scrape needs: a leading `` date YYYY-MM-DD`` header becomes the
publication date; photo-caption lines, short crumbs (fewer than five words) and repeated lines
are dropped; the title is the first headline-shaped line (no sentence end, 2-25 words) among
the first few, else the first sentence.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from newsweave.models.stories import StoryInput

_HEADER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\s*")
_CAPTION = re.compile(r"\((?:[A-Z]+ )?Photo\b|\bPhoto by\b|Getty Images")
_SENTENCE_END = re.compile("[.!?:;,][\"'\u2019\u201d)]?$")
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?][\"'\u2019\u201d]?)\s+(?=[A-Z\"\u201c])", re.DOTALL)


def seed_input(path: Path) -> StoryInput:
    raw = path.read_text(encoding="utf-8")
    published = None
    header = _HEADER.match(raw)
    if header:
        published = date.fromisoformat(header.group(1))
        raw = raw[header.end() :]
    lines: list[str] = []
    for line in (part.strip() for part in raw.splitlines()):
        if len(line.split()) < 5 or _CAPTION.search(line) or line in lines:
            continue
        lines.append(line)
    title = next((ln for ln in lines[:4] if _headline_shaped(ln)), None)
    if title is not None:
        lines.remove(title)
        text = "\n".join(lines)
    else:
        text = "\n".join(lines)
        first = _FIRST_SENTENCE.match(text)
        title = first.group(1) if first else text[:200]
        text = text[len(title) :].lstrip()
    return StoryInput(path.stem, title, text, published, path.stem)


def _headline_shaped(line: str) -> bool:
    return 2 <= len(line.split()) <= 25 and not _SENTENCE_END.search(line)
