"""Every kind of bad input: one problem line naming the file, the rest still ingested."""

from __future__ import annotations

import codecs
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from builders.inputs import (
    ARTICLE_TEXT,
    PARAGRAPHS,
    article_html,
    gz,
    jsonl,
    rss_feed,
    warc_bytes,
    write,
)
from newsweave.cli.app import app
from newsweave.models import Article, Problem
from newsweave.stages.ingest.sources import ReadLimits
from newsweave.store.articles import load_articles
from newsweave.store.documents import Outcome
from newsweave.workspace import RunReport, Workspace

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.txt", ARTICLE_TEXT)
    return buffer.getvalue()


@dataclass
class Case:
    """A good file and a bad one ingested together, and what came of it."""

    report: RunReport
    good: str
    bad: str
    workspace: Workspace

    @property
    def problems(self) -> list[Problem]:
        return [p for p in self.report.problems if p.path == self.bad]

    @property
    def ingested(self) -> set[str]:
        return {a.path for a in load_articles(self.workspace.store)}

    def articles_of_bad(self) -> list[Article]:
        return [a for a in load_articles(self.workspace.store) if a.path == self.bad]


def with_good_neighbour(
    tmp_path: Path, name: str, data: bytes, ws: Workspace, limits: ReadLimits | None = None
) -> Case:
    good = write(tmp_path / "good.txt", ARTICLE_TEXT)
    bad = write(tmp_path / name, data)
    report = ws.run([str(good), str(bad)], limits=limits)
    return Case(report, str(good), str(bad), ws)


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("photo.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8, "read.binary"),
        ("image.txt", PNG, "read.binary"),
        ("archive.zip", zip_bytes(), "read.binary"),
        ("empty.txt", b"", "read.empty"),
        ("blank.txt", b"  \n\n \t\n", "read.empty"),
        ("broken.json", b'{"title": "x", "text": ', "json.malformed"),
        ("truncated.txt.gz", gz(ARTICLE_TEXT.encode() * 50)[:-40], "read.truncated_gzip"),
        (
            "sitemap.xml",
            b"<?xml version='1.0' encoding='UTF-8'?>\n<!-- pages -->\n<urlset><url>"
            b"<loc>https://example.org/a</loc></url></urlset>",
            "read.unknown_xml",
        ),
        ("deep.json", b"[" * 100_000 + b"]" * 100_000, "json.malformed"),
        ("nothing.json", b"[]\n", "json.no_records"),
        ("blank_record.json", b"{}", "json.no_text"),
        # One pretty-printed document with a stray comma is one problem, not one per line.
        ("pretty.json", b'{\n  "title": "A",\n  "text": "B",\n}\n', "json.malformed"),
        ("number.json", b'{"title": "A", "text": ' + b"9" * 5000 + b"}", "json.malformed"),
        # A feed cut before its root element: not read as an article made of its first bytes.
        ("cut.rss", rss_feed().encode()[:30], "read.unknown_xml"),
    ],
)
def test_bad_file_is_one_problem_and_the_good_one_is_ingested(
    tmp_path: Path, workspace: Workspace, name: str, data: bytes, code: str
) -> None:
    case = with_good_neighbour(tmp_path, name, data, workspace)
    assert [p.code for p in case.problems] == [code]
    assert "\n" not in case.problems[0].line() and case.bad in case.problems[0].line()
    assert case.good in case.ingested and case.bad not in case.ingested
    assert case.report.failed


def test_file_over_the_size_limit(tmp_path: Path, workspace: Workspace) -> None:
    case = with_good_neighbour(
        tmp_path, "huge.txt", b"word " * 3000, workspace, limits=ReadLimits(max_bytes=10_000)
    )
    assert [p.code for p in case.problems] == ["read.too_large"]
    assert "10,000-byte limit" in case.problems[0].message
    assert case.good in case.ingested and case.bad not in case.ingested


def test_gzip_bomb_is_stopped_at_the_limit(tmp_path: Path, workspace: Workspace) -> None:
    bomb = gz(b"a" * 2_000_000)
    case = with_good_neighbour(
        tmp_path, "bomb.gz", bomb, workspace, limits=ReadLimits(max_bytes=100_000)
    )
    assert [p.code for p in case.problems] == ["read.too_large"]
    assert case.bad not in case.ingested


