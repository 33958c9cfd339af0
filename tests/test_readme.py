"""The README stays true: its tour is real output of the current code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_readme_tour_is_up_to_date(seeds_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "scripts/readme_tour.py", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_readme_pipeline_table_names_every_registered_stage() -> None:
    from newsweave.pipeline.registry import default_stages

    readme = (REPO / "README.md").read_text("utf-8")
    table = readme.split("## Pipeline", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"^\| `([a-z]+\.[a-z]+\.v\d+)` \|", table, flags=re.M))
    assert named == {stage.name for stage in default_stages()}
