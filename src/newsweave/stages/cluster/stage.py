"""The clustering stage: new articles join stories (or found them), stories join storylines.

A process starts from the index saved beside the store (``snapshot``) and replays the
articles assigned since it was saved; without a usable snapshot it rebuilds the index from all
stored features in their assignment order. Nothing is re-decided either way. New articles are
added, and only the stories they touched (and those whose storyline merged into another) are
recomputed and stored; a storyline is read from its stories' rows, so it has nothing of its own
to store. A long-lived process (the web server, a benchmark) keeps the index between runs while
the store says no one else has clustered since: adding one article then costs that article, not
a restore. Features from an older clusterer cannot be mixed with new ones (another vector
space): the stage then clusters every article again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from newsweave.models.stories import ArticleFeatures, Story, StoryInput
from newsweave.nlp.sentences import split_sentences
from newsweave.pipeline.parallel import Submitted, WorkerPool
from newsweave.pipeline.runner import CURRENT_ARTICLES, mark_done, pending_articles
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.stages.cluster.events import build_stories
from newsweave.stages.cluster.features import extract_features, warm_up
from newsweave.stages.cluster.records import StaleFeaturesError, features_to_json
from newsweave.stages.cluster.snapshot import load_snapshot, save_snapshot, snapshot_path
from newsweave.stages.cluster.stories import ClusterParams, StoryIndex
from newsweave.store import Store
from newsweave.store.articles import clustering_fields
from newsweave.store.stories import (
    clustering_token,
    load_assignment_rows,
    load_features,
    load_features_of,
    load_storyline_ids,
    move_members,
    reset_clustering,
    save_assignments,
    save_stories,
)

BATCH = 1000
# Feature extraction (about a millisecond an article) runs in worker processes for runs of at
# least this many articles; starting them and loading their tables costs about two seconds.
PARALLEL_MIN_ARTICLES = 4000
# Articles per task handed to a worker: a batch gives the pool enough tasks to share out.
FEATURE_CHUNK = 25
# The saved index is written again once this many articles were assigned since it was saved, or
# a twentieth of the corpus if that is more: at 50k articles saving costs 0.7 s, once every
# 2,500 additions, and a new process replays at most those 2,500 (about 1.7 s).
SNAPSHOT_MIN_ROWS = 1000
SNAPSHOT_GROWTH = 20


class StoredFeatures(dict[str, ArticleFeatures]):
    """Clustering features by article id: those at hand, and any other read from the store when
    first asked for (a restored index needs those of the stories a run touches, not all)."""

    def __init__(self, store: Store, known: Iterable[ArticleFeatures] = ()) -> None:
        super().__init__((f.article_id, f) for f in known)
        self._store = store

    def fetch(self, article_ids: Iterable[str]) -> None:
        """Read those of ``article_ids`` that are not at hand, in one go."""
        missing = [a for a in article_ids if a not in self]
        if missing:
            self.update((f.article_id, f) for f in load_features_of(self._store, missing))

    def __missing__(self, article_id: str) -> ArticleFeatures:
        self.fetch([article_id])
        if article_id not in self:
            raise KeyError(article_id)
        return self[article_id]


@dataclass
class _Warm:
    """The index of the last run, valid while the store's clustering token is unchanged."""

    store_id: int
    token: tuple[int, int]
    index: StoryIndex
    features: StoredFeatures


