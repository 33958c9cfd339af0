"""Tokens, quotation masks, MinHash signatures, LSH band keys and passage fingerprints.

Every hash here is stable across runs (:func:`newsweave.hashing.hash64`), so fingerprints stored
by one run match those computed by the next.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from newsweave.hashing import hash64

_TOKEN = re.compile(r"\w+", re.UNICODE)

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
    inside = quotation_mask(text)
    quoted = tuple(bool(inside[s]) for s in starts)
    return Tokens(tuple(words), tuple(starts), tuple(ends), quoted)


def quotation_mask(text: str) -> list[bool]:
    """Per character: inside a quotation (marks included)?

    Each paragraph starts outside: a quote running over several paragraphs reopens each of
    them with a mark, as news style has it, so an unbalanced mark cannot leak further.
    """
    mask = [False] * (len(text) + 1)
    inside = False
    for index, char in enumerate(text):
        if char == "\n":
            inside = False
        elif char in "“«„":
            inside = True
        elif char in "”»":
            inside = False
        elif char == '"':
            inside = not inside
        mask[index] = inside or char in "”»"
    return mask


def shingle_hashes(words: Sequence[str], size: int) -> list[int]:
    if len(words) < size:
        return [hash64(" ".join(words))] if words else []
    return [hash64(" ".join(words[i : i + size])) for i in range(len(words) - size + 1)]


@cache
def _permutations() -> tuple[Any, Any]:
    # The same universal hashing as datasketch's MinHash, with a fixed seed.
    from datasketch import MinHash

    template = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    permutations: tuple[Any, Any] = template.permutations
    return permutations


def minhash_signature(words: Sequence[str]) -> np.ndarray[Any, np.dtype[np.uint64]]:
    """The MinHash signature of the text's word shingles (datasketch's scheme, seed 1)."""
    from datasketch import MinHash

    minhash = MinHash(num_perm=NUM_PERM, seed=1, permutations=_permutations(), scheme=SCHEME)
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
        keys.append(hash64(f"{band}:{chunk.hex()}"))
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
