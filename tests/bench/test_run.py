"""A measuring process that fails is one line of error, whatever it printed."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

import newsweave.bench.run as run
from newsweave.bench.corpus import BaseText
from newsweave.errors import NewsweaveError


def _failing(code: int, stderr: str) -> Any:
    def fake(command: list[str], **_: object) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(command, code, "", stderr)

    return fake


@pytest.mark.parametrize(
    ("code", "stderr", "expected"),
    [
        (
            1,
            'Traceback (most recent call last):\n  File "x.py", line 1, in <module>\n'
            "    main()\nMemoryError: cannot allocate\n\n",
            "benchmark of 10 articles failed: MemoryError: cannot allocate",
        ),
        (-9, "", "benchmark of 10 articles failed: the measuring process was killed by signal 9"),
        (2, "  \n", "benchmark of 10 articles failed: the measuring process exited with 2"),
    ],
)
def test_a_failed_size_is_one_line(
    code: int, stderr: str, expected: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(
        run, "load_base_texts", lambda _: [BaseText("A title", ("One. Two.",) * 3, "basil")] * 5
    )
    monkeypatch.setattr(run.subprocess, "run", _failing(code, stderr))
    with pytest.raises(NewsweaveError) as failure:
        run.run_bench(tmp_path, [10], adds=2)
    message = str(failure.value)
    assert message.startswith(expected) and "\n" not in message, message
