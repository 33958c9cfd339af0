"""``newsweave eval clustering``: stories and storylines scored on ECB+ and BASIL.

Each dataset part (TUNE, HELD-OUT, and ALL) is clustered on its own, twice: fed as one batch
(``StoryIndex.add_many``) and fed one article at a time in date order (``StoryIndex.add``; ECB+
has no publication dates, so its order is the document id order). Stories are scored against
the gold events, storylines (ECB+) against the gold topics, with pairwise and B-cubed P/R/F1 and
the adjusted Rand index.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsweave.eval.clustering_data import LabelledArticle, load_basil, load_ecbplus
from newsweave.eval.metrics import ClusterScores, cluster_scores
from newsweave.models.stories import ArticleFeatures, StoryInput
from newsweave.stages.cluster.features import TextEmbedder, extract_features
from newsweave.stages.cluster.stories import ClusterParams, StoryIndex, batch_order_key

PARTS = ("TUNE", "HELD-OUT", "ALL")
MODES = ("batch", "incremental")


@dataclass(frozen=True, slots=True)
class ClusteringRow:
    """Scores of one dataset part, feeding mode and level (``event`` or ``storyline``)."""

    dataset: str
    part: str
    mode: str
    level: str
    articles: int
    gold_clusters: int
    predicted_clusters: int
    scores: ClusterScores


@dataclass(frozen=True, slots=True)
class ClusteringReport:
    rows: tuple[ClusteringRow, ...]

    def row(self, dataset: str, part: str, mode: str, level: str) -> ClusteringRow:
        for row in self.rows:
            if (row.dataset, row.part, row.mode, row.level) == (dataset, part, mode, level):
                return row
        raise KeyError((dataset, part, mode, level))


def evaluate_clustering(
    ecbplus_root: Path | None,
    basil_root: Path | None,
    params: ClusterParams | None = None,
    embedder: TextEmbedder | None = None,
    progress: Callable[[str], None] | None = None,
) -> ClusteringReport:
    """Score story and storyline clustering on the datasets whose roots are given."""
    rows: list[ClusteringRow] = []
    datasets: list[tuple[str, list[LabelledArticle]]] = []
    if ecbplus_root is not None:
        datasets.append(("ecbplus", load_ecbplus(ecbplus_root)))
    if basil_root is not None:
        datasets.append(("basil", load_basil(basil_root)))
    for name, articles in datasets:
        if progress:
            progress(f"{name}: features of {len(articles)} articles")
        features = extract_features([as_story_input(a) for a in articles], embedder)
        rows.extend(score_dataset(name, articles, features, params))
    return ClusteringReport(tuple(rows))


def as_story_input(article: LabelledArticle) -> StoryInput:
    return StoryInput(
        article_id=article.article_id,
        title=article.title,
        text=article.text,
        published=article.published,
        source=article.source,
    )


def score_dataset(
    name: str,
    articles: Sequence[LabelledArticle],
    features: Sequence[ArticleFeatures],
    params: ClusterParams | None = None,
) -> list[ClusteringRow]:
    """Rows for every part and mode of one dataset, from precomputed features."""
    rows: list[ClusteringRow] = []
    by_id = {f.article_id: f for f in features}
    for part in PARTS:
        chosen = [a for a in articles if _in_part(a, part)]
        if not chosen:
            continue
        part_features = [by_id[a.article_id] for a in chosen]
        for mode in MODES:
            stories, lines = cluster(part_features, mode, params)
            rows.append(_row(name, part, mode, "event", chosen, stories, lambda a: a.event))
            if all(a.storyline is not None for a in chosen):
                rows.append(
                    _row(name, part, mode, "storyline", chosen, lines, lambda a: str(a.storyline))
                )
    return rows


def cluster(
    features: Sequence[ArticleFeatures], mode: str, params: ClusterParams | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """``article -> story`` and ``article -> storyline`` for one feeding mode."""
    index = StoryIndex(params)
    # As the clustering stage does: the index may look up any added article's features.
    members = {f.article_id: f for f in features}
    if mode == "batch":
        index.add_many(features, members)
    else:
        for item in sorted(features, key=batch_order_key):
            index.add(item, members)
    stories = {f.article_id: index.assignment(f.article_id).story_id for f in features}
    lines = {a: index.storyline_of(s) for a, s in stories.items()}
    return stories, lines


def _in_part(article: LabelledArticle, part: str) -> bool:
    if part == "ALL":
        return True
    return article.held_out == (part == "HELD-OUT")


def _row(
    dataset: str,
    part: str,
    mode: str,
    level: str,
    articles: Sequence[LabelledArticle],
    predicted: dict[str, str],
    gold_of: Callable[[LabelledArticle], str],
) -> ClusteringRow:
    gold: dict[Hashable, Hashable] = {a.article_id: gold_of(a) for a in articles}
    guess: dict[Hashable, Hashable] = {a.article_id: predicted[a.article_id] for a in articles}
    return ClusteringRow(
        dataset=dataset,
        part=part,
        mode=mode,
        level=level,
        articles=len(articles),
        gold_clusters=len(set(gold.values())),
        predicted_clusters=len(set(guess.values())),
        scores=cluster_scores(guess, gold),
    )


def format_report(report: ClusteringReport) -> str:
    """A fixed-width table, one line per row."""
    header = (
        f"{'dataset':8} {'part':9} {'mode':11} {'level':9} {'n':>4} {'gold':>4} {'pred':>4} "
        f"{'pw-P':>6} {'pw-R':>6} {'pw-F1':>6} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'ARI':>6}"
    )
    lines = [header]
    for r in report.rows:
        s = r.scores
        lines.append(
            f"{r.dataset:8} {r.part:9} {r.mode:11} {r.level:9} {r.articles:>4} "
            f"{r.gold_clusters:>4} {r.predicted_clusters:>4} "
            f"{s.pairwise.precision:6.3f} {s.pairwise.recall:6.3f} {s.pairwise.f1:6.3f} "
            f"{s.bcubed.precision:6.3f} {s.bcubed.recall:6.3f} {s.bcubed.f1:6.3f} {s.ari:6.3f}"
        )
    return "\n".join(lines)
