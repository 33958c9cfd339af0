"""Nearest earlier articles by embedding, at a cost per query that stays bounded as the corpus
grows: exact search (faiss ``IndexFlatIP``) while the index is small, a graph index (faiss
HNSW) once it holds ``exact_limit`` vectors.

An exact scan costs O(n) per query, so clustering n articles costs O(n^2) in total; HNSW costs
about O(log n) per query and per insertion. Below the limit the exact scan is cheaper and gives
exact answers; the switch happens at a fixed size, so the same input always gives the same
index. Insertions run on one thread: faiss inserts HNSW vertices in parallel otherwise, and
the graph (hence the neighbours found) would depend on thread timing.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import faiss
import numpy as np
import numpy.typing as npt

from newsweave.models.stories import Vector

# Below this many vectors the exact scan costs no more than a graph search and insertion
# (about 0.3 ms per query at 5k; a graph insertion plus search is about 0.6 ms).
EXACT_LIMIT = 5_000
# Graph degree and search breadth: 98% of the same-event articles among the 20 nearest found
# at 50k (synthetic events of 5), at about 0.2 ms per insertion and per query.
HNSW_NEIGHBOURS = 24
HNSW_CONSTRUCTION_BREADTH = 48
HNSW_SEARCH_BREADTH = 64
# Queries per call from which faiss's threads pay for their start-up.
PARALLEL_QUERIES = 64


class NeighbourIndex:
    """Inner-product search over unit vectors, rows numbered in insertion order."""

    def __init__(self, dimensions: int, exact_limit: int = EXACT_LIMIT) -> None:
        self._dimensions = dimensions
        self._exact_limit = exact_limit
        self._index: faiss.Index = faiss.IndexFlatIP(dimensions)

    @property
    def ntotal(self) -> int:
        return int(self._index.ntotal)

    @property
    def approximate(self) -> bool:
        return not isinstance(self._index, faiss.IndexFlatIP)

    def add(self, vectors: Vector) -> None:
        if not self.approximate and self.ntotal + len(vectors) >= self._exact_limit:
            self._switch_to_graph()
        with _threads(1 if self.approximate else None):
            self._index.add(np.ascontiguousarray(vectors, dtype=np.float32))

    def search(self, vectors: Vector, k: int) -> tuple[Vector, npt.NDArray[np.int64]]:
        """Similarities and rows of the ``k`` nearest per query (rows -1 where fewer exist)."""
        queries = np.ascontiguousarray(vectors, dtype=np.float32)
        # One query is fastest on one thread: waking OpenMP workers costs more than the scan
        # (33 ms against 2 ms for 20k rows on a busy two-core machine).
        with _threads(None if len(queries) >= PARALLEL_QUERIES else 1):
            sims, rows = self._index.search(queries, k)
        return sims, rows

    def to_bytes(self) -> bytes:
        """The index as bytes (faiss's own format), for ``from_bytes``."""
        return bytes(faiss.serialize_index(self._index).tobytes())

    @classmethod
    def from_bytes(
        cls, data: bytes, dimensions: int, exact_limit: int = EXACT_LIMIT
    ) -> NeighbourIndex:
        """An index saved by ``to_bytes``: the same rows and, for a graph, the same graph, so
        that searches give what they gave before it was saved (rebuilding would cost about
        10 s at 50k articles, since the graph is built on one thread)."""
        try:
            loaded = faiss.deserialize_index(np.frombuffer(data, dtype=np.uint8))
        except RuntimeError as exc:
            raise ValueError(f"unreadable saved neighbour index: {exc}") from exc
        if loaded.d != dimensions:
            raise ValueError(f"saved neighbour index has {loaded.d} dimensions, not {dimensions}")
        index = cls(dimensions, exact_limit)
        if isinstance(loaded, faiss.IndexHNSW):
            loaded.hnsw.efSearch = HNSW_SEARCH_BREADTH
        index._index = loaded
        return index

    def __getstate__(self) -> dict[str, object]:
        # faiss objects do not pickle: the index travels in faiss's own format.
        return {
            "dimensions": self._dimensions,
            "exact_limit": self._exact_limit,
            "index": self.to_bytes(),
        }

    def __setstate__(self, state: dict[str, object]) -> None:
        dimensions, exact_limit, data = state["dimensions"], state["exact_limit"], state["index"]
        if not (
            isinstance(dimensions, int) and isinstance(exact_limit, int) and isinstance(data, bytes)
        ):
            raise ValueError("malformed saved neighbour index")
        loaded = NeighbourIndex.from_bytes(data, dimensions, exact_limit)
        self._dimensions, self._exact_limit, self._index = dimensions, exact_limit, loaded._index

    def _switch_to_graph(self) -> None:
        graph = faiss.IndexHNSWFlat(self._dimensions, HNSW_NEIGHBOURS, faiss.METRIC_INNER_PRODUCT)
        graph.hnsw.efConstruction = HNSW_CONSTRUCTION_BREADTH
        graph.hnsw.efSearch = HNSW_SEARCH_BREADTH
        if self.ntotal:
            stored = self._index.reconstruct_n(0, self.ntotal)
            with _threads(1):
                graph.add(stored)
        self._index = graph


@contextmanager
def _threads(count: int | None) -> Iterator[None]:
    """Run faiss with ``count`` OpenMP threads (None: leave as is)."""
    if count is None:
        yield
        return
    before = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(count)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(before)
