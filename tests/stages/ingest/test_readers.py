from __future__ import annotations

import gzip
import io
import json
import re
import sys
import threading
import zlib
from pathlib import Path
from typing import Any

import pytest

from builders.inputs import (
    ARTICLE_TEXT,
    PARAGRAPHS,
    article_html,
    atom_feed,
    gz,
    jsonl,
    rss_feed,
    warc_bytes,
    write,
)
from newsweave.models import Document, Problem, Severity
from newsweave.models.article import Source
from newsweave.stages.ingest import warc
from newsweave.stages.ingest.read import read_source
from newsweave.stages.ingest.sniff import Format, sniff_text
from newsweave.stages.ingest.sources import ReadLimits
from newsweave.workspace import Workspace


def read(data: bytes, path: str = "input") -> tuple[list[Document], list[Problem]]:
    found = list(read_source(Source(path, data), ReadLimits()))
    return [d for d in found if isinstance(d, Document)], [
        p for p in found if isinstance(p, Problem)
    ]


def test_plain_text_is_one_text_document() -> None:
    docs, problems = read(ARTICLE_TEXT.encode())
    assert problems == []
    assert [(d.container, d.body_format) for d in docs] == [("text", "text")]
    assert docs[0].content == ARTICLE_TEXT


def test_html_is_sniffed_from_content_not_extension() -> None:
    docs, _ = read(article_html().encode(), path="page.txt")
    assert docs[0].body_format == "html"
    docs, _ = read(ARTICLE_TEXT.encode(), path="story.html")
    assert docs[0].body_format == "text"


def test_json_record_fields_are_mapped() -> None:
    record = {
        "title": "T",
        "text": ARTICLE_TEXT,
        "url": "https://ex.org/a",
        "date": "2024-05-07",
        "source": "Ex Daily",
        "authors": ["A. Writer", "B. Writer"],
    }
    docs, problems = read(json.dumps(record).encode())
    assert problems == []
    doc = docs[0]
    assert (doc.title, doc.url, doc.published, doc.outlet, doc.author) == (
        "T",
        "https://ex.org/a",
        "2024-05-07",
        "Ex Daily",
        "A. Writer, B. Writer",
    )


def test_json_list_and_wrapped_list_give_one_document_per_record() -> None:
    records = [{"title": f"T{i}", "body": f"{PARAGRAPHS[i]}"} for i in range(3)]
    docs, _ = read(json.dumps(records, indent=2).encode())
    assert [d.locator for d in docs] == ["record 1", "record 2", "record 3"]
    docs, _ = read(json.dumps({"articles": records}).encode())
    assert len(docs) == 3


def test_json_paragraph_lists_are_joined() -> None:
    docs, _ = read(json.dumps({"title": "t", "body-paragraphs": ["One.", "Two."]}).encode())
    assert docs[0].content == "One.\nTwo."


def test_json_with_html_field_is_an_html_document() -> None:
    docs, _ = read(json.dumps({"html": article_html(), "url": "https://ex.org/a"}).encode())
    assert docs[0].body_format == "html"


def test_jsonl_gives_one_document_per_line() -> None:
    docs, problems = read(jsonl([{"text": p} for p in PARAGRAPHS]).encode())
    assert problems == []
    assert [d.locator for d in docs] == ["line 1", "line 2", "line 3"]
    assert [d.container for d in docs] == ["jsonl"] * 3


def test_rss_entries_are_articles_with_feed_metadata() -> None:
    docs, problems = read(rss_feed(3).encode())
    assert problems == []
    assert [d.title for d in docs] == ["Story 0", "Story 1", "Story 2"]
    assert docs[0].outlet == "Example Feed"
    assert docs[0].published == "2024-05-07T09:30:00Z"
    assert docs[0].body_format == "html"


def test_atom_entries_are_articles() -> None:
    docs, _ = read(atom_feed().encode())
    assert [(d.title, d.url, d.published) for d in docs] == [
        ("Atom story", "https://example.org/a1", "2024-05-06T08:00:00Z")
    ]


def test_warc_html_responses_are_articles_and_other_records_are_skipped() -> None:
    pages = [("https://ex.org/a", article_html("A")), ("https://ex.org/b", article_html("B"))]
    for gzipped in (False, True):
        docs, problems = read(warc_bytes(pages, gzipped=gzipped))
        assert problems == []
        assert [d.url for d in docs] == ["https://ex.org/a", "https://ex.org/b"]
        assert all(d.container == "warc" and d.crawled for d in docs)


