"""The packaged static embedder: unit vectors, deterministic, and closer for texts about the
same thing than for unrelated texts."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.errors import ModelUnavailableError
from newsweave.nlp.embed import DIMENSIONS
from newsweave.stages.cluster.static_embed import (
    TABLE_PATH,
    StaticEmbedder,
    load_static_embedder,
    read_table,
)


def test_vectors_are_unit_length_and_deterministic() -> None:
    embedder = load_static_embedder()
    texts = ["Earthquake kills 12 in central Chile", "", "Goal!"]
    first = embedder.embed(texts)
    assert first.shape == (3, DIMENSIONS) and first.dtype == np.float32
    assert np.allclose(np.linalg.norm(first[[0, 2]], axis=1), 1.0, atol=1e-5)
    assert not first[1].any()  # no word piece: a zero row, similar to nothing
    assert np.array_equal(first, embedder.embed(texts))
    assert embedder.embed([]).shape == (0, DIMENSIONS)


def test_related_texts_are_closer_than_unrelated_ones() -> None:
    quake, aftershock, football = load_static_embedder().embed(
        [
            "A magnitude 7.1 earthquake struck central Chile, killing at least 12 people.",
            "Rescuers searched collapsed homes after the deadly quake in Chile.",
            "The striker scored twice as the home side won the cup final 3-1.",
        ]
    )
    assert float(quake @ aftershock) > float(quake @ football) + 0.2


def test_a_batch_gives_the_same_rows_as_single_texts() -> None:
    embedder = load_static_embedder()
    texts = [f"text number {i} about {'storms' if i % 2 else 'elections'}" for i in range(300)]
    batch = embedder.embed(texts)
    singles = np.vstack([embedder.embed([t]) for t in texts[::37]])
    assert np.allclose(batch[::37], singles, atol=1e-6)


def test_the_table_is_small_and_read_without_pickle() -> None:
    assert TABLE_PATH.stat().st_size <= 13 * 1024 * 1024
    table, bias = read_table(TABLE_PATH)
    assert table.shape[1] == DIMENSIONS and bias.shape == (DIMENSIONS,)


def test_a_missing_or_malformed_table_is_a_clear_error(tmp_path: object) -> None:
    from pathlib import Path

    missing = Path(str(tmp_path)) / "absent.npz"
    with pytest.raises(ModelUnavailableError, match="static embedding table"):
        read_table(missing)
    with pytest.raises(ModelUnavailableError, match="shape"):
        StaticEmbedder(
            np.zeros((10, 7), dtype=np.float32),
            np.zeros(DIMENSIONS, dtype=np.float32),
            load_static_embedder()._tokenizer,
        )
