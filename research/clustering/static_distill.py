"""Distil MiniLM into static token vectors (model2vec-style): every vocabulary token is passed
through the int8 ONNX model alone, its mean-pooled output kept; sentences are then weighted means.

    nice -n 10 python research/clustering/static_distill.py OUT.npy
"""

from __future__ import annotations

import sys

import numpy as np

from newsweave.nlp.embed import load_embedder


def distil() -> np.ndarray:
    embedder = load_embedder()
    tokenizer = embedder._tokenizer
    session = embedder._session
    vocab = tokenizer.get_vocab_size()
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = np.zeros((vocab, 384), dtype=np.float32)
    batch = 512
    for begin in range(0, vocab, batch):
        ids = np.arange(begin, min(vocab, begin + batch), dtype=np.int64)
        input_ids = np.stack([np.full_like(ids, cls), ids, np.full_like(ids, sep)], axis=1)
        mask = np.ones_like(input_ids)
        hidden = session.run(
            None,
            {
                "input_ids": input_ids,
                "attention_mask": mask,
                "token_type_ids": np.zeros_like(input_ids),
            },
        )[0]
        out[ids] = hidden.mean(axis=1)
    return out


if __name__ == "__main__":
    np.save(sys.argv[1], distil())
