from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsweave.errors import DatasetError
from newsweave.eval.clustering import evaluate_clustering, format_report
from newsweave.eval.clustering_data import load_basil, load_ecbplus
from newsweave.stages.cluster.stories import ClusterParams

from .synthetic import FOOTBALL, QUAKE_CHILE, QUAKE_TURKEY

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared" / "benchmarks" / "clustering"


def _write_ecbplus(root: Path) -> None:
    # Topic 2 (a held-out topic) holds the two quakes, topic 7 the football story.
    for topic, kind, articles in (
        (2, "ecb", QUAKE_CHILE),
        (2, "ecbplus", QUAKE_TURKEY),
        (7, "ecb", FOOTBALL),
    ):
        folder = root / f"{topic}{kind}"
        folder.mkdir(parents=True, exist_ok=True)
        for n, article in enumerate(articles, start=1):
            record = {"title": article.title, "text": article.text, "language": "en"}
            (folder / f"{topic}_{n}{kind}.json").write_text(json.dumps(record))


def _write_basil(root: Path) -> None:
    for event, articles in (("quake-chile", QUAKE_CHILE), ("cup", FOOTBALL)):
        folder = root / "articles" / "2024"
        folder.mkdir(parents=True, exist_ok=True)
        for n, article in enumerate(articles, start=1):
            record = {
                "title": article.title,
                "date": article.published.isoformat() if article.published else None,
                "source": article.source,
                "triplet-uuid": event,
                "body-paragraphs": [[p] for p in article.text.split("\n")],
            }
            (folder / f"{event}_{n}.json").write_text(json.dumps(record))


def test_loaders_read_gold_labels_and_fixed_held_out_parts(tmp_path: Path) -> None:
    _write_ecbplus(tmp_path / "ecb")
    _write_basil(tmp_path / "basil")
    ecb = load_ecbplus(tmp_path / "ecb")
    assert {(a.event, a.storyline, a.held_out) for a in ecb} == {
        ("2ecb", "2", True),
        ("2ecbplus", "2", True),
        ("7ecb", "7", False),
    }
    basil = load_basil(tmp_path / "basil")
    assert len(basil) == 5
    for article in basil:
        expected = hashlib.sha1(article.event.encode()).hexdigest()[0] in "01234"
        assert article.held_out == expected
        assert article.published is not None


def test_missing_dataset_is_a_dataset_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError):
        load_ecbplus(tmp_path / "nothing")
    with pytest.raises(DatasetError):
        load_basil(tmp_path)


def test_evaluation_reports_every_part_mode_and_level(tmp_path: Path) -> None:
    _write_ecbplus(tmp_path / "ecb")
    _write_basil(tmp_path / "basil")
    # A loose storyline threshold, so that the two quakes (no shared actor) make one line and
    # the storyline rows have something to score; the harness is under test, not the knobs.
    loose = ClusterParams(storyline_threshold=0.3, storyline_guard=0.0)
    report = evaluate_clustering(tmp_path / "ecb", tmp_path / "basil", params=loose)
    row = report.row("ecbplus", "ALL", "incremental", "event")
    assert row.articles == 7 and row.gold_clusters == 3
    assert row.scores.bcubed.f1 == pytest.approx(1.0)
    assert report.row("ecbplus", "ALL", "batch", "storyline").scores.bcubed.f1 == pytest.approx(1.0)
    assert report.row("basil", "ALL", "batch", "event").scores.ari == pytest.approx(1.0)
    table = format_report(report)
    assert table.splitlines()[0].split()[:4] == ["dataset", "part", "mode", "level"]
    assert "HELD-OUT" in table and "TUNE" in table


def test_real_benchmarks_load_with_their_held_out_parts() -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (the shared benchmarks folder is not next to the repo)")
    ecb = load_ecbplus(SHARED / "ecbplus")
    assert len({a.storyline for a in ecb if a.held_out}) == 8
    assert not any(36 <= int(str(a.storyline)) <= 45 for a in ecb)
    basil = load_basil(SHARED / "basil")
    assert len(basil) == 300 and len({a.event for a in basil}) == 100
    assert 0 < sum(a.held_out for a in basil) < 300
