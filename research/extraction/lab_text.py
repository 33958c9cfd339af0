"""DEV out-of-fold laboratory for the plain-text cleaner (task b), research only.

    python research/extraction/lab_text.py --seeds 0,1,2,3,4,5   # mean DEV oof over six seeds
    python research/extraction/lab_text.py --show PAGE_ID        # one DEV page, out of fold
    python research/extraction/lab_text.py --params '{"max_leaf_nodes": 8}' --threshold 0.5

The stage-1 fold models (folds grouped by outlet domain, as in ``train_lines.py``) are cached in
/tmp keyed by features, parameters and seed, so that a change to the cleaner's page-level steps
(``regions.py``, ``boilerplate.py``) is measured in seconds. One seed's DEV figure moves by about
+-0.008 with the training seed alone (crops and feature sampling), so changes are judged on the
mean over several seeds. Seed 0 is ``train_lines.SEED`` (the packaged model's). Only DEV pages
are read; TEST pages are never scored here. Pages are scored alone, without the lines they share
with the other page of their domain, as ``newsweave eval extraction`` scores them
(``--serve-outlet`` gives them those lines, as the models are trained).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_lines
from aeb import is_test
from dataset import PageData, load_all
from train_lines import (
    PARAMS_BY_MODEL,
    THRESHOLD_BY_MODEL,
    build_docs,
    export_trees,
    feature_names,
    out_of_fold,
)

from newsweave.eval.metrics import PRF, macro_prf, shingle_prf
from newsweave.stages.clean.boilerplate import body_text, clean_plain_text
from newsweave.stages.clean.line_features import CASCADE_FEATURES, cascade_feature_matrix
from newsweave.stages.clean.line_model import LineModel, TreeEnsemble

DEFAULT_SEED = train_lines.SEED
Trees = dict[str, object]
FoldTrees = dict[str, tuple[Trees, Trees | None]]


def fold_models(
    data: dict[str, PageData],
    params: dict[str, float | int],
    augment: int,
    folds: int,
    stage2: bool = False,
) -> FoldTrees:
    """page id -> exported trees (stage 1, stage 2 or None) of the fold that did not see it."""
    key = hashlib.sha1(
        json.dumps(
            [feature_names("text"), params, augment, folds, train_lines.SEED, stage2]
            + (["no-outlet"] if not any(pd.repeated for pd in data.values()) else []),
            sort_keys=True,
        ).encode()
    ).hexdigest()[:12]
    cache = Path(f"/tmp/newsweave_lab_folds_{key}.pkl")
    if cache.exists():
        with cache.open("rb") as fh:
            cached: FoldTrees = pickle.load(fh)
            return cached
    docs = build_docs(data, "text", augment)
    p1, fitted = out_of_fold(docs, [d.x for d in docs], folds, params)
    fitted2 = None
    if stage2:
        feats2 = [
            np.hstack([d.x, cascade_feature_matrix(p)]) for d, p in zip(docs, p1, strict=True)
        ]
        _, fitted2 = out_of_fold(docs, feats2, folds, params)
    out: FoldTrees = {}
    for k, (test_idx, clf) in enumerate(fitted):
        trees = export_trees(clf, feature_names("text"))
        trees2 = None
        if fitted2 is not None:
            trees2 = export_trees(fitted2[k][1], feature_names("text") + CASCADE_FEATURES)
        for i in test_idx:
            out[docs[i].page_id] = (trees, trees2)
    with cache.open("wb") as fh:
        pickle.dump(out, fh)
    return out


def merge_ensembles(parts: list[Trees]) -> Trees:
    """One ensemble whose margin is the mean of the parts' margins (a bag of boosted models)."""
    k = len(parts)
    trees = []
    for part in parts:
        for tree in part["trees"]:  # type: ignore[attr-defined]
            scaled = dict(tree)
            scaled["value"] = [v / k for v in tree["value"]]
            trees.append(scaled)
    return {
        "format": parts[0]["format"],
        "features": parts[0]["features"],
        "baseline": sum(float(p["baseline"]) for p in parts) / k,  # type: ignore[arg-type]
        "depth": max(int(p["depth"]) for p in parts),  # type: ignore[call-overload]
        "trees": trees,
    }


def bagged_fold_models(
    data: dict[str, PageData],
    params: dict[str, float | int],
    augment: int,
    folds: int,
    bag: int,
    seed: int,
) -> FoldTrees:
    """Stage-1 fold models averaged over ``bag`` training seeds."""
    parts = []
    for j in range(bag):
        train_lines.SEED = (seed * 1000 + j) % 2**31
        parts.append(fold_models(data, params, augment, folds))
    merged: dict[int, Trees] = {}
    out: FoldTrees = {}
    for pid in parts[0]:
        key = id(parts[0][pid][0])
        if key not in merged:
            merged[key] = merge_ensembles([p[pid][0] for p in parts])
        out[pid] = (merged[key], None)
    return out


