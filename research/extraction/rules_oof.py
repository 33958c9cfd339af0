"""Score a change to the plain-text cleaner's rules on the AEB DEV pages, out of fold.

    python research/extraction/rules_oof.py NAME [--base NAME] [--folds PATH]

The line model does not read the rules' output, so a rule can be judged without retraining: the
five fold models of ``train_lines.py`` (folds grouped by outlet, text model) are trained once and
kept in ``--folds`` (default: a file in the system's temporary folder), then each run scores the
whole cleaner (``pipeline_output``) on every DEV page with the fold model that never saw it. The
per-page scores are kept as ``NAME``; ``--base`` lists the pages whose F1 moved against an
earlier run. Only DEV pages are read; the test pages stay out of any choice.

Fold models trained on another machine differ (float sums in scikit-learn's histogram builder),
so runs compare with each other only on one machine and one folds file.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import tempfile
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent))

import train_lines
from dataset import PageData, load_all

from newsweave.eval.metrics import PRF, macro_prf, shingle_prf
from newsweave.stages.clean.line_model import LineModel, TreeEnsemble

MODE = "text"
RUNS = Path(tempfile.gettempdir()) / "newsweave-rules-oof"


def fold_models(data: dict[str, PageData], path: Path) -> list[tuple[list[str], dict[str, object]]]:
    """(DEV page ids, exported trees) of each fold, trained once and kept at ``path``."""
    if path.exists():
        with path.open("rb") as fh:
            cached: list[tuple[list[str], dict[str, object]]] = pickle.load(fh)
            return cached
    docs = train_lines.build_docs(data, MODE, 3)
    names = train_lines.feature_names(MODE)
    groups = np.array([d.group for d in docs])
    folds = []
    for train, test in GroupKFold(n_splits=5).split(np.zeros(len(docs)), groups=groups):
        x = np.vstack([docs[i].x for i in train])
        y = np.concatenate([docs[i].y for i in train])
        clf = train_lines._fit(x, y, train_lines.PARAMS_BY_MODEL[MODE])
        folds.append(
            (sorted({docs[i].page_id for i in test}), train_lines.export_trees(clf, names))
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        pickle.dump(folds, fh)
    return folds


def score(
    data: dict[str, PageData], folds: list[tuple[list[str], dict[str, object]]]
) -> dict[str, PRF]:
    out = {}
    for page_ids, trees in folds:
        model = LineModel(
            MODE, TreeEnsemble.from_dict(trees), None, train_lines.THRESHOLD_BY_MODEL[MODE], {}
        )
        for page_id in page_ids:
            page = data[page_id]
            out[page_id] = shingle_prf(
                train_lines.pipeline_output(MODE, model, page), page.page.gold
            )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--base")
    parser.add_argument("--folds", type=Path, default=RUNS / "folds.pkl")
    args = parser.parse_args()
    data = load_all()
    scores = score(data, fold_models(data, args.folds))
    RUNS.mkdir(parents=True, exist_ok=True)
    with (RUNS / f"run_{args.name}.pkl").open("wb") as fh:
        pickle.dump(scores, fh)
    total = macro_prf(scores.values())
    print(
        f"{args.name}: P={total.precision:.4f} R={total.recall:.4f} F1={total.f1:.4f}"
        f" ({len(scores)} DEV pages)"
    )
    if args.base:
        with (RUNS / f"run_{args.base}.pkl").open("rb") as fh:
            base: dict[str, PRF] = pickle.load(fh)
        for page_id in sorted(scores, key=lambda p: scores[p].f1 - base[p].f1):
            if abs(scores[page_id].f1 - base[page_id].f1) > 0.0005:
                print(
                    f"  {page_id[:8]} {base[page_id].f1:.3f} -> {scores[page_id].f1:.3f}"
                    f"  {data[page_id].page.url[:80]}"
                )


if __name__ == "__main__":
    main()
