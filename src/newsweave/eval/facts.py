"""``newsweave eval facts``: how the facts stage groups statements, on ECB+ event coreference.

Each ECB+ sub-topic (one event, 2-30 documents) is run as one story, each document its own
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
from newsweave.eval.clustering_data import ECB_HELD_OUT_TOPICS
from newsweave.eval.metrics import PRF, prf_from_counts
from newsweave.models import Article
from newsweave.models.facts import Fact, FactUnit
from newsweave.pipeline.progress import NULL_PROGRESS, Progress

_SUBTOPIC = re.compile(r"(?P<topic>\d+)ecb(?:plus)?")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True, slots=True)
class Subtopic:
    """One ECB+ event: its documents and, per document, its annotated sentences (key, chains)."""

    name: str
    topic: int
    documents: tuple[Article, ...]
    annotated: dict[str, tuple[tuple[str, frozenset[str]], ...]]

    @property
    def held_out(self) -> bool:
        return self.topic in ECB_HELD_OUT_TOPICS


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
    if not root.is_dir():
        raise DatasetError(f"ECB+ folder not found: {root}")
    found = False
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        match = _SUBTOPIC.fullmatch(folder.name)
        original = folder / "annotation" / "original"
        if match is None or not original.is_dir():
            continue
        found = True
        yield Subtopic(
            folder.name,
            int(match["topic"]),
            tuple(_document(path) for path in sorted(folder.glob("*.json"))),
            _annotated_sentences(original, folder.name),
        )
    if not found:
        raise DatasetError(f"no annotated ECB+ sub-topics (<T>ecb/annotation/original) in {root}")


def _document(path: Path) -> Article:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DatasetError(f"{path}: not a readable ECB+ document ({exc})") from exc
    text = f"{record.get('title') or ''}\n\n{record.get('text') or ''}"
    return Article(id=path.stem, path=str(path), locator="", container="text",
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
    counts: dict[str, list[int]] = {"TUNE": [0, 0, 0, 0, 0], "HELD-OUT": [0, 0, 0, 0, 0]}
    subtopics = list(load_subtopics(root))
    with progress.task("facts: ECB+ sub-topics", total=len(subtopics)) as advance:
        for subtopic in subtopics:
            documents = list(subtopic.documents)
            units = fact_units(documents, {d.id: f"family-{d.id}" for d in documents})
            vectors = embedder.embed([u.text for u in units])
            facts = corroborate(subtopic.name, units, model, vectors)
            tp, fp, fn, pairs = pair_counts(subtopic, units, facts)
            row = counts["HELD-OUT" if subtopic.held_out else "TUNE"]
            for k, value in enumerate((tp, fp, fn, 1, pairs)):
                row[k] += value
            advance(1)
    rows = [
        FactsRow(part, c[3], c[4], prf_from_counts(c[0], c[1], c[2])) for part, c in counts.items()
    ]
    total = [sum(c[k] for c in counts.values()) for k in range(5)]
    rows.append(FactsRow("ALL", total[3], total[4], prf_from_counts(*total[:3])))
    return tuple(rows)
