"""The stages a run executes, in order. A new stage is added here (or with ``register``)."""

from __future__ import annotations

from newsweave.pipeline.stage import Stage

_extra: list[Stage] = []


def register(stage: Stage) -> None:
    """Add a stage after the built-in ones (plugins and tests use this)."""
    _extra.append(stage)


def unregister(name: str) -> None:
    _extra[:] = [s for s in _extra if s.name != name]


def default_stages() -> list[Stage]:
    """The built-in pipeline followed by registered extras; the runner checks the order."""
    from newsweave.stages.clean.stage import CleanStage
    from newsweave.stages.cluster.stage import ClusterStage
    from newsweave.stages.facts.stage import FactsStage
    from newsweave.stages.quotes.stage import QuoteAlignStage, QuoteExtractStage
    from newsweave.stages.relate.stage import RelateStage
    from newsweave.stages.summarize.stage import SummaryStage

    return [
        CleanStage(),
        ClusterStage(),
        RelateStage(),
        QuoteExtractStage(),
        QuoteAlignStage(),
        FactsStage(),
        SummaryStage(),
        *_extra,
    ]
