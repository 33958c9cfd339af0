"""Where the labelled benchmark data lives (read-only, never shipped in the package)."""

from __future__ import annotations

import os
from pathlib import Path

from newsweave.errors import DatasetError

ENV_BENCHMARKS = "NEWSWEAVE_BENCHMARKS"


def benchmarks_root() -> Path | None:
    """``$NEWSWEAVE_BENCHMARKS``, else ``../shared/benchmarks`` next to the working folder or
    next to the repository newsweave was installed from (editable installs)."""
    env = os.environ.get(ENV_BENCHMARKS)
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    for base in (Path.cwd(), repo):
        candidate = (base / ".." / "shared" / "benchmarks").resolve()
        if candidate.is_dir():
            return candidate
    return None


def dataset_path(relative: str, override: Path | None) -> Path:
    """The dataset folder: ``--data`` when given, else ``<benchmarks>/<relative>``."""
    if override is not None:
        path = override
    else:
        root = benchmarks_root()
        if root is None:
            raise DatasetError(
                f"benchmark data not found: set {ENV_BENCHMARKS} or pass --data "
                f"(looked for ../shared/benchmarks/{relative})"
            )
        path = root / relative
    if path.exists() and not path.is_dir():
        raise DatasetError(f"dataset path {path} is a file: give the dataset's folder")
    if not path.is_dir():
        raise DatasetError(f"dataset folder {path} does not exist")
    return path
