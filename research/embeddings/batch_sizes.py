"""Milliseconds per sentence of the packaged embedder, texts alone or in batches, research only.

    python research/embeddings/batch_sizes.py [--articles 60] [--threads 2]

Sentences of benchmark articles (``../shared/benchmarks``), all embedded in one call. The
packaged ``Embedder`` runs each text alone, on ``--threads`` Python threads at once (one thread
of the session each); for comparison, the same session and tokenizer run batches of 4 to 32
texts (sorted by length, padded), with ``--threads`` threads of their own session, as the
embedder did until 2026-11-24. Batched vectors depend on their neighbours (the int8 graph
quantises activations per batch): the printed cosine compares them with the vectors of texts
run alone. The wall and CPU times of this process are printed; on the 2-core machine the
CPU-seconds are what the pipeline's other process competes for.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

import newsweave.nlp.embed as embed
from newsweave.bench.corpus import load_base_texts
from newsweave.nlp.sentences import split_sentences

SIZES = (4, 8, 16, 32)


def batched(texts: list[str], size: int, threads: int) -> np.ndarray:
    """The pre-2026-11-24 way: batches sorted by length, padded, mean-pooled over the mask."""
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(str(embed.MODEL_FILE), options)
    tokenizer = Tokenizer.from_file(str(embed._tokenizer_path()))
    tokenizer.enable_truncation(max_length=embed.MAX_TOKENS)
    tokenizer.enable_padding()
    out = np.zeros((len(texts), embed.DIMENSIONS), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: (len(texts[i]), i))
    for begin in range(0, len(order), size):
        rows = order[begin : begin + size]
        encodings = tokenizer.encode_batch([texts[i] for i in rows])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / weights.sum(axis=1)
        out[rows] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
    return out


def timed(label: str, count: int, run: object) -> np.ndarray:
    wall, cpu = time.perf_counter(), time.process_time()
    vectors = run()  # type: ignore[operator]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<22} {wall / count * 1000:.2f} ms a sentence, {cpu / count * 1000:.2f} CPU-ms")
    return vectors  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--benchmarks", type=Path, default=Path("../shared/benchmarks"))
    args = parser.parse_args()
    texts = []
    for base in load_base_texts(args.benchmarks)[::7][: args.articles]:
        text = "\n".join(base.paragraphs)
        texts += [text[s:e] for s, e in split_sentences(text) if len(text[s:e].split()) >= 5]
    print(f"{len(texts)} sentences, {args.threads} thread(s)")
    embedder = embed.load_embedder().inner
    embedder._threads = args.threads  # type: ignore[attr-defined]
    embedder.embed(texts[:20])  # warm up
    alone = timed("alone", len(texts), lambda: embedder.embed(texts))
    for size in SIZES:
        vectors = timed(
            f"batches of {size}", len(texts), lambda s=size: batched(texts, s, args.threads)
        )
        cosine = float((vectors * alone).sum(axis=1).mean())
        print(f"{'':<22} mean cosine to the vectors of texts alone {cosine:.4f}")


if __name__ == "__main__":
    main()
