"""Regenerate (or check) the README's quick tour from real command output.

    python scripts/readme_tour.py          # rewrite the block between the tour markers
    python scripts/readme_tour.py --check  # exit 1 when the README is out of date

Run from the repository root, with ../shared/seeds present.
"""

from __future__ import annotations

import json
import shlex
import sys
import tempfile
from pathlib import Path

from typer.testing import CliRunner

from newsweave.cli.app import app

README = Path(__file__).resolve().parents[1] / "README.md"
START, END = "<!-- tour:start -->", "<!-- tour:end -->"
SEEDS = "../shared/seeds"
SHOW_LINES = 40  # long outputs are cut in the README (the command prints everything)


def render() -> str:
    runner = CliRunner()
    blocks = []
    with tempfile.TemporaryDirectory() as folder:
        env = {"NEWSWEAVE_DB": str(Path(folder) / "tour.db"), "COLUMNS": "160"}

        def invoke(command: str, cut: int | None = None) -> None:
            result = runner.invoke(app, shlex.split(command)[1:], env=env)
            lines = (result.stderr + result.stdout).rstrip().splitlines()
            if cut is not None and len(lines) > cut:
                lines = [*lines[:cut], f"... ({len(lines) - cut} more lines)"]
            blocks.append(f"$ {command}\n" + "\n".join(lines))

        invoke(f"newsweave run {SEEDS}")
        invoke(f"newsweave run {SEEDS}")
        invoke("newsweave stories")
        stories = json.loads(runner.invoke(app, ["stories", "--json"], env=env).stdout)
        warsaw = next(s["id"] for s in stories if s["place"] == "Warsaw")
        invoke(f"newsweave show {warsaw[:7]}", cut=SHOW_LINES)
        invoke("newsweave quotes --speaker Tusk")
        articles = json.loads(runner.invoke(app, ["articles", "--json"], env=env).stdout)
        banner = next(a["id"] for a in articles if "004_" in a["path"])
        invoke(f"newsweave show {banner[:8]}", cut=24)
        invoke("newsweave stages")
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
