"""Regenerate (or check) the README's quick tour from real command output.

    python scripts/readme_tour.py          # rewrite the block between the tour markers
    python scripts/readme_tour.py --check  # exit 1 when the README is out of date

Run from the repository root, with ../shared/seeds present.
"""

from __future__ import annotations

import shlex
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from newsweave.cli.app import app
from newsweave.models import Document, Source
from newsweave.stages.ingest.read import read_source
from newsweave.stages.ingest.sources import ReadLimits

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- tour:start -->", "<!-- tour:end -->"
SEEDS = "../shared/seeds"


def tour_commands(seed_id: str) -> list[str]:
    return [
        f"newsweave run {SEEDS}",
        f"newsweave run {SEEDS}",
        f"newsweave show {seed_id}",
        "newsweave stages",
    ]


def first_seed_id() -> str:
    """Ids are content hashes, so the id of a seed is known before it is stored."""
    path = sorted(Path(SEEDS).glob("*.txt"))[0]
    found = read_source(Source(str(path), path.read_bytes()), ReadLimits())
    return next(d.id for d in found if isinstance(d, Document))


def render() -> str:
    runner = CliRunner()
    blocks = []
    with tempfile.TemporaryDirectory() as folder:
        env = {"NEWSWEAVE_DB": str(Path(folder) / "tour.db"), "COLUMNS": "160"}
        for command in tour_commands(first_seed_id()[:8]):
            result = runner.invoke(app, shlex.split(command)[1:], env=env)
            output = (result.stderr + result.stdout).rstrip()
            blocks.append(f"$ {command}\n{output}")
    return "```console\n" + "\n\n".join(blocks) + "\n```"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    _, after = rest.split(END, 1)
    updated = f"{before}{START}\n{render()}\n{END}{after}"
    if "--check" in sys.argv:
        if updated != text:
            print("README tour is out of date: run python scripts/readme_tour.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(updated, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
