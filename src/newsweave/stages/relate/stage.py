"""The relate stage: fingerprints in, copy edges and source families out, incrementally.

Each new article is fingerprinted once (MinHash signature with LSH band keys, winnowed passage
hashes), and only articles that share a band or enough passage hashes with it are compared:
the cost of adding an article does not grow with the size of the store.
"""

from __future__ import annotations

import functools
import pickle
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from typing import Protocol

from newsweave.models import Article
from newsweave.models.relations import CopyEdge
from newsweave.pipeline.parallel import Pending, StatefulWorker
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
from newsweave.store.articles import current_article_ids, load_articles
from newsweave.store.relations import (
    Prints,
    candidate_pairs,
    delete_edges_of,
    edge_targets,
    family_members,
    load_links,
    save_edge,
    save_families,
    save_prints,
)

BATCH = 500
MIN_SHARED_FINGERPRINTS = 2
# Tokenised texts kept between batches and runs: about 55 KB each for a 3,000-character article
# (compact tokens; 90 KB before). On the 10k bench corpus, 2,000 texts had to tokenise 22,461
# times (relate 71 s), 4,000 14,042 times (61 s), in less memory than 2,000 took before.
TEXT_CACHE_SIZE = 4000
# Runs of this many articles compare their pairs in a worker process while this one
# fingerprints and searches the next batch (starting it and loading the judge there costs
# about two seconds).
PARALLEL_MIN_ARTICLES = 2000


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
        self._make_judge = judge if judge is not None else _default_judge
        self._judge: Callable[[], RetellingJudge] = functools.cache(self._make_judge)
        self._texts = TextCache()

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
            self._comparer(store, context.workers, len(pending)) as comparer,
            context.progress.task("Relating", total=len(pending)) as advance,
        ):
            # Batches whose pairs are being compared (at most two: while the comparer works on
            # one, this process fingerprints and searches the next).
            waiting: deque[tuple[Pending[list[CopyEdge]], int]] = deque()
            for begin in range(0, len(pending), BATCH):
                # Texts live for one batch: comparing batch by batch keeps memory flat.
                texts: dict[str, ArticleText] = {}
                prints = []
                for article in load_articles(store, pending[begin : begin + BATCH]):
                    _remember(article, texts, published, comparer.cache)
                    prints.append(_prints(texts[article.id]))
                with store.atomic():
                    found = candidate_pairs(store, prints, MIN_SHARED_FINGERPRINTS)
                    save_prints(store, prints)
                current = current_article_ids(store, {a for pair in found for a in pair})
                pairs = sorted(
                    pair for pair in found - compared if pair[0] in current and pair[1] in current
                )
                compared.update(pairs)
                touched.update(a for pair in pairs for a in pair)
                waiting.append((comparer.compare(store, pairs, texts, published), len(prints)))
                while len(waiting) > 1:
                    _save_edges(store, *waiting.popleft(), links, advance)
            while waiting:
                _save_edges(store, *waiting.popleft(), links, advance)
        with store.atomic():
            if stale:
                _recompute_families(store, touched | {a for link in stale for a in link}, published)
            else:
                _merge_families(store, touched, links, published)
            mark_done(store, self.name, pending)
        return StageResult(self.name, len(pending), note=f"{len(links)} copy edge(s)")

    def _comparer(self, store: Store, workers: int, articles: int) -> Comparer:
        """Where the pairs are compared: a worker process for long runs of a file store (when
        the judge can be sent there), else this process."""
        if (
            workers > 1
            and articles >= PARALLEL_MIN_ARTICLES
            and store.location != ":memory:"
            and _picklable(self._make_judge)
        ):
            return WorkerComparer(store.location, self._make_judge)
        return InlineComparer(self._judge, self._texts)


def _save_edges(
    store: Store,
    pending: Pending[list[CopyEdge]],
    articles: int,
    links: set[tuple[str, str]],
    advance: Callable[[int], None],
) -> None:
    edges = pending.result()
    with store.atomic():
        for edge in edges:
            save_edge(store, edge)
    links.update((e.source, e.target) for e in edges)
    advance(articles)


class Comparer(Protocol):
    """Compares a batch's pairs into copy edges, now or in the background."""

    cache: TextCache

    def compare(
        self,
        store: Store,
        pairs: Sequence[tuple[str, str]],
        texts: dict[str, ArticleText],
        published: dict[str, str | None],
    ) -> Pending[list[CopyEdge]]: ...

    def __enter__(self) -> Comparer: ...

    def __exit__(self, *exc_info: object) -> None: ...


