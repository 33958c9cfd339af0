"""Stable hashes for stored keys.

Python's ``hash()`` is salted per process; these keyed BLAKE2b digests are the same in every
run, so keys written by one run match those computed by the next.
"""

from __future__ import annotations

import hashlib
import struct


def hash64(text: str) -> int:
    """A signed 64-bit hash of ``text`` (fits an SQLite INTEGER)."""
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8, key=b"newsweave").digest()
    value: int = struct.unpack("<q", digest)[0]
    return value
