"""The packaged sentence embedder: what it returns and how its runtime is set up."""

from __future__ import annotations

import numpy as np

from newsweave.nlp.embed import DIMENSIONS, load_embedder


def test_vectors_are_unit_length_and_do_not_depend_on_call_order() -> None:
    embedder = load_embedder()
    texts = ["The ferry left the harbour at noon.", "Prices rose for the third month."]
    vectors = embedder.embed(texts)
    assert vectors.shape == (2, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(embedder.embed(texts), vectors)
    assert embedder.embed([]).shape == (0, DIMENSIONS)


def test_idle_model_threads_sleep_rather_than_spin() -> None:
    # A spinning thread holds the second core between calls, which the relate stage's search
    # worker needs (relate alone at 10k: 35.5/33.7 -> 31.4/30.8 s when they sleep).
    options = load_embedder()._session.get_session_options()
    assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
