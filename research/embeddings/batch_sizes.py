"""Milliseconds per sentence of the packaged embedder for several batch sizes, research only.

    python research/embeddings/batch_sizes.py [--articles 60]

Two cases, on articles of the benchmark texts (``../shared/benchmarks``): one article's
sentences at a time (what the relate stage's judge does for a new article) and all of them in
one call (what it does for a batch of articles). The packaged ``BATCH_SIZE`` was chosen here.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import newsweave.nlp.embed as embed
from newsweave.bench.corpus import load_base_texts
from newsweave.nlp.sentences import split_sentences

SIZES = (4, 8, 16, 32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument("--benchmarks", type=Path, default=Path("../shared/benchmarks"))
    args = parser.parse_args()
    articles = []
    for base in load_base_texts(args.benchmarks)[::7][: args.articles]:
        text = "\n".join(base.paragraphs)
        sentences = [text[s:e] for s, e in split_sentences(text) if len(text[s:e].split()) >= 5]
        articles.append(sentences)
    embedder = embed.load_embedder()
    embedder.embed(articles[0])  # warm up
    count = sum(len(a) for a in articles)
    print(f"{len(articles)} articles, {count} sentences")
    for size in SIZES:
        embed.BATCH_SIZE = size
        started = time.perf_counter()
        for sentences in articles:
            embedder.embed(sentences)
        per_article = time.perf_counter() - started
        started = time.perf_counter()
        embedder.embed([s for sentences in articles for s in sentences])
        together = time.perf_counter() - started
        print(
            f"batch {size:2}: {per_article / count * 1000:.2f} ms a sentence one article at a time"
            f" ({per_article / len(articles) * 1000:.0f} ms an article),"
            f" {together / count * 1000:.2f} ms all at once"
        )


if __name__ == "__main__":
    main()
