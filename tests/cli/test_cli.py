"""The command line as a user runs it: output, exit codes, the JSON export and its schema."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from builders.inputs import ARTICLE_TEXT, write
from newsweave.cli.app import app
from newsweave.pipeline.registry import default_stages
from newsweave.report.export import SCHEMA_VERSION, validate_export
from newsweave.store import Store

runner = CliRunner()
REPO = Path(__file__).resolve().parents[2]


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_run_prints_the_summary_and_a_second_run_stores_nothing(
    seeds_dir: Path, db_path: str
) -> None:
    code, out, err = cli("run", str(seeds_dir), "--db", db_path)
    assert code == 0, err
    assert "ingest: 5 input(s), 5 new, 0 unchanged" in err
    assert "New articles" in out
    code, _, err = cli("run", str(seeds_dir), "--db", db_path)
    assert code == 0
    assert "0 new, 5 unchanged - nothing new to store" in err


def test_quiet_prints_nothing_on_success(tmp_path: Path, db_path: str) -> None:
    path = write(tmp_path / "a.txt", ARTICLE_TEXT)
    code, out, err = cli("run", str(path), "--db", db_path, "--quiet")
    assert (code, out, err) == (0, "", "")


def test_a_stage_that_crashes_exits_3_and_the_others_still_run(
    tmp_path: Path, db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsweave.stages.summarize.stage import SummaryStage

    def crash(self: SummaryStage, context: object) -> None:
        raise RuntimeError("model weights missing")

    monkeypatch.setattr(SummaryStage, "run", crash)
    path = write(tmp_path / "a.txt", ARTICLE_TEXT)
    code, _, err = cli("run", str(path), "--db", db_path)
    assert code == 3
    assert "[stage.crashed] RuntimeError: model weights missing" in err
    assert re.search(r"^facts\.\S+: 1 processed$", err, re.MULTILINE)  # the others ran


def test_problems_are_one_line_each_and_exit_code_is_1(tmp_path: Path, db_path: str) -> None:
    good = write(tmp_path / "a.txt", ARTICLE_TEXT)
    empty = write(tmp_path / "e.txt", "")
    code, _, err = cli(
        "run", str(good), str(empty), str(tmp_path / "missing"), "--db", db_path, "--quiet"
    )
    assert code == 1
    assert err.splitlines() == [
        f"{empty}: error [read.empty] file is empty",
        f"{tmp_path / 'missing'}: error [read.not_found] no such file or folder",
    ]


def test_db_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "env.db"
    monkeypatch.setenv("NEWSWEAVE_DB", str(db))
    code, _, _ = cli("ingest", str(write(tmp_path / "a.txt", ARTICLE_TEXT)), "--quiet")
    assert code == 0 and db.exists()


def test_articles_and_show(tmp_path: Path, db_path: str) -> None:
    path = write(tmp_path / "a.txt", " date 2024-05-07 " + ARTICLE_TEXT)
    cli("run", str(path), "--db", db_path, "--quiet")
    code, out, _ = cli("articles", "--db", db_path, "--json")
    [article] = json.loads(out)
    assert code == 0 and article["published"] == {
        "date": "2024-05-07",
        "source": "header",
        "confidence": 1.0,
    }
    code, out, _ = cli("show", article["id"][:6], "--db", db_path)
    assert code == 0
    assert "2024-05-07  (from header, confidence 1.00)" in out
    assert "⟨removed: header⟩" in out


def test_json_output_is_plain_indented_json_with_its_characters_and_long_lines_kept(
    tmp_path: Path, db_path: str
) -> None:
    # Written as it is (rich's pretty-printer took 70 s for 27 MB): the same text json.dumps
    # gives, non-ASCII letters as they are, markup-like brackets untouched, no line folded.
    body = ARTICLE_TEXT.replace("council", "[bold]council[/bold] of Zürich", 1)
    path = write(tmp_path / "a.txt", body)
    cli("run", str(path), "--db", db_path, "--quiet")
    for command in (("articles",), ("stories",), ("quotes",)):
        code, out, _ = cli(*command, "--db", db_path, "--json")
        assert code == 0
        assert out == json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n"
    code, out, _ = cli("articles", "--db", db_path, "--json")
    [article] = json.loads(out)
    assert "[bold]council[/bold] of Zürich" in article["text"]
    assert max(len(line) for line in out.splitlines()) > 200


def test_show_unknown_and_malformed_ids(db_path: str) -> None:
    Store.open(db_path).close()
    code, _, err = cli("show", "abcdef12", "--db", db_path)
    assert code == 6 and "no article with id 'abcdef12'" in err
    code, _, err = cli("show", "zz", "--db", db_path)
    assert code == 2 and "not an article id" in err
    # Longer than any id: a usage error that does not repeat the whole argument.
    for target in ("a" * 17, "a" * 60_000, "st-" + "a" * 13, "st-" + "a" * 60_000):
        code, _, err = cli("show", target, "--db", db_path)
        assert code == 2 and "is not" in err and len(err) < 200, (target[:20], err[:300])
    code, _, err = cli("quotes", "--story", "st-" + "a" * 60_000, "--db", db_path)
    assert code == 2 and len(err) < 200
    # An empty filter is a mistake (a variable that expanded to nothing), not "everything".
    for option in ("--story", "--speaker"):
        code, _, _ = cli("quotes", option, "", "--db", db_path)
        assert code == 2


def test_a_reading_command_does_not_create_or_change_a_store_it_was_not_given(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "typo.db"
    for command in ("stories", "articles", "export"):
        code, _, err = cli(command, "--db", str(missing))
        assert code == 3 and f"no store at {missing}" in err
    assert not missing.exists()
    # Another program's SQLite database is neither read nor written, by any command.
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE notes (x INTEGER)")
    connection.close()
    before = other.read_bytes()
    for args in (["stories"], ["run", str(write(tmp_path / "a.txt", ARTICLE_TEXT)), "-q"]):
        code, _, err = cli(*args, "--db", str(other))
        assert code == 3 and "not a newsweave store" in err and "notes" in err
    assert other.read_bytes() == before
    code, _, err = cli("stories", "--db", "")
    assert code == 2 and "database path is empty" in err
    # An empty file is no store either (SQLite would make it one), and a folder is said to be one.
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    code, _, err = cli("articles", "--db", str(empty))
    assert code == 3 and f"no store at {empty}" in err and empty.stat().st_size == 0
    for args in (["articles"], ["run", str(tmp_path / "a.txt"), "-q"]):
        code, _, err = cli(*args, "--db", str(tmp_path))
        assert code == 3 and err.strip().endswith("it is a folder, not a file"), err


def test_export_json_validates_against_the_schema(
    seeds_dir: Path, tmp_path: Path, db_path: str
) -> None:
    write(tmp_path / "bad" / "empty.txt", "")
    cli("run", str(seeds_dir), str(tmp_path / "bad"), "--db", db_path, "--quiet")
    code, out, _ = cli("export", "--format", "json", "--db", db_path)
    assert code == 0
    data = json.loads(out)
    validate_export(data)
    assert data["schema_version"] == "1.4"
    assert len(data["articles"]) == 5
    assert [(p["path"], p["code"]) for p in data["problems"]] == [
        (str(tmp_path / "bad" / "empty.txt"), "read.empty")
    ]


def test_export_jsonl_and_markdown(tmp_path: Path, db_path: str) -> None:
    cli("run", str(write(tmp_path / "a.txt", ARTICLE_TEXT)), "--db", db_path, "--quiet")
    code, out, _ = cli("export", "--format", "jsonl", "--db", db_path)
    lines = [json.loads(line) for line in out.splitlines()]
    kinds = [line["type"] for line in lines]
    assert code == 0 and kinds[:5] == ["export", "article", "story", "storyline", "family"]
    assert set(kinds) <= {"export", "article", "story", "storyline", "family", "fact", "quote"}
    assert lines[0] == {"type": "export", "schema_version": SCHEMA_VERSION}
    out_file = tmp_path / "report.md"
    code, _, _ = cli("export", "--format", "md", "--output", str(out_file), "--db", db_path)
    assert code == 0 and out_file.read_text().startswith("# newsweave report")


def test_export_never_overwrites_the_store_and_reports_a_failed_write(
    tmp_path: Path, db_path: str
) -> None:
    cli("run", str(write(tmp_path / "a.txt", ARTICLE_TEXT)), "--db", db_path, "--quiet")
    for target in (db_path, db_path + "-wal"):
        code, _, err = cli("export", "--db", db_path, "--output", target)
        assert code == 2 and "is the database" in err
    code, out, _ = cli("export", "--db", db_path, "--output", "-")
    assert code == 0 and json.loads(out)["schema_version"]
    assert not Path("-").exists()
    for target in (tmp_path / "missing" / "x.json", tmp_path):
        code, _, err = cli("export", "--db", db_path, "--output", str(target))
        assert code == 3 and err.startswith(f"error: cannot write {target}") and err[-1:] == "\n"
        assert "Traceback" not in err
    code, _, _ = cli("articles", "--db", db_path)
    assert code == 0  # the store is whole
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_limits_out_of_range_are_usage_errors(tmp_path: Path, db_path: str) -> None:
    path = str(write(tmp_path / "a.txt", ARTICLE_TEXT))
    code, _, _ = cli("run", path, "--db", db_path, "--max-size", str(2**63 - 1))
    assert code == 2
    for sizes in ("0", "-5", ",", "1,x"):
        code, _, err = cli("bench", "--sizes", sizes, "--data", str(tmp_path))
        assert code == 2 and "positive whole numbers" in err, (sizes, err)


def test_serve_fails_in_one_line_before_serving_when_it_cannot_listen(
    db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    import uvicorn

    def started(*_: object, **__: object) -> None:
        raise AssertionError("the server started")

    monkeypatch.setattr(uvicorn.Server, "run", started)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        for host in ("127.0.0.1", "999.1.1.1"):
            code, _, err = cli("serve", "--db", db_path, "--create", "--host", host, "--port", port)
            assert code == 3 and err.startswith(f"error: cannot listen on {host}:{port}"), err
            assert "serving" not in err


def test_serve_refuses_a_missing_store_unless_asked_to_create_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import uvicorn

    import newsweave.cli.serve

    served: list[bool] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda *_, **__: served.append(True))
    monkeypatch.setattr(newsweave.cli.serve, "_listen", lambda *_: None)
    missing = tmp_path / "mistyped.db"
    code, _, err = cli("serve", "--db", str(missing))
    assert code == 3 and err.startswith(f"error: no store at {missing}"), err
    assert "--create" in err and not missing.exists() and not served
    code, _, err = cli("serve", "--db", str(missing), "--create")
    assert code == 0 and missing.exists() and served == [True], err


def test_a_database_that_refuses_a_write_is_one_line(
    tmp_path: Path, db_path: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsweave.workspace import Workspace

    def refused(*_: object, **__: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(Workspace, "run", refused)
    code, _, err = cli("run", str(write(tmp_path / "a.txt", ARTICLE_TEXT)), "--db", db_path)
    assert code == 3 and err.strip().count("\n") == 0, err
    assert err.startswith("error: the database refused: attempt to write a readonly database")


def test_export_is_byte_identical_across_runs(seeds_dir: Path, tmp_path: Path) -> None:
    outputs = []
    for name in ("one.db", "two.db"):
        db = str(tmp_path / name)
        cli("run", str(seeds_dir), "--db", db, "--quiet")
        outputs.append(cli("export", "--db", db)[1])
    assert outputs[0] == outputs[1]


def test_stages_lists_the_contracts() -> None:
    code, out, _ = cli("stages")
    assert code == 0 and "documents" in out
    for stage in default_stages():
        assert stage.name in out


def test_unknown_format_is_a_usage_error(db_path: str) -> None:
    Store.open(db_path).close()
    code, _, _ = cli("export", "--format", "xml", "--db", db_path)
    assert code == 2


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    names = [c.name or c.callback.__name__ for c in app.registered_commands]  # type: ignore[union-attr]
    assert names
    for name in names:
        code, out, _ = cli(name, "--help")
        assert code == 0 and "Usage:" in out
        assert re.search(rf"newsweave {name}\b", readme), (
            f"`newsweave {name}` is not documented in the README"
        )


def test_a_story_page_lists_who_copied_whom_not_every_pair_of_copies(
    tmp_path: Path, db_path: str
) -> None:
    from builders.stories import ORIGINAL, text, wire_copy

    def record(body: str, outlet: str, date: str) -> str:
        return json.dumps({"title": "Earthquake report", "text": body, "source": outlet,
                           "date": date})  # fmt: skip

    write(tmp_path / "original.json", record(text(ORIGINAL), "Wire", "2024-03-05"))
    for n in (1, 2, 3, 4):
        write(tmp_path / f"copy{n}.json", record(wire_copy(), f"Outlet {n}", f"2024-03-0{n + 5}"))
    code, _, err = cli("run", str(tmp_path), "--db", db_path, "--quiet")
    assert code == 0, err
    ids = {
        Path(a["path"]).stem: a["id"]
        for a in json.loads(cli("articles", "--db", db_path, "--json")[1])
    }
    exported = json.loads(cli("export", "--db", db_path)[1])
    assert len(exported["copies"]) == 10  # every pair of the five shares text
    [story] = exported["stories"]
    code, out, _ = cli("show", story["id"], "--db", db_path)
    assert code == 0
    shown = re.findall(r"(\w{16}) -> (\w{16})", out)
    # Each copy once, from the original; the other six pairs are counted, not listed.
    assert sorted(shown) == sorted((ids["original"], ids[f"copy{n}"]) for n in (1, 2, 3, 4))
    assert "... and 6 more pair(s) of these articles sharing text" in out
    code, out, _ = cli("export", "--db", db_path, "--format", "md")
    assert out.count(" → ") == 4 and "and 6 more pair(s)" in out


def test_a_storys_other_dates_are_grouped_by_value() -> None:
    from datetime import date
    from types import SimpleNamespace

    from newsweave.cli.stories import _date_conflicts
    from newsweave.models.stories import DateEvidence, EventDate

    def said(article: str, day: int, kind: str) -> DateEvidence:
        return DateEvidence(date(2024, 3, day), article, kind, "")

    conflicts = (said("a1", 6, "published"), said("b1", 9, "relative"),
                 *(said(f"c{n}", 6, "relative") for n in range(4)))  # fmt: skip
    story = SimpleNamespace(date=EventDate(date(2024, 3, 5), (), conflicts))
    assert _date_conflicts(story) == (  # type: ignore[arg-type]
        "; a1, c0, c1 and 2 more say 2024-03-06 (published, relative)"
        "; b1 says 2024-03-09 (relative)"
    )
