"""Work on every core: results in input order, failures in place, the same articles as inline."""

from __future__ import annotations

import json
import operator
from pathlib import Path

import numpy  # noqa: F401  (its BLAS library must be loaded for its threads to be counted)
import pytest
from threadpoolctl import threadpool_info

from builders.inputs import write
from builders.stories import ORIGINAL
from newsweave.errors import UsageError
from newsweave.pipeline.parallel import (
    MIN_PARALLEL_ITEMS,
    MODEL_THREADS,
    WORKERS_VARIABLE,
    StatefulWorker,
    WorkerPool,
    model_threads,
    two_in_flight,
    worker_count,
)
from newsweave.stages.clean.stage import CleanStage
from newsweave.stages.quotes.stage import QuoteExtractStage
from newsweave.workspace import Workspace


def test_results_come_back_in_input_order_with_failures_in_place() -> None:
    items = [str(i) for i in range(MIN_PARALLEL_ITEMS + 8)]
    items[5] = "five"
    with WorkerPool(2) as pool:
        outcomes = pool.map(int, items)
    assert [o.value for o in outcomes if o.error is None] == [
        i for i in range(len(items)) if i != 5
    ]
    assert isinstance(outcomes[5].error, ValueError)
    with pytest.raises(ValueError, match="five"):
        outcomes[5].get()


def blas_threads(info: list[dict[str, object]]) -> set[object]:
    return {lib["num_threads"] for lib in info if lib["user_api"] == "blas"}


def test_while_workers_run_every_process_does_linear_algebra_on_one_thread() -> None:
    before = blas_threads(threadpool_info())
    with WorkerPool(2) as pool:
        # operator.call(threadpool_info) in each worker: what its BLAS library is set to.
        seen = pool.map(operator.call, [threadpool_info] * MIN_PARALLEL_ITEMS)
        assert all(blas_threads(o.get()) == {1} for o in seen)
        assert blas_threads(threadpool_info()) <= {1}
    assert blas_threads(threadpool_info()) == before
    with StatefulWorker(print, ()) as worker:
        assert blas_threads(worker.submit(operator.call, threadpool_info).result()) == {1}
        assert blas_threads(threadpool_info()) <= {1}
    assert blas_threads(threadpool_info()) == before


def test_neural_models_run_on_one_thread_in_a_worker_and_on_the_fixed_count_here() -> None:
    assert model_threads() == MODEL_THREADS == 2
    with WorkerPool(2) as pool:
        seen = pool.map(operator.call, [model_threads] * MIN_PARALLEL_ITEMS)
    assert {o.get() for o in seen} == {1}
    assert model_threads() == MODEL_THREADS


def _quotations(folder: Path, db: Path, workers: int) -> list[str]:
    from newsweave.store.quotes import load_occurrences

    stages = [CleanStage(), QuoteExtractStage()]
    with Workspace.open(str(db), stages=stages, workers=workers) as workspace:
        report = workspace.run([str(folder)])
        assert len(report.problems) == 1  # the broken file, named, whichever way it ran
        ids = [a.id for a in workspace.articles()]
        return [repr(o) for o in load_occurrences(workspace.store, ids)]