def test_damaged_utf8_is_reported_and_the_text_kept(tmp_path: Path, workspace: Workspace) -> None:
    data = (
        "Caf\u00e9 owners said the \u201cnew rules\u201d hurt. ".encode()
        + b"\xff\xfe bad "
        + ARTICLE_TEXT.encode()
    )
    case = with_good_neighbour(tmp_path, "damaged.txt", data, workspace)
    assert [p.code for p in case.problems] == ["read.invalid_utf8"]
    assert "offset" in case.problems[0].message
    assert case.bad in case.ingested
    [article] = case.articles_of_bad()
    assert "Caf\u00e9" in article.text and "\ufffd" in article.text


def test_legacy_single_byte_text_is_decoded_and_the_guess_reported(
    tmp_path: Path, workspace: Workspace
) -> None:
    data = (
        "Le caf\u00e9 de la gare a ferm\u00e9 ses portes apr\u00e8s trente ann\u00e9es. " * 5
    ).encode("cp1252")
    case = with_good_neighbour(tmp_path, "legacy.txt", data, workspace)
    assert [p.code for p in case.problems] == ["read.legacy_encoding"]
    [article] = case.articles_of_bad()
    assert "caf\u00e9 de la gare a ferm\u00e9" in article.text


@pytest.mark.parametrize(
    "bom,codec",
    [
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF8, "utf-8"),
    ],
)
def test_text_with_a_bom_is_read_correctly_not_rejected(
    tmp_path: Path, workspace: Workspace, bom: bytes, codec: str
) -> None:
    text = "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. " + ARTICLE_TEXT
    case = with_good_neighbour(tmp_path, "bom.txt", bom + text.encode(codec), workspace)
    assert case.problems == []
    [article] = case.articles_of_bad()
    assert article.text.startswith("Za\u017c\u00f3\u0142\u0107")
    assert not case.report.failed


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_read(tmp_path: Path, workspace: Workspace, codec: str) -> None:
    text = "Za\u017c\u00f3\u0142\u0107 g\u0119\u015bl\u0105 ja\u017a\u0144. " + ARTICLE_TEXT
    case = with_good_neighbour(tmp_path, "wide.txt", text.encode(codec), workspace)
    assert case.problems == []
    [article] = case.articles_of_bad()
    assert article.text.split()[:5] == text.split()[:5]


def test_a_page_that_declares_utf16_in_utf8_bytes_is_read_as_utf8(
    tmp_path: Path, workspace: Workspace
) -> None:
    page = article_html("Caf\u00e9 rules").replace("charset='utf-8'", "charset='utf-16'")
    for padding in ("", " "):  # bytes of even and of odd length
        case = with_good_neighbour(
            tmp_path, f"declared{len(padding)}.html", (page + padding).encode(), workspace
        )
        assert case.problems == []
        [article] = case.articles_of_bad()
        assert article.title.value == "Caf\u00e9 rules" and "council approved" in article.text


def test_text_that_opens_with_the_letters_of_a_magic_number_is_text(
    tmp_path: Path, workspace: Workspace
) -> None:
    for opening in ("MZ", "ID3", "RIFF"):
        data = f"{opening} {PARAGRAPHS[1]}".encode()
        case = with_good_neighbour(tmp_path, f"{opening}.txt", data, workspace)
        assert case.problems == [], opening
        assert case.bad in case.ingested
    # The binary file such letters mark is still refused.
    exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
    case = with_good_neighbour(tmp_path, "tool.exe", exe, workspace)
    assert [p.code for p in case.problems] == ["read.binary"]


def test_malformed_html_still_yields_text(tmp_path: Path, workspace: Workspace) -> None:
    html = (
        "<html><body><div><p>"
        + PARAGRAPHS[0]
        + "<p>"
        + PARAGRAPHS[2]
        + "<table><tr><td>unclosed <b>bold <i>text</div></span></html></html><p>"
    )
    case = with_good_neighbour(tmp_path, "broken.html", html.encode(), workspace)
    assert case.problems == []
    [article] = case.articles_of_bad()
    assert "city council approved" in article.text


