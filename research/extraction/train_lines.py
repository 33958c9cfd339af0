"""Train the line classifiers on the AEB DEV pages and write them as JSON into the package.

    python research/extraction/train_lines.py            # both models
    python research/extraction/train_lines.py --model text

Two models: ``text`` (plain-text cleaner: text features only, for task (b) and scraped files) and
``html`` (text + markup features + trafilatura's vote, for task (a)). Each is gradient-boosted
trees (scikit-learn HistGradientBoostingClassifier, fixed seed), exported to JSON. A second
stage trained on stage 1's out-of-fold probabilities of neighbouring lines is tried and kept only
when the whole cleaner scores better with it (it did not, so far). Labels: lines whose tokens
align with the gold body (labels.py). The text model also trains on crops of each page
around its article (a scraped file often starts near the article), so that it does not learn that
the article never starts at the top. Only DEV pages are used; the printed DEV figures are
out-of-fold (folds grouped by outlet domain).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

from aeb import REPO, is_test
from dataset import PageData, domain, load_all

from newsweave.eval.metrics import PRF, macro_prf, shingle_prf
from newsweave.stages.clean.boilerplate import body_text, clean_plain_text
from newsweave.stages.clean.flatten import flatten_html, flatten_lines, parse_html
from newsweave.stages.clean.html_extract import select_body_lines
from newsweave.stages.clean.html_features import DOM_FEATURES
from newsweave.stages.clean.line_features import (
    CASCADE_FEATURES,
    TEXT_FEATURES,
    cascade_feature_matrix,
    text_feature_matrix,
)
from newsweave.stages.clean.line_model import LineModel, TreeEnsemble

OUT_DIR = REPO / "src" / "newsweave" / "stages" / "clean" / "data"
SEED = 20261121
# Per model, chosen by the DEV out-of-fold score of the whole pipeline. The text model is
# regularised (larger leaves, half the features per split): its errors varied most with small
# feature changes. The HTML model leans on trafilatura's vote and scored better unregularised.
PARAMS_BY_MODEL: dict[str, dict[str, float | int]] = {
    "text": {
        "max_iter": 200,
        "learning_rate": 0.05,
        "max_leaf_nodes": 16,
        "min_samples_leaf": 40,
        "l2_regularization": 2.0,
        "max_depth": 6,
        "max_features": 0.5,
    },
    "html": {
        "max_iter": 150,
        "learning_rate": 0.08,
        "max_leaf_nodes": 24,
        "min_samples_leaf": 20,
        "l2_regularization": 1.0,
        "max_depth": 7,
    },
}
# Decision thresholds. Line-level optima did not carry to the whole cleaner, so the text model's
# was chosen by the whole cleaner's DEV out-of-fold F1, averaged over six training seeds (one
# seed's figure moves by +-0.008 with the seed alone): flat from 0.3 to 0.4 (0.941-0.942), 0.939
# at 0.5; 0.4 is the end of the plateau that keeps the most precision. The HTML model's is as it
# was (task a unchanged).
THRESHOLD_BY_MODEL: dict[str, float] = {"text": 0.4, "html": 0.5}


def feature_names(mode: str) -> tuple[str, ...]:
    """The HTML model sees the markup features besides the text features."""
    return TEXT_FEATURES + (DOM_FEATURES if mode == "html" else ())


@dataclass(slots=True)
class Doc:
    page_id: str
    group: str
    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.bool_]
    lines: list[str]
    gold: str
    augmented: bool


def _crops(pd: PageData, rng: np.random.Generator, count: int) -> list[tuple[int, int]]:
    pos = np.flatnonzero(pd.labels)
    if len(pos) == 0:
        return []
    first, last, n = int(pos[0]), int(pos[-1]), len(pd.lines)
    out = []
    for _ in range(count):
        before = int(rng.choice([0, 0, 1, 2, 3, 5, 8, 15]))
        after = int(rng.choice([0, 0, 1, 2, 3, 5, 8, 15]))
        out.append((max(0, first - before), min(n, last + 1 + after)))
    return out


def build_docs(data: dict[str, PageData], mode: str, augment: int) -> list[Doc]:
    rng = np.random.default_rng(SEED)
    docs: list[Doc] = []
    for pid in sorted(data):
        pd = data[pid]
        if is_test(pid) or not pd.lines:
            continue
        group = domain(pd.page.url)
        x = text_feature_matrix(pd.lines, repeated_lines=pd.repeated)
        if mode == "html":
            x = np.hstack([x, pd.dom])
        docs.append(Doc(pid, group, x, pd.labels, pd.lines, pd.page.gold, False))
        if mode == "text":
            for lo, hi in _crops(pd, rng, augment):
                sub = pd.lines[lo:hi]
                xs = text_feature_matrix(sub, repeated_lines=pd.repeated)
                docs.append(Doc(pid, group, xs, pd.labels[lo:hi], sub, pd.page.gold, True))
    return docs


def _fit(
    x: npt.NDArray[np.float64], y: npt.NDArray[np.bool_], params: dict[str, float | int]
) -> HistGradientBoostingClassifier:
    clf = HistGradientBoostingClassifier(random_state=SEED, early_stopping=False, **params)
    clf.fit(x, y.astype(int))
    return clf


def _stack(docs: list[Doc], xs: list[npt.NDArray[np.float64]]) -> npt.NDArray[np.float64]:
    return np.vstack(xs) if xs else np.zeros((0, 0))


Fold = tuple[list[int], HistGradientBoostingClassifier]


def out_of_fold(
    docs: list[Doc],
    feats: list[npt.NDArray[np.float64]],
    folds: int,
    params: dict[str, float | int],
) -> tuple[list[npt.NDArray[np.float64]], list[Fold]]:
    """Out-of-fold probabilities per document (folds grouped by outlet domain)."""
    groups = np.array([d.group for d in docs])
    probs: list[npt.NDArray[np.float64]] = [np.zeros(0)] * len(docs)
    fitted: list[Fold] = []
    splitter = GroupKFold(n_splits=folds)
    for train_idx, test_idx in splitter.split(np.zeros(len(docs)), groups=groups):
        clf = _fit(
            np.vstack([feats[i] for i in train_idx]),
            np.concatenate([docs[i].y for i in train_idx]),
            params,
        )
        for i in test_idx:
            probs[i] = clf.predict_proba(feats[i])[:, 1]
        fitted.append((list(test_idx), clf))
    return probs, fitted


def pipeline_output(mode: str, model: LineModel, pd: PageData) -> str:
    """What the packaged pipeline returns for one page with ``model``."""
    if mode == "text":
        text = flatten_html(pd.page.html())
        # Each page alone, as ``newsweave eval extraction`` scores it: ``newsweave run`` would
        # give it its outlet's lines only from three stories of the outlet on, and AEB has two
        # pages a domain at most. The models still train with those lines (they score better
        # alone for it: research/extraction/NOTES.md).
        decisions = clean_plain_text(text, model=model)
        return body_text(text, decisions)
    root = parse_html(pd.page.html())
    lines = flatten_lines(root) if root is not None else []
    keep = select_body_lines(lines, pd.extracted, model)
    return "\n".join(line.text for line, k in zip(lines, keep, strict=True) if k)


def pipeline_oof(
    mode: str,
    docs: list[Doc],
    data: dict[str, PageData],
    names: tuple[str, ...],
    folds1: list[Fold],
    folds2: list[Fold] | None,
    threshold: float,
) -> PRF:
    """DEV out-of-fold score of the whole cleaner (rules and structure included)."""
    scores = []
    for k, (test_idx, clf1) in enumerate(folds1):
        stage2 = None
        if folds2 is not None:
            stage2 = TreeEnsemble.from_dict(export_trees(folds2[k][1], names + CASCADE_FEATURES))
        model = LineModel(
            mode, TreeEnsemble.from_dict(export_trees(clf1, names)), stage2, threshold, {}
        )
        for i in test_idx:
            if docs[i].augmented:
                continue
            pd = data[docs[i].page_id]
            scores.append(shingle_prf(pipeline_output(mode, model, pd), pd.page.gold))
    return macro_prf(scores)


def page_scores(docs: list[Doc], probs: list[npt.NDArray[np.float64]], threshold: float) -> float:
    prf = macro_prf(
        shingle_prf(
            "\n".join(t for t, p in zip(d.lines, pr, strict=True) if p >= threshold), d.gold
        )
        for d, pr in zip(docs, probs, strict=True)
        if not d.augmented
    )
    return prf.f1


def export_trees(clf: HistGradientBoostingClassifier, names: tuple[str, ...]) -> dict[str, object]:
    trees = []
    depth = 0
    for (predictor,) in clf._predictors:
        nodes = predictor.nodes
        leaf = nodes["is_leaf"].astype(bool)
        depth = max(depth, int(nodes["depth"].max()))
        trees.append(
            {
                "feature": [
                    -1 if lf else int(f) for f, lf in zip(nodes["feature_idx"], leaf, strict=True)
                ],
                "threshold": [
                    0.0 if lf else float(t)
                    for t, lf in zip(nodes["num_threshold"], leaf, strict=True)
                ],
                "left": [int(v) for v in nodes["left"]],
                "right": [int(v) for v in nodes["right"]],
                "missing_left": [bool(v) for v in nodes["missing_go_to_left"]],
                "value": [
                    float(round(v, 6)) if lf else 0.0
                    for v, lf in zip(nodes["value"], leaf, strict=True)
                ],
            }
        )
    return {
        "format": "newsweave-gbdt-v1",
        "features": list(names),
        "baseline": float(clf._baseline_prediction.ravel()[0]),
        "depth": depth + 1,
        "trees": trees,
    }


def train(mode: str, data: dict[str, PageData], folds: int, augment: int) -> dict[str, object]:
    params = PARAMS_BY_MODEL[mode]
    docs = build_docs(data, mode, augment)
    names = feature_names(mode)
    feats = [d.x for d in docs]
    p1, folds1 = out_of_fold(docs, feats, folds, params)
    feats2 = [np.hstack([d.x, cascade_feature_matrix(p)]) for d, p in zip(docs, p1, strict=True)]
    p2, folds2 = out_of_fold(docs, feats2, folds, params)
    grid = [round(t, 2) for t in np.arange(0.2, 0.81, 0.05)]
    f1_stage1 = {t: page_scores(docs, p1, t) for t in grid}
    f1_stage2 = {t: page_scores(docs, p2, t) for t in grid}
    best1 = max(grid, key=lambda t: (f1_stage1[t], -abs(t - 0.5)))
    best2 = max(grid, key=lambda t: (f1_stage2[t], -abs(t - 0.5)))
    threshold = THRESHOLD_BY_MODEL[mode]
    print(
        f"[{mode}] DEV out-of-fold line F1 (best threshold) stage1@{best1}="
        f"{f1_stage1[best1]:.4f} stage2@{best2}={f1_stage2[best2]:.4f}; at {threshold}: "
        f"{f1_stage1[threshold]:.4f} / {f1_stage2[threshold]:.4f}",
        flush=True,
    )
    # The cleaner's own rules and structure sit on top of the model: compare the two cascades
    # through the whole pipeline. Stage 2 costs a second pass at run time, so it must earn it.
    full1 = pipeline_oof(mode, docs, data, names, folds1, None, threshold)
    full2 = pipeline_oof(mode, docs, data, names, folds1, folds2, threshold)
    use_stage2 = full2.f1 > full1.f1 + 0.002
    full = full2 if use_stage2 else full1
    print(
        f"[{mode}] DEV out-of-fold pipeline stage1 F1={full1.f1:.4f}, stage2 F1={full2.f1:.4f}"
        f" -> stage 2 {'on' if use_stage2 else 'off'}: P={full.precision:.4f} "
        f"R={full.recall:.4f} F1={full.f1:.4f}",
        flush=True,
    )
    y = np.concatenate([d.y for d in docs])
    stage1 = _fit(np.vstack(feats), y, params)
    stage2 = _fit(np.vstack(feats2), y, params) if use_stage2 else None
    return {
        "name": mode,
        "threshold": threshold,
        "stage1": export_trees(stage1, names),
        "stage2": export_trees(stage2, names + CASCADE_FEATURES) if stage2 else None,
        "metadata": {
            "trained_on": "AEB DEV pages (ids with int(id[:2], 16) % 4 != 0)",
            "pages": len({d.page_id for d in docs}),
            "lines": len(y),
            "params": params,
            "seed": SEED,
            "augment_crops": augment if mode == "text" else 0,
            "dev_oof_pipeline": {
                "precision": round(full.precision, 4),
                "recall": round(full.recall, 4),
                "f1": round(full.f1, 4),
            },
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=["text", "html", "both"], default="both")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--augment", type=int, default=3)
    args = parser.parse_args()
    data = load_all()
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    for mode in ["text", "html"] if args.model == "both" else [args.model]:
        model = train(mode, data, args.folds, args.augment)
        path = OUT_DIR / f"lines_{mode}.json"
        path.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
        print(f"wrote {path.relative_to(REPO)} ({path.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    main()