def test_quotations_extracted_on_two_workers_are_those_of_one_process(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for i in range(MIN_PARALLEL_ITEMS + 2):
        paragraphs = [ORIGINAL[(i + k) % len(ORIGINAL)] for k in range(4)]
        quote = f"\u201cWe counted {i + 2} damaged homes on my street,\u201d said Resident {i}."
        body = "\n\n".join([*paragraphs, quote])
        write(folder / f"{i:02d}.json", json.dumps({"text": body, "title": f"Quake {i}"}))
    write(folder / "broken.json", "{not json")
    inline = _quotations(folder, tmp_path / "one.db", 1)
    assert len(inline) > MIN_PARALLEL_ITEMS + 2  # each article's own quotation, and more
    assert _quotations(folder, tmp_path / "two.db", 2) == inline


def test_a_batch_is_finished_once_the_next_is_handed_over_and_all_in_order() -> None:
    events: list[str] = []

    def submit(batch: int) -> int:
        events.append(f"submit {batch}")
        return batch * 10

    two_in_flight([1, 2, 3], submit, lambda done: events.append(f"finish {done}"))
    assert events == ["submit 1", "submit 2", "finish 10", "submit 3", "finish 20", "finish 30"]
    two_in_flight([], submit, lambda done: events.append("never"))
    assert "never" not in events


def test_a_small_batch_runs_in_the_calling_process() -> None:
    with WorkerPool(2) as pool:
        assert [o.get() for o in pool.map(len, ["a", "bb"])] == [1, 2]
        assert pool._executor is None  # no workers started for two items


def test_the_worker_count_can_be_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(WORKERS_VARIABLE, "3")
    assert worker_count() == 3
    monkeypatch.setenv(WORKERS_VARIABLE, "0")
    assert worker_count() == 1
    monkeypatch.setenv(WORKERS_VARIABLE, "many")
    with pytest.raises(UsageError, match=WORKERS_VARIABLE):
        worker_count()


def _articles(folder: Path, db: Path, workers: int) -> list[str]:
    with Workspace.open(str(db), stages=[CleanStage()], workers=workers) as workspace:
        report = workspace.run([str(folder)])
        assert len(report.problems) == 1  # the broken file, named, whichever way it ran
        # Everything stored about each article (text, removed spans, dates, metadata).
        return [repr(a) for a in sorted(workspace.articles(), key=lambda a: a.id)]


def test_cleaning_on_two_workers_stores_what_one_process_stores(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    for i in range(MIN_PARALLEL_ITEMS + 4):
        paragraphs = [ORIGINAL[(i + k) % len(ORIGINAL)] for k in range(4)]
        body = "\n\n".join(["Sign up for our newsletter", *paragraphs, "Photo: Staff (AP Photo)"])
        date = f"2025-03-{1 + i % 28:02d}"
        write(folder / f"{i:02d}.json", json.dumps({"text": body, "title": f"S{i}", "date": date}))
    write(folder / "broken.json", "{not json")
    inline = _articles(folder, tmp_path / "one.db", 1)
    parallel = _articles(folder, tmp_path / "two.db", 2)
    assert len(inline) == MIN_PARALLEL_ITEMS + 4
    assert parallel == inline


def test_cleaning_in_small_batches_two_in_flight_stores_what_one_batch_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.pipeline.parallel as parallel
    import newsweave.stages.clean.stage as clean

    folder = tmp_path / "in"
    for i in range(23):
        paragraphs = [ORIGINAL[(i + k) % len(ORIGINAL)] for k in range(3)]
        body = "\n\n".join(["Sign up for our newsletter", *paragraphs, "Photo: Staff (AP Photo)"])
        write(folder / f"{i:02d}.json", json.dumps({"text": body, "title": f"S{i}"}))
    write(folder / "broken.json", "{not json")
    whole = _articles(folder, tmp_path / "whole.db", 1)
    # Batches of 5 on two workers: the next batch is handed over before the last is stored.
    monkeypatch.setattr(clean, "BATCH", 5)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 2)
    assert _articles(folder, tmp_path / "batches.db", 2) == whole


def test_a_submitted_batch_is_worked_on_while_the_caller_goes_on() -> None:
    items = [str(i) for i in range(MIN_PARALLEL_ITEMS + 3)]
    with WorkerPool(2) as pool:
        first = pool.submit(int, items)
        second = pool.submit(len, items)  # handed over before the first is collected
        assert pool._executor is not None
        assert [o.get() for o in first.results()] == list(range(len(items)))
        assert [o.get() for o in second.results()] == [len(i) for i in items]
    with WorkerPool(1) as pool:
        assert [o.get() for o in pool.submit(int, items).results()] == list(range(len(items)))
        assert pool._executor is None


def _stories(folder: Path, db: Path, workers: int) -> list[tuple[object, ...]]:
    from newsweave.stages.clean.stage import CleanStage as Clean
    from newsweave.stages.cluster.stage import ClusterStage

    with Workspace.open(str(db), stages=[Clean(), ClusterStage()], workers=workers) as workspace:
        workspace.run([str(folder)])
        rows = workspace.store.query(
            "SELECT m.article_id, m.story_id, m.position, s.data FROM story_members m"
            " JOIN stories s ON s.id = m.story_id ORDER BY m.article_id"
        )
        return [tuple(r) for r in rows]


def test_clustering_features_from_two_workers_give_the_stories_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.pipeline.parallel as parallel
    import newsweave.stages.cluster.stage as cluster
    from newsweave.stages.clean import language
    from newsweave.stages.cluster import places
    from newsweave.stages.cluster.static_embed import load_static_embedder

    # Small batches and chunks, so that a later batch's features are extracted in the workers
    # while an earlier batch is assigned.
    monkeypatch.setattr(cluster, "PARALLEL_MIN_ARTICLES", 1)
    monkeypatch.setattr(cluster, "BATCH", 10)
    monkeypatch.setattr(cluster, "FEATURE_CHUNK", 2)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 2)
    folder = tmp_path / "in"
    for i in range(24):
        paragraphs = [ORIGINAL[(i + k) % len(ORIGINAL)] for k in range(3)]
        date = f"2025-03-{1 + i % 9:02d}"
        body = "\n\n".join(paragraphs)
        write(folder / f"{i:02d}.json", json.dumps({"text": body, "title": f"S{i}", "date": date}))
    inline = _stories(folder, tmp_path / "one.db", 1)
    assert len(inline) == 24
    loaders = (load_static_embedder, places._gazetteer, language._identifier)
    for loader in loaders:
        loader.cache_clear()
    assert _stories(folder, tmp_path / "two.db", 2) == inline
    # What the workers loaded, this process loaded too, for the articles added after the run.
    assert [loader.cache_info().currsize for loader in loaders] == [1, 1, 1]


