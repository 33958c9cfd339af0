"""One ``Source`` in, its ``Document`` records (or problems) out.

Decompress, decode, sniff the format, then hand over to the reader of that format.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from newsweave.models import Document, Problem, Source
from newsweave.stages.ingest.decode import NotText, decode
from newsweave.stages.ingest.documents import make_document
from newsweave.stages.ingest.feeds import read_feed
from newsweave.stages.ingest.records import read_json, read_jsonl
from newsweave.stages.ingest.sniff import Format, is_gzip, is_warc, sniff_text
from newsweave.stages.ingest.sources import STAGE, ReadLimits
from newsweave.stages.ingest.warc import read_warc

# The first element of an XML document (declarations, comments and doctype skipped).
_XML_ROOT = re.compile(r"<([A-Za-z_][\w:.-]*)")


def read_source(source: Source, limits: ReadLimits) -> Iterator[Document | Problem]:
    """Every record of ``source``; problems name the file and say why."""
    data = source.data
    path = source.path
    if not data.strip():
        yield Problem(
            path, STAGE, "read.empty", "file is empty" if not data else "file holds only whitespace"
        )
        return
    if is_warc(data) or (is_gzip(data) and is_warc(_gunzip_head(data))):
        yield from read_warc(data, path, limits.max_bytes)
        return
    if is_gzip(data):
        try:
            data = _gunzip(data, limits.max_bytes)
        except _GzipError as exc:
            yield Problem(path, STAGE, exc.code, str(exc))
            return
        if not data.strip():
            yield Problem(path, STAGE, "read.empty", "compressed file is empty")
            return
        if is_warc(data):
            yield from read_warc(data, path, limits.max_bytes)
            return
    try:
        decoded = decode(data)
    except NotText as exc:
        yield Problem(path, STAGE, "read.binary", f"not a text file: looks like {exc}")
        return
    if decoded.note and decoded.note_code:
        yield Problem(path, STAGE, decoded.note_code, decoded.note, decoded.note_severity)
    text = decoded.text.lstrip("\ufeff")
    if not text.strip():
        yield Problem(path, STAGE, "read.empty", "file holds only whitespace")
        return
    fmt = sniff_text(text, path)
    if fmt is Format.JSON:
        yield from read_json(text, path, decoded.encoding)
    elif fmt is Format.JSONL:
        yield from read_jsonl(text, path, decoded.encoding)
    elif fmt is Format.FEED:
        yield from read_feed(text.encode("utf-8"), path, decoded.encoding)
    elif fmt is Format.XML:
        root = _XML_ROOT.search(text[:8192])
        what = f"its root element is <{root.group(1)}>" if root else "it has no root element"
        yield Problem(
            path,
            STAGE,
            "read.unknown_xml",
            f"XML that is neither an RSS/Atom feed nor a page: {what}",
        )
    else:
        yield make_document(
            path=path,
            locator="",
            container=fmt.value,
            body_format=fmt.value,
            content=text,
            encoding=decoded.encoding,
        )


class _GzipError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _gunzip_head(data: bytes) -> bytes:
    try:
        return zlib.decompressobj(wbits=31).decompress(data[:65536], 64)
    except zlib.error:
        return b""


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    """All members of a gzip stream, refusing more than ``max_bytes`` of output."""
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=31)
        try:
            out += inflater.decompress(rest, max_bytes + 1 - len(out))
        except zlib.error as exc:
            raise _GzipError("read.bad_gzip", f"damaged gzip data ({exc})") from exc
        if len(out) > max_bytes:
            raise _GzipError(
                "read.too_large", f"expands to more than the {max_bytes:,}-byte limit (--max-size)"
            )
        if not inflater.eof:
            raise _GzipError("read.truncated_gzip", "truncated gzip file (the stream ends early)")
        rest = inflater.unused_data.lstrip(b"\x00")
    return bytes(out)
