"""Stories of one storyline whose names do not fall apart (TUNE only): python merge_lab.py

For each pair of predicted stories in one predicted storyline, the normalised cut of the
partition the two stories make, over the names and numbers of their members (weighed as
``splits.name_vectors`` weighs them, on the union), printed with whether gold calls the two
one event, and the B3-F1 of merging the pairs below each limit.
"""

from __future__ import annotations

import itertools
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from tune import tune_data

from newsweave.eval.clustering import cluster
from newsweave.eval.metrics import cluster_scores
from newsweave.stages.cluster.splits import name_terms, name_vectors


def partition_ncut(vectors, first):
    weights = np.clip(vectors @ vectors.T, 0.0, None)
    np.fill_diagonal(weights, 0.0)
    inside = np.zeros(len(vectors), dtype=bool)
    inside[first] = True
    across = weights[inside][:, ~inside].sum()
    va, vb = weights[inside].sum(), weights[~inside].sum()
    if va == 0 or vb == 0:
        return 0.0
    return across / va + across / vb


MIN = int(sys.argv[1]) if len(sys.argv) > 1 else 1
GAP = int(sys.argv[2]) if len(sys.argv) > 2 else 10**6


def find(parent, x):
    while parent.get(x, x) != x:
        x = parent[x]
    return x


def main():
    for name, (arts, feats) in tune_data().items():
        gold = {a.article_id: a.event for a in arts}
        by_id = {f.article_id: f for f in feats}
        stories, lines = cluster(feats, "batch")
        members = defaultdict(list)
        for a, s in sorted(stories.items()):
            members[s].append(a)
        by_line = defaultdict(set)
        for a, s in stories.items():
            by_line[lines[a]].add(s)
        pairs = []
        for ss in by_line.values():
            for s, t in itertools.combinations(sorted(ss), 2):
                items = [name_terms(by_id[a]) for a in members[s] + members[t]]
                v = name_vectors(items, lambda term: 1.0)
                nc = partition_ncut(v, list(range(len(members[s]))))
                gs = Counter(gold[a] for a in members[s]).most_common(1)[0][0]
                gt = Counter(gold[a] for a in members[t]).most_common(1)[0][0]
                ds = [by_id[a].published for a in members[s] if by_id[a].published]
                dt = [by_id[a].published for a in members[t] if by_id[a].published]
                if ds and dt and min(abs((x - y).days) for x in ds for y in dt) > GAP:
                    continue
                pairs.append((nc, s, t, len(members[s]), len(members[t]), gs == gt))
        base = cluster_scores(stories, gold).bcubed.f1
        print(f"{name}: base {base:.3f}, {len(pairs)} pairs")
        for nc, _, _, ns, nt, same in sorted(pairs, reverse=True)[:25]:
            print(f"  {nc:.3f} {ns}+{nt} same={same}")
        for limit in (1.2, 1.1, 1.0, 0.9, 0.8, 0.7, 0.6):
            parent: dict[str, str] = {}
            for nc, s, t, ns, nt, _ in pairs:
                if nc >= limit and min(ns, nt) >= MIN:
                    parent[find(parent, t)] = find(parent, s)
            merged = {a: find(parent, s) for a, s in stories.items()}
            print(f"  ncut>={limit}: {cluster_scores(merged, gold).bcubed.f1:.3f}")


if __name__ == "__main__":
    main()
