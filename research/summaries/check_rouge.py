"""Compare newsweave.eval.rouge with the rouge-score package (run in a venv that has it).

    python research/summaries/check_rouge.py   # needs `pip install rouge-score` (not a dependency)

Candidates: the first 60 words of each NeuS TUNE source (TITLE/ARTICLE markers removed); references:
the editors' summaries. Prints the mean absolute difference per metric, stemmed and unstemmed.
"""

from __future__ import annotations

from pathlib import Path

from rouge_score import rouge_scorer  # type: ignore[import-not-found]

from newsweave.eval.rouge import rouge_scores
from newsweave.eval.summaries import load_neus, split_neus

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    tune, _ = split_neus(load_neus(REPO / ".." / "shared" / "benchmarks" / "summaries" / "neus"))
    for stem in (True, False):
        scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=stem)
        diffs = {"rouge1": 0.0, "rouge2": 0.0, "rougeL": 0.0}
        means = {"rouge1": [0.0, 0.0], "rouge2": [0.0, 0.0], "rougeL": [0.0, 0.0]}
        for example in tune:
            candidate = " ".join(" ".join(example.articles).split()[:60])
            ours = rouge_scores(candidate, example.target_summary, stem=stem)
            theirs = scorer.score(example.target_summary, candidate)
            for name in diffs:
                mine = getattr(ours, name).fmeasure
                diffs[name] += abs(mine - theirs[name].fmeasure) / len(tune)
                means[name][0] += mine / len(tune)
                means[name][1] += theirs[name].fmeasure / len(tune)
        print(
            f"stem={stem}: mean |ours - rouge-score| F: "
            + ", ".join(
                f"{k} {100 * v:.3f} (ours {100 * means[k][0]:.2f} vs {100 * means[k][1]:.2f})"
                for k, v in diffs.items()
            )
        )


if __name__ == "__main__":
    main()