class ClusterStage:
    """Stories (same event) and storylines (related events), incrementally, with stable ids."""

    name = "cluster.stories.v2"
    requires = frozenset({"articles"})
    provides = frozenset({"stories", "storylines"})
    description = (
        "stories by static MiniLM embedding + TF-IDF + date/place cues, storylines, "
        "event date and place"
    )

    def __init__(self, snapshot_min_rows: int = SNAPSHOT_MIN_ROWS) -> None:
        self._warm: _Warm | None = None
        self._snapshot_min_rows = snapshot_min_rows
        # Articles in the saved snapshot of the index restored last (0: none usable).
        self._saved_rows = 0

    def run(self, context: StageContext) -> StageResult:
        store = context.store
        pending = pending_articles(store, self.name, CURRENT_ARTICLES)
        if not pending:
            return StageResult(self.name, 0)
        index, features, note = self._restore(store)
        if note:
            pending = pending_articles(store, self.name, CURRENT_ARTICLES)
        self._warm = None  # the index is about to change: valid again only once stored
        index.take_relined()
        added: list[ArticleFeatures] = []
        records: dict[str, str] = {}
        workers = context.workers if len(pending) >= PARALLEL_MIN_ARTICLES else 1
        with (
            WorkerPool(workers) as pool,
            context.progress.task("Clustering", total=len(pending)) as advance,
        ):
            # The next batch's features are extracted in the workers while this process
            # assigns the current one.
            batches = [pending[b : b + BATCH] for b in range(0, len(pending), BATCH)]
            coming = _submit_features(store, batches[0], pool)
            # What the workers load, this process needs for the articles added one by one
            # after this run: loaded now, while they work, not by the first of those.
            warm_up()
            for number in range(len(batches)):
                fresh = _collect(coming, records)
                if number + 1 < len(batches):
                    coming = _submit_features(store, batches[number + 1], pool)
                # The batch's features first: a story an undated member moves to or from is
                # rebuilt from its members' features.
                features.update((f.article_id, f) for f in fresh)
                index.add_many(fresh, features)
                added.extend(fresh)
                advance(len(fresh))
        ordered = _in_assignment_order(index, added)
        story_of = {f.article_id: index.assignment(f.article_id).story_id for f in ordered}
        relined = index.take_relined()
        moved = index.take_moved()
        touched = set(story_of.values()) | relined | {s for pair in moved.values() for s in pair}
        stories = _stories(index, features, touched)
        # Merged storylines: their undated stories meet the other line's days.
        stories = _with_undated_peers(store, index, features, stories, anchors_moved=bool(relined))
        with store.atomic():
            save_assignments(store, ordered, story_of, records)
            move_members(store, {a: pair[1] for a, pair in moved.items()})
            save_stories(store, stories)
            mark_done(store, self.name, pending)
        # A snapshot taken before a move still serves: the next process moves the same articles
        # in it (``StoryIndex.follow``).
        note += self._save(store, index)
        self._warm = _Warm(id(store), clustering_token(store), index, features)
        created = sum(1 for f in ordered if index.assignment(f.article_id).created)
        return StageResult(self.name, len(pending), note=f"{created} new story(ies){note}")

    def _restore(self, store: Store) -> tuple[StoryIndex, StoredFeatures, str]:
        """The index as stored (kept from the last run when still valid), its features, and a
        note when clustering had to start over."""
        warm = self._warm
        if (
            warm is not None
            and warm.store_id == id(store)
            and warm.token == clustering_token(store)
        ):
            return warm.index, warm.features, ""
        rows = load_assignment_rows(store)
        features = StoredFeatures(store)
        saved = _saved_index(store, rows, features)
        self._saved_rows = len(saved) if saved is not None else 0
        try:
            known = load_features(store, skip=self._saved_rows)
        except StaleFeaturesError:
            with store.atomic():
                reset_clustering(store, self.name)
            self._saved_rows = 0
            return (
                StoryIndex(),
                StoredFeatures(store),
                "; stored features were from an older clusterer: all articles clustered again",
            )
        assignments = dict(rows[self._saved_rows :])
        if saved is None:
            index = StoryIndex.restore(known, assignments, load_storyline_ids(store))
        else:
            index = saved
            index.resume(known, assignments, load_storyline_ids(store))
        features.update((f.article_id, f) for f in known)
        return index, features, ""

    def _save(self, store: Store, index: StoryIndex) -> str:
        """Save the index beside the store when its snapshot is stale enough; a note if that
        failed (the run itself did not: the next process rebuilds the index, as without one)."""
        path = snapshot_path(store.location)
        rows = len(index)
        stale = rows - self._saved_rows
        if path is None or stale < max(self._snapshot_min_rows, rows // SNAPSHOT_GROWTH):
            return ""
        try:
            save_snapshot(path, index)
        except OSError as exc:
            return f"; story index not saved beside the store: {exc}"
        self._saved_rows = rows
        return ""


def _saved_index(
    store: Store, rows: list[tuple[str, str]], features: StoredFeatures
) -> StoryIndex | None:
    """The index saved beside the store, if it holds the store's first articles in their stored
    order (``rows``: the store's assignments, in order), with the articles moved since it was
    saved moved in it too."""
    path = snapshot_path(store.location)
    saved = load_snapshot(path, ClusterParams()) if path is not None else None
    if saved is None:
        return None
    try:
        followed = saved.follow(rows[: len(saved)], features)
    except (StaleFeaturesError, KeyError):
        # A moved article's story holds features this clusterer cannot read (or none): the
        # index is rebuilt, as without a snapshot.
        return None
    return saved if followed else None


def _submit_features(
    store: Store, ids: list[str], pool: WorkerPool
) -> Submitted[list[tuple[ArticleFeatures, str]]]:
    """Start extracting the features of these articles on the pool's workers (an article's
    features depend on nothing but the article: the same in any chunk or process)."""
    batch = [_story_input(*fields) for fields in clustering_fields(store, ids)]
    chunks = [batch[i : i + FEATURE_CHUNK] for i in range(0, len(batch), FEATURE_CHUNK)]
    return pool.submit(_features_and_records, chunks)


def _features_and_records(articles: list[StoryInput]) -> list[tuple[ArticleFeatures, str]]:
    """Each article's features, and the same as the store keeps them (written by the worker
    rather than by this process, which assigns the articles meanwhile)."""
    return [(f, features_to_json(f)) for f in extract_features(articles)]


def _collect(
    submitted: Submitted[list[tuple[ArticleFeatures, str]]], records: dict[str, str]
) -> list[ArticleFeatures]:
    """The batch's features, their records added to ``records``."""
    found = [item for outcome in submitted.results() for item in outcome.get()]
    records.update((f.article_id, record) for f, record in found)
    return [f for f, _ in found]


def _story_input(
    article_id: str, title: str | None, text: str, published: str | None, outlet: str | None
) -> StoryInput:
    """What clustering needs of a cleaned article."""
    # Without a headline the lead sentence stands in: it names the event as a headline would.
    return StoryInput(
        article_id,
        title if title is not None else _lead_sentence(text),
        text,
        _published_day(published),
        outlet,
    )


def _lead_sentence(text: str) -> str:
    spans = split_sentences(text)
    return text[spans[0][0] : spans[0][1]] if spans else ""


def _published_day(published: str | None) -> date | None:
    if published is None:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _in_assignment_order(index: StoryIndex, added: list[ArticleFeatures]) -> list[ArticleFeatures]:
    # The articles just added are the index's last rows; the whole order only if they are not
    # (the whole list is as long as the corpus: not copied for every article added).
    recent = index.article_ids(last=len(added))
    order = {article_id: i for i, article_id in enumerate(recent)}
    if any(f.article_id not in order for f in added):
        order = {article_id: i for i, article_id in enumerate(index.article_ids())}
    return sorted(added, key=lambda f: order[f.article_id])


def _with_undated_peers(
    store: Store,
    index: StoryIndex,
    features: StoredFeatures,
    stories: list[Story],
    *,
    anchors_moved: bool = False,
) -> list[Story]:
    """``stories`` and, when one of them gained or changed its day (or ``anchors_moved``), the
    undated stories of their storylines, rebuilt: a year-less day ("on Oct. 3") takes its year
    from the other stories of its storyline. Adding to a story whose day stays the same costs
    nothing more."""
    rebuilt = {s.id for s in stories}
    rows = store.query_in("SELECT id, date FROM stories WHERE id IN ({values})", sorted(rebuilt))
    before: dict[str, str | None] = {r[0]: r[1] for r in rows}
    moved = anchors_moved or any(
        s.date.value is not None and before.get(s.id) != s.date.value.isoformat() for s in stories
    )
    if not moved:
        return stories
    peers = [s for s in index.line_peers(rebuilt) if s not in rebuilt]
    undated = store.query_in(
        "SELECT id FROM stories WHERE date IS NULL AND id IN ({values})", peers
    )
    return stories + _stories(index, features, {r[0] for r in undated})


def _stories(index: StoryIndex, features: StoredFeatures, touched: set[str]) -> list[Story]:
    """The touched stories, rebuilt."""
    features.fetch(a for members in index.members_of(touched).values() for a in members)
    return build_stories(index, features, only=touched)
