"""Storing signatures, fingerprints, copy edges and source families."""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from newsweave.models.relations import AlignedPassage, CopyEdge, SourceFamily, family_id_for
from newsweave.store.database import Store

# A fingerprint found in more articles than this is boilerplate or a famous quote: it says
# nothing about who copied whom, and looking it up would make candidate search quadratic.
MAX_FINGERPRINT_ARTICLES = 50
# Fingerprints are stored in two tables (migration 0014): new ones in ``fingerprints_recent``,
# merged into ``fingerprints`` once the recent table holds more rows than this share of the
# large one (and at least ``MERGE_MIN_ROWS``). Each row is then rewritten a few times over a
# corpus' growth instead of once per batch stored after it.
MERGE_SHARE = 0.25
MERGE_MIN_ROWS = 200_000
FINGERPRINT_TABLES = ("fingerprints", "fingerprints_recent")
# Articles added a few at a time (``store_run`` without ``merge``) keep their fingerprints and
# band keys in one row each (``fingerprints_pending``, migration 0016), which a search reads
# whole, until they hold more fingerprints than this; then they move into the recent table and
# the band table in one sorted sweep. About 100 articles: reading them costs a search about a
# millisecond, and the sweep writes each page it touches once for all of them.
PENDING_MAX_ROWS = 20_000
# Rows stored per transaction at the end of a run (``store_run``).
STORE_CHUNK = 500_000
# A run keeps its fingerprints in memory in sorted runs of at most this many rows (``RunPrints``):
# the 10.7 million of a 50k run in six or so, each merge holding little more than its two runs.
RUN_MAX_ROWS = 4_000_000
# A run holds at most about this many fingerprints in memory (240 MB; a 50k-article run has 10.7
# million): past it, its rows so far are stored (``add_to_run``).
RUN_HELD_MAX_ROWS = 20_000_000

I64Array = np.ndarray[Any, np.dtype[np.int64]]
I32Array = np.ndarray[Any, np.dtype[np.int32]]
_NONE = np.zeros(0, dtype=np.int64)
_NO_OWNERS = np.zeros(0, dtype=np.int32)


@dataclass(frozen=True, slots=True)
class Prints:
    """What finds an article's reuse candidates: its MinHash signature (with its word count),
    LSH band keys, and winnowed passage fingerprints."""

    article_id: str
    signature: np.ndarray[Any, np.dtype[np.uint64]]
    words: int
    bands: Sequence[int]
    passages: Sequence[int]


def save_prints(store: Store, batch: Sequence[Prints], *, merge: bool = True) -> None:
    """Store (replacing) the fingerprints of a batch of articles: ``replace_signatures`` then
    ``store_run`` of the batch alone."""
    run = RunPrints()
    run.add(batch)
    replace_signatures(store, batch)
    store_run(store, run, merge=merge)


def replace_signatures(store: Store, batch: Sequence[Prints]) -> None:
    """Store the signatures of a batch of articles, and remove every fingerprint and band key
    they had stored before. Their new fingerprints and band keys are stored by ``store_run``
    when their run ends; until then a run finds them in its ``RunPrints``."""
    conn = store.connection
    ids = [p.article_id for p in batch]
    conn.executemany("DELETE FROM lsh_bands WHERE article_id = ?", [(a,) for a in ids])
    old = store.query_in(
        "SELECT article_id, passages FROM signatures WHERE article_id IN ({values})", ids
    )
    stale = [(h, row[0]) for row in old for h in json.loads(row[1])]
    for table in FINGERPRINT_TABLES:
        removed = conn.executemany(
            f"DELETE FROM {table} WHERE hash = ? AND article_id = ?", stale
        ).rowcount
        _add_rows(store, table, -removed)
    _delete_pending(store, ids)
    conn.executemany(
        "INSERT OR REPLACE INTO signatures (article_id, minhash, words, passages)"
        " VALUES (?, ?, ?, ?)",
        [
            (p.article_id, p.signature.astype("<u8").tobytes(), p.words, json.dumps(p.passages))
            for p in batch
        ],
    )


