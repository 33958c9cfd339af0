"""Builders for synthetic inputs in every format the readers accept."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from pathlib import Path

PARAGRAPHS = [
    "The city council approved the new budget on Tuesday after a long debate.",
    "\u201cThis budget protects the services people rely on,\u201d the mayor said.",
    "Opponents said the plan raises fees for small businesses by 4 percent.",
]
ARTICLE_TEXT = "\n\n".join(PARAGRAPHS)


def article_html(title: str = "Council approves budget", body: str = ARTICLE_TEXT) -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>" + title + "</title>"
        "<meta property='og:site_name' content='Example Gazette'>"
        "<meta property='article:published_time' content='2024-05-07T09:30:00Z'>"
        "</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        "<article><h1>" + title + "</h1>" + paragraphs + "</article>"
        "<footer>Copyright Example Gazette</footer></body></html>"
    )


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def rss_feed(entries: int = 2) -> str:
    items = "".join(
        f"<item><title>Story {i}</title><link>https://example.org/s{i}</link>"
        f"<pubDate>Tue, 07 May 2024 09:3{i}:00 GMT</pubDate>"
        f"<description><![CDATA[<p>{PARAGRAPHS[i % 3]} Entry {i}.</p>]]></description></item>"
        for i in range(entries)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
        "<title>Example Feed</title><link>https://example.org</link>" + items + "</channel></rss>"
    )


def atom_feed() -> str:
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        "<title>Atom Example</title><id>urn:x</id><updated>2024-05-07T10:00:00Z</updated>"
        "<entry><title>Atom story</title><id>urn:1</id><link href='https://example.org/a1'/>"
        "<published>2024-05-06T08:00:00Z</published><updated>2024-05-07T08:00:00Z</updated>"
        "<content type='html'>&lt;p&gt;" + PARAGRAPHS[0] + "&lt;/p&gt;</content></entry></feed>"
    )


def warc_bytes(pages: list[tuple[str, str]], *, gzipped: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for url, html in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(html.encode("utf-8")),
            http_headers=headers,
            warc_headers_dict=_fixed_warc_headers(url),
        )
        writer.write_record(record)
    # A non-HTML record that must be skipped.
    headers = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            "https://example.org/x.png",
            "response",
            payload=io.BytesIO(b"\x89PNG..."),
            http_headers=headers,
            warc_headers_dict=_fixed_warc_headers("https://example.org/x.png"),
        )
    )
    return buffer.getvalue()


def _fixed_warc_headers(url: str) -> dict[str, str]:
    # warcio would stamp the time of writing and a random record id: the same pages must give
    # the same bytes, so that a test cutting the archive at a fixed share cuts it in one place.
    digest = hashlib.sha1(url.encode()).hexdigest()
    return {
        "WARC-Date": "2025-03-26T10:00:00Z",
        "WARC-Record-ID": f"<urn:uuid:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-"
        f"{digest[16:20]}-{digest[20:32]}>",
    }


def jsonl(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)
