"""TUNE scores with static (distilled) embeddings in place of the MiniLM ones.

nice -n 10 python research/clustering/static_eval.py /tmp/static_minilm.npy [k=v ...]
"""

from __future__ import annotations

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


class StaticEmbedder:
    def __init__(self, table: np.ndarray, center: bool = True) -> None:
        tokenizer = load_embedder()._tokenizer
        from tokenizers import Tokenizer

        self.tokenizer = Tokenizer.from_str(tokenizer.to_str())
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        table = table - table.mean(axis=0) if center else table
        rank = np.maximum(np.arange(len(table)) - 1995, 1)
        self.table = table.astype(np.float32)
        self.weights = np.log1p(rank).astype(np.float32)

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.table.shape[1]), dtype=np.float32)
        for i, enc in enumerate(self.tokenizer.encode_batch(texts, add_special_tokens=False)):
            ids = np.array(enc.ids, dtype=np.int64)
            if len(ids) == 0:
                continue
            w = self.weights[ids]
            v = (self.table[ids] * w[:, None]).sum(axis=0)
            out[i] = v / max(float(np.linalg.norm(v)), 1e-9)
        return out


def main(path: str, argv: list[str]) -> None:
    params = ClusterParams()
    words = 120
    for arg in argv:
        key, value = arg.split("=")
        if key == "words":
            words = int(value)
            continue
        params = replace(params, **{key: type(getattr(params, key))(value)})
    embedder = StaticEmbedder(np.load(path))
    data = tune.tune_data()
    for name, (arts, feats) in data.items():
        texts = [embedding_text(as_story_input(a), words) for a in arts]
        start = time.perf_counter()
        vectors = embedder.embed(texts)
        rate = len(texts) / (time.perf_counter() - start)
        data[name] = (arts, [replace(f, embedding=v) for f, v in zip(feats, vectors, strict=True)])
        print(f"{name}: static embedding {rate:.0f} art/s", file=sys.stderr)
    print(words, params.story_threshold, params.embedding_weight, tune.evaluate(data, params))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