def test_a_compressed_warc_stops_where_its_pages_pass_the_size_limit() -> None:
    pages = [
        (f"https://ex.org/{i}", article_html(f"Story {i}", PARAGRAPHS[i] * 150)) for i in range(3)
    ]
    archive = warc_bytes(pages, gzipped=True)
    limit = len(pages[0][1]) + len(pages[1][1]) + 100  # two pages fit, not three
    assert len(archive) < limit
    found = list(read_source(Source("pages.warc.gz", archive), ReadLimits(max_bytes=limit)))
    docs = [d for d in found if isinstance(d, Document)]
    problems = [p for p in found if isinstance(p, Problem)]
    assert [d.url for d in docs] == ["https://ex.org/0", "https://ex.org/1"]
    assert [p.code for p in problems] == ["read.too_large"]
    assert "record 3" in problems[0].message and "2 record(s) before it" in problems[0].message


def test_warcios_remarks_become_a_warning_that_names_the_file(
    capsys: pytest.CaptureFixture[str],
) -> None:
    pages = [("https://ex.org/a", article_html("A")), ("https://ex.org/b", article_html("B"))]
    whole = warc_bytes(pages, gzipped=False)
    declared = re.search(rb"Content-Length: (\d+)", whole)
    assert declared is not None
    shorter = str(int(declared.group(1)) - 7).encode()
    damaged = whole[: declared.start(1)] + shorter + whole[declared.end(1) :]
    docs, problems = read(damaged, path="crawl.warc")
    assert [d.url for d in docs] == ["https://ex.org/a", "https://ex.org/b"]
    assert [(p.code, p.severity) for p in problems] == [("warc.odd_record", Severity.WARNING)]
    assert "Content-Length" in problems[0].message
    assert capsys.readouterr().err == ""