def store_run(store: Store, run: RunPrints, *, merge: bool) -> None:
    """Store the fingerprints and band keys of a run's articles (their signatures stored by
    ``replace_signatures``). With ``merge`` (a run of many articles) they go, with any pending
    ones, to the recent table, or straight to the large one (with the recent rows) when they
    would be past the recent table's share; without it (a few articles added) they wait in
    ``fingerprints_pending`` until enough have gathered.

    Rows go run by run in key order (each insert lands next to the previous one's page), in
    transactions of at most ``STORE_CHUNK`` rows: another process's commit waits for one of
    them, not for the whole run. A run cut short leaves some of its rows stored, which the next
    run (its articles are still to be related) removes with their signatures."""
    passages, bands = run.rows()
    if not merge:
        with store.atomic():
            _store_pending(store, passages, bands)
        return
    rows = fingerprint_rows(store)
    table = "fingerprints_recent"
    if rows["fingerprints_recent"] + rows["fingerprints_pending"] + len(passages) > max(
        MERGE_MIN_ROWS, MERGE_SHARE * rows["fingerprints"]
    ):
        table = "fingerprints"
    with store.atomic():
        if table == "fingerprints":
            merge_fingerprints(store)
        _insert_rows(store, table, *_take_pending(store))
    _insert_rows(store, table, passages, bands)


def add_to_run(store: Store, run: RunPrints, batch: Sequence[Prints]) -> None:
    """Add a searched batch's prints to its run's; past ``RUN_HELD_MAX_ROWS`` fingerprints, the
    run's rows so far are stored (``store_run``) and the run holds none: its memory is bounded
    however long it is, and later batches find the stored rows in the store."""
    run.add(batch)
    if run.held > RUN_HELD_MAX_ROWS:
        store_run(store, run, merge=True)
        run.clear()


def _insert_rows(store: Store, table: str, passages: KeyedRows, bands: KeyedRows) -> None:
    """(fingerprint, article) rows into ``table``, (band key, article) rows into the band
    table, in key order, ``STORE_CHUNK`` rows a transaction."""
    conn = store.connection
    for chunk in passages.sorted_chunks(STORE_CHUNK):
        with store.atomic():
            added = conn.executemany(
                f"INSERT OR IGNORE INTO {table} (hash, article_id) VALUES (?, ?)", chunk
            ).rowcount
            _add_rows(store, table, added)
    for chunk in bands.sorted_chunks(STORE_CHUNK):
        with store.atomic():
            conn.executemany("INSERT INTO lsh_bands (key, article_id) VALUES (?, ?)", chunk)


def _store_pending(store: Store, passages: KeyedRows, bands: KeyedRows) -> None:
    """One pending row per article of ``passages`` and ``bands``; past ``PENDING_MAX_ROWS``,
    every pending row moves to the recent table and the band table."""
    hashes, keys = passages.by_article(), bands.by_article()
    pending = [
        (article, np.unique(hashes.get(article, _NONE)), keys.get(article, _NONE))
        for article in sorted(hashes.keys() | keys.keys())
    ]
    store.connection.executemany(
        "INSERT INTO fingerprints_pending (article_id, hashes, bands) VALUES (?, ?, ?)",
        [(article, _blob(h), _blob(k)) for article, h, k in pending],
    )
    _add_rows(store, "fingerprints_pending", sum(len(h) for _, h, _ in pending))
    if fingerprint_rows(store)["fingerprints_pending"] > PENDING_MAX_ROWS:
        _insert_rows(store, "fingerprints_recent", *_take_pending(store))


@dataclass(frozen=True, slots=True)
class _Pending:
    """An article added a few at a time, its fingerprints and band keys not stored yet."""

    article: str
    hashes: I64Array
    bands: I64Array


def _blob(values: I64Array) -> bytes:
    return values.astype("<i8").tobytes()


