"""JSON and JSON Lines records: one article per object, fields found under their usual names."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from newsweave.models import Document, Problem
from newsweave.stages.ingest.documents import make_document

STAGE = "read"

TEXT_KEYS = (
    "text",
    "body",
    "content",
    "maintext",
    "article",
    "articleBody",
    "body-paragraphs",
    "body_paragraphs",
    "paragraphs",
    "full_text",
    "description",
)
HTML_KEYS = ("html", "raw_html", "content_html", "body_html")
TITLE_KEYS = ("title", "headline", "name")
URL_KEYS = ("url", "link", "uri", "source_url")
DATE_KEYS = (
    "date",
    "published",
    "date_publish",
    "datePublished",
    "published_at",
    "pubDate",
    "publication_date",
    "publish_date",
    "created_at",
    "timestamp",
)
OUTLET_KEYS = (
    "source",
    "outlet",
    "source_domain",
    "site",
    "sitename",
    "publisher",
    "domain",
    "site_name",
)
AUTHOR_KEYS = ("author", "authors", "byline", "creator")
LANGUAGE_KEYS = ("language", "lang")
# Python's JSON parser gives up past the interpreter's recursion limit (about 1,000 levels).
_TOO_DEEP = "nested deeper than the parser allows"
LIST_KEYS = ("articles", "items", "records", "data", "documents", "results")


def read_json(text: str, path: str, encoding: str) -> Iterator[Document | Problem]:
    """A JSON document: one record, a list of records, or an object holding such a list."""
    try:
        value = json.loads(text)
    except RecursionError:
        yield Problem(path, STAGE, "json.malformed", f"malformed JSON: {_TOO_DEEP}")
        return
    except json.JSONDecodeError as exc:
        if _first_line_is_a_record(text):
            yield from read_jsonl(text, path, encoding)
            return
        # One document, one problem (read line by line, a pretty-printed object with a stray
        # comma would have been a problem per line).
        yield Problem(
            path,
            STAGE,
            "json.malformed",
            f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}",
        )
        return
    except ValueError as exc:  # a number of more digits than Python converts
        yield Problem(path, STAGE, "json.malformed", f"malformed JSON: {_reason(exc)}")
        return
    records = _records_of(value)
    if records is None:
        yield Problem(path, STAGE, "json.no_records", "JSON holds no object or list of objects")
        return
    if not records:
        yield Problem(path, STAGE, "json.no_records", "JSON holds an empty list")
        return
    for index, record in enumerate(records):
        locator = f"record {index + 1}" if len(records) > 1 else ""
        yield _from_record(record, path, locator, "json", encoding)


def _reason(exc: ValueError | RecursionError) -> str:
    """Why ``json.loads`` refused a text, in a few words."""
    if isinstance(exc, RecursionError):
        return _TOO_DEEP
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg
    return str(exc).split(";")[0]  # "Exceeds the limit (4300 digits) ...; use ..."


def _first_line_is_a_record(text: str) -> bool:
    """Whether ``text`` looks like JSON Lines: several lines, the first a whole JSON object."""
    stripped = text.strip()
    if "\n" not in stripped or not stripped.startswith("{"):
        return False
    try:
        return isinstance(json.loads(stripped.split("\n", 1)[0]), dict)
    except (ValueError, RecursionError):
        return False


def read_jsonl(text: str, path: str, encoding: str) -> Iterator[Document | Problem]:
    """JSON Lines: a broken line is a problem for that line; the others are still read."""
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except (ValueError, RecursionError) as exc:  # ValueError: JSONDecodeError, huge number
            reason = _reason(exc)
            yield Problem(
                path,
                STAGE,
                "json.bad_line",
                f"line {number}: malformed JSON ({reason}); line skipped",
            )
            continue
        if not isinstance(value, dict):
            yield Problem(
                path, STAGE, "json.bad_line", f"line {number}: not a JSON object; line skipped"
            )
            continue
        yield _from_record(value, path, f"line {number}", "jsonl", encoding)


def _records_of(value: Any) -> list[Any] | None:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in LIST_KEYS:
            inner = value.get(key)
            if isinstance(inner, list) and inner and all(isinstance(v, dict) for v in inner):
                return inner
        return [value]
    return None


def _from_record(
    record: Any, path: str, locator: str, container: str, encoding: str
) -> Document | Problem:
    where = f"{locator}: " if locator else ""
    if not isinstance(record, Mapping):
        return Problem(path, STAGE, "json.not_a_record", f"{where}not a JSON object")
    html = _first_text(record, HTML_KEYS)
    text = _first_text(record, TEXT_KEYS)
    if html is None and text is None:
        keys = ", ".join(sorted(str(k) for k in record)[:8]) or "no field"
        return Problem(
            path,
            STAGE,
            "json.no_text",
            f"{where}no article text (looked for text, body, content, html, ...; found {keys})",
        )
    body_format, content = (
        ("html", html) if html is not None and text is None else ("text", text or "")
    )
    return make_document(
        path=path,
        locator=locator,
        container=container,
        body_format=body_format,
        content=content,
        encoding=encoding,
        title=_first_text(record, TITLE_KEYS),
        url=_first_text(record, URL_KEYS),
        published=_first_text(record, DATE_KEYS),
        outlet=_first_text(record, OUTLET_KEYS),
        author=_names(_first_text(record, AUTHOR_KEYS)),
        language=_first_text(record, LANGUAGE_KEYS),
    )


def _names(value: str | None) -> str | None:
    return value.replace("\n", ", ") if value else None


def _first_text(record: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        text = _as_text(value)
        if text:
            return text
    return None


def _as_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list):
        if value and all(isinstance(v, list) for v in value):
            # Paragraphs given as lists of sentences (as in some research datasets).
            value = [" ".join(str(s) for s in v if isinstance(s, str)) for v in value]
        parts = [p for p in (_as_text(v) for v in value) if p]
        return "\n".join(parts) if parts else None
    if isinstance(value, Mapping):
        for key in ("name", "title", "text", "value", "url", "href"):
            inner = _as_text(value.get(key))
            if inner:
                return inner
    return None
