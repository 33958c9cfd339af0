"""Open problems: the latest thing that went wrong per input and stage.

Reading or processing an input again replaces what was recorded for it in that stage, so the
list always says what is wrong now, not what was wrong once.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsweave.models import Problem, Severity
from newsweave.store.database import Store, utc_now


def replace_problems(store: Store, path: str, stage: str, problems: Iterable[Problem]) -> None:
    """Forget what ``stage`` said about ``path`` before and record ``problems`` instead."""
    now = utc_now()
    with store.atomic() as conn:
        conn.execute("DELETE FROM problems WHERE path = ? AND stage = ?", (path, stage))
        conn.executemany(
            "INSERT INTO problems (path, stage, code, severity, message, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(p.path, p.stage, p.code, p.severity.value, p.message, now) for p in problems],
        )


def list_problems(store: Store) -> list[Problem]:
    rows = store.query(
        "SELECT path, stage, code, severity, message FROM problems ORDER BY path, stage, id"
    )
    return [
        Problem(r["path"], r["stage"], r["code"], r["message"], Severity(r["severity"]))
        for r in rows
    ]
