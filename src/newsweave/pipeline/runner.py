"""Checking and running a pipeline of stages."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from newsweave.errors import PipelineError
from newsweave.models import Problem
from newsweave.pipeline.stage import Stage, StageContext, StageResult
from newsweave.store import Store
from newsweave.store.database import utc_now
from newsweave.store.problems import replace_problems

# What exists before any stage runs: the documents ingest stored.
BASE_ARTIFACTS = frozenset({"documents"})

T = TypeVar("T")


def check_pipeline(stages: Sequence[Stage], available: frozenset[str] = BASE_ARTIFACTS) -> None:
    """Raise :class:`PipelineError` unless every stage finds what it requires, in order."""
    have = set(available)
    providers: dict[str, str] = {}
    names: set[str] = set()
    for stage in stages:
        if stage.name in names:
            raise PipelineError(f"stage {stage.name} is registered twice")
        names.add(stage.name)
        missing = sorted(stage.requires - have)
        if missing:
            raise PipelineError(
                f"stage {stage.name} requires {', '.join(missing)}, "
                "which no earlier stage provides; "
                "register a stage that provides it before this one"
            )
        for artifact in sorted(stage.provides):
            if artifact in providers:
                raise PipelineError(
                    f"stages {providers[artifact]} and {stage.name} both provide {artifact}"
                )
            providers[artifact] = stage.name
        have |= stage.provides


# The code of a stage that failed as a whole (the run's exit code says so).
CRASHED = "stage.crashed"


def run_pipeline(stages: Sequence[Stage], context: StageContext) -> list[StageResult]:
    """Run ``stages`` in order after checking them; a stage that crashes is recorded as a
    problem and the stages that depend on it are skipped (also recorded)."""
    check_pipeline(stages)
    results: list[StageResult] = []
    broken: set[str] = set()
    for stage in stages:
        blocked = sorted(stage.requires & broken)
        if blocked:
            context.report(
                Problem(
                    "*", stage.name, "stage.skipped", f"skipped: {', '.join(blocked)} unavailable"
                )
            )
            broken |= stage.provides
            continue
        try:
            results.append(stage.run(context))
        except Exception as exc:  # one stage's bug must not lose the others' work
            context.report(Problem("*", stage.name, CRASHED, f"{type(exc).__name__}: {exc}"))
            broken |= stage.provides
    return results


@dataclass(frozen=True, slots=True)
class WorkSource:
    """Where a stage finds work: rows with a change number (``seq``) above a mark, as
    ``(id, seq)`` pairs from ``sql`` (which takes the mark as ``:mark``). With ``skips``,
    ``sql`` also gives a ``skip`` column: rows no stage is given, which the mark moves past
    as if they were done."""

    name: str
    sql: str
    skips: bool = False


# Documents some input currently holds (what cleaning works on).
CURRENT_DOCUMENTS = WorkSource(
    "documents", "SELECT document_id AS id, seq FROM locations WHERE current = 1 AND seq > :mark"
)
# Cleaned articles of current documents: new or cleaned again, or their document current again.
# Articles left without text (every line page furniture) are reported by the clean stage and
# skipped: they would found stories of nothing.
CURRENT_ARTICLES = WorkSource(
    "articles",
    "SELECT a.id AS id, a.seq AS seq, a.text = '' AS skip FROM articles a"
    " JOIN locations l ON l.document_id = a.id AND l.current = 1 WHERE a.seq > :mark"
    " UNION ALL SELECT a.id AS id, l.seq AS seq, a.text = '' AS skip FROM locations l"
    " JOIN articles a ON a.id = l.document_id WHERE l.current = 1 AND l.seq > :mark",
    skips=True,
)


def changed_rows_sql(source: WorkSource) -> str:
    """Each id of ``source`` changed since ``:mark``, its latest change number, and whether
    ``:stage`` has done it."""
    # MATERIALIZED keeps the source a search by change number: flattened into the GROUP BY,
    # SQLite walked the whole locations table in document order instead (40 ms at 50k).
    skip = "MAX(c.skip)" if source.skips else "0"
    return (
        f"WITH c AS MATERIALIZED ({source.sql})"
        f" SELECT c.id AS id, MAX(c.seq) AS seq, {skip} AS skip, EXISTS (SELECT 1 FROM"
        " stage_runs s WHERE s.stage = :stage AND s.article_id = c.id) AS done"
        " FROM c GROUP BY c.id"
    )


def pending_articles(store: Store, stage_name: str, source: WorkSource | str) -> list[str]:
    """Ids from ``source`` that ``stage_name`` has not processed yet, sorted.

    With a :class:`WorkSource`, only rows changed since the stage's mark are looked at, and the
    mark moves up to just below the oldest row still pending: the cost is that of what is new.
    A plain SQL string (one ``id`` column) is searched whole.
    """
    if isinstance(source, str):
        rows = store.query(
            f"SELECT c.id FROM ({source}) c WHERE NOT EXISTS "
            "(SELECT 1 FROM stage_runs s WHERE s.stage = ? AND s.article_id = c.id) ORDER BY c.id",
            (stage_name,),
        )
        return [r[0] for r in rows]
    found = store.query_one(
        "SELECT seq FROM stage_marks WHERE stage = ? AND source = ?", (stage_name, source.name)
    )
    mark = found[0] if found else 0
    rows = store.query(changed_rows_sql(source), {"mark": mark, "stage": stage_name})
    pending = sorted((r["id"], r["seq"]) for r in rows if not (r["done"] or r["skip"]))
    if rows:
        # Everything at or below the new mark is done; what is pending stays above it.
        new_mark = min(seq for _, seq in pending) - 1 if pending else max(r["seq"] for r in rows)
        if new_mark > mark:
            store.connection.execute(
                "INSERT INTO stage_marks (stage, source, seq) VALUES (?, ?, ?)"
                " ON CONFLICT (stage, source) DO UPDATE SET seq = excluded.seq",
                (stage_name, source.name, new_mark),
            )
    return [article_id for article_id, _ in pending]


def mark_done(store: Store, stage_name: str, article_ids: Iterable[str]) -> None:
    now = utc_now()
    store.connection.executemany(
        "INSERT OR REPLACE INTO stage_runs (stage, article_id, done_at) VALUES (?, ?, ?)",
        [(stage_name, article_id, now) for article_id in article_ids],
    )


def for_each(
    items: Iterable[T],
    work: Callable[[T], None],
    *,
    stage: str,
    path_of: Callable[[T], str],
    context: StageContext,
) -> tuple[int, int]:
    """Apply ``work`` to each item; an exception becomes a problem for that item's path.

    Returns (processed, failed). Problems recorded earlier for a path by this stage are replaced.
    """
    done = failed = 0
    # Clearing old problems costs a query per item; skip it when the stage has none on record.
    stale = context.store.query_one("SELECT 1 FROM problems WHERE stage = ? LIMIT 1", (stage,))
    for item in items:
        path = path_of(item)
        try:
            work(item)
        except Exception as exc:  # per-input failure: record it, keep going
            problem = Problem(path, stage, "stage.failed", f"{type(exc).__name__}: {exc}")
            replace_problems(context.store, path, stage, [problem])
            context.report(problem)
            failed += 1
            continue
        if stale is not None:
            replace_problems(context.store, path, stage, [])
        done += 1
    return done, failed
