"""The relate stage: fingerprints in, copy edges and source families out, incrementally.

Each new article is fingerprinted once (MinHash signature with LSH band keys, winnowed passage
hashes), and only articles that share a band or enough passage hashes with it are compared:
the cost of adding an article does not grow with the size of the store.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import Any, Protocol

from newsweave.lru import LruCache
from newsweave.models.relations import CopyEdge
from newsweave.pipeline.parallel import Closing, StatefulWorker
from newsweave.pipeline.runner import CURRENT_ARTICLES, mark_done, pending_articles
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.stages.relate.compare import (
    ArticleText,
    PairComparison,
    RetellingCandidates,
    RetellingJudge,
    candidate_texts,
    compare_text,
    retelling_candidates,
    with_retelling,
)
from newsweave.stages.relate.derive import (
    PairContext,
    classify,
    needs_retelling,
    rewrite_within_reach,
)
from newsweave.stages.relate.families import Components, name_families, source_families
from newsweave.stages.relate.fingerprint import band_keys, minhash_signature, passage_fingerprints
from newsweave.store import Store
from newsweave.store.articles import current_article_ids, current_texts
from newsweave.store.relations import (
    Prints,
    RunPrints,
    add_to_run,
    candidate_pairs,
    delete_edges_of,
    edge_targets,
    family_members,
    load_links,
    replace_signatures,
    save_edge,
    save_families,
    store_run,
)
from newsweave.store.stories import story_of

BATCH = 500
MIN_SHARED_FINGERPRINTS = 2
# Tokenised texts kept between batches and runs: about 45 KB each for a 3,000-character article
# (compact tokens; 90 KB before). On the 10k bench corpus (its texts fingerprinted in the
# worker), relate alone tokenised 2,979 partner texts again with 4,000 kept (29.8 / 30.4 s),
# 848 with 6,000 (29.1 s), 139 with 8,000 (27.3 / 28.6 s, 160-180 MB more at its peak).
TEXT_CACHE_SIZE = 8000
# Runs of this many articles fingerprint and search their batches in a worker process while
# this one compares the previous batch's pairs (starting it costs about a second).
PARALLEL_MIN_ARTICLES = 2000
# Batches handed to the search worker ahead of the one being compared, and how many more this
# process may fingerprint itself while the worker is behind (``WorkerSearcher``). On the 10k
# bench corpus the stage took 20.1-20.8 s with two ahead and the worker fingerprinting all;
# 18.2 s with these (6 and 8: 18.1 s, for two batches more held at once).
SEARCH_AHEAD = 4
FINGERPRINT_AHEAD = 6
# Runs of fewer articles (an addition through ``Workspace.add``, the web upload) never move
# the recent fingerprints into the large table: that takes seconds on a large store (1.1 s for
# 312k rows beside 1.8M at 10k articles), which one addition would pay for all the others.
# Their fingerprints wait in one row per article and reach the recent table about a hundred
# articles at a time (``store_run``): a store fed only by additions keeps adding to it.
MERGE_MIN_BATCH = 100
# Comparisons kept by the pair of texts they compared (``ComparisonCache``).
COMPARISON_CACHE_SIZE = 20_000


class RelateStage:
    """Duplicates, reused passages, who copied whom, source families."""

    name = "relate.copies.v3"
    requires = frozenset({"articles"})
    provides = frozenset({"copies", "families"})
    description = (
        "near duplicates (MinHash LSH), aligned passages, directed copy edges, source families"
    )

    def __init__(self, judge: Callable[[], RetellingJudge] | None = None) -> None:
        # The judge loads two models: made when a run first has pairs to compare, then kept as
        # long as the stage, with the sentence vectors it has computed (an article added to a
        # warm workspace is compared with articles whose sentences it has mostly seen).
        self._judge: Callable[[], RetellingJudge] = functools.cache(
            judge if judge is not None else _default_judge
        )
        self._texts = TextCache()
        self._comparisons = ComparisonCache()

    def run(self, context: StageContext) -> StageResult:
        store = context.store
        pending = pending_articles(store, self.name, CURRENT_ARTICLES)
        if not pending:
            return StageResult(self.name, 0)
        with store.atomic():
            # An article related again loses its old edges: its pairs are compared afresh.
            stale = load_links(store, pending)
            delete_edges_of(store, pending)
        published: dict[str, str | None] = {}
        compared: set[tuple[str, str]] = set()
        links: set[tuple[str, str]] = set()
        touched = set(pending)
        with (
            self._searcher(store, context.workers, len(pending)) as searcher,
            context.progress.task("Relating", total=len(pending)) as advance,
        ):
            for batch in searcher.batches(store, pending):
                # Texts live for one batch (and in the cache): memory stays flat.
                texts = {text.id: self._texts.keep(text) for text in batch.texts}
                published.update(batch.published)
                pairs = [pair for pair in batch.pairs if pair not in compared]
                compared.update(pairs)
                touched.update(a for pair in pairs for a in pair)
                edges = _compare(
                    store, pairs, texts, published, self._judge, self._texts, self._comparisons
                )
                with store.atomic():
                    for edge in edges:
                        save_edge(store, edge)
                links.update((e.source, e.target) for e in edges)
                advance(len(texts))
        with store.atomic():
            if stale:
                _recompute_families(store, touched | {a for link in stale for a in link}, published)
            else:
                _merge_families(store, touched, links, published)
            mark_done(store, self.name, pending)
        return StageResult(self.name, len(pending), note=f"{len(links)} copy edge(s)")

    def _searcher(self, store: Store, workers: int, articles: int) -> Searcher:
        """Where batches are fingerprinted and searched: in a worker process for long runs of a
        file store, else here."""
        if workers > 1 and articles >= PARALLEL_MIN_ARTICLES and store.location != ":memory:":
            return WorkerSearcher(store.location)
        return InlineSearcher(self._texts)


@dataclass(frozen=True, slots=True)
class Searched:
    """A batch fingerprinted (its prints stored) and searched: its texts, their publication
    dates, and the pairs (ids sorted, in order) of current articles that may share text."""

    texts: list[ArticleText]
    published: dict[str, str | None]
    pairs: list[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class Fingerprinted:
    """A batch's current articles, tokenised and fingerprinted, not yet searched."""

    texts: list[ArticleText]
    published: dict[str, str | None]
    prints: list[Prints]


