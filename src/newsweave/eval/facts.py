"""``newsweave eval facts``: how the facts stage groups statements, on ECB+ event coreference.

Each ECB+ sub-topic (the reports of one event) is run as one story, each document its own
source family, through ``fact_units`` and ``corroborate``. ECB+ annotates the events of about two
sentences per document and links them across documents into coreference chains. A pair of
statements from two documents, both in annotated sentences, is one fact in the gold when their
sentences share a coreferent event (a chain with a mention in each; singletons are not chains);
the prediction is that the two sit in one statement fact. Scores: pairwise precision, recall, F1.

The gold is coarse: a sentence may state several facts about one event ("the quake killed ten"
and "the quake measured 6.1" share the quake), and a clause takes its whole sentence's chains.
Recall is therefore low for any grouping that keeps claims apart; the figures compare versions
of the grouping and catch regressions rather than grade it absolutely. No quote stage runs, so
units have no speakers. HELD-OUT: the clustering eval's held-out topics (never tuned on).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsweave.errors import DatasetError
from newsweave.eval.clustering_data import LabelledArticle, load_ecbplus
from newsweave.eval.metrics import PRF, prf_from_counts
from newsweave.models import Article
from newsweave.models.facts import Fact, FactUnit
from newsweave.pipeline.progress import NULL_PROGRESS, Progress

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class Subtopic:
    """One ECB+ event: its documents and, per document, its annotated sentences (key, chains)."""

    name: str
    held_out: bool
    documents: tuple[Article, ...]
    annotated: dict[str, tuple[tuple[str, frozenset[str]], ...]]


@dataclass(frozen=True, slots=True)
class FactsRow:
    part: str
    subtopics: int
    pairs: int  # cross-document pairs of statements in annotated sentences
    scores: PRF


def _key(text: str) -> str:
    """Letters and digits only, lower case: ECB+ tokens are spaced ("would n't") unlike text."""
    return _NOT_ALNUM.sub("", text.lower())


def load_subtopics(root: Path) -> Iterator[Subtopic]:
    """The annotated sub-topics under ``root`` (the ECB+ folder), in name order."""
    by_event: dict[str, list[LabelledArticle]] = defaultdict(list)
    for document in load_ecbplus(root):
        by_event[document.event].append(document)
    found = False
    for name, documents in sorted(by_event.items()):
        original = root / name / "annotation" / "original"
        if not original.is_dir():
            continue
        found = True
        articles = tuple(_article(d) for d in documents)
        yield Subtopic(name, documents[0].held_out, articles, _annotated_sentences(original, name))
    if not found:
        raise DatasetError(f"no annotated ECB+ sub-topics (<T>ecb/annotation/original) in {root}")


def _article(document: LabelledArticle) -> Article:
    text = f"{document.title}\n\n{document.text}"
    return Article(id=document.article_id, path="", locator="", container="text",
                   body_format="text", text=text, raw_text=text)  # fmt: skip


def _annotated_sentences(
    original: Path, name: str
) -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """Per document id (``1_10ecb``), its sentences with coreferent events: (key, chains)."""
    try:
        mentions = json.loads((original / f"event_mentions_{name}.json").read_text("utf-8"))
        conll = (original / f"{name}.conll").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{original}: unreadable ECB+ annotation ({exc})") from exc
    chains: dict[tuple[str, int], set[str]] = defaultdict(set)
    for mention in mentions:
        if not mention.get("is_singleton"):
            chains[(str(mention["doc_id"]), int(mention["sent_id"]))].add(
                str(mention["coref_chain"])
            )
    tokens: dict[tuple[str, int], list[str]] = defaultdict(list)
    for line in conll.splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 4 or parts[0].count("/") != 2:
            continue
        topic, sub, number = parts[0].split("/")  # "1/1ecb/10" is document "1_10ecb"
        tokens[(f"{topic}_{number}{sub[len(topic) :]}", int(parts[1]))].append(parts[3])
    out: dict[str, list[tuple[str, frozenset[str]]]] = defaultdict(list)
    for (doc, sentence), found in sorted(chains.items()):
        out[doc].append((_key("".join(tokens[(doc, sentence)])), frozenset(found)))
    return {doc: tuple(sentences) for doc, sentences in out.items()}


def pair_counts(
    subtopic: Subtopic, units: list[FactUnit], facts: list[Fact]
) -> tuple[int, int, int, int]:
    """(tp, fp, fn, pairs) over cross-document pairs of units in annotated sentences."""
    fact_of = {(m.article_id, m.start): f.id for f in facts for m in f.members}
    scored: list[tuple[FactUnit, frozenset[str]]] = []
    for unit in units:
        key = _key(unit.text)
        sentences = subtopic.annotated.get(unit.article_id, ())
        chains = [c for s, c in sentences if key and (key in s or s in key)]
        if chains:
            scored.append((unit, frozenset().union(*chains)))
    tp = fp = fn = pairs = 0
    for i, (u, chains_u) in enumerate(scored):
        for v, chains_v in scored[i + 1 :]:
            if u.article_id == v.article_id:
                continue
            pairs += 1
            gold = bool(chains_u & chains_v)
            same = fact_of.get((u.article_id, u.start)) == fact_of.get((v.article_id, v.start))
            tp, fp, fn = tp + (gold and same), fp + (same and not gold), fn + (gold and not same)
    return tp, fp, fn, pairs


def evaluate_facts(root: Path, progress: Progress = NULL_PROGRESS) -> tuple[FactsRow, ...]:
    """TUNE, HELD-OUT and ALL rows over the annotated sub-topics under ``root``."""
    from newsweave.nlp.embed import load_embedder
    from newsweave.stages.facts.corroborate import corroborate
    from newsweave.stages.facts.similarity import load_same_fact_model
    from newsweave.stages.facts.units import fact_units

    model, embedder = load_same_fact_model(), load_embedder()
    # Per part: (tp, fp, fn, pairs) of each sub-topic.
    tallies: dict[str, list[tuple[int, int, int, int]]] = {"TUNE": [], "HELD-OUT": []}
    subtopics = list(load_subtopics(root))
    with progress.task("facts: ECB+ sub-topics", total=len(subtopics)) as advance:
        for subtopic in subtopics:
            documents = list(subtopic.documents)
            units = fact_units(documents, {d.id: f"family-{d.id}" for d in documents})
            vectors = embedder.embed([u.text for u in units])
            facts = corroborate(subtopic.name, units, model, vectors)
            part = "HELD-OUT" if subtopic.held_out else "TUNE"
            tallies[part].append(pair_counts(subtopic, units, facts))
            advance(1)
    tallies["ALL"] = tallies["TUNE"] + tallies["HELD-OUT"]
    rows = []
    for part, found in tallies.items():
        tp, fp, fn, pairs = (sum(counts[k] for counts in found) for k in range(4))
        rows.append(FactsRow(part, len(found), pairs, prf_from_counts(tp, fp, fn)))
    return tuple(rows)
