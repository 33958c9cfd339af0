"""Shared fixtures: the read-only shared folder (seeds, benchmarks) and fresh workspaces."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsweave.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"{path} is absent (the shared seeds/benchmarks folder is not next to the repo)"
        )
    return path


@pytest.fixture
def seeds_dir() -> Path:
    return shared_path("seeds")


@pytest.fixture
def benchmarks_dir() -> Path:
    return shared_path("benchmarks")


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """One run of the whole pipeline over the seeds, shared by the tests that only read it."""
    seeds = shared_path("seeds")
    db = tmp_path_factory.mktemp("seeded") / "seeds.db"
    with Workspace.open(str(db)) as ws:
        report = ws.run([str(seeds)])
        assert report.problems == [], report.problems
        yield ws


@pytest.fixture
def workspace() -> Iterator[Workspace]:
    with Workspace.open(":memory:") as ws:
        yield ws


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")
