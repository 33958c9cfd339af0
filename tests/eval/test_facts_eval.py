"""``newsweave eval facts``: the ECB+ annotation is read right and pairs are scored right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsweave.errors import DatasetError
from newsweave.eval.facts import _key, evaluate_facts, load_subtopics

QUAKE_A = (
    "A magnitude 6.1 earthquake struck the coastal city of Harborville on Tuesday, emergency "
    "services said."
)
QUAKE_B = (
    "Emergency services said a 6.1-magnitude earthquake hit the coastal city of Harborville on "
    "Tuesday."
)
MAYOR = "The mayor declared a state of emergency in the afternoon."
HARBOUR = "Local fishermen said the harbour wall had cracked in several places."


def _conll_rows(doc: str, sentences: list[str]) -> list[str]:
    rows = [f"#begin document ({doc}); part 000"]
    for s, sentence in enumerate(sentences):
        rows += [f"{doc}\t{s}\t{t}\t{token}\t-" for t, token in enumerate(sentence.split())]
        rows.append("")
    return rows


def _mention(doc_id: str, sentence: int, chain: str, singleton: bool = False) -> dict[str, object]:
    return {"doc_id": doc_id, "sent_id": sentence, "coref_chain": chain, "is_singleton": singleton}


def _ecb(tmp_path: Path) -> Path:
    """Topic 7 (not held out): two documents, the quake shared, their second sentences not."""
    sub = tmp_path / "ecbplus" / "7ecb"
    original = sub / "annotation" / "original"
    original.mkdir(parents=True)
    docs = {"7_1ecb": [QUAKE_A, MAYOR], "7_2ecb": [QUAKE_B, HARBOUR]}
    rows: list[str] = []
    for doc_id, (title, text) in docs.items():
        (sub / f"{doc_id}.json").write_text(json.dumps({"title": title, "text": text}))
        rows += _conll_rows(f"7/7ecb/{doc_id.split('_')[1][:-3]}", [title, text])
    (original / "7ecb.conll").write_text("\n".join(rows))
    mentions = [
        _mention("7_1ecb", 0, "ACTquake"),
        _mention("7_2ecb", 0, "ACTquake"),
        _mention("7_1ecb", 1, "ACTdeclare"),
        _mention("7_2ecb", 1, "ACTcrack"),
        _mention("7_2ecb", 1, "Singleton_1", singleton=True),
    ]
    (original / "event_mentions_7ecb.json").write_text(json.dumps(mentions))
    return tmp_path / "ecbplus"


def test_annotated_sentences_carry_their_coreference_chains(tmp_path: Path) -> None:
    [subtopic] = load_subtopics(_ecb(tmp_path))
    assert (subtopic.name, subtopic.held_out) == ("7ecb", False)
    assert [d.id for d in subtopic.documents] == ["7_1ecb", "7_2ecb"]
    assert subtopic.annotated["7_2ecb"] == (
        (_key(QUAKE_B), frozenset({"ACTquake"})),
        (_key(HARBOUR), frozenset({"ACTcrack"})),  # the singleton is no chain
    )


def test_statements_of_one_event_in_one_fact_score_and_others_apart_do_not(
    tmp_path: Path,
) -> None:
    tune, held_out, everything = evaluate_facts(_ecb(tmp_path))
    # Four cross-document pairs; the quake pair is gold and one fact, the rest neither.
    assert (tune.part, tune.subtopics, tune.pairs) == ("TUNE", 1, 4)
    assert (tune.scores.precision, tune.scores.recall) == (1.0, 1.0)
    assert (held_out.subtopics, everything.pairs) == (0, 4)


def test_an_unreadable_annotation_is_named(tmp_path: Path) -> None:
    root = _ecb(tmp_path)
    (root / "7ecb" / "annotation" / "original" / "event_mentions_7ecb.json").write_text("{")
    with pytest.raises(DatasetError, match="7ecb"):
        list(load_subtopics(root))
    (root / "7ecb" / "annotation" / "original").rename(root / "7ecb" / "annotation" / "gone")
    with pytest.raises(DatasetError, match="no annotated"):
        list(load_subtopics(root))


def test_the_real_annotated_sentences_are_found_in_their_documents(benchmarks_dir: Path) -> None:
    root = benchmarks_dir / "clustering" / "ecbplus"
    if not root.is_dir():
        pytest.skip(f"ECB+ not found at {root}")
    found = total = 0
    subtopics = list(load_subtopics(root))
    for subtopic in subtopics:
        texts = {d.id: _key(d.text) for d in subtopic.documents}
        for doc, sentences in subtopic.annotated.items():
            for key, _ in sentences:
                total += 1
                found += key in texts.get(doc, "")
    assert len(subtopics) == 66 and sum(s.held_out for s in subtopics) == 16
    assert total > 1000 and found / total > 0.95, (found, total)
