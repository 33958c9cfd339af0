"""Failures of a whole run, as one exception tree.

A bad *input* is not an exception: readers and stages turn it into a
:class:`newsweave.models.Problem` and the run goes on. The exceptions below are for what stops a
command as a whole; the CLI translates them in one place (``newsweave.cli.app``) into a message
and an exit code, the web layer in another.

::

    NewsweaveError                  every failure newsweave raises on purpose (exit code 3)
    +-- StoreError                  the database cannot be opened, read or migrated
    |   +-- SchemaTooNewError       the database was written by a newer newsweave
    |   +-- StoreBusyError          another process analyses the store past a wait's limit
    +-- PipelineError               the registered stages do not form a valid pipeline
    +-- ModelUnavailableError       a packaged model or its package is missing
    +-- DatasetError                an evaluation dataset is missing or malformed (exit code 5)
    +-- NotFoundError               an id or name the user gave matches nothing (exit code 6)
    +-- UsageError                  options that cannot be combined (exit code 2)
"""

from __future__ import annotations


class NewsweaveError(Exception):
    """Base class; ``exit_code`` is what the CLI returns when this reaches it."""

    exit_code = 3


class StoreError(NewsweaveError):
    """The store cannot be opened, read, written or migrated."""


class SchemaTooNewError(StoreError):
    """The database carries migrations this version of newsweave does not know."""


class StoreBusyError(StoreError):
    """Another process held the store's writer lock for longer than the caller would wait."""


class PipelineError(NewsweaveError):
    """A stage requires something no earlier stage provides, or two stages provide the same."""


class ModelUnavailableError(NewsweaveError):
    """A model package is not installed or cannot be loaded."""


class DatasetError(NewsweaveError):
    """An evaluation dataset is absent or not in the expected layout."""

    exit_code = 5


class NotFoundError(NewsweaveError):
    """The article, story or speaker the user asked for does not exist."""

    exit_code = 6


class UsageError(NewsweaveError):
    """The command line asks for something contradictory."""

    exit_code = 2


# What a message shows of a value the user typed: enough to recognise it, never a page of it.
SHOWN_CHARS = 40


def shown(value: str) -> str:
    """``value`` quoted for a message, cut to ``SHOWN_CHARS`` characters."""
    if len(value) <= SHOWN_CHARS:
        return repr(value)
    return f"{value[:SHOWN_CHARS]!r}... ({len(value):,} characters)"


def ambiguous_id(given: str, kind: str, ids: list[str]) -> UsageError:
    """The error for an id prefix that several ``kind`` share: how many, and the first few."""
    listed = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
    return UsageError(f"{shown(given)} matches {len(ids)} {kind} ({listed}); give more digits")
