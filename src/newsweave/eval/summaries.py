"""``newsweave eval summary``: extractive story summaries on NeuS (Lee et al., NAACL 2022).

Each NeuS example is three outlets' leads on one event and an editor's neutral summary. The
examples go through the product's own code path: sentences (spaCy), support counts from the
"same fact" model across the three outlets (each outlet is its own source family), then
:func:`newsweave.stages.summarize.select_summary`. Baselines run on the same sentences with the
same budget (:data:`NEUS_BUDGET`: whole sentences until 60 words, about the length of the editors'
summaries on the tuning part, mean 64), so ROUGE compares choices, not lengths: a round-robin lead
and LexRank on TF-IDF and on embedding cosines. (With three sentences each, the product's
minimum, systems differ in length: :data:`THREE_SENTENCES` is kept for comparison.)

Split: lines whose index is a multiple of 3 are HELD-OUT (never used for tuning); the rest TUNE.
ROUGE (``newsweave.eval.rouge``, stemmed) is computed against the editor's summary text (after
``ARTICLE=>``); the chosen headline is scored separately against the editor's title.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsweave.errors import DatasetError
from newsweave.eval.rouge import RougeScores, mean_rouge, rouge_scores
from newsweave.stages.summarize.baselines import lead_summary, lexrank_summary, tfidf_similarity
from newsweave.stages.summarize.models import (
    CandidateSentence,
    HeadlineCandidate,
    SelectorWeights,
    StorySummary,
    SummaryBudget,
)
from newsweave.stages.summarize.selector import select_summary

DATASET = "summaries/neus"
HELD_OUT_MODULUS = 3
NEUS_BUDGET = SummaryBudget(min_sentences=1, max_sentences=7, max_words=60)
THREE_SENTENCES = SummaryBudget(min_sentences=3, max_sentences=3, max_words=None)
SYSTEMS = ("newsweave", "lead", "lexrank-tfidf", "lexrank-embed")


@dataclass(frozen=True, slots=True)
class NeusExample:
    index: int
    titles: tuple[str, ...]
    articles: tuple[str, ...]
    target_title: str
    target_summary: str

    @property
    def held_out(self) -> bool:
        return self.index % HELD_OUT_MODULUS == 0


@dataclass(frozen=True, slots=True)
class PreparedExample:
    """An example turned into the selector's input, embeddings included (computed once)."""

    example: NeusExample
    candidates: tuple[CandidateSentence, ...]
    embeddings: npt.NDArray[np.float32]
    headlines: tuple[HeadlineCandidate, ...]
    headline_embeddings: npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class SummaryRow:
    part: str
    system: str
    examples: int
    scores: RougeScores
    mean_words: float
    mean_sentences: float


@dataclass(frozen=True, slots=True)
class SummaryReport:
    budget: SummaryBudget
    rows: tuple[SummaryRow, ...]
    headline_rows: tuple[SummaryRow, ...]  # chosen headline vs the first outlet's title
    stories_per_second: float


def split_title_article(text: str) -> tuple[str, str]:
    """``"TITLE=> t. ARTICLE=> a"`` -> (t, a)."""
    head, marker, body = text.partition("ARTICLE=>")
    if not marker:
        raise DatasetError(f"NeuS text without 'ARTICLE=>': {text[:60]!r}")
    return head.replace("TITLE=>", "", 1).strip(), body.strip()


def load_neus(folder: Path) -> list[NeusExample]:
    """NeuS val examples from ``folder`` (val.source, val.target)."""
    source, target = folder / "val.source", folder / "val.target"
    if not source.is_file() or not target.is_file():
        raise DatasetError(f"NeuS val.source/val.target not found in {folder}")
    sources = source.read_text(encoding="utf-8").splitlines()
    targets = target.read_text(encoding="utf-8").splitlines()
    if len(sources) != len(targets):
        raise DatasetError(f"{folder}: {len(sources)} sources but {len(targets)} targets")
    examples = []
    for index, (src, tgt) in enumerate(zip(sources, targets, strict=True)):
        parts = [split_title_article(p) for p in src.split(" [SEP] ")]
        title, summary = split_title_article(tgt)
        examples.append(
            NeusExample(
                index, tuple(t for t, _ in parts), tuple(a for _, a in parts), title, summary
            )
        )
    return examples


