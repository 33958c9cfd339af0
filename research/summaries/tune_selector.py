"""Grid search of the selector's weights on NeuS's TUNE part (line index % 3 != 0).

    nice -n 10 python research/summaries/tune_selector.py [--benchmarks ../shared/benchmarks]

The HELD-OUT part is never read. Objective: the mean of ROUGE-1, -2 and -L F-measure with the
evaluation budget (3 sentences). Prints the baselines, the default weights and the best grid
points; the chosen weights are copied by hand into ``SelectorWeights``'s defaults.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import time
from dataclasses import replace
from pathlib import Path

from newsweave.eval.rouge import RougeScores
from newsweave.eval.summaries import load_neus, prepare_example, score_systems, split_neus
from newsweave.stages.summarize.models import SelectorWeights

REPO = Path(__file__).resolve().parents[2]


def objective(s: RougeScores) -> float:
    return (s.rouge1.fmeasure + s.rouge2.fmeasure + s.rougeL.fmeasure) / 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--benchmarks", type=Path, default=REPO / ".." / "shared" / "benchmarks")
    parser.add_argument("--cache", type=Path, help="pickle of prepared examples (speeds re-runs)")
    args = parser.parse_args()
    tune, _ = split_neus(load_neus(args.benchmarks / "summaries" / "neus"))
    start = time.perf_counter()
    if args.cache and args.cache.exists():
        prepared = pickle.loads(args.cache.read_bytes())  # our own file from an earlier run
    else:
        prepared = [prepare_example(e) for e in tune]
        if args.cache:
            args.cache.write_bytes(pickle.dumps(prepared))
    print(f"prepared {len(prepared)} TUNE examples in {time.perf_counter() - start:.0f}s")
    for row in score_systems("TUNE", prepared):
        print(
            f"{row.system:<15} obj={100 * objective(row.scores):.2f} "
            f"R1={100 * row.scores.rouge1.fmeasure:.2f} R2={100 * row.scores.rouge2.fmeasure:.2f} "
            f"RL={100 * row.scores.rougeL.fmeasure:.2f} words={row.mean_words:.1f}"
        )
    base = SelectorWeights()
    results = []
    grid = itertools.product(
        (0.0, 1.0),  # support
        (1.0, 2.0, 3.0),  # centrality
        (0.25, 0.5),  # position
        (0.0, 0.5, 1.0),  # lexrank
        (0.3, 0.7),  # redundancy
    )
    for support, centrality, position, lexrank, redundancy in grid:
        weights = replace(
            base,
            support=support,
            centrality=centrality,
            position=position,
            headline=0.0,
            quote=0.0,
            lexrank=lexrank,
            redundancy=redundancy,
        )
        row = score_systems("TUNE", prepared, ("newsweave",), weights=weights)[0]
        results.append((objective(row.scores), weights, row))
    results.sort(key=lambda r: -r[0])
    for value, weights, row in results[:15]:
        print(
            f"obj={100 * value:.2f} R1={100 * row.scores.rouge1.fmeasure:.2f} "
            f"R2={100 * row.scores.rouge2.fmeasure:.2f} RL={100 * row.scores.rougeL.fmeasure:.2f} "
            f"support={weights.support} centrality={weights.centrality} "
            f"position={weights.position} lexrank={weights.lexrank} "
            f"redundancy={weights.redundancy}"
        )


if __name__ == "__main__":
    main()
