"""Tokens, quotation masks, MinHash signatures, LSH band keys and passage fingerprints.

Every hash here is stable across runs (CRC-32 based, never Python's salted ``hash()``), so
fingerprints stored by one run match those computed by the next. CRC-32 runs in C: hashing the
shingles of an article costs a fraction of a millisecond.
"""

from __future__ import annotations

import re
import zlib
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

_TOKEN = re.compile(r"\w+", re.UNICODE)
_MARKS = re.compile("[“”«»„\"\n]")

NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2's default, named so stored signatures stay comparable
SHINGLE = 5  # words per MinHash shingle
BANDS, ROWS = 32, 4  # 32 x 4 = 128: about 50% chance to collide at Jaccard 0.42, 99% at 0.7
PASSAGE = 8  # words per passage fingerprint: long enough that a match means reuse
WINNOW = 4  # keep the minimum fingerprint in every window of this many


@dataclass(frozen=True, slots=True)
class Tokens:
    """The normalised words of a text with their character offsets and quote flags."""

    words: tuple[str, ...]
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    quoted: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.words)


def tokenize(text: str) -> Tokens:
    words: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _TOKEN.finditer(text):
        words.append(match.group(0).lower())
        starts.append(match.start())
        ends.append(match.end())
    spans = quotation_spans(text)
    quoted = tuple(_inside(spans, s) for s in starts)
    return Tokens(tuple(words), tuple(starts), tuple(ends), quoted)


def quotation_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each quotation, marks included, in text order.

    Each paragraph starts outside: a quote running over several paragraphs reopens each of
    them with a mark, as news style has it, so an unbalanced mark cannot leak further. Only the
    marks and line breaks are visited, so this is fast on long texts.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for match in _MARKS.finditer(text):
        char, at = match.group(), match.start()
        if char == "\n":
            if opened is not None:
                spans.append((opened, at))
            opened = None
        elif char in "“«„" or (char == '"' and opened is None):
            if opened is None:
                opened = at
        elif opened is not None:  # a closing mark, or a straight quote that closes
            spans.append((opened, at + 1))
            opened = None
        else:
            spans.append((at, at + 1))  # a stray closing mark counts as quoted itself
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def quotation_mask(text: str) -> list[bool]:
    """Per character: inside a quotation (marks included)?"""
    mask = [False] * (len(text) + 1)
    for start, end in quotation_spans(text):
        mask[start:end] = [True] * (end - start)
    return mask


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    index = bisect_right(spans, (position, 1 << 62)) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def stable64(text: str) -> int:
    """A signed 64-bit hash (fits an SQLite INTEGER) from two CRC-32s with different seeds."""
    data = text.encode("utf-8")
    value = (zlib.crc32(data) << 32) | zlib.crc32(data, 0x9E3779B9)
    return value - (1 << 64) if value >= 1 << 63 else value


def shingle_hashes(words: Sequence[str], size: int) -> list[int]:
    if len(words) < size:
        return [stable64(" ".join(words))] if words else []
    return [stable64(" ".join(words[i : i + size])) for i in range(len(words) - size + 1)]


@cache
def _permutations() -> tuple[Any, Any]:
    # The same universal hashing as datasketch's MinHash, with a fixed seed.
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    permutations: tuple[Any, Any] = template.permutations
    return permutations


def minhash_signature(words: Sequence[str]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """The MinHash signature of the text's word shingles (datasketch's scheme, seed 1; shingles
    hashed with CRC-32, which is many times cheaper than datasketch's default SHA-1)."""
    from datasketch import MinHash

    minhash = MinHash(
        num_perm=NUM_PERM, seed=1, permutations=_permutations(), scheme=SCHEME, hashfunc=zlib.crc32
    )
    shingles = {
        " ".join(words[i : i + SHINGLE]).encode("utf-8")
        for i in range(max(1, len(words) - SHINGLE + 1))
    }
    minhash.update_batch(sorted(shingles))
    signature: np.ndarray[Any, np.dtype[np.uint64]] = minhash.hashvalues.astype(np.uint64)
    return signature


def band_keys(signature: np.ndarray[Any, np.dtype[np.uint64]]) -> list[int]:
    """One key per LSH band; two articles sharing a key are near-duplicate candidates."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(stable64(f"{band}:{chunk.hex()}"))
    return keys


def jaccard_estimate(
    a: np.ndarray[Any, np.dtype[np.uint64]], b: np.ndarray[Any, np.dtype[np.uint64]]
) -> float:
    return float(np.mean(a == b))


def passage_fingerprints(words: Sequence[str]) -> list[int]:
    """Winnowed hashes of overlapping ``PASSAGE``-word windows (Schleimer et al. 2003):
    any shared run of ``PASSAGE + WINNOW - 1`` words yields at least one shared fingerprint."""
    hashes = shingle_hashes(words, PASSAGE)
    if len(words) < PASSAGE:
        return []
    chosen: set[int] = set()
    for start in range(max(1, len(hashes) - WINNOW + 1)):
        chosen.add(min(hashes[start : start + WINNOW]))
    return sorted(chosen)