def _pending(store: Store, exclude: Iterable[str] = ()) -> list[_Pending]:
    """The pending articles (not those of ``exclude``)."""
    left_out = set(exclude)
    cursor = store.connection.cursor()
    cursor.row_factory = None
    return [
        _Pending(
            article,
            np.frombuffer(hashes, dtype="<i8").astype(np.int64),
            np.frombuffer(bands, dtype="<i8").astype(np.int64),
        )
        for article, hashes, bands in cursor.execute(
            "SELECT article_id, hashes, bands FROM fingerprints_pending ORDER BY article_id"
        )
        if article not in left_out
    ]


def _take_pending(store: Store) -> tuple[KeyedRows, KeyedRows]:
    """Every pending article's (fingerprint, article) and (band key, article) rows, no longer
    pending."""
    pending = _pending(store)
    names = [p.article for p in pending]
    owners = np.arange(len(pending), dtype=np.int32)
    passages = KeyedRows.of(
        np.concatenate([_NONE, *(p.hashes for p in pending)]),
        np.repeat(owners, [len(p.hashes) for p in pending]),
        names,
    )
    bands = KeyedRows.of(
        np.concatenate([_NONE, *(p.bands for p in pending)]),
        np.repeat(owners, [len(p.bands) for p in pending]),
        names,
    )
    store.connection.execute("DELETE FROM fingerprints_pending")
    store.connection.execute(
        "UPDATE fingerprint_rows SET count = 0 WHERE name = 'fingerprints_pending'"
    )
    return passages, bands


def _delete_pending(store: Store, ids: Sequence[str]) -> None:
    removed = store.query_in(
        "SELECT sum(length(hashes)) FROM fingerprints_pending WHERE article_id IN ({values})", ids
    )
    store.connection.executemany(
        "DELETE FROM fingerprints_pending WHERE article_id = ?", [(a,) for a in ids]
    )
    bytes_removed = sum(int(row[0] or 0) for row in removed)
    _add_rows(store, "fingerprints_pending", -(bytes_removed // 8))


def merge_fingerprints(store: Store) -> None:
    """Move the recent fingerprints into the large table (in key order: one sweep of it)."""
    conn = store.connection
    moved = conn.execute(
        "INSERT OR IGNORE INTO fingerprints (hash, article_id)"
        " SELECT hash, article_id FROM fingerprints_recent ORDER BY hash, article_id"
    ).rowcount
    conn.execute("DELETE FROM fingerprints_recent")
    _add_rows(store, "fingerprints", moved)
    conn.execute("UPDATE fingerprint_rows SET count = 0 WHERE name = 'fingerprints_recent'")


def fingerprint_rows(store: Store) -> dict[str, int]:
    """The rows each fingerprint table holds, as counted beside them (SQLite counts a table by
    scanning it). The counts only decide when to merge: a wrong one costs time, not results."""
    return {r[0]: int(r[1]) for r in store.query("SELECT name, count FROM fingerprint_rows")}


def _add_rows(store: Store, table: str, change: int) -> None:
    if change:
        store.connection.execute(
            "UPDATE fingerprint_rows SET count = count + ? WHERE name = ?", (change, table)
        )


# A run of (key, owner) rows sorted by key: keys, and owners indexing a list of article ids.
_Run = tuple[I64Array, I32Array]


@dataclass(frozen=True, slots=True)
class KeyedRows:
    """(key, article) rows in runs sorted by key, their owners indexing ``names``."""

    runs: Sequence[_Run]
    names: Sequence[str]

    @classmethod
    def of(cls, keys: I64Array, owners: I32Array, names: Sequence[str]) -> KeyedRows:
        order = np.argsort(keys, kind="stable")
        return cls([(keys[order], owners[order])], names)

    def __len__(self) -> int:
        return sum(len(keys) for keys, _ in self.runs)

    def by_article(self) -> dict[str, I64Array]:
        """Each article's keys (for a few articles: the runs are joined)."""
        keys = np.concatenate([_NONE, *(k for k, _ in self.runs)])
        owners = np.concatenate([_NO_OWNERS, *(o for _, o in self.runs)])
        order = np.argsort(owners, kind="stable")
        owners, keys = owners[order], keys[order]
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]]) if len(owners) else _NONE
        bounds = [*starts.tolist(), len(owners)]
        return {
            self.names[int(owners[begin])]: keys[begin:end]
            for begin, end in itertools.pairwise(bounds)
        }

    def sorted_chunks(self, size: int) -> Iterator[list[tuple[int, str]]]:
        """The rows, run by run in key order, ``size`` at a time."""
        for keys, owners in self.runs:
            for begin in range(0, len(keys), size):
                names = [self.names[i] for i in owners[begin : begin + size].tolist()]
                yield list(zip(keys[begin : begin + size].tolist(), names, strict=True))


