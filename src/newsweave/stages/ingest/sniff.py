"""Which reader a source needs, decided from its content (the file name only breaks ties)."""

from __future__ import annotations

import re
from enum import StrEnum

_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)
FEED_ROOT = re.compile(r"<(rss|feed|rdf:RDF)[\s>]", re.I)
_TAG = re.compile(
    r"</?(p|div|span|a|br|h[1-6]|article|section|ul|li|table|img|meta|title|script)\b", re.I
)
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_XML_DECLARATION = re.compile(r"<\?xml[\s?]", re.I)


class Format(StrEnum):
    TEXT = "text"
    HTML = "html"
    JSON = "json"
    JSONL = "jsonl"
    FEED = "feed"
    WARC = "warc"
    XML = "xml"  # XML that is neither a feed nor a page: not an input newsweave reads


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def is_warc(data: bytes) -> bool:
    return data.lstrip()[:5] == b"WARC/"


def sniff_text(text: str, path: str = "") -> Format:
    """The format of decoded text: JSON, JSON Lines, feed, HTML, other XML or plain text."""
    head = text[:8192].lstrip("\ufeff \t\n")
    if head.startswith(("{", "[")):
        first_line = head.split("\n", 1)[0].strip()
        more_lines = "\n" in head.strip()
        if head.startswith("{") and more_lines and first_line.endswith("}"):
            return Format.JSONL
        return Format.JSON
    if head.startswith("<"):
        if FEED_ROOT.search(head[:2048]) and not _HTML_START.search(head[:2048]):
            return Format.FEED
        if _HTML_START.search(head[:4096]):
            return Format.HTML
        if _XML_DECLARATION.match(head):
            return Format.XML
    tags = len(_TAG.findall(head))
    if tags >= 5 or (tags >= 1 and path.lower().endswith(_HTML_SUFFIXES)):
        return Format.HTML
    return Format.TEXT
