"""Quotes on the seeds through the whole pipeline (issue: who said what)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newsweave.cli.app import app
from newsweave.models.quotes import FusedQuote
from newsweave.report.markdown import export_markdown
from newsweave.store.quotes import load_quotes
from newsweave.workspace import Workspace


def ids_of(seeded: Workspace) -> dict[str, str]:
    return {Path(a.path).name[:3]: a.id for a in seeded.articles()}


def quote_with(quotes: list[FusedQuote], needle: str) -> FusedQuote:
    [quote] = [q for q in quotes if needle in q.canonical]
    return quote


def test_the_miscalculate_quote_is_one_quote_from_three_independent_sources(
    seeded: Workspace,
) -> None:
    ids = ids_of(seeded)
    quote = quote_with(load_quotes(seeded.store), "If anyone were to miscalculate")
    assert quote.speaker == "Mark Rutte"
    assert {o.article for o in quote.occurrences} == {ids[k] for k in ("000", "001", "002", "003")}
    assert quote.independent_sources == 3
    [insertion] = [v for v in quote.variants if v.kind == "insertion"]
    assert insertion.articles == (ids["002"],) and "[Russian President]" in insertion.text
    assert not insertion.content_word_changed


def test_dark_and_dire_are_variants_of_one_quote_with_a_content_word_changed(
    seeded: Workspace,
) -> None:
    ids = ids_of(seeded)
    quote = quote_with(load_quotes(seeded.store), "most significant and dark threat")
    dire = next(v for v in quote.variants if ids["002"] in v.articles)
    assert dire.content_word_changed and "dire" in dire.text and "[…]" in dire.text
    assert {d.op for d in dire.diff} >= {"substitution", "elision"}
    dark = next(v for v in quote.variants if ids["000"] in v.articles)
    assert ids["003"] in dark.articles


def test_tusks_remarks_are_attributed_to_tusk(seeded: Workspace) -> None:
    ids = ids_of(seeded)
    tusk = [q for q in load_quotes(seeded.store) if q.speaker == "Donald Tusk"]
    carried = {o.article for q in tusk for o in q.occurrences}
    assert {ids["001"], ids["002"]} <= carried


def test_no_quote_comes_from_a_caption_or_a_bio(seeded: Workspace) -> None:
    for quote in load_quotes(seeded.store):
        for occurrence in quote.occurrences:
            assert "Photo" not in occurrence.text and "is a reporter for" not in occurrence.text


def test_quotes_command_filters_by_speaker_and_highlights_variants(seeded: Workspace) -> None:
    runner = CliRunner()
    db = seeded.store.location
    listed = json.loads(
        runner.invoke(app, ["quotes", "--speaker", "tusk", "--json", "--db", db]).stdout
    )
    assert listed and all(q["speaker"] == "Donald Tusk" for q in listed)
    shown = runner.invoke(app, ["quotes", "--speaker", "Rutte", "--db", db]).stdout
    assert "substitution" in shown and "content word changed" in shown
    # Not a terminal: the substituted word is marked in the text itself.
    assert "[-dark-] {+dire+}" in shown


def test_reported_speech_is_not_shown_as_a_quotation(seeded: Workspace) -> None:
    quotes = load_quotes(seeded.store)
    reported = [q for q in quotes if q.reported]
    assert reported and all(o.kind == "indirect" for q in reported for o in q.occurrences)
    assert any(not q.reported for q in quotes)
    shown = CliRunner().invoke(app, ["quotes", "--db", seeded.store.location]).stdout
    for quote in reported:
        start = " ".join(quote.canonical.split()[:6])
        assert f"“{start}" not in shown and start in shown
    assert "(reported speech, not quoted)" in shown
    assert "(reported speech, not quoted)" in export_markdown(seeded.store)