def fingerprint_batch(store: Store, ids: Sequence[str], cache: TextCache) -> Fingerprinted:
    """Tokenise and fingerprint those of ``ids`` that are current articles (a pure function of
    their texts: any process may do it)."""
    texts, published, prints = [], {}, []
    for article_id, body, date in current_texts(store, ids):
        text = cache.text(article_id, body)
        texts.append(text)
        published[article_id] = date
        prints.append(_prints(text))
    return Fingerprinted(texts, published, prints)


def search_batch(store: Store, ids: Sequence[str], cache: TextCache, run: RunPrints) -> Searched:
    """Fingerprint the articles ``ids``, find their candidate pairs (among the articles stored
    before the ``run`` and those of its earlier batches), store their signatures and add their
    prints to the run's."""
    batch = fingerprint_batch(store, ids, cache)
    return Searched(batch.texts, batch.published, search_prints(store, batch.prints, run))


def search_prints(store: Store, prints: list[Prints], run: RunPrints) -> list[tuple[str, str]]:
    """The candidate pairs of a fingerprinted batch (see ``search_batch``), whose signatures are
    then stored and whose prints join the run's."""
    # The search only reads the store: it holds no write lock, which the run's other
    # connection (the main process saving edges while a worker searches) would wait for. Only
    # the process analysing the store (``Store.exclusive``) stores signatures and prints: here,
    # after the search, and when the run ends (``store_run``).
    with store.snapshot():
        found = candidate_pairs(store, prints, MIN_SHARED_FINGERPRINTS, run)
    with store.atomic():
        replace_signatures(store, prints)
    add_to_run(store, run, prints)
    current = current_article_ids(store, {a for pair in found for a in pair})
    return sorted(pair for pair in found if pair[0] in current and pair[1] in current)


