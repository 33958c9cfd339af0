"""Line labels for the AEB pages: which lines of a text belong to the gold article body.

The page's tokens are aligned to the gold body's tokens (difflib, no junk heuristic); a line is
article text when at least half of its tokens are aligned. Research only.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_WORD = re.compile(r"\w+")


def line_labels(lines: list[str], gold: str, min_fraction: float = 0.5) -> list[bool]:
    tokens: list[str] = []
    owner: list[int] = []
    for i, line in enumerate(lines):
        for tok in _WORD.findall(line):
            tokens.append(tok)
            owner.append(i)
    gold_tokens = _WORD.findall(gold)
    aligned = [0] * len(lines)
    matcher = SequenceMatcher(None, tokens, gold_tokens, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.a, block.a + block.size):
            aligned[owner[k]] += 1
    counts = [len(_WORD.findall(line)) for line in lines]
    return [c > 0 and aligned[i] / c >= min_fraction for i, c in enumerate(counts)]
