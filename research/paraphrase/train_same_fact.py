"""Train the packaged "same fact" model on MSRP's TUNE part and write it as JSON.

    nice -n 10 python research/paraphrase/train_same_fact.py [--benchmarks ../shared/benchmarks]

Only the TUNE part (first id % 5 != 0) is read; the HELD-OUT part is never touched here. The
regularisation strength C and the decision threshold are chosen by 5-fold stratified
cross-validation (seed 0) on TUNE, maximising the F1 of "same fact" on out-of-fold predictions;
the model is then refitted on all of TUNE. Deterministic: the same data gives the same file.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from newsweave.eval.paraphrase import load_msrp, split_msrp
from newsweave.nlp.embed import load_embedder
from newsweave.stages.facts.pair_features import FEATURE_NAMES, pair_feature_matrix
from newsweave.stages.facts.similarity import MODEL_NAME, MODEL_PATH

REPO = Path(__file__).resolve().parents[2]
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
THRESHOLDS = np.round(np.arange(0.30, 0.701, 0.01), 2)


def best_threshold(y: np.ndarray, p: np.ndarray) -> tuple[float, float]:
    scores = [(f1_score(y, p >= t), -abs(t - 0.5), t) for t in THRESHOLDS]
    f1, _, t = max(scores)
    return float(t), float(f1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--benchmarks", type=Path, default=REPO / ".." / "shared" / "benchmarks")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()

    tune, _ = split_msrp(load_msrp(args.benchmarks / "paraphrase" / "msrp"))
    embedder = load_embedder()
    start = time.perf_counter()
    a = embedder.embed([p.text_a for p in tune])
    b = embedder.embed([p.text_b for p in tune])
    print(f"embedded {2 * len(tune)} sentences in {time.perf_counter() - start:.1f}s")
    x = pair_feature_matrix([(p.text_a, p.text_b) for p in tune], (a * b).sum(axis=1))
    y = np.array([p.label for p in tune], dtype=int)

    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
    results = []
    for c in C_GRID:
        model = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=10_000))
        p = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
        threshold, f1 = best_threshold(y, p)
        accuracy = float(accuracy_score(y, p >= threshold))
        print(f"C={c:<5} CV F1={100 * f1:.2f} acc={100 * accuracy:.2f} at threshold {threshold}")
        results.append((f1, -c, c, threshold, accuracy))
    f1, _, c, threshold, accuracy = max(results)

    scaler = StandardScaler().fit(x)
    classifier = LogisticRegression(C=c, max_iter=10_000).fit(scaler.transform(x), y)
    payload = {
        "name": MODEL_NAME,
        "kind": "logistic_regression",
        "trained_on": "MSRP train split, rows with int('#1 ID') % 5 != 0 (TUNE part)",
        "cross_validation": {
            "folds": 5, "seed": 0, "C": c, "f1": round(f1, 4), "accuracy": round(accuracy, 4),
        },
        "feature_names": list(FEATURE_NAMES),
        "mean": [round(float(v), 8) for v in scaler.mean_],
        "scale": [round(float(v), 8) for v in scaler.scale_],
        "coefficients": [round(float(v), 8) for v in classifier.coef_[0]],
        "intercept": round(float(classifier.intercept_[0]), 8),
        "threshold": threshold,
    }  # fmt: skip
    args.out.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"chose C={c}, threshold={threshold}; CV F1 {100 * f1:.2f}; wrote {args.out}")


if __name__ == "__main__":
    main()
