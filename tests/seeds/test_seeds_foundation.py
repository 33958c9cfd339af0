"""The seed articles through the whole pipeline (skipped when ../shared is absent)."""

from __future__ import annotations

from pathlib import Path

from newsweave.models import Article
from newsweave.workspace import Workspace


def by_file(workspace: Workspace) -> dict[str, Article]:
    # Keyed by the three-digit prefix of the seed file name, for readable assertions only.
    return {Path(a.path).name[:3]: a for a in workspace.articles()}


def test_run_ingests_five_articles_and_dates_000_001_from_their_header(
    seeds_dir: Path, workspace: Workspace
) -> None:
    report = workspace.run([str(seeds_dir)])
    assert report.problems == []
    articles = by_file(workspace)
    assert sorted(articles) == ["000", "001", "002", "003", "004"]
    for key in ("000", "001"):
        published = articles[key].published
        assert published is not None
        assert (published.value, published.source) == ("2025-03-26", "header")
        assert "date 2025-03-26" not in articles[key].text
        assert not articles[key].text.startswith(" ")
        [header] = [s for s in articles[key].removed if s.label == "header"]
        assert header.start == 0 and "2025-03-26" in header.text


def test_a_second_run_stores_nothing_new(seeds_dir: Path, workspace: Workspace) -> None:
    workspace.run([str(seeds_dir)])
    before = workspace.store.query_one("SELECT count(*) FROM documents")[0]
    second = workspace.run([str(seeds_dir)])
    assert second.ingest.stored == 0
    assert all(stage.processed == 0 for stage in second.stages)
    assert workspace.store.query_one("SELECT count(*) FROM documents")[0] == before == 5
