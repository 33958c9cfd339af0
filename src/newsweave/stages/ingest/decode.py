"""Bytes to text: byte-order marks, declared charsets, UTF-8, legacy single-byte encodings.

Binary files (images, archives, executables, databases) are recognised by their magic numbers or
by NUL and control bytes, and refused with a reason rather than decoded into garbage.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsweave.models import Severity

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# (magic bytes, offset, what it is): enough to name the usual non-text files in a scrape folder.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "a PNG image"),
    (b"\xff\xd8\xff", 0, "a JPEG image"),
    (b"GIF87a", 0, "a GIF image"),
    (b"GIF89a", 0, "a GIF image"),
    (b"RIFF", 0, "a RIFF media file (WebP/WAV/AVI)"),
    (b"%PDF-", 0, "a PDF document"),
    (b"PK\x03\x04", 0, "a ZIP archive (or an Office document)"),
    (b"PK\x05\x06", 0, "an empty ZIP archive"),
    (b"\x7fELF", 0, "an executable"),
    (b"MZ", 0, "a Windows executable"),
    (b"SQLite format 3\x00", 0, "an SQLite database"),
    (b"BZh", 0, "a bzip2 archive"),
    (b"\xfd7zXZ\x00", 0, "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "a 7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "a RAR archive"),
    (b"ID3", 0, "an MP3 file"),
    (b"ftyp", 4, "an MP4/MOV video"),
    (b"\x00\x00\x01\x00", 0, "an icon file"),
    (b"ustar", 257, "a tar archive"),
    (b"\x28\xb5\x2f\xfd", 0, "a zstd archive"),
    (b"OggS", 0, "an Ogg media file"),
    (b"wOFF", 0, "a web font"),
    (b"wOF2", 0, "a web font"),
)

_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
_XML_DECLARED = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_:.-]+)""", re.I)


@dataclass(frozen=True, slots=True)
class Decoded:
    """The text and how it was obtained; ``note`` explains a guess worth telling the user."""

    text: str
    encoding: str
    note: str | None = None
    note_code: str | None = None
    note_severity: Severity = Severity.WARNING


class NotText(Exception):  # noqa: N818 - reads as "raise NotText(what it is)"
    """The bytes are not text; the message names what they look like."""


def binary_kind(data: bytes) -> str | None:
    """What a binary file looks like, or None when it may be text."""
    sample = data[:8192]
    controls = _controls(sample)
    for magic, offset, kind in _MAGIC:
        # A short magic number in letters ("MZ", "ID3", "RIFF") may also open a text; the
        # binary file it marks has control bytes soon after.
        if data[offset : offset + len(magic)] == magic and (controls or not _wordlike(magic)):
            return kind
    if not sample or _bom_encoding(sample) is not None:
        return None
    if _looks_like_bomless_utf16(sample) is not None:
        return None  # every other byte is NUL: text, if it decodes
    if b"\x00" in sample:
        return "binary data (contains NUL bytes)"
    if controls > len(sample) * 0.1:
        return "binary data (mostly control bytes)"
    return None


def _controls(codes: Iterable[int]) -> int:
    """How many of ``codes`` (bytes or code points) are control characters other than
    whitespace."""
    return sum(1 for code in codes if code < 9 or 13 < code < 32)


def _wordlike(magic: bytes) -> bool:
    return len(magic) <= 4 and all(32 < b < 127 for b in magic)


def decode(data: bytes) -> Decoded:
    """Decode ``data`` or raise :class:`NotText`.

    Order: BOM, UTF-16 without BOM, charset declared by HTML/XML, strict UTF-8; otherwise a
    legacy single-byte encoding chosen by charset-normalizer (windows-1252 when it has no
    better idea), reported as a warning because it is a guess.
    """
    kind = binary_kind(data)
    if kind is not None:
        raise NotText(kind)
    bom = _bom_encoding(data)
    if bom is not None:
        encoding, skip = bom
        try:
            return Decoded(_newlines(data[skip:].decode(encoding)), encoding)
        except UnicodeDecodeError as exc:
            raise NotText(
                f"starts with a {encoding} byte-order mark but is not {encoding}: {exc.reason}"
            ) from exc
    utf16 = _looks_like_bomless_utf16(data[:8192])
    if utf16 is not None:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError as exc:
            raise NotText(f"binary data (NUL in every other byte, yet not {utf16})") from exc
        sample = text[:4096]
        if _controls(map(ord, sample)) > len(sample) * 0.1:
            raise NotText("binary data (mostly control bytes)")
        return Decoded(_newlines(text), utf16)
    declared = _declared_encoding(data)
    if declared is not None and declared not in {"utf-8", "utf8"}:
        try:
            return Decoded(_newlines(data.decode(declared)), declared)
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return Decoded(_newlines(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError as exc:
        return _decode_non_utf8(data, exc)


def _decode_non_utf8(data: bytes, error: UnicodeDecodeError) -> Decoded:
    where = f"byte 0x{data[error.start]:02x} at offset {error.start}"
    if _has_utf8_multibyte(data):
        # Real UTF-8 text with a few damaged bytes: keep it UTF-8 and mark the damage.
        text = data.decode("utf-8", errors="replace")
        return Decoded(
            _newlines(text),
            "utf-8",
            f"invalid UTF-8 ({where}); undecodable bytes replaced with U+FFFD",
            "read.invalid_utf8",
        )
    encoding = _guess_single_byte(data)
    return Decoded(
        _newlines(data.decode(encoding, errors="replace")),
        encoding,
        f"not valid UTF-8 ({where}); decoded as {encoding}",
        "read.legacy_encoding",
    )


def _guess_single_byte(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(
        data[:65536],
        cp_isolation=["cp1252", "cp1250", "cp1251", "iso8859_15", "iso8859_2", "koi8_r", "cp1253"],
    ).best()
    return best.encoding if best is not None else "cp1252"


def _has_utf8_multibyte(data: bytes) -> bool:
    return (
        re.search(rb"[\xc2-\xf4][\x80-\xbf]+", data) is not None
        and _valid_multibyte_share(data) > 0.5
    )


def _valid_multibyte_share(data: bytes) -> float:
    """Of the bytes >= 0x80, the share that sits in well-formed UTF-8 sequences."""
    high = sum(1 for b in data if b >= 0x80)
    if not high:
        return 0.0
    good = sum(
        len(m.group())
        for m in re.finditer(
            rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}", data
        )
    )
    return good / high


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _looks_like_bomless_utf16(sample: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL in every other byte of ASCII-heavy text."""
    if len(sample) < 8:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    if odd.count(0) > len(odd) * 0.6 and even.count(0) < len(even) * 0.1:
        return "utf-16-le"
    if even.count(0) > len(even) * 0.6 and odd.count(0) < len(odd) * 0.1:
        return "utf-16-be"
    return None


def _declared_encoding(data: bytes) -> str | None:
    head = data[:4096]
    match = _DECLARED.search(head) or _XML_DECLARED.search(head)
    if match is None:
        return None
    name = match.group(1).decode("ascii", errors="ignore").lower()
    try:
        canonical = codecs.lookup(name).name
    except LookupError:
        return None
    # As browsers do (WHATWG Encoding): a page that says latin-1 or ASCII means windows-1252,
    # and one whose bytes declare UTF-16 or UTF-32 is not (a real one shows by its BOM or its
    # NUL bytes, and is decoded before this is asked).
    if canonical.startswith(("utf-16", "utf-32")):
        return None
    return "cp1252" if canonical in {"latin-1", "iso8859-1", "ascii"} else canonical


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")
