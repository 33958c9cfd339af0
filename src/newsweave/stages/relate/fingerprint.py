"""Tokens, quotation masks, MinHash signatures, LSH band keys and passage fingerprints.

Every hash here is stable across runs and machines (CRC-32 of each word, never Python's salted
``hash()``), so fingerprints stored by one run match those computed by the next. A window of
words hashes to a position-weighted sum of its words' hashes (wrapping 64-bit arithmetic) passed
through the SplitMix64 finaliser: numpy computes every window of an article at once, so
fingerprinting an article costs about a tenth of a millisecond beyond tokenising it.
"""

from __future__ import annotations

import re
import sys
import zlib
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import Any

import numpy as np

_TOKEN = re.compile(r"\w+", re.UNICODE)
_WORD_SPLIT = re.compile(r"(\w+)", re.UNICODE)
U64Array = np.ndarray[Any, np.dtype[np.uint64]]
I64Array = np.ndarray[Any, np.dtype[np.int64]]
_MARKS = re.compile('[“”«»„"\n]')

NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2's default, named so stored signatures stay comparable
SHINGLE = 5  # words per MinHash shingle
BANDS, ROWS = 32, 4  # 32 x 4 = 128: about 50% chance to collide at Jaccard 0.42, 99% at 0.7
PASSAGE = 8  # words per passage fingerprint: long enough that a match means reuse
WINNOW = 4  # keep the minimum fingerprint in every window of this many
_OFFSET = "l"  # token offsets as C longs (8 bytes here): any text length


@dataclass(frozen=True, slots=True)
class Tokens:
    """The normalised words of a text with their character offsets and quote flags.

    Compact, since the relate stage keeps thousands of tokenised texts: words are interned
    (a word is one string however many texts use it), offsets are machine integers and the
    quote flags one byte each (1: quoted): about 30 bytes a word instead of 140 as tuples.
    """

    words: tuple[str, ...]
    starts: array[int]
    ends: array[int]
    quoted: bytes

    def __len__(self) -> int:
        return len(self.words)


def tokenize(text: str) -> Tokens:
    """Words (lower case) with their offsets in ``text`` and whether each is quoted."""
    lowered = text.lower()
    if len(lowered) == len(text):  # the usual case: offsets in the lowered text are the same
        # Split keeping the words: [gap, word, gap, word, ..., gap]; offsets are running sums
        # of the parts' lengths (no match object per word).
        parts = _WORD_SPLIT.split(lowered)
        offsets = list(accumulate(map(len, parts), initial=0))
        words, starts, ends = parts[1::2], offsets[1:-1:2], offsets[2::2]
    else:
        matches = list(_TOKEN.finditer(text))
        words = [m.group().lower() for m in matches]
        starts, ends = [m.start() for m in matches], [m.end() for m in matches]
    return Tokens(
        tuple(map(sys.intern, words)),
        array(_OFFSET, starts),
        array(_OFFSET, ends),
        _quoted(text, starts),
    )


def _quoted(text: str, starts: list[int]) -> bytes:
    """For each offset in ``starts``: 1 if it is inside a quotation, else 0."""
    spans = quotation_spans(text)
    if not spans:
        return bytes(len(starts))
    bounds = np.asarray(spans, dtype=np.int64)
    positions = np.asarray(starts, dtype=np.int64)
    index = np.searchsorted(bounds[:, 0], positions, side="right") - 1
    inside = (index >= 0) & (positions < bounds[np.maximum(index, 0), 1])
    flags: bytes = inside.astype(np.uint8).tobytes()
    return flags


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


def stable64(text: str) -> int:
    """A signed 64-bit hash (fits an SQLite INTEGER) from two CRC-32s with different seeds."""
    data = text.encode("utf-8")
    value = (zlib.crc32(data) << 32) | zlib.crc32(data, 0x9E3779B9)
    return value - (1 << 64) if value >= 1 << 63 else value


# One odd 64-bit multiplier per position in a window (fixed: stored fingerprints depend on them).
_WEIGHTS = np.random.Generator(np.random.PCG64(20250326)).integers(
    1, 1 << 63, size=max(SHINGLE, PASSAGE), dtype=np.uint64, endpoint=False
) * np.uint64(2) + np.uint64(1)


def word_hashes(words: Sequence[str]) -> U64Array:
    """CRC-32 of each word (each distinct word hashed once: news text repeats its words)."""
    hashes = {w: zlib.crc32(w.encode("utf-8")) for w in dict.fromkeys(words)}
    return np.fromiter((hashes[w] for w in words), dtype=np.uint64, count=len(words))


def window_hashes(hashes: U64Array, size: int) -> U64Array:
    """One 64-bit hash per window of ``size`` consecutive words (one for the whole text when it
    is shorter than a window, none for an empty text)."""
    if len(hashes) == 0:
        return np.zeros(0, dtype=np.uint64)
    if len(hashes) < size:
        windows = hashes[np.newaxis, :]
    else:
        windows = np.lib.stride_tricks.sliding_window_view(hashes, size)
    weights = _WEIGHTS[: windows.shape[1]]
    return _splitmix64((windows * weights).sum(axis=1, dtype=np.uint64))


def _splitmix64(values: U64Array) -> U64Array:
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


@cache
def _permutations() -> tuple[Any, Any]:
    # The same universal hashing as datasketch's MinHash, with a fixed seed.
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    permutations: tuple[Any, Any] = template.permutations
    return permutations


def minhash_signature(hashes: U64Array) -> U64Array:
    """The MinHash signature (datasketch, seed 1) of the text's ``SHINGLE``-word shingles, given
    its word hashes; each shingle enters as the top 32 bits of its window hash."""
    from datasketch import MinHash

    minhash = MinHash(
        num_perm=NUM_PERM, seed=1, permutations=_permutations(), scheme=SCHEME, hashfunc=int
    )
    shingles = np.unique(window_hashes(hashes, SHINGLE) >> np.uint64(32))
    minhash.update_batch(shingles.tolist())
    signature: U64Array = minhash.hashvalues.astype(np.uint64)
    return signature


def band_keys(signature: U64Array) -> list[int]:
    """One key per LSH band; two articles sharing a key are near-duplicate candidates."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS : (band + 1) * ROWS].tobytes()
        keys.append(stable64(f"{band}:{chunk.hex()}"))
    return keys


def jaccard_estimate(a: U64Array, b: U64Array) -> float:
    return float(np.mean(a == b))


def passage_hashes(hashes: U64Array) -> I64Array:
    """The hash of every ``PASSAGE``-word window, as signed 64-bit integers (SQLite's INTEGER)."""
    if len(hashes) < PASSAGE:
        return np.zeros(0, dtype=np.int64)
    return window_hashes(hashes, PASSAGE).view(np.int64)


def passage_fingerprints(passages: I64Array) -> list[int]:
    """Winnowed passage hashes (Schleimer et al. 2003): the minimum of every ``WINNOW``
    consecutive windows, so any shared run of ``PASSAGE + WINNOW - 1`` words yields at least
    one shared fingerprint."""
    if len(passages) == 0:
        return []
    if len(passages) < WINNOW:
        return [int(passages.min())]
    minima = np.lib.stride_tricks.sliding_window_view(passages, WINNOW).min(axis=1)
    return [int(v) for v in np.unique(minima)]
