"""From command-line paths to ``Source`` objects (bytes), with size limits and clear problems."""

from __future__ import annotations

import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO

from newsweave.models import Problem, Severity, Source

STAGE = "read"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
STDIN_PATH = "-"


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """``max_bytes`` applies to each file and to what a compressed file expands to."""

    max_bytes: int = DEFAULT_MAX_BYTES


def iter_sources(
    paths: list[str],
    limits: ReadLimits,
    *,
    stdin: BinaryIO | None = None,
    exclude: frozenset[str] = frozenset(),
) -> Iterator[Source | Problem]:
    """Every file under ``paths`` (folders recursively, in sorted order), or a problem for it.

    Hidden files and folders (a leading dot) are skipped inside folders; ``exclude`` holds
    resolved paths never to read (the database itself, when it lies among the inputs). Files
    are opened by their real names; what comes out names them by :func:`printable_path`.
    """
    for item in _sources(paths, limits, stdin, exclude):
        yield replace(item, path=printable_path(item.path))


def printable_path(path: str) -> str:
    """``path`` as it is stored and shown: the same string unless it holds file-name bytes
    that are not UTF-8, which are written as backslash escapes (``a\\xffb.txt``).

    Python hands such bytes over as lone surrogates (PEP 383), which open the file but cannot
    be encoded for SQLite, JSON or a terminal; the escaped form can, and is the same each run.
    """
    try:
        raw = path.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone UTF-16 surrogate, as Windows file names may hold
        raw = path.encode("utf-8", "surrogatepass")
    # Control characters (a newline, an escape) would break a problem's one line or reach the
    # terminal as commands: written as escapes too.
    return _CONTROLS.sub(_escaped, raw.decode("utf-8", "backslashreplace"))


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _sources(
    paths: list[str], limits: ReadLimits, stdin: BinaryIO | None, exclude: frozenset[str]
) -> Iterator[Source | Problem]:
    for given in paths:
        if given == STDIN_PATH:
            yield _read_stream(stdin if stdin is not None else sys.stdin.buffer, "<stdin>", limits)
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(given, limits, exclude)
        elif path.exists() or path.is_symlink():
            if _resolved(given) not in exclude:
                yield read_file(given, limits)
        else:
            yield Problem(given, STAGE, "read.not_found", "no such file or folder")


def _special(path: str) -> bool:
    """Whether ``path`` (followed if a link) exists and is no regular file."""
    try:
        return not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False  # reading it says why


def _resolved(path: str) -> str:
    return os.path.realpath(path)


def _walk(root: str, limits: ReadLimits, exclude: frozenset[str]) -> Iterator[Source | Problem]:
    problems: list[Problem] = []

    def on_error(error: OSError) -> None:
        where = error.filename or root
        problems.append(Problem(str(where), STAGE, "read.unreadable_folder", _os_reason(error)))

    # Linked folders are followed; each real folder is read once, under the first path met
    # (a link to an ancestor would otherwise loop forever).
    first_path = {_resolved(root): root}
    for folder, dirs, files in os.walk(root, onerror=on_error, followlinks=True):
        yield from problems
        problems.clear()
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            path = os.path.join(folder, name)
            earlier = first_path.setdefault(_resolved(path), path)
            if earlier != path:
                yield Problem(
                    path,
                    STAGE,
                    "read.linked_folder",
                    f"the same folder as {printable_path(earlier)}, read there; skipped",
                    Severity.WARNING,
                )
                continue
            kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if name.startswith("."):
                continue
            full = os.path.join(folder, name)
            if _resolved(full) in exclude:
                continue
            if _special(full):
                # A named pipe met in a folder would block the run until someone writes to it.
                yield Problem(
                    full,
                    STAGE,
                    "read.not_a_file",
                    "is not a regular file (a pipe, socket or device)",
                )
                continue
            yield read_file(full, limits)
    yield from problems


def read_file(path: str, limits: ReadLimits) -> Source | Problem:
    """The bytes of one file, or why they cannot be had."""
    try:
        size = os.stat(path).st_size
        if size > limits.max_bytes:
            return Problem(
                path,
                STAGE,
                "read.too_large",
                f"{size:,} bytes is over the {limits.max_bytes:,}-byte limit (--max-size)",
            )
        with open(path, "rb") as handle:
            return _read_stream(handle, path, limits)
    except IsADirectoryError:
        return Problem(path, STAGE, "read.not_a_file", "is not a regular file")
    except OSError as error:
        return Problem(path, STAGE, _os_code(error), _os_reason(error))


def _read_stream(handle: BinaryIO, path: str, limits: ReadLimits) -> Source | Problem:
    data = handle.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        return Problem(
            path,
            STAGE,
            "read.too_large",
            f"more than the {limits.max_bytes:,}-byte limit (--max-size)",
        )
    return Source(path, data)


def _os_code(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "read.permission_denied"
    if isinstance(error, FileNotFoundError):
        return "read.not_found"
    return "read.os_error"


def _os_reason(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "permission denied"
    return (error.strerror or str(error)).lower()
