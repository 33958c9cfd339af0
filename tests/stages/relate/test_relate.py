"""Duplicates, copies and independent reporting on synthetic articles with known derivation."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import newsweave.stages.relate.stage as relate_stage
import newsweave.store.relations as relations
from builders.inputs import write
from builders.prints import stored_prints
from builders.stories import INDEPENDENT, ORIGINAL, REWRITE, text, wire_copy
from newsweave.stages.relate.compare import (
    ArticleText,
    Framing,
    PairComparison,
    _coverage,
    _touched,
    _uncovered_indexes,
    compare,
    compare_text,
)
from newsweave.stages.relate.derive import PairContext, classify
from newsweave.store.articles import load_articles, save_articles
from newsweave.store.relations import family_of, load_edges
from newsweave.workspace import Workspace


def record(body: str, outlet: str, date: str | None = None) -> str:
    data = {"title": f"Earthquake report ({outlet})", "text": body, "source": outlet}
    if date:
        data["date"] = date
    return json.dumps(data)


def wire_pair() -> dict[str, str]:
    """A dated original and its wire copy, published a day later by another outlet."""
    return {
        "original": record(text(ORIGINAL), "Wire", "2024-03-05"),
        "copy": record(wire_copy(), "Daily", "2024-03-06"),
    }


def ingest(ws: Workspace, tmp_path: Path, records: dict[str, str]) -> dict[str, str]:
    for name, line in records.items():
        write(tmp_path / f"{name}.json", line)
    report = ws.run([str(tmp_path / f"{name}.json") for name in records])
    assert not report.problems, report.problems
    return {Path(a.path).stem: a.id for a in ws.articles()}


def test_wire_copy_is_a_copy_of_the_earlier_original(tmp_path: Path, workspace: Workspace) -> None:
    ids = ingest(
        workspace,
        tmp_path,
        {**wire_pair(), "independent": record(text(INDEPENDENT), "Gazette", "2024-03-05")},
    )
    [edge] = load_edges(workspace.store)
    assert (edge.source, edge.target, edge.kind) == (ids["original"], ids["copy"], "copy")
    assert "published first" in " ".join(edge.evidence)
    assert edge.containment_target > 0.8 > edge.containment_source > 0.5
    assert any(p.kind == "verbatim" for p in edge.passages)
    families = family_of(workspace.store, ids.values())
    assert families[ids["original"]] == families[ids["copy"]] != families[ids["independent"]]


def test_direction_without_dates_follows_the_added_framing() -> None:
    original = ArticleText("a", text(ORIGINAL))
    copy = ArticleText("b", wire_copy())
    edge = classify(compare(original, copy), PairContext(None, None))
    assert edge is not None and (edge.source, edge.target) == ("a", "b")
    # The same pair given the other way round gives the same edge.
    edge2 = classify(compare(copy, original), PairContext(None, None))
    assert edge2 is not None and (edge2.source, edge2.target) == ("a", "b")


def test_exact_duplicate_under_another_outlet(tmp_path: Path, workspace: Workspace) -> None:
    ids = ingest(
        workspace,
        tmp_path,
        {
            "first": record(text(ORIGINAL), "Wire", "2024-03-05"),
            "second": record(text(ORIGINAL), "Mirror", "2024-03-07"),
        },
    )
    [edge] = load_edges(workspace.store)
    assert (edge.source, edge.target, edge.kind) == (ids["first"], ids["second"], "duplicate")
    assert edge.containment_source == edge.containment_target == 1.0


def test_sharing_a_quotation_is_not_copying() -> None:
    comparison = compare(ArticleText("a", text(ORIGINAL)), ArticleText("b", text(INDEPENDENT)))
    assert comparison.shared_quotes == 1
    assert classify(comparison, PairContext("2024-03-05", "2024-03-05")) is None


def test_relating_is_incremental_and_idempotent(tmp_path: Path, workspace: Workspace) -> None:
    write(tmp_path / "a.json", record(text(ORIGINAL), "Wire", "2024-03-05"))
    workspace.run([str(tmp_path / "a.json")])
    write(tmp_path / "b.json", record(wire_copy(), "Daily", "2024-03-06"))
    report = workspace.run([str(tmp_path / "b.json")])
    relate = next(s for s in report.stages if s.stage.startswith("relate"))
    assert relate.processed == 1
    assert len(load_edges(workspace.store)) == 1
    again = workspace.run([str(tmp_path / "a.json"), str(tmp_path / "b.json")])
    assert next(s for s in again.stages if s.stage.startswith("relate")).processed == 0
    assert len(load_edges(workspace.store)) == 1


def test_a_cut_copy_without_intro_points_from_the_longer_original() -> None:
    original = ArticleText("z", text(ORIGINAL))
    cut = ArticleText("a", text(ORIGINAL[:5]))
    edge = classify(compare(cut, original), PairContext(None, None))
    assert edge is not None and (edge.source, edge.target, edge.kind) == ("z", "a", "copy")


def test_an_intro_added_to_the_whole_story_makes_the_copy() -> None:
    original = ArticleText("z", text(ORIGINAL))
    framed = ArticleText(
        "a", text(["Editor's note: the following report comes from our partners.", *ORIGINAL])
    )
    edge = classify(compare(framed, original), PairContext(None, None))
    assert edge is not None and (edge.source, edge.target) == ("z", "a")
    assert edge.kind == "duplicate"


def test_a_rewrite_with_quotes_taken_whole_is_detected_and_points_to_the_original(
    tmp_path: Path, workspace: Workspace
) -> None:
    ids = ingest(
        workspace,
        tmp_path,
        {
            "original": record(text(ORIGINAL), "Wire", "2024-03-05"),
            "rewrite": record(text(REWRITE), "Spin"),
            "independent": record(text(INDEPENDENT), "Gazette"),
        },
    )
    [edge] = load_edges(workspace.store)
    assert (edge.source, edge.target, edge.kind) == (ids["original"], ids["rewrite"], "rewrite")
    assert any(p.kind == "paraphrase" for p in edge.passages)
    assert "carried whole" in edge.evidence[0]


def test_a_copy_added_later_joins_the_family_named_after_the_original(
    tmp_path: Path, workspace: Workspace
) -> None:
    first = ingest(
        workspace,
        tmp_path,
        wire_pair(),
    )
    ids = ingest(workspace, tmp_path, {"mirror": record(text(ORIGINAL), "Mirror", "2024-03-07")})
    assert first.items() <= ids.items()
    families = family_of(workspace.store, ids.values())
    assert set(families.values()) == {f"family-{ids['original']}"}


def test_an_article_related_again_with_other_text_loses_its_edges_and_family(
    tmp_path: Path, workspace: Workspace
) -> None:
    ids = ingest(
        workspace,
        tmp_path,
        wire_pair(),
    )
    (copy,) = load_articles(workspace.store, [ids["copy"]])
    with workspace.store.atomic():
        save_articles(workspace.store, "clean.test", [replace(copy, text=text(INDEPENDENT))])
        workspace.store.connection.execute(
            "DELETE FROM stage_runs WHERE stage LIKE 'relate.%' AND article_id = ?", [copy.id]
        )
    workspace.analyse()
    assert load_edges(workspace.store) == []
    families = family_of(workspace.store, ids.values())
    assert families[ids["original"]] != families[ids["copy"]]


def mixed_records() -> dict[str, str]:
    """A wire pair, a mirror of the original, a rewrite and independent reporting."""
    return {
        **wire_pair(),
        "mirror": record(text(ORIGINAL), "Mirror", "2024-03-07"),
        "rewrite": record(text(REWRITE), "Spin"),
        "independent": record(text(INDEPENDENT), "Gazette"),
    }


def test_relating_batch_by_batch_finds_what_one_batch_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.stages.relate.stage as relate_stage

    records = mixed_records()
    found = []
    for batch in (500, 1):
        monkeypatch.setattr(relate_stage, "BATCH", batch)
        folder = tmp_path / f"batch-{batch}"
        folder.mkdir()
        with Workspace.open(str(folder / "w.db")) as ws:
            ids = ingest(ws, folder, records)
            edges = {(e.source, e.target, e.kind) for e in load_edges(ws.store)}
            found.append((edges, family_of(ws.store, ids.values())))
    assert found[0] == found[1]
    assert len(found[0][0]) >= 3


@pytest.mark.parametrize("behind", [False, True], ids=["worker-ahead", "worker-behind"])
def test_searching_in_a_worker_process_finds_what_this_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, behind: bool
) -> None:
    import newsweave.stages.relate.stage as relate_stage

    records = mixed_records()
    # One article a batch: the worker searches ahead while this process compares. A worker
    # that is behind has this process fingerprint the next batches (and prepare every text);
    # one that is ahead fingerprints them all, and prepares their texts.
    monkeypatch.setattr(relate_stage, "BATCH", 1)
    monkeypatch.setattr(relate_stage, "PARALLEL_MIN_ARTICLES", 2)
    monkeypatch.setattr(relate_stage, "_behind", lambda task: behind)
    fingerprinted = []
    local = relate_stage.fingerprint_batch

    def counted(*args: object) -> relate_stage.Fingerprinted:
        fingerprinted.append(args[1])
        return local(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(relate_stage, "fingerprint_batch", counted)
    searchers = []
    original = relate_stage.RelateStage._searcher

    def spy(stage: relate_stage.RelateStage, *args: object) -> relate_stage.Searcher:
        searcher = original(stage, *args)  # type: ignore[arg-type]
        searchers.append(type(searcher).__name__)
        return searcher

    monkeypatch.setattr(relate_stage.RelateStage, "_searcher", spy)
    found = []
    for workers in (1, 2):
        folder = tmp_path / f"workers-{workers}"
        folder.mkdir()
        with Workspace.open(str(folder / "w.db"), workers=workers) as ws:
            ids = ingest(ws, folder, records)
            edges = {(e.source, e.target, e.kind, e.passages) for e in load_edges(ws.store)}
            found.append((edges, family_of(ws.store, ids.values()), stored_prints(ws.store)))
    assert searchers == ["InlineSearcher", "WorkerSearcher"]
    # The inline run fingerprints its five batches itself; the worker run, those it was
    # handed past the first ``SEARCH_AHEAD`` while behind.
    assert len(fingerprinted) == 5 + (5 - relate_stage.SEARCH_AHEAD if behind else 0)
    assert found[0] == found[1]
    assert {kind for _, _, kind, _ in found[0][0]} >= {"copy", "rewrite"}


def test_current_texts_are_those_of_documents_still_held_by_an_input(
    tmp_path: Path, workspace: Workspace
) -> None:
    from newsweave.store.articles import current_texts

    ids = ingest(workspace, tmp_path, wire_pair())
    # The copy's file now holds another text: its old article is no longer current.
    write(tmp_path / "copy.json", record(text(INDEPENDENT), "Daily"))
    workspace.run([str(tmp_path / "copy.json")])
    articles = {Path(a.path).stem: a for a in workspace.articles()}
    replaced = articles["copy"].id
    found = current_texts(workspace.store, [ids["original"], ids["copy"], replaced])
    assert [(article_id, date) for article_id, _, date in found] == sorted(
        [(ids["original"], "2024-03-05"), (replaced, None)]
    )
    assert dict((a, body) for a, body, _ in found)[replaced] == articles["copy"].text


def test_copies_of_one_wire_story_are_compared_once_per_pair_of_texts(
    tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[tuple[str, str]] = []

    def counted(a: ArticleText, b: ArticleText) -> PairComparison:
        calls.append((a.text, b.text))
        return compare_text(a, b)

    monkeypatch.setattr(relate_stage, "compare_text", counted)
    copies = {
        f"copy{n}": record(wire_copy(), f"Outlet {n}", f"2024-03-0{n + 5}") for n in (1, 2, 3)
    }
    ids = ingest(
        workspace, tmp_path, {"original": record(text(ORIGINAL), "Wire", "2024-03-05"), **copies}
    )
    edges = {(e.source, e.target): e for e in load_edges(workspace.store)}
    # Six pairs share text; the texts form at most three ordered pairs (original-copy either
    # way round, copy-copy), and each was compared once.
    assert len(edges) == 6
    assert len(calls) == len(set(calls)) <= 3
    for n in (1, 2, 3):
        edge = edges[(ids["original"], ids[f"copy{n}"])]
        assert edge.kind == "copy" and edge.containment_target > 0.8
    # The result taken from another pair still carries this pair's ids and dates.
    for earlier, later in ((1, 2), (1, 3), (2, 3)):
        edge = edges[(ids[f"copy{earlier}"], ids[f"copy{later}"])]
        assert edge.kind == "duplicate" and "published first" in " ".join(edge.evidence)


def test_a_span_is_uncovered_while_at_most_half_of_it_is_covered() -> None:
    spans = [(0, 10), (10, 20), (20, 30), (30, 40)]
    # 5 of (0, 10) covered: half, still open; 6 of (10, 20) over two passages: covered;
    # (20, 30) only touches a passage at its edge; (30, 40) is covered whole.
    covered = [(5, 10), (10, 13), (17, 20), (30, 40)]
    assert _uncovered_indexes(spans, covered) == [0, 2]
    assert _uncovered_indexes(spans, []) == [0, 1, 2, 3]
    assert _touched(spans, [(9, 10), (40, 45)]) == [True, False, False, False]
    assert _touched(spans, []) == [False] * 4


def test_framing_counts_the_paragraphs_around_the_shared_ones() -> None:
    text = "Intro line.\n\nShared one.\nOwn comment.\nShared two.\nTail one.\nTail two."
    article = ArticleText("a", text)
    shared = [(text.index("Shared one."), text.index("Shared one.") + 11)]
    shared.append((text.index("Shared two."), text.index("Shared two.") + 11))
    passages = [(s, e, "verbatim") for s, e in shared]
    assert _coverage(article, passages).framing == Framing(lead=1, inner=1, tail=2)


def _relate_with_stories(tmp_path: Path, stories: dict[str, str]) -> tuple[dict[str, str], Any]:
    """The rewrite pair cleaned, placed in the given stories (by name; none: not clustered),
    then related."""
    from newsweave.pipeline.stage import StageContext
    from newsweave.stages.clean.stage import CleanStage
    from newsweave.stages.relate.stage import RelateStage

    records = {
        "original": record(text(ORIGINAL), "Wire", "2024-03-05"),
        "rewrite": record(text(REWRITE), "Spin"),
    }
    for name, line in records.items():
        write(tmp_path / f"{name}.json", line)
    with Workspace.open(":memory:", stages=[CleanStage(), RelateStage()]) as ws:
        ws.ingest([str(tmp_path / f"{name}.json") for name in records])
        ws.stages[0].run(StageContext(ws.store))
        ids = {Path(a.path).stem: a.id for a in ws.articles()}
        with ws.store.atomic() as conn:
            for position, (name, story) in enumerate(sorted(stories.items())):
                conn.execute(
                    "INSERT INTO story_members (article_id, story_id, position) VALUES (?, ?, ?)",
                    (ids[name], story, position),
                )
        ws.stages[1].run(StageContext(ws.store))
        return ids, load_edges(ws.store)


@pytest.mark.parametrize(
    "stories",
    [
        {"original": "s1", "rewrite": "s1"},  # one event
        {"original": "s1"},  # the rewrite not clustered yet
        {},  # no clustering at all
    ],
)
def test_retold_sentences_are_judged_within_a_story_or_without_one(
    tmp_path: Path, stories: dict[str, str]
) -> None:
    ids, edges = _relate_with_stories(tmp_path, stories)
    [edge] = edges
    assert (edge.source, edge.target, edge.kind) == (ids["original"], ids["rewrite"], "rewrite")
    assert any(p.kind == "paraphrase" for p in edge.passages)


def test_articles_of_different_stories_are_not_judged_for_retold_sentences(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_judge(*args: object, **kwargs: object) -> None:
        raise AssertionError("the retelling judge was asked about two stories' articles")

    monkeypatch.setattr(relate_stage, "with_retelling", no_judge)
    _, edges = _relate_with_stories(tmp_path, {"original": "s1", "rewrite": "s2"})
    # What they share verbatim (the quotations taken whole) is still aligned, but without the
    # retold sentences the pair is not a rewrite.
    assert all(p.kind != "paraphrase" for edge in edges for p in edge.passages)
    assert all(edge.kind != "rewrite" for edge in edges)


def test_an_addition_never_merges_the_recent_fingerprints_a_run_does(
    tmp_path: Path, workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(relations, "MERGE_MIN_ROWS", 1)  # every batch is past its share
    monkeypatch.setattr(relate_stage, "MERGE_MIN_BATCH", 2)

    def rows() -> dict[str, int]:
        return relations.fingerprint_rows(workspace.store)

    ingest(workspace, tmp_path, wire_pair())  # a run of two articles: merged
    assert rows()["fingerprints_recent"] == 0 < rows()["fingerprints"]
    workspace.add(record(text(INDEPENDENT), "Gazette", "2024-03-05").encode(), "gazette.json")
    # One article added: its fingerprints wait, pending, and nothing else moves.
    assert rows()["fingerprints_recent"] == 0 < rows()["fingerprints_pending"]


def test_additions_find_each_other_while_pending_and_after_they_move(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no room to wait, the first addition's fingerprints move to the recent table at once.
    monkeypatch.setattr(relations, "PENDING_MAX_ROWS", 0)
    pending = workspace.store.query("SELECT count(*) FROM fingerprints_pending")
    assert pending[0][0] == 0
    workspace.add(record(text(ORIGINAL), "Wire", "2024-03-05").encode(), "wire.json")
    monkeypatch.setattr(relations, "PENDING_MAX_ROWS", 10**6)
    rows = relations.fingerprint_rows(workspace.store)
    assert rows["fingerprints_pending"] == 0 < rows["fingerprints_recent"]
    workspace.add(record(wire_copy(), "Daily", "2024-03-06").encode(), "daily.json")
    post = record(wire_copy() + "\n\nA closing paragraph of its own.", "Post", "2024-03-07")
    workspace.add(post.encode(), "post.json")
    rows = relations.fingerprint_rows(workspace.store)
    assert rows["fingerprints_pending"] > 0
    # The first copy meets the original in the recent table, the second meets the first
    # while it is pending (``test_relations`` checks the pending rows alone find pairs).
    edges = {(e.source, e.target) for e in load_edges(workspace.store)}
    ids = {Path(a.path).stem: a.id for a in workspace.articles()}
    assert (ids["wire"], ids["daily"]) in edges
    assert {ids["daily"], ids["post"]} in [set(e) for e in edges]


def test_a_run_of_articles_too_short_for_a_fingerprint_relates_them(
    tmp_path: Path, workspace: Workspace
) -> None:
    # Fewer words than a passage: no fingerprint at all in the batch, only band keys.
    ids = ingest(
        workspace,
        tmp_path,
        {
            "first": record("Ferry service resumes on Monday.", "Harbour Post", "2024-03-05"),
            "second": record("Storm closes the coastal road.", "Gazette", "2024-03-05"),
        },
    )
    assert len(ids) == 2
    assert load_edges(workspace.store) == []


def test_taken_ranges_answer_as_the_set_of_their_positions() -> None:
    import random

    from newsweave.ranges import Ranges

    rng = random.Random(0)
    for _ in range(500):
        taken, positions = Ranges(), set()
        for _ in range(rng.randint(1, 8)):
            start = rng.randint(0, 60)
            end = start + rng.randint(1, 25)
            taken.add(start, end)  # overlapping, touching or apart from those before
            positions.update(range(start, end))
            assert [j for j in range(-2, 100) if j in taken] == sorted(positions)


def test_a_long_verbatim_run_ends_at_the_first_changed_word() -> None:
    from newsweave.stages.relate.compare import verbatim_runs

    words = [f"w{n}" for n in range(120)]
    changed = [*words[:70], "other", *words[71:]]
    a = ArticleText("a", " ".join(words))
    b = ArticleText("b", "Intro words first. " + " ".join(changed))
    runs = [(a.text[p.a_start : p.a_end].split()[0], len(a.text[p.a_start : p.a_end].split()),
             b.text[p.b_start : p.b_end].split()[0]) for p in verbatim_runs(a, b)]  # fmt: skip
    assert runs == [("w0", 70, "w0"), ("w71", 49, "w71")]
