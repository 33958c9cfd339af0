"""Stages, their contracts, the registry and the runner.

A stage has a versioned ``name`` (``clean.text.v1``), the artifacts it ``requires`` and those it
``provides``. The runner checks the order before anything runs and turns a failing input into a
``Problem`` instead of a crash. New stages register themselves; the runner never changes.
"""

from newsweave.pipeline.stage import Stage, StageContext, StageResult

__all__ = ["Stage", "StageContext", "StageResult"]
