"""Evaluation reports and the floors they are gated against."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources


@dataclass(frozen=True, slots=True)
class EvalRow:
    """One line of an evaluation table: a label, its figures by metric name, a size."""

    key: str
    label: str
    values: tuple[tuple[str, float], ...]
    count: int | None = None

    def value(self, metric: str) -> float | None:
        return dict(self.values).get(metric)


@dataclass(frozen=True, slots=True)
class FloorCheck:
    figure: str
    value: float
    floor: float

    @property
    def passed(self) -> bool:
        # Rounded as printed, so that a figure shown equal to its floor passes.
        return round(self.value, 4) >= self.floor


@dataclass(frozen=True)
class EvalReport:
    """What ``newsweave eval STAGE`` prints; figures are named ``<row key>.<metric>``."""

    stage: str
    dataset: str
    rows: tuple[EvalRow, ...]
    notes: tuple[str, ...] = ()
    checks: tuple[FloorCheck, ...] = field(default=())

    def figures(self) -> dict[str, float]:
        return {f"{row.key}.{metric}": value for row in self.rows for metric, value in row.values}

    def with_floors(self, floors: Mapping[str, float]) -> EvalReport:
        figures = self.figures()
        checks = tuple(
            FloorCheck(name, figures[name], floor)
            for name, floor in sorted(floors.items())
            if name in figures
        )
        missing = sorted(set(floors) - set(figures))
        notes = self.notes + tuple(
            f"floor for {name} has no figure in this run" for name in missing
        )
        return EvalReport(self.stage, self.dataset, self.rows, notes, checks)

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


def load_floors(stage: str) -> dict[str, float]:
    """The pinned floors of ``stage`` from ``floors.toml`` (package data)."""
    text = resources.files("newsweave.eval").joinpath("floors.toml").read_text("utf-8")
    table = tomllib.loads(text).get(stage, {})
    return {str(k): float(v) for k, v in table.items()}
