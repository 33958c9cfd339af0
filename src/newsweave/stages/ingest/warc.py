"""WARC and WARC.gz crawl archives (warcio): each HTML response record is an article."""

from __future__ import annotations

import contextlib
import io
import sys
import threading
import zlib
from collections.abc import Iterator
from typing import Any, TextIO

from newsweave.models import Document, Problem, Severity
from newsweave.stages.ingest.decode import NotText, decode
from newsweave.stages.ingest.documents import make_document
from newsweave.stages.ingest.sniff import is_gzip

STAGE = "read"
# Bytes read at a time when skipping the rest of a record.
DRAIN_CHUNK = 1 << 16


def read_warc(data: bytes, path: str, max_bytes: int) -> Iterator[Document | Problem]:
    """Records up to the first damaged one; a truncated archive keeps what came before.

    The pages of one archive hold at most ``max_bytes`` together, as a compressed file's content
    does: a .warc.gz under the size limit could otherwise expand to gigabytes of pages.
    warcio writes what it finds odd on stderr, naming no file: that becomes a warning here.
    """
    said = _ThreadStderr(sys.stderr)
    with contextlib.redirect_stderr(said):
        items = list(_read_records(data, path, max_bytes))
    remark = said.captured.getvalue().strip()
    if remark:
        first = " ".join(remark.split("\n")[0].split()).removeprefix("WARNING: ")
        items.append(Problem(path, STAGE, "warc.odd_record", f"warcio: {first}", Severity.WARNING))
    yield from items


class _ThreadStderr(io.TextIOBase):
    """Stderr that keeps what this thread writes and passes on what other threads write (a
    progress bar redrawn by its own thread while an archive is read)."""

    def __init__(self, passthrough: TextIO) -> None:
        self.captured = io.StringIO()
        self._passthrough = passthrough
        self._owner = threading.get_ident()

    def write(self, text: str) -> int:
        if threading.get_ident() == self._owner:
            return self.captured.write(text)
        return self._passthrough.write(text)

    def flush(self) -> None:
        self._passthrough.flush()

    def isatty(self) -> bool:  # a progress bar asks before it draws
        return self._passthrough.isatty()


def _read_records(data: bytes, path: str, max_bytes: int) -> Iterator[Document | Problem]:
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    left = max_bytes
    try:
        records = ArchiveIterator(io.BytesIO(data), arc2warc=True)
        start = end = 0  # where the last whole record starts and ends
        for record in records:
            item = _html_record(record, path, count + 1, max_bytes)
            if _cut_short(record):
                raise EOFError("the archive ends inside a record (fewer bytes than it declares)")
            records.read_to_end()
            start = records.get_record_offset()
            end = start + records.get_record_length()
            if isinstance(item, Document):
                left -= len(item.content)
                if left < 0:
                    yield _over_limit(path, count, max_bytes)
                    return
            if item is not None:
                count += 1
                yield item
        # warcio takes a record cut inside its headers for the end of the archive, and a gzip
        # member cut after its record's last byte for a whole one.
        if data[end:].strip():
            raise EOFError(f"{len(data) - end} bytes after the last whole record are not one")
        if is_gzip(data) and not _whole_gzip_member(data[start:end]):
            raise EOFError("the last record's gzip member is cut short")
    except Exception as exc:  # warcio raises many kinds (EOFError, zlib.error, ArchiveLoadFailed)
        kept = f"; the {count} record(s) before it were read" if count else ""
        yield Problem(
            path,
            STAGE,
            "warc.truncated",
            f"damaged or truncated WARC ({type(exc).__name__}: {exc}){kept}",
        )
        return
    if count == 0:
        yield Problem(path, STAGE, "warc.no_html", "WARC holds no HTML response record")


def _over_limit(path: str, count: int, max_bytes: int) -> Problem:
    kept = f"; the {count} record(s) before it were read" if count else ""
    return Problem(
        path,
        STAGE,
        "read.too_large",
        f"the archive's pages add up to more than the {max_bytes:,}-byte limit (--max-size) at "
        f"record {count + 1}: it and the records after it were not read{kept}",
    )


def _html_record(
    record: Any, path: str, number: int, max_record_bytes: int
) -> Document | Problem | None:
    """The document of an HTML response record (``number``: its place among them), a problem
    when it cannot be one, None for the other records."""
    if record.rec_type not in {"response", "resource"}:
        return None
    content_type = (
        record.http_headers.get_header("Content-Type")
        if record.http_headers is not None
        else record.rec_headers.get_header("Content-Type")
    ) or ""
    if "html" not in content_type.lower():
        return None
    status = record.http_headers.get_statuscode() if record.http_headers is not None else "200"
    if status and not status.startswith("2"):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    payload = record.content_stream().read(max_record_bytes + 1)
    locator = f"record {number}"
    if len(payload) > max_record_bytes:
        return Problem(
            path,
            STAGE,
            "warc.record_too_large",
            f"{locator} ({url}) is over the size limit; skipped",
        )
    try:
        decoded = decode(payload)
    except NotText as exc:
        return Problem(path, STAGE, "warc.record_not_text", f"{locator} ({url}): {exc}")
    return make_document(
        path=path,
        locator=locator,
        container="warc",
        body_format="html",
        content=decoded.text,
        encoding=decoded.encoding,
        url=url,
        crawled=record.rec_headers.get_header("WARC-Date"),
    )


def _cut_short(record: Any) -> bool:
    """Whether the archive ends inside ``record``. warcio hands back what is there without
    complaint, which would store half a page as if it were whole: a record must declare its
    length (every WARC record does; a cut through its headers loses the declaration) and hold
    that many bytes."""
    if record.length is None:
        return True
    raw = record.raw_stream
    while raw.read(DRAIN_CHUNK):  # what the payload reader left of the record
        pass
    return isinstance(getattr(raw, "limit", None), int) and raw.limit > 0


def _whole_gzip_member(member: bytes) -> bool:
    """Whether ``member`` is one gzip member with its end (decompressed a chunk at a time)."""
    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
    pending = member
    try:
        while not decompressor.eof:
            out = decompressor.decompress(pending, DRAIN_CHUNK)
            pending = decompressor.unconsumed_tail
            if not out and not pending:
                break  # all of it read, no end found
    except zlib.error:
        return False
    return decompressor.eof
