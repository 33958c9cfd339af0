"""Split stories that hold two events (TUNE only): python split_lab.py [oracle] [k=v ...]

After clustering, each story of at least ``min_size`` members is cut in two by average-linkage
over its members' TF-IDF vectors (IDF of the whole part); the cut is kept when the two halves
are far apart relative to their own cohesion. Prints B3-F1 of ECB+ events and BASIL events
before and after, for a grid of ratios.
"""

from __future__ import annotations

import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from tune import tune_data

from newsweave.eval.clustering import cluster
from newsweave.eval.metrics import cluster_scores


def tfidf(feats, kinds):
    df = Counter()
    for f in feats:
        df.update({t for t, _ in f.terms if kinds(t)})
    n = len(feats)
    vecs = {}
    for f in feats:
        v = {t: (1 + math.log(c)) * math.log(n / df[t]) for t, c in f.terms if kinds(t)}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        vecs[f.article_id] = {t: x / norm for t, x in v.items()}
    return vecs


def local_vectors(ms, feats_by_id, kinds, vecs, how):
    """Re-weigh each member's terms by how much they tell the story's members apart."""
    n = len(ms)
    df = Counter()
    for a in ms:
        df.update(vecs[a].keys())
    out = {}
    for a in ms:
        if how == "idf":
            v = {t: x * math.log((n + 1) / df[t]) for t, x in vecs[a].items() if df[t] > 1}
        elif how == "idf1":
            v = {t: x * math.log((n + 1) / df[t]) for t, x in vecs[a].items()}
        else:
            v = {t: x for t, x in vecs[a].items() if 1 < df[t] < n * float(how)}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out[a] = {t: x / norm for t, x in v.items()}
    return out


def cos(a, b):
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(t, 0.0) for t, x in a.items())


def two_way(members, sim):
    """Average-linkage down to two groups; returns (groups, within means, between mean)."""
    groups = [[m] for m in members]
    while len(groups) > 2:
        best, pair = -2.0, None
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                s = np.mean([sim[a][b] for a in groups[i] for b in groups[j]])
                if s > best:
                    best, pair = s, (i, j)
        i, j = pair
        groups[i] = groups[i] + groups[j]
        del groups[j]

    def within(g):
        if len(g) < 2:
            return 1.0
        return np.mean([sim[a][b] for a in g for b in g if a < b])

    between = np.mean([sim[a][b] for a in groups[0] for b in groups[1]])
    return groups, (within(groups[0]), within(groups[1])), between


def spectral(members, sim):
    """Normalised-cut bisection: the sign of the Fiedler vector of the similarity graph."""
    n = len(members)
    w = np.array([[max(sim[a][b], 0.0) if a != b else 0.0 for b in members] for a in members])
    d = w.sum(1) + 1e-9
    lap = np.eye(n) - w / np.sqrt(np.outer(d, d))
    _, vecs = np.linalg.eigh(lap)
    f = vecs[:, 1] / np.sqrt(d)
    # best threshold along the sorted Fiedler vector by normalised cut
    order = np.argsort(f, kind="stable")
    best, cut = 9.0, None
    for k in range(1, n):
        a, b = order[:k], order[k:]
        c = w[np.ix_(a, b)].sum()
        nc = c / d[a].sum() + c / d[b].sum()
        if nc < best:
            best, cut = nc, k
    g1 = [members[i] for i in order[:cut]]
    g2 = [members[i] for i in order[cut:]]
    return [g1, g2], best


def main(argv):
    opts = dict(a.split("=") for a in argv if "=" in a)
    min_size = int(opts.get("min_size", 6))
    min_part = int(opts.get("min_part", 2))
    kinds_name = opts.get("kinds", "all")
    kinds = {
        "all": lambda t: True,
        "names": lambda t: t.startswith(("e:", "#")),
    }[kinds_name]
    data = tune_data()
    for name, (arts, feats) in data.items():
        gold = {a.article_id: a.event for a in arts}
        stories, _ = cluster(feats, "batch")
        base = cluster_scores(stories, gold).bcubed
        vecs = tfidf(feats, kinds)
        feats_by_id = {f.article_id: f for f in feats}
        members = defaultdict(list)
        for a, s in stories.items():
            members[s].append(a)
        cuts = []
        for s, ms in members.items():
            if len(ms) < min_size:
                continue
            ms = sorted(ms)
            if opts.get("local"):
                vs = local_vectors(ms, feats_by_id, kinds, vecs, opts["local"])
            else:
                vs = vecs
            sim = {a: {b: cos(vs[a], vs[b]) for b in ms} for a in ms}
            if opts.get("method") == "ncut":
                groups, nc = spectral(ms, sim)
                w1 = w2 = 1.0
                b = nc
            else:
                groups, (w1, w2), b = two_way(ms, sim)
            if min(len(groups[0]), len(groups[1])) < min_part:
                continue
            ratio = b / max(min(w1, w2), 1e-9)
            purity = [Counter(gold[a] for a in g).most_common(1)[0][0] for g in groups]
            mixed = len({gold[a] for a in ms}) > 1
            cuts.append((ratio, s, groups, w1, w2, b, purity, mixed))
        print(f"{name}: base B3 P {base.precision:.3f} R {base.recall:.3f} F {base.f1:.3f}")
        for ratio, _, groups, w1, w2, b, purity, mixed in sorted(cuts):
            print(
                f"  {ratio:.3f} w {w1:.2f}/{w2:.2f} b {b:.2f} sizes {len(groups[0])}/"
                f"{len(groups[1])} gold {purity} mixed={mixed}"
            )
        limits = opts.get("limits", "0.2,0.25,0.3,0.35,0.4,0.45,0.5,0.6")
        for limit in [float(x) for x in limits.split(",")]:
            out = dict(stories)
            for ratio, s, groups, *_ in cuts:
                if ratio < limit:
                    for a in groups[1]:
                        out[a] = s + "/b"
            sc = cluster_scores(out, gold).bcubed
            print(f"  ratio<{limit}: P {sc.precision:.3f} R {sc.recall:.3f} F {sc.f1:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