class _SortedRuns:
    """(key, owner) rows in a few runs sorted by key, merged as they grow (a run of a batch into
    the one before it while that one is at most twice as long, up to ``RUN_MAX_ROWS``): a
    lookup is a binary search per run, and a merge never holds much more than the two runs."""

    def __init__(self) -> None:
        self.runs: list[_Run] = []

    def add(self, keys: I64Array, owners: I32Array) -> None:
        order = np.argsort(keys, kind="stable")
        self.runs.append((keys[order], owners[order]))
        while len(self.runs) > 1:
            older, newer = len(self.runs[-2][0]), len(self.runs[-1][0])
            if older > 2 * newer or older + newer > RUN_MAX_ROWS:
                break
            newest = self.runs.pop()
            self.runs.append(_merged(self.runs.pop(), newest))

    def find(self, wanted: I64Array) -> tuple[I64Array, I32Array]:
        """Every row whose key is in ``wanted`` (sorted, distinct)."""
        found_keys, found_owners = [_NONE], [_NO_OWNERS]
        for keys, owners in self.runs:
            begins = np.searchsorted(keys, wanted, side="left")
            counts = np.searchsorted(keys, wanted, side="right") - begins
            hit = counts > 0
            begins, counts = begins[hit], counts[hit]
            at = np.repeat(begins - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
            found_keys.append(keys[at])
            found_owners.append(owners[at])
        return np.concatenate(found_keys), np.concatenate(found_owners)


def _merged(first: _Run, second: _Run) -> _Run:
    """Two sorted runs as one (``second``'s rows after ``first``'s equal keys), without sorting
    again: each row of ``second`` goes where a binary search in ``first`` puts it."""
    (keys_a, owners_a), (keys_b, owners_b) = first, second
    at = np.searchsorted(keys_a, keys_b, side="right") + np.arange(len(keys_b))
    keys = np.empty(len(keys_a) + len(keys_b), dtype=np.int64)
    owners = np.empty(len(keys), dtype=np.int32)
    rest = np.ones(len(keys), dtype=bool)
    rest[at] = False
    keys[at], owners[at] = keys_b, owners_b
    keys[rest], owners[rest] = keys_a, owners_a
    return keys, owners


class RunPrints:
    """The fingerprints and band keys of a run's articles searched so far, held here until the
    run ends (``store_run``). Each batch's search looks them up in memory (``candidate_pairs``)
    instead of in the store's tables, which then hold only what was stored before the run:
    on the 10k bench corpus (2.1 million fingerprints) the lookups and the storing took about
    a third of the relate stage's search."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self._articles = 0  # those whose rows were stored before the run ended
        self._passages = _SortedRuns()
        self._bands = _SortedRuns()

    def __len__(self) -> int:
        """The run's articles so far (with those whose rows were stored already)."""
        return self._articles + len(self.names)

    @property
    def held(self) -> int:
        """The fingerprints held."""
        return sum(len(keys) for keys, _ in self._passages.runs)

    def clear(self) -> None:
        """Hold nothing (the rows were stored)."""
        self._articles += len(self.names)
        self.names = []
        self._passages, self._bands = _SortedRuns(), _SortedRuns()

    def add(self, batch: Sequence[Prints]) -> None:
        """A batch's prints (after its search: an article never finds itself)."""
        owners = np.arange(len(self.names), len(self.names) + len(batch), dtype=np.int32)
        self.names.extend(p.article_id for p in batch)
        for runs, values in (
            (self._passages, [p.passages for p in batch]),
            (self._bands, [p.bands for p in batch]),
        ):
            counts = [len(v) for v in values]
            keys = np.fromiter(
                itertools.chain.from_iterable(values), dtype=np.int64, count=sum(counts)
            )
            runs.add(keys, np.repeat(owners, counts))

    def passage_holders(self, hashes: I64Array) -> tuple[I64Array, list[str]]:
        """(fingerprint, article) of the run's articles for the fingerprints ``hashes``
        (sorted, distinct)."""
        keys, owners = self._passages.find(hashes)
        return keys, [self.names[i] for i in owners.tolist()]

    def band_holders(self, keys: I64Array) -> list[tuple[int, str]]:
        """(band key, article) of the run's articles for the band keys ``keys`` (sorted,
        distinct)."""
        found, owners = self._bands.find(keys)
        return list(zip(found.tolist(), [self.names[i] for i in owners.tolist()], strict=True))

    def rows(self) -> tuple[KeyedRows, KeyedRows]:
        """Every (fingerprint, article) and (band key, article) row of the run."""
        return KeyedRows(self._passages.runs, self.names), KeyedRows(self._bands.runs, self.names)


def load_signature(store: Store, article_id: str) -> np.ndarray[Any, np.dtype[np.uint64]] | None:
    row = store.query_one("SELECT minhash FROM signatures WHERE article_id = ?", (article_id,))
    if row is None:
        return None
    return np.frombuffer(row["minhash"], dtype="<u8").astype(np.uint64)


def candidate_pairs(
    store: Store, batch: Sequence[Prints], minimum: int, run: RunPrints | None = None
) -> set[tuple[str, str]]:
    """Pairs (ids sorted) of a batch article with a stored one, one of the ``run`` so far, or
    another of the batch that share an LSH band, or at least ``minimum`` passage fingerprints
    carried by at most ``MAX_FINGERPRINT_ARTICLES`` articles in all. Call before storing the
    batch's prints (``replace_signatures``, ``RunPrints.add``).

    The batch meets the store in two joins run by SQLite (not a query per article), and the
    pending articles (read whole), the run and itself in memory.
    """
    ids = {p.article_id for p in batch}
    band_holders: dict[int, list[str]] = defaultdict(list)
    for p in batch:
        for key in p.bands:
            band_holders[key].append(p.article_id)
    conn = store.connection
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS batch_keys (key INTEGER, article_id TEXT)")
    pairs: set[tuple[str, str]] = set()
    # Bands: any shared key makes a pair.
    conn.execute("DELETE FROM batch_keys")
    others: list[tuple[int, str]] = []
    if _holds_rows(store, "lsh_bands"):
        conn.executemany("INSERT INTO batch_keys (key) VALUES (?)", ((k,) for k in band_holders))
        others += conn.execute(
            "SELECT b.key, b.article_id FROM batch_keys k JOIN lsh_bands b ON b.key = k.key"
        ).fetchall()
    if run is not None and band_holders:
        others += run.band_holders(np.unique(np.fromiter(band_holders, dtype=np.int64)))
    for key, other in others:
        if other not in ids:
            for mine in band_holders[key]:
                pairs.add((min(mine, other), max(mine, other)))
    for holders in band_holders.values():
        if len(holders) > 1:
            pairs.update(_pairs_of(holders))
    pending = _pending(store, exclude=ids)
    for waiting in pending:
        for key in waiting.bands.tolist():
            for mine in band_holders.get(key, ()):
                pairs.add((min(mine, waiting.article), max(mine, waiting.article)))
    # Passages: rare fingerprints only, then at least ``minimum`` of them per pair. Columns of
    # numbers, not tuples: a batch has about 100k fingerprints and meets 200k stored holders.
    batch_names = sorted(ids)
    position = {name: i for i, name in enumerate(batch_names)}
    counts = [len(p.passages) for p in batch]
    mine_hashes = np.fromiter(
        itertools.chain.from_iterable(p.passages for p in batch), dtype=np.int64, count=sum(counts)
    )
    mine_owners = np.repeat(
        np.array([position[p.article_id] for p in batch], dtype=np.int64), counts
    )
    distinct = np.unique(mine_hashes)
    conn.execute("DELETE FROM batch_keys")
    rows: list[tuple[int, str]] = []
    if any(_holds_rows(store, table) for table in FINGERPRINT_TABLES):
        conn.executemany(
            "INSERT INTO batch_keys (key) VALUES (?)", ((h,) for h in distinct.tolist())
        )
        conn.execute("CREATE TEMP TABLE IF NOT EXISTS batch_articles (article_id TEXT PRIMARY KEY)")
        conn.execute("DELETE FROM batch_articles")
        conn.executemany("INSERT INTO batch_articles VALUES (?)", [(a,) for a in batch_names])
        cursor = conn.cursor()
        cursor.row_factory = None  # plain tuples
        rows = cursor.execute(
            "SELECT f.hash, f.article_id FROM"
            " (SELECT hash, article_id FROM fingerprints"
            " UNION ALL SELECT hash, article_id FROM fingerprints_recent) f"
            " WHERE f.hash IN (SELECT key FROM batch_keys)"
            " AND f.article_id NOT IN (SELECT article_id FROM batch_articles)"
        ).fetchall()
        conn.execute("DELETE FROM batch_keys")
        conn.execute("DELETE FROM batch_articles")
    stored_hashes = [np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))]
    stored_names = [row[1] for row in rows]
    if run is not None:
        found, holders = run.passage_holders(distinct)
        stored_hashes.append(found)
        stored_names += holders
    # The pending articles, read whole: their fingerprints that the batch has too.
    if pending:
        held = np.concatenate([waiting.hashes for waiting in pending])
        holder = np.repeat(np.arange(len(pending)), [len(waiting.hashes) for waiting in pending])
        hit = np.isin(held, mine_hashes)
        stored_hashes.append(held[hit])
        stored_names += [pending[i].article for i in holder[hit].tolist()]
    names = batch_names + sorted(set(stored_names))
    index = {name: i for i, name in enumerate(names)}
    hashes = np.concatenate([mine_hashes, *stored_hashes])
    owners = np.concatenate(
        [
            mine_owners,
            np.fromiter(
                map(index.__getitem__, stored_names), dtype=np.int64, count=len(stored_names)
            ),
        ]
    )
    pairs.update(_shared_pairs(hashes, owners, len(batch_names), names, minimum))
    return pairs


