"""Static-embedding variants on TUNE: python static_lab.py VARIANT words=N key=v1,v2 ...

Variants differ in the token table (single-token MiniLM passes, centred or not) and the token
weights (log of the vocabulary rank, none, or SIF from corpus frequencies).
"""

from __future__ import annotations

import itertools
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import tune

from newsweave.eval.clustering import as_story_input
from newsweave.nlp.embed import load_embedder
from newsweave.stages.cluster.features import embedding_text
from newsweave.stages.cluster.stories import ClusterParams


def tokenizer():
    from tokenizers import Tokenizer

    t = Tokenizer.from_str(load_embedder()._tokenizer.to_str())
    t.no_padding()
    t.no_truncation()
    return t


def static_vectors(table, weights, texts):
    tok = tokenizer()
    out = np.zeros((len(texts), table.shape[1]), dtype=np.float32)
    for i, enc in enumerate(tok.encode_batch(texts, add_special_tokens=False)):
        ids = np.array(enc.ids, dtype=np.int64)
        if len(ids) == 0:
            continue
        v = (table[ids] * weights[ids, None]).sum(axis=0)
        out[i] = v / max(float(np.linalg.norm(v)), 1e-9)
    return out


def variant(name):
    table = np.load("/tmp/static_minilm.npy").astype(np.float32)
    n = len(table)
    rank = np.maximum(np.arange(n) - 1995, 1)
    parts = name.split("+")
    if "center" in parts:
        table = table - table.mean(axis=0)
    weights = np.ones(n, dtype=np.float32)
    if "logrank" in parts:
        weights = np.log1p(rank).astype(np.float32)
    for p in parts:
        if p.startswith("table="):
            table = np.load(p[6:]).astype(np.float32)
        if p.startswith("w="):
            weights = np.load(p[2:]).astype(np.float32)
    return table, weights


def data_with(name, words):
    data = tune.tune_data()
    if name.endswith(".npz"):
        from newsweave.stages.cluster.static_embed import StaticEmbedder, _tokenizer, read_table

        embedder = StaticEmbedder(*read_table(Path(name)), _tokenizer())
        embed = embedder.embed
    else:
        table, weights = variant(name)
        embed = lambda texts: static_vectors(table, weights, texts)  # noqa: E731
    for key, (arts, feats) in data.items():
        texts = [embedding_text(as_story_input(a), words) for a in arts]
        vectors = embed(texts)
        data[key] = (arts, [replace(f, embedding=v) for f, v in zip(feats, vectors, strict=True)])
    return data


def main(argv):
    name = argv[0]
    words = 120
    grid = {}
    for arg in argv[1:]:
        k, v = arg.split("=")
        if k == "words":
            words = int(v)
            continue
        kind = type(getattr(ClusterParams(), k))
        grid[k] = [kind(x) for x in v.split(",")]
    data = data_with(name, words)
    keys = list(grid)
    for combo in itertools.product(*(grid[k] for k in keys)):
        params = replace(ClusterParams(), **dict(zip(keys, combo, strict=True)))
        t = time.time()
        r = tune.evaluate(data, params)
        print(
            name,
            words,
            " ".join(f"{k}={v}" for k, v in zip(keys, combo, strict=True)),
            " ".join(f"{k}={v:.3f}" for k, v in r.items()),
            f"({time.time() - t:.1f}s)",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