class InlineComparer:
    """Pairs compared in this process as they are handed over, with the stage's texts (kept
    across runs) and judge."""

    def __init__(self, judge: Callable[[], RetellingJudge], cache: TextCache) -> None:
        self._judge = judge
        self.cache = cache

    def compare(
        self,
        store: Store,
        pairs: Sequence[tuple[str, str]],
        texts: dict[str, ArticleText],
        published: dict[str, str | None],
    ) -> Pending[list[CopyEdge]]:
        return Pending(value=_compare(store, pairs, texts, published, self._judge, self.cache))

    def __enter__(self) -> InlineComparer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass


class WorkerComparer:
    """Pairs compared in one worker process, which reads the articles from the store and keeps
    its own tokenised texts and judge (with its sentence vectors) for the run: batches go to it
    in order, so its caches, and with them the edges, are those the stage would have in this
    process. This process only tokenises each new article once, for its fingerprints."""

    def __init__(self, location: str, make_judge: Callable[[], RetellingJudge]) -> None:
        self._worker = StatefulWorker(_start_comparing, (location, make_judge))
        self.cache = TextCache(0)

    def compare(
        self,
        store: Store,
        pairs: Sequence[tuple[str, str]],
        texts: dict[str, ArticleText],
        published: dict[str, str | None],
    ) -> Pending[list[CopyEdge]]:
        # The batch's texts go along, tokenised and hashed: cheaper to send than to redo.
        dates = {a: published[a] for a in texts}
        return self._worker.submit(_compare_in_worker, (list(pairs), list(texts.values()), dates))

    def __enter__(self) -> WorkerComparer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._worker.close()


# What the worker is handed per batch: the pairs, the batch's texts and publication dates.
_Batch = tuple[list[tuple[str, str]], list[ArticleText], dict[str, str | None]]
# The worker process's store, judge and texts (set by ``_start_comparing`` when it starts).
_COMPARING: tuple[Store, Callable[[], RetellingJudge], TextCache] | None = None


def _start_comparing(location: str, make_judge: Callable[[], RetellingJudge]) -> None:
    global _COMPARING
    _COMPARING = (Store.open_reader(location), functools.cache(make_judge), TextCache())


def _compare_in_worker(batch: _Batch) -> list[CopyEdge]:
    assert _COMPARING is not None, "the worker was started without _start_comparing"
    store, judge, cache = _COMPARING
    pairs, batch_texts, published = batch
    texts = {text.id: cache.keep(text) for text in batch_texts}
    return _compare(store, pairs, texts, published, judge, cache)


def _picklable(value: object) -> bool:
    try:
        pickle.dumps(value)
    except Exception:
        return False
    return True


def _compare(
    store: Store,
    pairs: Sequence[tuple[str, str]],
    texts: dict[str, ArticleText],
    published: dict[str, str | None],
    judge: Callable[[], RetellingJudge],
    cache: TextCache,
) -> list[CopyEdge]:
    missing = sorted({a for pair in pairs for a in pair} - set(texts))
    for article in load_articles(store, missing):
        _remember(article, texts, published, cache)
    comparisons = [compare_text(texts[a], texts[b]) for a, b in pairs if a in texts and b in texts]
    plans = [_retelling_plan(c, texts[c.a], texts[c.b]) for c in comparisons]
    if any(plans):
        # The sentences of every pair to judge, embedded in one go before the pairs are judged.
        judge().prepare(
            [
                sentence
                for c, plan in zip(comparisons, plans, strict=True)
                if plan is not None
                for sentence in candidate_texts(texts[c.a], texts[c.b], plan)
            ]
        )
    edges = []
    for comparison, plan in zip(comparisons, plans, strict=True):
        a, b = comparison.a, comparison.b
        if plan is not None:
            comparison = with_retelling(comparison, texts[a], texts[b], judge(), plan)
        edge = classify(comparison, PairContext(published[a], published[b]))
        if edge is not None:
            edges.append(edge)
    return edges


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
        self._texts: OrderedDict[str, ArticleText] = OrderedDict()
        self._size = size

    def text(self, article_id: str, text: str) -> ArticleText:
        """The article's text, tokenised once for as long as it stays the same."""
        cached = self._texts.get(article_id)
        if cached is None or cached.text != text:
            cached = ArticleText(article_id, text)
        return self.keep(cached)

    def keep(self, text: ArticleText) -> ArticleText:
        """``text``, kept as the most recently used."""
        self._texts[text.id] = text
        self._texts.move_to_end(text.id)
        while len(self._texts) > self._size:
            self._texts.popitem(last=False)
        return text


def _remember(
    article: Article,
    texts: dict[str, ArticleText],
    published: dict[str, str | None],
    cache: TextCache,
) -> None:
    texts[article.id] = cache.text(article.id, article.text)
    published[article.id] = article.published.value if article.published else None


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