class Searcher(Protocol):
    """Hands over the batches of a run searched, in order; a context manager."""

    def batches(self, store: Store, pending: Sequence[str]) -> Iterator[Searched]: ...

    def __enter__(self) -> Searcher: ...

    def __exit__(self, *exc_info: object) -> None: ...


class InlineSearcher(Closing):
    """Each batch searched here when it is asked for, its texts taken from the stage's cache."""

    def __init__(self, cache: TextCache) -> None:
        self._cache = cache

    def batches(self, store: Store, pending: Sequence[str]) -> Iterator[Searched]:
        run = RunPrints()
        for begin in range(0, len(pending), BATCH):
            yield search_batch(store, pending[begin : begin + BATCH], self._cache, run)
        store_run(store, run, merge=len(run) >= MERGE_MIN_BATCH)


class WorkerSearcher(Closing):
    """Batches searched in one worker process, with its own connection, while this process
    compares the previous batch's pairs. Batches go to it in order (the search of each sees
    the prints of those before it), so the pairs are those this process would find.

    The work is shared out by which side waits. The worker fingerprints a batch and sends its
    texts back tokenised, cheaper to send than to redo, and prepared for comparing unless this
    process last waited for it. Early in a run, when a batch has few earlier articles to pair
    with, comparing is quick and the worker's search sets the pace: while the next batch is
    not ready, this process fingerprints the following ones itself, and the worker only
    searches their prints."""

    def __init__(self, location: str) -> None:
        self._worker = StatefulWorker(_start_searching, (location,))

    def batches(self, store: Store, pending: Sequence[str]) -> Iterator[Searched]:
        chunks = [list(pending[begin : begin + BATCH]) for begin in range(0, len(pending), BATCH)]
        # Each batch handed over: the worker's answer, and the batch if fingerprinted here.
        coming: deque[tuple[Future[Any], Fingerprinted | None]] = deque()
        stored: Future[None] | None = None
        submitted = 0
        prepare = True

        def hand_over(local: Fingerprinted | None) -> None:
            nonlocal stored, submitted
            task: Future[Any]
            if local is None:
                task = self._worker.submit(_search_in_worker, (chunks[submitted], prepare))
            else:
                task = self._worker.submit(_search_prints_in_worker, local.prints)
            coming.append((task, local))
            submitted += 1
            if submitted == len(chunks):
                # The worker takes its tasks in order: the run's prints are stored after its
                # last batch is searched, while this process compares the last batches.
                stored = self._worker.submit(_store_in_worker, len(pending) >= MERGE_MIN_BATCH)

        for _ in range(len(chunks)):
            while submitted < len(chunks) and len(coming) < SEARCH_AHEAD:
                hand_over(None)
            while (
                submitted < len(chunks)
                and len(coming) < FINGERPRINT_AHEAD
                and _behind(coming[0][0])
            ):
                # Not through the stage's text cache: the batch's texts join it as it is
                # compared, as the worker's do, rather than push out partners still needed.
                hand_over(fingerprint_batch(store, chunks[submitted], TextCache(0)))
            task, local = coming.popleft()
            prepare = not _behind(task)
            answer = task.result()
            yield answer if local is None else Searched(local.texts, local.published, answer)
        if stored is not None:
            stored.result()

    def close(self) -> None:
        self._worker.close()


def _behind(task: Future[Any]) -> bool:
    """Whether the worker has yet to answer ``task``."""
    return not task.done()


# The worker process's store and the prints of its run so far (set by ``_start_searching``
# when it starts: a worker searches one run).
_SEARCHING: Store | None = None
_RUN = RunPrints()


def _start_searching(location: str) -> None:
    global _SEARCHING, _RUN
    _SEARCHING, _RUN = Store.open(location), RunPrints()