def split_neus(examples: Sequence[NeusExample]) -> tuple[list[NeusExample], list[NeusExample]]:
    """(TUNE, HELD-OUT)."""
    return [e for e in examples if not e.held_out], [e for e in examples if e.held_out]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (spaCy's parser-based segmentation)."""
    from newsweave.nlp.spacy_model import load_nlp

    doc = load_nlp(("ner", "lemmatizer"))(text)
    return [(s.start_char, s.end_char) for s in doc.sents if s.text.strip()]


def prepare_example(example: NeusExample) -> PreparedExample:
    """Sentences, embeddings and support counts of one example (each outlet its own family)."""
    from newsweave.nlp.embed import load_embedder
    from newsweave.stages.summarize.support import annotate_support

    candidates = []
    for k, article in enumerate(example.articles):
        article_id = f"neus-{example.index}-{k}"
        for position, (start, end) in enumerate(sentence_spans(article)):
            candidates.append(
                CandidateSentence(
                    sentence_id=f"{article_id}:{start}", article_id=article_id,
                    family_id=article_id, start=start, end=end, text=article[start:end],
                    position=position, is_quote=_is_quote(article[start:end]),
                )
            )  # fmt: skip
    embedder = load_embedder()
    embeddings = embedder.embed([c.text for c in candidates])
    annotated = annotate_support(candidates, embeddings)
    headlines = tuple(
        HeadlineCandidate(f"neus-{example.index}-{k}", f"neus-{example.index}-{k}", title)
        for k, title in enumerate(example.titles)
    )
    return PreparedExample(
        example, tuple(annotated), embeddings, headlines,
        embedder.embed([h.text for h in headlines]),
    )  # fmt: skip


def _is_quote(text: str) -> bool:
    """Mostly inside quotation marks: a direct quote rather than reporting."""
    quoted = 0
    inside = False
    for ch in text:
        if ch in '"\u201c\u201d':
            inside = not inside if ch == '"' else ch == "\u201c"
        elif inside:
            quoted += 1
    return quoted >= 0.5 * len(text)


def run_system(
    system: str,
    prepared: PreparedExample,
    budget: SummaryBudget = NEUS_BUDGET,
    weights: SelectorWeights | None = None,
) -> StorySummary:
    """The summary of one prepared example by one of :data:`SYSTEMS`."""
    weights = weights or SelectorWeights()
    if system == "newsweave":
        return select_summary(
            prepared.candidates, prepared.headlines, budget, weights,
            prepared.embeddings, prepared.headline_embeddings,
        )  # fmt: skip
    if system == "lead":
        return lead_summary(prepared.candidates, budget, weights)
    cosines = np.asarray(prepared.embeddings @ prepared.embeddings.T, dtype=np.float64)
    if system == "lexrank-tfidf":
        similarity = tfidf_similarity([c.text for c in prepared.candidates])
        return lexrank_summary(prepared.candidates, similarity, budget, weights, cosines)
    if system == "lexrank-embed":
        return lexrank_summary(prepared.candidates, cosines, budget, weights, cosines)
    raise ValueError(f"unknown system {system!r}; expected one of {SYSTEMS}")


def score_systems(
    part: str,
    prepared: Sequence[PreparedExample],
    systems: Sequence[str] = SYSTEMS,
    budget: SummaryBudget = NEUS_BUDGET,
    weights: SelectorWeights | None = None,
) -> list[SummaryRow]:
    rows = []
    for system in systems:
        summaries = [run_system(system, p, budget, weights) for p in prepared]
        rows.append(_row(part, system, summaries, [p.example.target_summary for p in prepared]))
    return rows


def _row(
    part: str, system: str, summaries: Sequence[StorySummary], targets: Sequence[str]
) -> SummaryRow:
    scores = [rouge_scores(s.text, t) for s, t in zip(summaries, targets, strict=True)]
    n = max(len(summaries), 1)
    return SummaryRow(
        part, system, len(summaries), mean_rouge(scores),
        sum(len(s.text.split()) for s in summaries) / n,
        sum(len(s.sentences) for s in summaries) / n,
    )  # fmt: skip


def _headline_rows(
    part: str, prepared: Sequence[PreparedExample], budget: SummaryBudget
) -> list[SummaryRow]:
    chosen = [run_system("newsweave", p, budget).headline for p in prepared]
    targets = [p.example.target_title for p in prepared]
    rows = []
    systems = {
        "newsweave-headline": [h.text if h else "" for h in chosen],
        "first-title": [p.headlines[0].text for p in prepared],
    }
    for name, texts in systems.items():
        scores = [rouge_scores(t, g) for t, g in zip(texts, targets, strict=True)]
        n = max(len(texts), 1)
        rows.append(SummaryRow(part, name, len(texts), mean_rouge(scores),
                               sum(len(t.split()) for t in texts) / n, 1.0))  # fmt: skip
    return rows


def evaluate_summaries(folder: Path, budget: SummaryBudget = NEUS_BUDGET) -> SummaryReport:
    """Score newsweave's summaries and the baselines on NeuS val, TUNE and HELD-OUT parts.

    Every system gets the same ``budget``; the default is three sentences.
    """
    rows: list[SummaryRow] = []
    headline_rows: list[SummaryRow] = []
    start = time.perf_counter()
    total = 0
    for part, examples in zip(("TUNE", "HELD-OUT"), split_neus(load_neus(folder)), strict=True):
        prepared = [prepare_example(e) for e in examples]
        total += len(prepared)
        rows.extend(score_systems(part, prepared, budget=budget))
        headline_rows.extend(_headline_rows(part, prepared, budget))
    elapsed = time.perf_counter() - start
    return SummaryReport(budget, tuple(rows), tuple(headline_rows),
                         total / elapsed if elapsed else 0.0)  # fmt: skip


def describe_budget(budget: SummaryBudget) -> str:
    sentences = (
        f"{budget.max_sentences} sentences"
        if budget.min_sentences == budget.max_sentences
        else f"{budget.min_sentences}-{budget.max_sentences} sentences"
    )
    return (
        sentences if budget.max_words is None else f"{sentences}, stop at {budget.max_words} words"
    )


def format_summary_report(report: SummaryReport) -> str:
    """A plain-text table for the CLI: ROUGE F-measure and recall (in %)."""
    lines = [
        f"NeuS val, budget {describe_budget(report.budget)} for every system, ROUGE stemmed",
        f"{'part':<9} {'system':<19} {'n':>4} {'R1-F':>6} {'R2-F':>6} {'RL-F':>6} "
        f"{'R1-R':>6} {'R2-R':>6} {'RL-R':>6} {'words':>6}",
    ]
    for row in (*report.rows, *report.headline_rows):
        s = row.scores
        lines.append(
            f"{row.part:<9} {row.system:<19} {row.examples:>4} "
            f"{100 * s.rouge1.fmeasure:6.2f} {100 * s.rouge2.fmeasure:6.2f} "
            f"{100 * s.rougeL.fmeasure:6.2f} {100 * s.rouge1.recall:6.2f} "
            f"{100 * s.rouge2.recall:6.2f} {100 * s.rougeL.recall:6.2f} {row.mean_words:6.1f}"
        )
    lines.append(f"speed: {report.stories_per_second:.1f} stories/s end to end (3 outlets each)")
    return "\n".join(lines)
