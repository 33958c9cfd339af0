"""Speed of feature extraction and story assignment.

python research/clustering/bench_speed.py features   # real benchmark articles, with embedding
python research/clustering/bench_speed.py index N    # N synthetic articles: batch, then single adds
python research/clustering/bench_speed.py growth 5000,10000,20000,50000   # growth exponent
python research/clustering/bench_speed.py restore N  # rebuild an index of N from features
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from common import load

from newsweave.eval.clustering import as_story_input
from newsweave.models.stories import ArticleFeatures
from newsweave.nlp.embed import DIMENSIONS, load_embedder
from newsweave.stages.cluster.features import embedding_text, extract_features, term_counts
from newsweave.stages.cluster.static_embed import load_static_embedder
from newsweave.stages.cluster.stories import StoryIndex


def timed(fn):  # type: ignore[no-untyped-def]
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def bench_features() -> None:
    inputs = [as_story_input(a) for a in load("ecbplus") + load("basil")]
    embedder = load_static_embedder()
    embedder.embed(["warm up"])
    n = len(inputs)
    _, wall, cpu = timed(lambda: [term_counts(a.title, a.text) for a in inputs])
    print(f"terms only:         {n / wall:7.0f} art/s wall ({n / cpu:.0f}/s per CPU-second)")
    _, wall, cpu = timed(lambda: embedder.embed([embedding_text(a) for a in inputs]))
    print(f"static embedding:   {n / wall:7.0f} art/s wall ({n / cpu:.0f}/s per CPU-second)")
    minilm = load_embedder()
    minilm.embed(["warm up"])
    _, wall, cpu = timed(lambda: minilm.embed([embedding_text(a, 40) for a in inputs]))
    print(f"MiniLM 40 words:    {n / wall:7.0f} art/s wall ({n / cpu:.0f}/s per CPU-second)")
    feats, wall, cpu = timed(lambda: extract_features(inputs, embedder))
    print(f"extract_features:   {n / wall:7.0f} art/s wall ({n / cpu:.0f}/s per CPU-second)")
    _, wall, cpu = timed(lambda: StoryIndex().add_many(feats))
    print(f"assignment (batch): {n / wall:7.0f} art/s wall")
    index = StoryIndex()
    _, wall, cpu = timed(lambda: [index.add(f) for f in feats])
    print(f"assignment (1 by 1):{n / wall:7.0f} art/s wall")


def synthetic(n: int, seed: int = 7) -> list[ArticleFeatures]:
    """n articles in events of ~5, with event-specific names and a Zipf-like shared vocabulary."""
    rng = np.random.default_rng(seed)
    events = max(1, n // 5)
    centroids = rng.standard_normal((events, DIMENSIONS)).astype(np.float32)
    vocabulary = [f"word{i}" for i in range(20000)]
    zipf = 1.0 / np.arange(1, len(vocabulary) + 1)
    zipf /= zipf.sum()
    start = date(2023, 1, 1)
    out = []
    for i in range(n):
        event = int(rng.integers(events))
        vector = centroids[event] + 0.8 * rng.standard_normal(DIMENSIONS).astype(np.float32)
        vector /= np.linalg.norm(vector)
        words = rng.choice(len(vocabulary), size=120, p=zipf)
        counts: dict[str, int] = {}
        for w in words:
            counts[vocabulary[w]] = counts.get(vocabulary[w], 0) + 1
        for k in range(6):
            counts[f"e:event{event}-name{k}"] = int(rng.integers(1, 4))
        out.append(
            ArticleFeatures(
                article_id=f"a{i:06d}",
                title=f"event {event}",
                published=start + timedelta(days=event % 700 + int(rng.integers(3))),
                source=f"outlet{i % 50}",
                terms=tuple(sorted(counts.items())),
                dates=(),
                places=(),
                embedding=vector.astype(np.float32),
            )
        )
    return out


def bench_index(n: int) -> None:
    feats = synthetic(n + 200)
    base, extra = feats[:n], feats[n:]
    index = StoryIndex()
    _, wall, _ = timed(lambda: index.add_many(base))
    stories = len(index.story_members())
    print(f"add_many {n} synthetic: {wall:.1f} s = {n / wall:.0f} art/s, {stories} stories")
    times = []
    for item in extra:
        _, wall, _ = timed(lambda item=item: index.add(item))
        times.append(wall * 1000)
    print(
        f"add one to {n}: median {np.median(times):.1f} ms, p95 {np.percentile(times, 95):.1f} ms"
    )


def bench_growth(sizes: list[int]) -> None:
    """Total add_many time per size, and the exponent b of time ~ n^b between sizes."""
    walls, cpus = [], []
    for n in sizes:
        feats = synthetic(n)  # events of ~5 at every size, as in a real feed
        index = StoryIndex()
        _, wall, cpu = timed(lambda index=index, feats=feats: index.add_many(feats))
        walls.append(wall)
        cpus.append(cpu)
        print(f"add_many {n}: {wall:.1f} s wall = {n / wall:.0f} art/s, {cpu:.1f} CPU-s")
    # CPU time is what the code costs; wall time also carries the other users' load.
    for label, times in (("wall", walls), ("cpu", cpus)):
        steps = [
            f"{np.log(t1 / t0) / np.log(n1 / n0):.2f}"
            for n0, t0, n1, t1 in zip(sizes, times, sizes[1:], times[1:], strict=False)
        ]
        overall = np.polyfit(np.log(sizes), np.log(times), 1)[0]
        print(f"exponent ({label}): steps {' '.join(steps)}, overall {overall:.2f}")


def bench_restore(n: int) -> None:
    feats = synthetic(n)
    index = StoryIndex()
    index.add_many(feats)
    order = {a: i for i, a in enumerate(index.article_ids())}
    ordered = sorted(feats, key=lambda f: order[f.article_id])
    members = {a: s for s, ids in index.story_members().items() for a in ids}
    lines = index.storylines()
    _, wall, _ = timed(lambda: StoryIndex.restore(ordered, members, lines))
    print(f"restore {n}: {wall:.1f} s (search graph rebuilt)")
    saved = index.neighbour_index_bytes()
    restored, wall, _ = timed(lambda: StoryIndex.restore(ordered, members, lines, None, saved))
    print(f"restore {n}: {wall:.1f} s with the saved search index ({len(saved) / 1e6:.0f} MB)")
    times = []
    for item in synthetic(n + 100)[n:]:
        _, wall, _ = timed(lambda item=item: restored.add(item))
        times.append(wall * 1000)
    print(f"then add one: median {np.median(times):.1f} ms, p95 {np.percentile(times, 95):.1f} ms")


if __name__ == "__main__":
    if sys.argv[1] == "features":
        bench_features()
    elif sys.argv[1] == "growth":
        bench_growth([int(n) for n in sys.argv[2].split(",")])
    elif sys.argv[1] == "restore":
        bench_restore(int(sys.argv[2]))
    else:
        bench_index(int(sys.argv[2]))
