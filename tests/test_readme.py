"""The README stays true: its tour is real output of the current code."""

from __future__ import annotations

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
