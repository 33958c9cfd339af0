"""Speed of the same-fact model inside a story: embedding, blocking, scoring of candidate pairs.

    nice -n 10 python research/paraphrase/bench_same_fact.py [--sentences 300]

A synthetic "story" of N sentences taken from MSRP's TUNE part (each pair's two sentences go to
different source families, 5 families), which has the many near-paraphrases of a real story.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from newsweave.eval.paraphrase import load_msrp, split_msrp
from newsweave.nlp.embed import load_embedder
from newsweave.stages.facts.pair_features import pair_feature_matrix
from newsweave.stages.facts.similarity import candidate_pairs, load_same_fact_model

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--benchmarks", type=Path, default=REPO / ".." / "shared" / "benchmarks")
    parser.add_argument("--sentences", type=int, default=300)
    args = parser.parse_args()
    tune, _ = split_msrp(load_msrp(args.benchmarks / "paraphrase" / "msrp"))
    texts: list[str] = []
    families: list[str] = []
    for k, pair in enumerate(tune[: args.sentences // 2]):
        texts += [pair.text_a, pair.text_b]
        families += [f"f{k % 5}", f"f{(k + 1) % 5}"]
    model = load_same_fact_model()
    embedder = load_embedder()
    embedder.embed(texts[:8])  # warm-up

    start = time.perf_counter()
    vectors = embedder.embed(texts)
    t_embed = time.perf_counter() - start
    start = time.perf_counter()
    candidates = candidate_pairs(vectors, families)
    t_block = time.perf_counter() - start
    start = time.perf_counter()
    judgements = model.align(texts, families, vectors)
    t_align = time.perf_counter() - start
    all_pairs = len(texts) * (len(texts) - 1) // 2
    pairs = [(texts[i], texts[j]) for i, j, _ in candidates]
    start = time.perf_counter()
    pair_feature_matrix(pairs, [c for _, _, c in candidates])
    t_features = time.perf_counter() - start
    print(
        f"{len(texts)} sentences, {all_pairs} pairs, {len(candidates)} after blocking "
        f"({100 * len(candidates) / all_pairs:.1f}%), {len(judgements)} same-fact/conflict"
    )
    print(
        f"embedding {t_embed:.2f}s ({len(texts) / t_embed:.0f} sentences/s); blocking "
        f"{1000 * t_block:.1f} ms; align {t_align:.2f}s "
        f"({len(candidates) / t_align:.0f} candidate pairs/s incl. value comparison); "
        f"features alone {len(candidates) / t_features:.0f} pairs/s"
    )


if __name__ == "__main__":
    main()
