"""A saved copy of the story index beside the store, so that a new process resumes clustering
instead of rebuilding the index from every stored article.

Rebuilding replays every stored article (decoding its features, weighing its terms, merging it
into its story's profile, inserting it into the search graph): about a minute for 50k articles.
The snapshot is the index as the process that last clustered left it. A new process loads it,
checks it against the store (the same articles, in the same order, by the same clusterer), moves
the articles the store shows in other stories since (an undated report placed again, a story cut
in two: ``StoryIndex.follow``) and replays only the articles assigned since. A snapshot that does
not match the store, cannot be read, or was written by another version is ignored: it costs a
rebuild, never a result.

The file is a pickle, read by an unpickler that can only make the index's own classes, numpy
arrays and dates: a doctored file cannot make this process run code of its choosing.
"""

from __future__ import annotations

import os
import pickle
from dataclasses import asdict
from functools import cache
from pathlib import Path
from typing import Any

from newsweave import __version__
from newsweave.nlp.embed import DIMENSIONS
from newsweave.stages.cluster.features import FEATURES_VERSION
from newsweave.stages.cluster.neighbours import NeighbourIndex
from newsweave.stages.cluster.profiles import Profile
from newsweave.stages.cluster.similarity import DateSpan, SparseVector, TermSpace, WeightedTerms
from newsweave.stages.cluster.stories import ClusterParams, StoryIndex, _StoryState
from newsweave.stages.cluster.storylines import StorylineLinks
from newsweave.store.database import STORY_INDEX_SUFFIX

MAGIC = b"newsweave story index\n"
# Bumped when what an attribute holds changes; a change in which attributes the index's classes
# have is caught without it (``_layout``).
FORMAT = 1

_CLASSES: dict[tuple[str, str], Any] = {
    (cls.__module__, cls.__qualname__): cls
    for cls in (
        StoryIndex, _StoryState, ClusterParams, TermSpace, SparseVector, WeightedTerms, DateSpan,
        Profile, StorylineLinks, NeighbourIndex,
    )
}  # fmt: skip
# What pickle needs to rebuild numpy arrays and dates (numpy 2 moved its core to ``_core``).
_HELPERS = {
    ("datetime", "date"),
    ("numpy", "dtype"),
    ("numpy", "ndarray"),
    ("numpy._core.numeric", "_frombuffer"),
    ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "_reconstruct"),
}


def snapshot_path(location: str) -> Path | None:
    """Where the index of the database at ``location`` is saved (None in memory)."""
    return None if location == ":memory:" else Path(location + STORY_INDEX_SUFFIX)


def save_snapshot(path: Path, index: StoryIndex) -> None:
    """Write ``index`` to ``path``: to a temporary file first, then renamed over the old one, so
    that a reader finds the old snapshot or the new one, never half of one."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("wb") as out:
            out.write(MAGIC)
            pickle.dump(_header(index.params), out, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump(index, out, protocol=pickle.HIGHEST_PROTOCOL)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def load_snapshot(path: Path, params: ClusterParams) -> StoryIndex | None:
    """The index saved at ``path`` by this version with these parameters, else None (missing,
    unreadable, damaged or foreign files alike)."""
    try:
        with path.open("rb") as source:
            if source.read(len(MAGIC)) != MAGIC:
                return None
            if _Unpickler(source).load() != _header(params):
                return None
            index = _Unpickler(source).load()
    except Exception:
        # Missing, or whatever a damaged file makes pickle, numpy or faiss raise: rebuilt.
        return None
    return index if isinstance(index, StoryIndex) and index.params == params else None


def _header(params: ClusterParams) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "newsweave": __version__,
        "features": FEATURES_VERSION,
        "params": asdict(params),
        "layout": _layout(),
    }


@cache
def _layout() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The attribute names of each class an index is made of: a snapshot written by code whose
    classes had other attributes is not loaded (it would fail later, mid-run)."""
    made = {
        StoryIndex: StoryIndex(),
        TermSpace: TermSpace(),
        StorylineLinks: StorylineLinks(),
        NeighbourIndex: NeighbourIndex(DIMENSIONS),
    }
    layout = []
    for (_, name), cls in sorted(_CLASSES.items()):
        slots = getattr(cls, "__slots__", None)
        names = slots if slots is not None else vars(made[cls])
        layout.append((name, tuple(sorted(names))))
    return tuple(layout)


class _Unpickler(pickle.Unpickler):
    """Makes nothing but the index's classes and the helpers numpy arrays and dates need."""

    def find_class(self, module: str, name: str) -> Any:
        found = _CLASSES.get((module, name))
        if found is not None:
            return found
        if (module, name) in _HELPERS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a story index holds no {module}.{name}")