def test_jsonl_with_one_broken_line_keeps_the_good_lines(
    tmp_path: Path, workspace: Workspace
) -> None:
    lines = (
        jsonl([{"text": PARAGRAPHS[0]}]) + '{"text": "broken\n' + jsonl([{"text": PARAGRAPHS[2]}])
    )
    case = with_good_neighbour(tmp_path, "mixed.jsonl", lines.encode(), workspace)
    assert [p.code for p in case.problems] == ["json.bad_line"]
    assert "line 2" in case.problems[0].message
    kept = sorted(a.locator for a in case.articles_of_bad())
    assert kept == ["line 1", "line 3"]


def test_truncated_warc_keeps_the_records_before_the_damage(
    tmp_path: Path, workspace: Workspace
) -> None:
    pages = [
        (f"https://ex.org/{i}", article_html(f"Story {i}", PARAGRAPHS[i % 3] * 20))
        for i in range(3)
    ]
    data = warc_bytes(pages, gzipped=True)
    cut = data[: int(len(data) * 0.6)]
    case = with_good_neighbour(tmp_path, "crawl.warc.gz", cut, workspace)
    assert [p.code for p in case.problems] == ["warc.truncated"]
    kept = case.articles_of_bad()
    assert 1 <= len(kept) < 3


def test_a_path_that_does_not_exist(tmp_path: Path, workspace: Workspace) -> None:
    good = write(tmp_path / "good.txt", ARTICLE_TEXT)
    report = workspace.run([str(tmp_path / "missing.txt"), str(good)])
    assert [(p.path, p.code) for p in report.problems] == [
        (str(tmp_path / "missing.txt"), "read.not_found")
    ]
    assert report.ingest.stored == 1


def _unreadable_folder_case(root: Path) -> tuple[str, str]:
    locked = root / "locked"
    write(locked / "a.txt", ARTICLE_TEXT)
    write(root / "open" / "b.txt", PARAGRAPHS[2] * 3)
    os.chmod(locked, 0)
    return str(locked), str(root / "open")


def test_a_folder_without_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked, _ = _unreadable_folder_case(tmp_path)
    if os.geteuid() == 0:
        # Root reads every folder whatever its mode: make the OS answer as it does for others.
        real_scandir = os.scandir

        def scandir(path: object = ".") -> object:
            if os.fspath(path) == locked:  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", locked)
            return real_scandir(path)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "scandir", scandir)
    try:
        with Workspace.open(":memory:") as ws:
            report = ws.run([str(tmp_path)])
        assert [(p.path, p.code, p.message) for p in report.problems] == [
            (locked, "read.unreadable_folder", "permission denied")
        ]
        assert report.ingest.stored == 1
    finally:
        os.chmod(locked, 0o755)


def test_a_reader_failing_on_one_file_is_one_problem_and_the_run_goes_on(
    tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.stages.ingest.ingest as ingest

    real = ingest.read_source

    def failing(source: object, limits: ReadLimits) -> object:
        if str(getattr(source, "path", "")).endswith("trap.txt"):
            raise ValueError("a reader bug")
        return real(source, limits)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest, "read_source", failing)
    case = with_good_neighbour(tmp_path, "trap.txt", ARTICLE_TEXT.encode() + b" More.", workspace)
    assert [p.code for p in case.problems] == ["read.failed"]
    assert "ValueError: a reader bug" in case.problems[0].message
    assert case.good in case.ingested and case.bad not in case.ingested
    assert case.report.failed


def _write_non_utf8_name(folder: Path, data: bytes) -> Path:
    """``folder/a<0xff>b.txt`` (its name as Python sees it), or skip where that cannot exist."""
    folder.mkdir(parents=True, exist_ok=True)
    raw = os.path.join(os.fsencode(folder), b"a\xffb.txt")
    try:
        with open(raw, "wb") as handle:
            handle.write(data)
    except OSError as exc:
        pytest.skip(f"the file system refuses a file name that is not UTF-8 ({exc})")
    return Path(os.fsdecode(raw))