def score_seed(
    data: dict[str, PageData], params: dict[str, float | int], args: argparse.Namespace
) -> dict[str, PRF]:
    if args.bag > 1:
        trees = bagged_fold_models(
            data, params, args.augment, args.folds, args.bag, train_lines.SEED
        )
    else:
        trees = fold_models(data, params, args.augment, args.folds, args.stage2)
    models: dict[int, LineModel] = {}
    scores = {}
    for pid in sorted(data):
        pd = data[pid]
        if args.show and pid != args.show:
            continue
        tr = trees.get(pid)
        if tr is None:
            continue
        model = models.setdefault(
            id(tr[0]),
            LineModel(
                "text",
                TreeEnsemble.from_dict(tr[0]),
                TreeEnsemble.from_dict(tr[1]) if tr[1] else None,
                args.threshold,
                {},
            ),
        )
        text = "\n".join(pd.lines)
        # ``newsweave run`` gives a page its outlet's repeated lines only from three stories of
        # the outlet on (clean.stage.REPEATED_MIN_STORIES); AEB has at most two pages a
        # domain, so ``newsweave eval extraction`` scores each page alone, and so does this.
        served = pd.repeated if args.serve_outlet else frozenset()
        decisions = clean_plain_text(text, repeated_lines=served, model=model)
        scores[pid] = shingle_prf(body_text(text, decisions), pd.page.gold)
        if args.show:
            for d, lab in zip(decisions, pd.labels, strict=True):
                mark = ("+" if d.keep else "-") + ("G" if lab else " ")
                print(f"{mark} {d.score:.2f} {d.kind[:10]:<10} {text[d.start : d.end][:110]}")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", default="", help="print one DEV page's decisions")
    parser.add_argument("--worst", type=int, default=15, help="list this many worst pages")
    parser.add_argument("--augment", type=int, default=3)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=THRESHOLD_BY_MODEL["text"])
    parser.add_argument("--params", default="", help="JSON overrides of the text params")
    parser.add_argument("--seeds", default="0", help="comma-separated training seeds")
    parser.add_argument("--bag", type=int, default=1, help="average this many seeds' models")
    parser.add_argument("--stage2", action="store_true", help="the two-stage cascade")
    parser.add_argument("--save", default="", help="per-page scores to this path (SEED -> seed)")
    parser.add_argument(
        "--serve-outlet",
        action="store_true",
        help="score each page with its outlet's lines (other pages of its domain)",
    )
    parser.add_argument(
        "--train-alone", action="store_true", help="train without the outlet's lines too"
    )
    args = parser.parse_args()
    seeds = [int(x) for x in args.seeds.split(",")]
    params = dict(PARAMS_BY_MODEL["text"])
    if args.params:
        params.update(json.loads(args.params))
    data = {pid: pd for pid, pd in load_all().items() if not is_test(pid)}
    if args.train_alone:
        for pd in data.values():
            pd.repeated = frozenset()
    per_seed = []
    for seed in seeds:
        train_lines.SEED = seed or DEFAULT_SEED
        scores = score_seed(data, params, args)
        prf = macro_prf(scores.values())
        per_seed.append(prf)
        print(
            f"seed {seed}: DEV oof n={len(scores)} P={prf.precision:.4f} R={prf.recall:.4f} "
            f"F1={prf.f1:.4f}",
            flush=True,
        )
        for pid, s in sorted(scores.items(), key=lambda kv: kv[1].f1)[: args.worst]:
            print(
                f"  {pid} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} "
                f"{data[pid].page.url[:70]}"
            )
        if args.save:
            Path(args.save.replace("SEED", str(seed))).write_text(
                json.dumps(
                    {pid: [s.precision, s.recall, s.f1] for pid, s in scores.items()}, indent=0
                )
            )
    if len(per_seed) > 1:
        f1 = [p.f1 for p in per_seed]
        print(
            f"MEAN over seeds {seeds}: F1={sum(f1) / len(f1):.4f} "
            f"(min {min(f1):.4f}, max {max(f1):.4f}) "
            f"P={sum(p.precision for p in per_seed) / len(f1):.4f} "
            f"R={sum(p.recall for p in per_seed) / len(f1):.4f}"
        )


if __name__ == "__main__":
    main()