EVENTS = [
    ("Lisbon", "fire", "destroyed the old market hall", "Fire chief Ana Costa"),
    ("Oslo", "flood", "closed the central station", "Transport minister Erik Dahl"),
    ("Nairobi", "strike", "halted the city buses", "Union leader Grace Otieno"),
    ("Quito", "landslide", "buried the northern highway", "Mayor Pedro Vera"),
]


def _facts(folder: Path, db: Path, workers: int) -> list[tuple[object, ...]]:
    from newsweave.pipeline.registry import default_stages

    with Workspace.open(str(db), stages=default_stages(), workers=workers) as workspace:
        assert not workspace.run([str(folder)]).problems
        rows = workspace.store.query("SELECT * FROM facts ORDER BY 1, 2")
        assert workspace.store.query_one("SELECT count(DISTINCT story_id) FROM facts")[0] >= 4
        return [tuple(r) for r in rows]


def test_the_whole_analysis_on_two_workers_is_that_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newsweave.pipeline.parallel as parallel
    import newsweave.stages.facts.stage as facts

    folder = tmp_path / "in"
    for n, (city, event, what, speaker) in enumerate(EVENTS):
        for outlet in ("Daily Post", "Evening Star"):
            body = (
                f"{city.upper()} — A {event} {what} in {city} on Monday, {n + 3} people were "
                f"hurt and {10 * (n + 2)} homes were evacuated.\n\n"
                f"\u201cWe have never seen a {event} like this in {city},\u201d said {speaker}.\n\n"
                f"Officials in {city} said repairs would take {n + 2} weeks."
            )
            record = {"text": body, "title": f"{event.title()} in {city}", "outlet": outlet,
                      "date": f"2025-03-{10 + n:02d}"}  # fmt: skip
            write(folder / f"{city}-{outlet[0]}.json", json.dumps(record))
    inline = _facts(folder, tmp_path / "one.db", 1)
    # Every stage's batches on two workers (stories three at a time, the last one here).
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 2)
    monkeypatch.setattr(facts, "STORY_BATCH", 3)
    assert _facts(folder, tmp_path / "two.db", 2) == inline
