"""``newsweave eval extraction`` end to end on the benchmark (skipped when absent)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from newsweave.cli.app import app

runner = CliRunner()


def test_eval_extraction_reproduces_the_scorer_and_passes_its_floors(benchmarks_dir: Path) -> None:
    result = runner.invoke(
        app,
        [
            "eval",
            "extraction",
            "--json",
            "--quiet",
            "--data",
            str(benchmarks_dir / "extraction" / "aeb"),
        ],
    )
    data = json.loads(result.stdout)
    assert abs(data["figures"]["scorer.trafilatura.f1"] - 0.958) <= 0.005
    assert data["floors"] and all(f["passed"] for f in data["floors"].values())
    assert result.exit_code == 0


def test_a_damaged_dataset_copy_fails_the_scorer_check(
    benchmarks_dir: Path, tmp_path: Path
) -> None:
    source = benchmarks_dir / "extraction" / "aeb"
    copy = tmp_path / "aeb"
    shutil.copytree(source, copy)
    truth = json.loads((copy / "ground-truth.json").read_text())
    for item in list(truth.values())[:60]:
        item["articleBody"] = "replaced"
    (copy / "ground-truth.json").write_text(json.dumps(truth))
    result = runner.invoke(app, ["eval", "extraction", "--quiet", "--data", str(copy)])
    assert result.exit_code == 5
    assert "scorer check failed" in result.stderr


def test_missing_dataset_is_exit_code_5(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "extraction", "--data", str(tmp_path / "nope")])
    assert result.exit_code == 5 and "does not exist" in result.stderr


def test_a_file_given_as_the_dataset_says_so(tmp_path: Path) -> None:
    data = tmp_path / "ground-truth.json"
    data.write_text("{}")
    result = runner.invoke(app, ["eval", "extraction", "--data", str(data)])
    assert result.exit_code == 5 and "is a file: give the dataset's folder" in result.stderr
