from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from newsweave.errors import PipelineError
from newsweave.pipeline.runner import check_pipeline, for_each, run_pipeline
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.store import Store


@dataclass
class FakeStage:
    name: str
    requires: frozenset[str]
    provides: frozenset[str]
    description: str = "test stage"
    crash: bool = False
    ran: list[str] = field(default_factory=list)

    def run(self, context: StageContext) -> StageResult:
        self.ran.append(self.name)
        if self.crash:
            raise RuntimeError("bug in stage")
        return StageResult(self.name, 1)


def stage(name: str, requires: set[str], provides: set[str], **kw: object) -> FakeStage:
    return FakeStage(name, frozenset(requires), frozenset(provides), **kw)  # type: ignore[arg-type]


def test_a_stage_requiring_what_nothing_provides_is_refused_before_running() -> None:
    a = stage("a.v1", {"documents"}, {"articles"})
    b = stage("b.v1", {"stories"}, {"quotes"})
    with pytest.raises(PipelineError, match=r"b\.v1 requires stories"):
        check_pipeline([a, b])
    with pytest.raises(PipelineError):
        run_pipeline([a, b], StageContext(Store.open(":memory:")))
    assert a.ran == []


def test_order_matters() -> None:
    a = stage("a.v1", {"documents"}, {"articles"})
    b = stage("b.v1", {"articles"}, {"stories"})
    check_pipeline([a, b])
    with pytest.raises(PipelineError):
        check_pipeline([b, a])


def test_two_providers_of_one_artifact_are_refused() -> None:
    with pytest.raises(PipelineError, match="both provide articles"):
        check_pipeline(
            [stage("a.v1", {"documents"}, {"articles"}), stage("a.v2", {"documents"}, {"articles"})]
        )


def test_a_crashing_stage_is_a_problem_and_its_dependants_are_skipped() -> None:
    a = stage("a.v1", {"documents"}, {"articles"}, crash=True)
    b = stage("b.v1", {"articles"}, {"stories"})
    c = stage("c.v1", {"documents"}, {"other"})
    context = StageContext(Store.open(":memory:"))
    results = run_pipeline([a, b, c], context)
    assert [r.stage for r in results] == ["c.v1"]
    assert [(p.stage, p.code) for p in context.problems] == [
        ("a.v1", "stage.crashed"),
        ("b.v1", "stage.skipped"),
    ]
    assert b.ran == []


def test_for_each_turns_a_failing_item_into_a_problem_and_goes_on() -> None:
    context = StageContext(Store.open(":memory:"))
    seen: list[int] = []

    def work(item: int) -> None:
        if item == 2:
            raise ValueError("cannot do 2")
        seen.append(item)

    done, failed = for_each(
        [1, 2, 3], work, stage="x.v1", path_of=lambda i: f"item{i}", context=context
    )
    assert (done, failed, seen) == (2, 1, [1, 3])
    assert [p.line() for p in context.problems] == [
        "item2: error [stage.failed] ValueError: cannot do 2"
    ]