def _search_prints_in_worker(prints: list[Prints]) -> list[tuple[str, str]]:
    assert _SEARCHING is not None, "the worker was started without _start_searching"
    return search_prints(_SEARCHING, prints, _RUN)


def _search_in_worker(task: tuple[list[str], bool]) -> Searched:
    assert _SEARCHING is not None, "the worker was started without _start_searching"
    ids, prepare = task
    # No cache: each article of a run is searched once.
    searched = search_batch(_SEARCHING, ids, TextCache(0), _RUN)
    if not prepare:
        return searched
    # What comparing its texts needs, computed here while the process that compares is the
    # busier side (else there, as it compares them).
    paired = {a for pair in searched.pairs for a in pair}
    for text in searched.texts:
        if text.id in paired:
            text.prepare()
    return searched


def _store_in_worker(merge: bool) -> None:
    assert _SEARCHING is not None, "the worker was started without _start_searching"
    store_run(_SEARCHING, _RUN, merge=merge)


def _compare(
    store: Store,
    pairs: Sequence[tuple[str, str]],
    texts: dict[str, ArticleText],
    published: dict[str, str | None],
    judge: Callable[[], RetellingJudge],
    cache: TextCache,
    known: ComparisonCache,
) -> list[CopyEdge]:
    missing = {a for pair in pairs for a in pair} - set(texts)
    for article_id, body, date in current_texts(store, missing):
        texts[article_id] = cache.text(article_id, body)
        published[article_id] = date
    present = [(a, b) for a, b in pairs if a in texts and b in texts]
    stories = story_of(store, {a for pair in present for a in pair})
    found = _compare_texts(present, texts, judge, known, lambda a, b: _may_retell(stories, a, b))
    edges = []
    for a, b in present:
        comparison = found[comparison_key(texts[a], texts[b], _may_retell(stories, a, b))]
        if (comparison.a, comparison.b) != (a, b):
            comparison = replace(comparison, a=a, b=b)
        edge = classify(comparison, PairContext(published[a], published[b]))
        if edge is not None:
            edges.append(edge)
    return edges


def _may_retell(stories: dict[str, str], a: str, b: str) -> bool:
    """Whether to look for sentences ``b`` retells from ``a``: when both report one event (the
    same story), or when either has no story yet (the clustering stage has not placed it).
    Retelling an event is reporting it: articles of different stories share background or a
    quotation, rarely a retold report, and judging them was most of the judge's work (on the
    10k bench corpus 714 of the 1,172 pairs judged were in different stories, 58 of them ended
    as rewrites). Their verbatim and edited passages are still aligned and classified."""
    story_a, story_b = stories.get(a), stories.get(b)
    return story_a is None or story_b is None or story_a == story_b


def _compare_texts(
    pairs: Sequence[tuple[str, str]],
    texts: dict[str, ArticleText],
    judge: Callable[[], RetellingJudge],
    known: ComparisonCache,
    may_retell: Callable[[str, str], bool],
) -> dict[ComparisonKey, PairComparison]:
    """The comparison of each pair's texts, each pair of texts compared once (copies of one
    story under other ids take the result), retold sentences judged where they could matter
    and ``may_retell`` allows."""
    found: dict[ComparisonKey, PairComparison] = {}
    fresh: list[tuple[ComparisonKey, PairComparison]] = []
    for a, b in pairs:
        key = comparison_key(texts[a], texts[b], may_retell(a, b))
        if key not in found:
            earlier = known.get(key)
            if earlier is None:
                earlier = compare_text(texts[a], texts[b])
                fresh.append((key, earlier))
            found[key] = earlier
    plans = [_retelling_plan(c, texts[c.a], texts[c.b]) if key[2] else None for key, c in fresh]
    if any(plans):
        # The sentences of every pair to judge, embedded in one go before the pairs are judged.
        judge().prepare(
            [
                sentence
                for (_, c), plan in zip(fresh, plans, strict=True)
                if plan is not None
                for sentence in candidate_texts(texts[c.a], texts[c.b], plan)
            ]
        )
    for (key, comparison), plan in zip(fresh, plans, strict=True):
        if plan is not None:
            a, b = comparison.a, comparison.b
            comparison = with_retelling(comparison, texts[a], texts[b], judge(), plan)
        found[key] = comparison
        known.put(key, comparison)
    return found


