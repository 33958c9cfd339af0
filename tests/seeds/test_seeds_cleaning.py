"""Clean text, dates and attribution on the seed articles, through the whole pipeline.

Names and phrases of the seeds appear here, in the tests, never in the rules.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.cli.app import app
from newsweave.models import Article
from newsweave.workspace import Workspace


@pytest.fixture
def seeds(seeded: Workspace) -> dict[str, Article]:
    return {Path(a.path).name[:3]: a for a in seeded.articles()}


def test_004_starts_at_its_headline_without_banner_related_bio_or_navigation(
    seeds: dict[str, Article],
) -> None:
    article = seeds["004"]
    assert article.text.startswith(
        "NATO reaction to Russian attack would be 'devastating,' Rutte warns"
    )
    for furniture in ("0 out of 25,000", "Quality journalism", "Help us reach", "News Feed",
                      "2 min read", "People were killed inside Presidential Office",
                      "is a reporter for", "Read more", "Show More", "Avatar"):  # fmt: skip
        assert furniture not in article.text, furniture
    reasons = {s.label for s in article.removed}
    assert {"banner", "related", "bio", "navigation", "caption"} <= reasons
    assert article.text.count("Rutte warns") == 1


def test_no_caption_remains_in_000_or_004(seeds: dict[str, Article]) -> None:
    for key in ("000", "004"):
        assert "Photo" not in seeds[key].text
        assert any(s.label == "caption" for s in seeds[key].removed)


def test_003_loses_its_image_label_and_keeps_its_headings(seeds: dict[str, Article]) -> None:
    article = seeds["003"]
    assert "NATO symbol" not in article.text
    headings = [s.text for s in article.structure if s.label == "heading"]
    assert headings == ["Quick Takes", "NATO’s Stand with Poland", "Wider European Response",
                        "Rutte’s Caution and Commitment"]  # fmt: skip
    assert sum(1 for s in article.structure if s.label == "list_item") == 4
    for heading in headings:
        assert heading in article.text


def test_caption_dates_are_never_publication_dates(seeds: dict[str, Article]) -> None:
    assert seeds["000"].published is not None and seeds["000"].published.value == "2025-03-26"
    assert seeds["004"].published is None or seeds["004"].published.value[:10] != "2024-11-13"
    for article in seeds.values():
        assert all(m.value != "2025-03-10" for m in article.mentions)
        assert all(m.value != "2024-11-13" for m in article.mentions)


def test_relative_and_yearless_dates_resolve(seeds: dict[str, Article]) -> None:
    wednesday = [m for m in seeds["000"].mentions if m.text == "Wednesday"]
    assert [m.value for m in wednesday] == ["2025-03-26"]
    feb = [m for m in seeds["004"].mentions if m.text == "Feb. 12"]
    assert [(m.value, m.basis) for m in feb] == [("2025-02-12", "lower-bound")]


def test_outlet_and_author_come_from_credits_and_bios(seeds: dict[str, Article]) -> None:
    outlet, author = seeds["004"].outlet, seeds["004"].author
    assert outlet is not None and (outlet.value, outlet.source) == ("Kyiv Independent", "bio")
    assert author is not None and (author.value, author.source) == ("Martin Fornusek", "bio")
    ap = seeds["000"].outlet
    assert ap is not None and (ap.value, ap.source) == ("AP", "credit")
    assert seeds["002"].outlet is None  # nothing says who published it: unknown stays unknown


def test_show_marks_the_removed_parts_with_their_reasons(seeds_dir: Path, db_path: str) -> None:
    runner = CliRunner()
    runner.invoke(app, ["run", str(seeds_dir), "--db", db_path, "--quiet"])
    articles = runner.invoke(app, ["articles", "--json", "--db", db_path]).stdout
    import json

    target = next(
        a["id"] for a in json.loads(articles) if a["path"].endswith(".txt") and "004_" in a["path"]
    )
    shown = runner.invoke(app, ["show", target, "--db", db_path]).stdout
    assert "0 out of 25,000 ⟨removed: banner⟩" in shown
    assert "⟨removed: bio⟩" in shown and "⟨removed: caption⟩" in shown
