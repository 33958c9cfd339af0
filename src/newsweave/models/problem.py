"""A bad input is data, not a crash: one ``Problem`` per file (or record) and stage."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """``error``: the input (or part of it) was not ingested; ``warning``: ingested with a doubt."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """What went wrong with one input, in one line a user can act on.

    ``code`` is stable and dotted (``read.binary``, ``read.too_large``, ``json.bad_line``), so
    scripts can match on it; ``message`` says what happened and, where it helps, what to do.
    """

    path: str
    stage: str
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def line(self) -> str:
        """The one-line form printed on stderr."""
        return f"{self.path}: {self.severity.value} [{self.code}] {self.message}"
