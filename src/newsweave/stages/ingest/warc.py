"""WARC and WARC.gz crawl archives (warcio): each HTML response record is an article."""

from __future__ import annotations

import io
from collections.abc import Iterator

from newsweave.models import Document, Problem
from newsweave.stages.ingest.decode import NotText, decode
from newsweave.stages.ingest.documents import make_document

STAGE = "read"


def read_warc(data: bytes, path: str, max_record_bytes: int) -> Iterator[Document | Problem]:
    """Records up to the first damaged one; a truncated archive keeps what came before."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data), arc2warc=True):
            if record.rec_type not in {"response", "resource"}:
                continue
            content_type = (
                record.http_headers.get_header("Content-Type")
                if record.http_headers is not None
                else record.rec_headers.get_header("Content-Type")
            ) or ""
            if "html" not in content_type.lower():
                continue
            status = (
                record.http_headers.get_statuscode() if record.http_headers is not None else "200"
            )
            if status and not status.startswith("2"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            payload = record.content_stream().read(max_record_bytes + 1)
            count += 1
            locator = f"record {count}"
            if len(payload) > max_record_bytes:
                yield Problem(
                    path,
                    STAGE,
                    "warc.record_too_large",
                    f"{locator} ({url}) is over the size limit; skipped",
                )
                continue
            try:
                decoded = decode(payload)
            except NotText as exc:
                yield Problem(path, STAGE, "warc.record_not_text", f"{locator} ({url}): {exc}")
                continue
            yield make_document(
                path=path,
                locator=locator,
                container="warc",
                body_format="html",
                content=decoded.text,
                encoding=decoded.encoding,
                url=url,
                crawled=record.rec_headers.get_header("WARC-Date"),
            )
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