def _holds_rows(store: Store, table: str) -> bool:
    return store.query_one(f"SELECT 1 FROM {table} LIMIT 1") is not None


def shared_fingerprint_pairs(
    mine: Sequence[tuple[int, str]], stored: Sequence[tuple[int, str]], minimum: int
) -> set[tuple[str, str]]:
    """Pairs (ids sorted) that share at least ``minimum`` fingerprints held by at most
    ``MAX_FINGERPRINT_ARTICLES`` articles, each pair with at least one article of ``mine``
    ((fingerprint, article) of the batch; ``stored`` holds those of other articles)."""
    batch_names = sorted({a for _, a in mine})
    names = batch_names + sorted({a for _, a in stored} - set(batch_names))
    index = {name: i for i, name in enumerate(names)}
    entries = [*mine, *stored]
    hashes = np.array([h for h, _ in entries], dtype=np.int64)
    owners = np.array([index[a] for _, a in entries], dtype=np.int64)
    return _shared_pairs(hashes, owners, len(batch_names), names, minimum)


def _shared_pairs(
    hashes: np.ndarray[Any, np.dtype[np.int64]],
    owners: np.ndarray[Any, np.dtype[np.int64]],
    batch_count: int,
    names: Sequence[str],
    minimum: int,
) -> set[tuple[str, str]]:
    """``shared_fingerprint_pairs`` on columns: ``owners`` index ``names``, whose first
    ``batch_count`` are the batch's articles. Counted with numpy: a Python counter over the
    pairs took about 0.15 s more per batch at 10k articles."""
    if len(names) < 2 or not len(hashes):
        return set()
    order = np.lexsort((owners, hashes))
    hashes, owners = hashes[order], owners[order]
    distinct = np.r_[True, (hashes[1:] != hashes[:-1]) | (owners[1:] != owners[:-1])]
    hashes, owners = hashes[distinct], owners[distinct]
    starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
    sizes = np.diff(np.r_[starts, len(hashes)])
    group_start = np.repeat(starts, sizes)
    group_size = np.repeat(sizes, sizes)
    # Each batch entry of a rare enough fingerprint meets every other holder of it.
    rare = (group_size >= 2) & (group_size <= MAX_FINGERPRINT_ARTICLES)
    entry = np.flatnonzero(rare & (owners < batch_count))
    lengths = group_size[entry]
    first = np.repeat(group_start[entry], lengths)
    offsets = np.arange(int(lengths.sum())) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    left = owners[np.repeat(entry, lengths)]
    right = owners[first + offsets]
    # Batch owners come first in ``names``: a batch-batch pair counts once, from its lower end.
    keep = right > left
    keys = left[keep] * len(names) + right[keep]
    values, counts = np.unique(keys, return_counts=True)
    found = values[counts >= minimum]
    out = set()
    for a, b in zip((found // len(names)).tolist(), (found % len(names)).tolist(), strict=True):
        x, y = names[a], names[b]
        out.add((x, y) if x < y else (y, x))
    return out


def _pairs_of(holders: Sequence[str]) -> list[tuple[str, str]]:
    unique = sorted(set(holders))
    return [(a, b) for i, a in enumerate(unique) for b in unique[i + 1 :]]


def save_edge(store: Store, edge: CopyEdge) -> None:
    """Store an edge, replacing any edge between the same two articles (either direction)."""
    conn = store.connection
    conn.execute(
        "DELETE FROM copies WHERE (source = ? AND target = ?) OR (source = ? AND target = ?)",
        (edge.source, edge.target, edge.target, edge.source),
    )
    conn.execute(
        "INSERT INTO copies (source, target, kind, containment_source, containment_target,"
        " confidence, evidence, passages) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            edge.source,
            edge.target,
            edge.kind,
            edge.containment_source,
            edge.containment_target,
            edge.confidence,
            json.dumps(list(edge.evidence)),
            json.dumps([_passage_json(p) for p in edge.passages]),
        ),
    )


def delete_edges_of(store: Store, article_ids: Iterable[str]) -> None:
    store.query_in(
        "DELETE FROM copies WHERE source IN ({values}) OR target IN ({values})", article_ids
    )


def load_links(store: Store, article_ids: Iterable[str]) -> set[tuple[str, str]]:
    """(source, target) of the edges touching ``article_ids``: the copy graph without its
    evidence, for walking components."""
    rows = store.query_in(
        "SELECT source, target FROM copies WHERE source IN ({values})"
        " UNION SELECT source, target FROM copies WHERE target IN ({values})",
        article_ids,
    )
    return {(r[0], r[1]) for r in rows}


def load_edges(store: Store, article_ids: Iterable[str] | None = None) -> list[CopyEdge]:
    """All edges, or those touching ``article_ids``, in a stable order."""
    if article_ids is None:
        rows = store.query("SELECT * FROM copies ORDER BY source, target")
    else:
        rows = store.query_in(
            "SELECT * FROM copies WHERE source IN ({values}) OR target IN ({values})", article_ids
        )
        unique = {(r["source"], r["target"]): r for r in rows}
        rows = [unique[k] for k in sorted(unique)]
    return [_edge_from(r) for r in rows]


def load_edges_among(
    store: Store, article_ids: Iterable[str], limit: int, offset: int
) -> tuple[list[CopyEdge], int]:
    """A page of the edges between ``article_ids`` (by source, then target), and how many there
    are. Only the page's passages are read: 300 copies of one report made 38,556 edges."""
    heads = load_edge_heads(store, article_ids)
    page = [(h.source, h.target) for h in heads[offset : offset + limit]]
    return load_edges_of_pairs(store, page), len(heads)


@dataclass(frozen=True, slots=True)
class EdgeHead:
    """What ranks a copy edge among others, without its evidence and passages."""

    source: str
    target: str
    containment_source: float


def load_edge_heads(store: Store, article_ids: Iterable[str]) -> list[EdgeHead]:
    """The edges between ``article_ids`` by source, then target, without what is costly to
    decode (a story of 300 copies has 38,556 edges, whose passages took a second to read)."""
    members = set(article_ids)
    rows = store.query_in(
        "SELECT source, target, containment_source FROM copies WHERE source IN ({values})",
        members,
    )
    return sorted(
        (EdgeHead(r[0], r[1], r[2]) for r in rows if r[1] in members),
        key=lambda h: (h.source, h.target),
    )


def load_edges_of_pairs(store: Store, pairs: Iterable[tuple[str, str]]) -> list[CopyEdge]:
    """The stored edges of these (source, target) pairs, in their order (missing ones left out)."""
    found = (
        store.query_one("SELECT * FROM copies WHERE source = ? AND target = ?", pair)
        for pair in pairs
    )
    return [_edge_from(row) for row in found if row is not None]


def _edge_from(row: sqlite3.Row) -> CopyEdge:
    return CopyEdge(
        row["source"],
        row["target"],
        row["kind"],
        row["containment_source"],
        row["containment_target"],
        row["confidence"],
        tuple(json.loads(row["evidence"])),
        tuple(_passage_from(p) for p in json.loads(row["passages"])),
    )


def save_families(store: Store, families: Iterable[SourceFamily]) -> None:
    """Record families of two or more (replacing their members' previous family)."""
    conn = store.connection
    for family in families:
        conn.executemany(
            "DELETE FROM families WHERE article_id = ?", [(a,) for a in family.articles]
        )
        if len(family.articles) > 1:
            conn.executemany(
                "INSERT INTO families (article_id, family_id) VALUES (?, ?)",
                [(a, family.id) for a in family.articles],
            )


def family_members(store: Store, article_ids: Iterable[str]) -> list[list[str]]:
    """The stored families (two or more members) that hold any of ``article_ids``, whole."""
    members: dict[str, set[str]] = {}
    for row in store.query_in(
        "SELECT article_id, family_id FROM families WHERE family_id IN"
        " (SELECT family_id FROM families WHERE article_id IN ({values}))",
        article_ids,
    ):
        members.setdefault(row[1], set()).add(row[0])
    return [sorted(members[f]) for f in sorted(members)]


def edge_targets(store: Store, article_ids: Iterable[str]) -> set[str]:
    """Those of ``article_ids`` that some copy edge points to."""
    rows = store.query_in(
        "SELECT DISTINCT target FROM copies WHERE target IN ({values})", article_ids
    )
    return {r[0] for r in rows}


def family_of(store: Store, article_ids: Iterable[str]) -> dict[str, str]:
    """Each article's family id (an article outside any family is its own: ``family-<id>``)."""
    ids = sorted(set(article_ids))
    out = {a: family_id_for(a) for a in ids}
    for row in store.query_in(
        "SELECT article_id, family_id FROM families WHERE article_id IN ({values})", ids
    ):
        out[row[0]] = row[1]
    return out


def _passage_json(p: AlignedPassage) -> list[Any]:
    return [
        p.kind,
        p.source_start,
        p.source_end,
        p.target_start,
        p.target_end,
        p.similarity,
        p.quoted,
    ]


def _passage_from(data: list[Any]) -> AlignedPassage:
    return AlignedPassage(data[0], data[1], data[2], data[3], data[4], data[5], bool(data[6]))