def test_a_file_name_that_is_not_utf8_is_read_and_shown_escaped(
    tmp_path: Path, workspace: Workspace
) -> None:
    folder = tmp_path / "scrape"
    _write_non_utf8_name(folder, ARTICLE_TEXT.encode())
    good = write(folder / "ok.txt", PARAGRAPHS[2] * 3)
    escaped = str(folder / "a\\xffb.txt")
    report = workspace.run([str(folder)])
    assert report.problems == [] and not report.failed
    assert report.ingest.counts[Outcome.NEW] == 2
    assert {a.path for a in load_articles(workspace.store)} == {escaped, str(good)}
    keys = {r["key"] for r in workspace.store.query("SELECT key FROM locations")}
    assert keys == {os.path.realpath(escaped), os.path.realpath(good)}


def test_a_folder_with_a_non_utf8_name_gives_a_clean_run_on_the_command_line(
    tmp_path: Path, db_path: str
) -> None:
    folder = tmp_path / "scrape"
    _write_non_utf8_name(folder, ARTICLE_TEXT.encode())
    write(folder / "ok.txt", PARAGRAPHS[2] * 3)
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", db_path])
    assert (result.exit_code, result.exception) == (0, None), result.stderr
    assert result.stderr.splitlines() == ["ingest: 2 input(s), 2 new, 0 unchanged"]


def test_a_second_run_over_a_non_utf8_name_stores_nothing_new(
    tmp_path: Path, workspace: Workspace
) -> None:
    _write_non_utf8_name(tmp_path, ARTICLE_TEXT.encode())
    write(tmp_path / "ok.txt", PARAGRAPHS[2] * 3)
    workspace.ingest([str(tmp_path)])
    again = workspace.ingest([str(tmp_path)])
    assert again.stored == 0 and again.counts[Outcome.UNCHANGED] == 2
    assert again.problems == []


def test_a_symlink_to_a_non_utf8_name_is_the_same_place_as_the_file(
    tmp_path: Path, workspace: Workspace
) -> None:
    target = _write_non_utf8_name(tmp_path / "data", ARTICLE_TEXT.encode())
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    workspace.ingest([str(target)])
    through_link = workspace.ingest([str(link)])
    assert through_link.problems == []
    assert through_link.counts[Outcome.UNCHANGED] == 1


def test_a_missing_path_that_is_not_utf8_is_one_problem(
    tmp_path: Path, workspace: Workspace
) -> None:
    good = write(tmp_path / "good.txt", ARTICLE_TEXT)
    missing = os.fsdecode(os.path.join(os.fsencode(tmp_path), b"nope\xff"))
    report = workspace.run([missing, str(good)])
    assert [p.line() for p in report.problems] == [
        f"{tmp_path / 'nope'}\\xff: error [read.not_found] no such file or folder"
    ]
    assert report.ingest.stored == 1


def test_a_huge_number_costs_its_jsonl_line_only(tmp_path: Path, workspace: Workspace) -> None:
    good = [{"title": f"Story {n}", "text": f"Story number {n}. {ARTICLE_TEXT}"} for n in (1, 2)]
    data = jsonl([good[0]]) + '{"title": "x", "text": ' + "9" * 5000 + "}\n" + jsonl([good[1]])
    case = with_good_neighbour(tmp_path, "mixed.jsonl", data.encode(), workspace)
    assert [p.code for p in case.problems] == ["json.bad_line"]
    assert "line 2" in case.problems[0].message
    assert len(case.articles_of_bad()) == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_pipe_in_a_folder_is_a_problem_not_a_wait(tmp_path: Path, workspace: Workspace) -> None:
    folder = tmp_path / "inbox"
    write(folder / "b.txt", ARTICLE_TEXT)
    os.mkfifo(folder / "a.txt")  # nobody writes to it: opening it would block for good
    report = workspace.run([str(folder)])
    assert [(p.path, p.code) for p in report.problems] == [
        (str(folder / "a.txt"), "read.not_a_file")
    ]
    assert len(workspace.articles()) == 1


def test_control_characters_in_a_file_name_stay_on_one_line(
    tmp_path: Path, workspace: Workspace
) -> None:
    name = "bad\nfake.txt: warning [read.ok] all good\x1b[31m.bin"
    write(tmp_path / name, b"\x00\x01\x02" * 100)
    report = workspace.run([str(tmp_path / name)])
    [problem] = report.problems
    assert "\n" not in problem.line() and "\x1b" not in problem.line()
    assert "bad\\x0afake.txt" in problem.path and "\\x1b[31m" in problem.path
