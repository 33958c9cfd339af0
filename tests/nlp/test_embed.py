"""The packaged sentence embedder: what it returns and how its runtime is set up."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsweave.nlp.embed import DIMENSIONS, CachedEmbedder, Embedder, load_embedder


def test_vectors_are_unit_length_and_do_not_depend_on_call_order() -> None:
    embedder = load_embedder()
    texts = ["The ferry left the harbour at noon.", "Prices rose for the third month."]
    vectors = embedder.embed(texts)
    assert vectors.shape == (2, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(embedder.embed(texts), vectors)
    assert embedder.embed([]).shape == (0, DIMENSIONS)


def test_a_vector_depends_on_its_text_alone() -> None:
    # Not on the texts embedded with it (the int8 graph quantises over what it runs at once,
    # so batched texts moved with their neighbours), nor on the number of threads.
    model = load_embedder().inner
    texts = [
        "Police said the two men were arrested on Tuesday night outside the stadium.",
        "Shares fell.",
        "The minister, who spoke to reporters in the capital, said talks would resume "
        "next week if both sides agreed to the ceasefire terms set out in March.",
        "A spokesman declined to comment.",
    ]
    together = model.embed(texts)
    for row, text in enumerate(texts):
        assert np.array_equal(model.embed([text])[0], together[row])
        assert np.array_equal(model.embed([texts[0], text, texts[2]])[1], together[row])
    one_thread = Embedder(model._session, model._tokenizer, threads=1)  # type: ignore[attr-defined]
    assert np.array_equal(one_thread.embed(texts), together)


def test_idle_model_threads_sleep_rather_than_spin() -> None:
    # A spinning thread holds the second core between calls, which the relate stage's search
    # worker needs (relate alone at 10k: 35.5/33.7 -> 31.4/30.8 s when they sleep).
    options = load_embedder().inner._session.get_session_options()  # type: ignore[attr-defined]
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"


class CountingEmbedder:
    """One-hot vectors by text, and the calls it was given."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), 4), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row, len(text) % 4] = 1.0
        return out


def test_each_distinct_text_is_embedded_once_and_kept() -> None:
    inner = CountingEmbedder()
    embedder = CachedEmbedder(inner, size=3)
    first = embedder.embed(["a", "bb", "a", "ccc"])
    assert inner.calls == [["a", "bb", "ccc"]]
    assert first.shape == (4, 4) and np.array_equal(first[0], first[2])
    # Only what is not held goes to the model, in one call.
    again = embedder.embed(["ccc", "dddd", "bb"])
    assert inner.calls[1:] == [["dddd"]]
    assert np.array_equal(again[0], first[3]) and np.array_equal(again[2], first[1])
    # Three are kept: "a" was the least recently used.
    embedder.embed(["a"])
    assert inner.calls[2:] == [["a"]]
    assert embedder.embed([]).shape == (0, 4)


def test_a_returned_matrix_can_be_changed_without_changing_the_kept_vectors() -> None:
    embedder = CachedEmbedder(CountingEmbedder())
    vectors = embedder.embed(["a", "bb"])
    vectors[:] = 0.0
    assert embedder.embed(["a", "bb"]).sum() == 2.0


def test_the_process_wide_embedder_is_shared_with_its_cache() -> None:
    embedder = load_embedder()
    assert isinstance(embedder, CachedEmbedder) and load_embedder() is embedder
    texts = ["A sentence the cache test embeds once.", "And a second one, also once."]
    first = embedder.embed(texts)
    calls: list[int] = []
    model = embedder.inner
    original = model.embed

    def counted(batch: Sequence[str]) -> npt.NDArray[np.float32]:
        calls.append(len(batch))
        return original(batch)

    model.embed = counted  # type: ignore[method-assign]
    try:
        assert np.array_equal(embedder.embed(list(reversed(texts))), first[::-1])
    finally:
        model.embed = original  # type: ignore[method-assign]
    assert calls == []