def _retelling_plan(
    comparison: PairComparison, a: ArticleText, b: ArticleText
) -> RetellingCandidates | None:
    """The sentences to show the retelling judge, or None when its answer cannot change the
    verdict."""
    if not needs_retelling(comparison):
        return None
    candidates = retelling_candidates(a, b, comparison.passages)
    return candidates if rewrite_within_reach(comparison, candidates) else None


def _default_judge() -> RetellingJudge:
    from newsweave.stages.relate.retelling import SameFactJudge

    return SameFactJudge()


class TextCache:
    """Articles' tokenised texts kept across batches and runs, least recently used dropped: an
    article is compared with the articles that reuse its text, which arrive over time."""

    def __init__(self, size: int = TEXT_CACHE_SIZE) -> None:
        self._texts: LruCache[str, ArticleText] = LruCache(size)

    def text(self, article_id: str, text: str) -> ArticleText:
        """The article's text, tokenised once for as long as it stays the same."""
        cached = self._texts.get(article_id)
        if cached is None or cached.text != text:
            cached = ArticleText(article_id, text)
        return self.keep(cached)

    def keep(self, text: ArticleText) -> ArticleText:
        """``text``, kept as the most recently used."""
        self._texts.put(text.id, text)
        return text


# What a comparison depends on: the two texts, in this order, and whether retold sentences
# were looked for.
ComparisonKey = tuple[bytes, bytes, bool]


def comparison_key(a: ArticleText, b: ArticleText, retelling: bool) -> ComparisonKey:
    return a.digest, b.digest, retelling


class ComparisonCache(LruCache[ComparisonKey, PairComparison]):
    """Comparisons kept by what they depend on (``ComparisonKey``), least recently used dropped. A
    wire story republished under ten ids is compared with each partner's text once, not ten
    times (on the 10k bench corpus half the copy edges join two texts already compared under
    other ids)."""

    def __init__(self, size: int = COMPARISON_CACHE_SIZE) -> None:
        super().__init__(size)


def _prints(text: ArticleText) -> Prints:
    signature = minhash_signature(text.word_hashes)
    passages = passage_fingerprints(text.passage_hashes)
    return Prints(text.id, signature, len(text.tokens), band_keys(signature), passages)


def _merge_families(
    store: Store,
    touched: set[str],
    links: set[tuple[str, str]],
    published: dict[str, str | None],
) -> None:
    """Families when edges were only added: the stored families the new edges join, merged.
    Costs the size of those families, not the number of edges inside them."""
    components = Components(touched)
    for family in family_members(store, touched | {a for link in links for a in link}):
        for member in family[1:]:
            components.join(family[0], member)
    for source, target in sorted(links):
        components.join(source, target)
    groups = components.groups()
    members = {a for group in groups for a in group}
    _fill_published(store, members, published)
    save_families(store, name_families(groups, edge_targets(store, members), published))


def _recompute_families(store: Store, touched: set[str], published: dict[str, str | None]) -> None:
    """Families of the components that contain ``touched`` articles, walked from scratch (edges
    were removed, so a family may have split)."""
    component: set[str] = set()
    links: set[tuple[str, str]] = set()
    frontier = set(touched)
    while frontier:
        component |= frontier
        found = load_links(store, frontier)
        links |= found
        frontier = {a for link in found for a in link} - component
    _fill_published(store, component, published)
    save_families(store, source_families(component, sorted(links), published))


def _fill_published(store: Store, articles: set[str], published: dict[str, str | None]) -> None:
    for row in store.query_in(
        "SELECT id, published FROM articles WHERE id IN ({values})", articles - set(published)
    ):
        published[row[0]] = row[1]