def test_what_another_thread_writes_on_stderr_meanwhile_is_not_taken_for_warcio(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A progress bar redraws itself from its own thread while an archive is read.
    reading, redrawn = threading.Event(), threading.Event()

    def redraw() -> None:
        reading.wait(5)
        sys.stderr.write("progress 3/10\n")
        redrawn.set()

    read_record = warc._html_record

    def read_slowly(*args: Any) -> Any:
        reading.set()
        redrawn.wait(5)
        return read_record(*args)

    monkeypatch.setattr(warc, "_html_record", read_slowly)
    painter = threading.Thread(target=redraw)
    painter.start()
    pages = [("https://ex.org/a", article_html("A"))]
    docs, problems = read(warc_bytes(pages, gzipped=False), "crawl.warc")
    painter.join()
    assert [d.url for d in docs] == ["https://ex.org/a"] and problems == []
    assert capsys.readouterr().err == "progress 3/10\n"


def _between_records(whole: bytes, cut: bytes, gzipped: bool) -> bool:
    """Whether ``cut`` (a prefix of ``whole``) ends where a record ends."""
    if gzipped:
        try:
            gzip.decompress(cut)  # each record is its own gzip member
        except (EOFError, OSError, zlib.error):
            return False
        return True
    return whole[len(cut) :].lstrip(b"\r\n").startswith(b"WARC/")


def test_a_warc_cut_anywhere_gives_whole_records_and_says_where_it_was_cut() -> None:
    pages = [
        (f"https://ex.org/{i}", article_html(f"Story {i}", PARAGRAPHS[i] * 20)) for i in range(3)
    ]
    for gzipped in (False, True):
        whole = warc_bytes(pages, gzipped=gzipped)
        complete = {d.locator: d.content for d in read(whole)[0]}
        for share in range(5, 100):
            cut = whole[: len(whole) * share // 100]
            docs, problems = read(cut)
            # What is kept is whole: never the first part of a record's page.
            assert all(d.content == complete[d.locator] for d in docs), (gzipped, share)
            if _between_records(whole, cut, gzipped):
                continue
            assert [p.code for p in problems] == ["warc.truncated"], (gzipped, share)


def test_a_feed_cut_short_keeps_its_whole_entries_and_says_it_is_damaged() -> None:
    for whole in (rss_feed(3).encode(), atom_feed().encode()):
        complete = {d.locator: d.content for d in read(whole)[0]}
        # Cut before the root element's name ends, it is not a feed (``read.unknown_xml``).
        root = whole.index(b" ", whole.index(b"<", whole.index(b"?>")))
        for share in range(1, 100):
            cut = whole[: len(whole) * share // 100]
            if len(cut) <= root:
                continue
            docs, problems = read(cut)
            assert all(d.content == complete[d.locator] for d in docs), share
            assert [p.code for p in problems] in (["feed.truncated"], ["feed.no_entries"]), share
    rss = rss_feed(3).encode()
    docs, problems = read(rss[: rss.index(b"Entry 1.")])
    assert [d.locator for d in docs] == ["entry 1"]
    assert [p.code for p in problems] == ["feed.truncated"]
    assert "line 1" in problems[0].message and "before the cut" in problems[0].message


def test_a_feed_with_html_entities_is_read_whole_without_a_problem() -> None:
    import feedparser

    # &nbsp; is not defined in XML: feedparser flags the feed, then reads all of it.
    feed = rss_feed(2).replace("<title>Story 0</title>", "<title>Story&nbsp;0 &copy;</title>")
    assert feedparser.parse(feed.encode()).bozo
    docs, problems = read(feed.encode())
    assert problems == [] and len(docs) == 2
    assert docs[0].title == "Story\xa00 \xa9"


def test_a_malformed_feed_says_how_many_entries_it_lost() -> None:
    feed = rss_feed(4)
    # Stray markup between entries: feedparser's lenient reading drops the entries after it.
    broken = feed.replace("<item><title>Story 3", "<<<>>><item><title>Story 3")
    docs, problems = read(broken.encode())
    assert len(docs) == 3
    assert [(p.code, p.severity) for p in problems] == [("feed.malformed", Severity.ERROR)]
    assert "1 of its 4 entries could not be read" in problems[0].message
    # A bare "&" spoils the XML, yet every entry is read: a warning, not an error.
    sloppy = feed.replace("<title>Story 1</title>", "<title>Story 1 & more</title>")
    docs, problems = read(sloppy.encode())
    assert len(docs) == 4
    assert [(p.code, p.severity) for p in problems] == [("feed.malformed", Severity.WARNING)]


def test_xml_pages_and_feeds_are_still_read_as_such() -> None:
    xhtml = "<?xml version='1.0'?>\n<!DOCTYPE html>\n" + article_html("X")
    assert sniff_text(xhtml) is Format.HTML
    assert sniff_text(rss_feed()) is Format.FEED
    assert sniff_text("<?xml version='1.0'?><urlset></urlset>") is Format.XML
    assert sniff_text("<?xml-stylesheet is a phrase in this text, not markup") is Format.TEXT


def test_gzip_of_a_plain_format_is_unpacked_then_sniffed() -> None:
    docs, _ = read(gz(jsonl([{"text": p} for p in PARAGRAPHS]).encode()))
    assert len(docs) == 3


def test_same_record_gives_the_same_id_whatever_the_path() -> None:
    a, _ = read(ARTICLE_TEXT.encode(), path="a.txt")
    b, _ = read(ARTICLE_TEXT.encode(), path="copy/b.txt")
    assert a[0].id == b[0].id
    c, _ = read((ARTICLE_TEXT + " More.").encode())
    assert c[0].id != a[0].id


def test_folders_are_read_recursively_in_sorted_order_skipping_hidden(
    tmp_path: Path, workspace: Workspace
) -> None:
    write(tmp_path / "b" / "2.txt", PARAGRAPHS[1])
    write(tmp_path / "a.txt", PARAGRAPHS[0])
    write(tmp_path / "b" / "c" / "3.html", article_html("Three"))
    write(tmp_path / ".hidden" / "x.txt", "secret")
    write(tmp_path / ".dotfile", "secret")
    report = workspace.ingest([str(tmp_path)])
    assert report.problems == []
    assert report.inputs == 3
    paths = sorted(loc["path"] for loc in workspace.store.query("SELECT path FROM locations"))
    assert paths == sorted(str(tmp_path / p) for p in ("a.txt", "b/2.txt", "b/c/3.html"))


def test_linked_folders_are_followed_once_without_looping(
    tmp_path: Path, workspace: Workspace
) -> None:
    corpus = tmp_path / "corpus"
    write(tmp_path / "elsewhere" / "a.txt", PARAGRAPHS[0])
    write(corpus / "b.txt", PARAGRAPHS[1])
    (corpus / "linked").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (corpus / "loop").symlink_to(corpus, target_is_directory=True)
    report = workspace.ingest([str(corpus)])
    paths = sorted(loc["path"] for loc in workspace.store.query("SELECT path FROM locations"))
    assert paths == [str(corpus / "b.txt"), str(corpus / "linked" / "a.txt")]
    assert [(p.path, p.code) for p in report.problems] == [
        (str(corpus / "loop"), "read.linked_folder")
    ]
    assert report.problems[0].severity is Severity.WARNING


def test_stdin_is_read_with_dash(workspace: Workspace) -> None:
    report = workspace.ingest(["-"], stdin=io.BytesIO(ARTICLE_TEXT.encode()))
    assert report.stored == 1
    assert workspace.store.query_one("SELECT path FROM locations")["path"] == "<stdin>"
