"""Evaluation suites find their data in the layouts the benchmarks come in."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsweave.errors import DatasetError
from newsweave.eval.suites import _clustering_roots


def test_clustering_data_is_found_from_any_of_its_folders(tmp_path: Path) -> None:
    root = tmp_path / "clustering"
    for folder in ("ecbplus/1ecb", "ecbplus/1ecbplus", "basil/articles/2016"):
        (root / folder).mkdir(parents=True)
    assert _clustering_roots(root) == (root / "ecbplus", root / "basil")
    assert _clustering_roots(root / "ecbplus") == (root / "ecbplus", None)
    assert _clustering_roots(root / "basil") == (None, root / "basil")
    with pytest.raises(DatasetError):
        _clustering_roots(tmp_path)


def test_the_real_clustering_folder_holds_both_datasets(benchmarks_dir: Path) -> None:
    root = benchmarks_dir / "clustering"
    assert _clustering_roots(root) == (root / "ecbplus", root / "basil")
