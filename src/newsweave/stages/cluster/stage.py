"""The clustering stage: new articles join stories (or found them), stories join storylines.

The index is rebuilt from the stored features in their assignment order (nothing is
re-decided), new articles are added, and only the stories they touched (and those whose
storyline merged into another) are recomputed and stored; a storyline is read from its
stories' rows, so it has nothing of its own to store. A long-lived process (the web server, a
benchmark) keeps the index between runs while the store says no one else has clustered since:
adding one article then costs that article, not a rebuild. Features from an older clusterer
cannot be mixed with new ones (another vector space): the stage then clusters every article
again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from newsweave.models import Article
from newsweave.models.stories import ArticleFeatures, Story, StoryInput
from newsweave.nlp.sentences import split_sentences
from newsweave.pipeline.parallel import Submitted, WorkerPool
from newsweave.pipeline.runner import CURRENT_ARTICLES, mark_done, pending_articles
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.stages.cluster.events import build_stories
from newsweave.stages.cluster.features import extract_features, warm_up
from newsweave.stages.cluster.records import StaleFeaturesError
from newsweave.stages.cluster.stories import StoryIndex
from newsweave.store import Store
from newsweave.store.articles import load_articles
from newsweave.store.stories import (
    clustering_token,
    load_features,
    load_memberships,
    load_storyline_ids,
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


@dataclass
class _Warm:
    """The index of the last run, valid while the store's clustering token is unchanged."""

    store_id: int
    token: tuple[int, int]
    index: StoryIndex
    features: dict[str, ArticleFeatures]


class ClusterStage:
    """Stories (same event) and storylines (related events), incrementally, with stable ids."""

    name = "cluster.stories.v2"
    requires = frozenset({"articles"})
    provides = frozenset({"stories", "storylines"})
    description = (
        "stories by static MiniLM embedding + TF-IDF + date/place cues, storylines, "
        "event date and place"
    )

    def __init__(self) -> None:
        self._warm: _Warm | None = None

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
                fresh = _collect(coming)
                if number + 1 < len(batches):
                    coming = _submit_features(store, batches[number + 1], pool)
                index.add_many(fresh)
                added.extend(fresh)
                features.update((f.article_id, f) for f in fresh)
                advance(len(fresh))
        ordered = _in_assignment_order(index, added)
        story_of = {f.article_id: index.assignment(f.article_id).story_id for f in ordered}
        touched = set(story_of.values()) | index.take_relined()
        stories = _stories(index, features, touched)
        with store.atomic():
            save_assignments(store, ordered, story_of)
            save_stories(store, stories)
            mark_done(store, self.name, pending)
        self._warm = _Warm(id(store), clustering_token(store), index, features)
        created = sum(1 for f in ordered if index.assignment(f.article_id).created)
        return StageResult(self.name, len(pending), note=f"{created} new story(ies){note}")

    def _restore(self, store: Store) -> tuple[StoryIndex, dict[str, ArticleFeatures], str]:
        """The index as stored (kept from the last run when still valid), its features, and a
        note when clustering had to start over."""
        warm = self._warm
        if (
            warm is not None
            and warm.store_id == id(store)
            and warm.token == clustering_token(store)
        ):
            return warm.index, warm.features, ""
        try:
            known = load_features(store)
        except StaleFeaturesError:
            with store.atomic():
                reset_clustering(store, self.name)
            return (
                StoryIndex(),
                {},
                "; stored features were from an older clusterer: all articles clustered again",
            )
        index = StoryIndex.restore(known, load_memberships(store), load_storyline_ids(store))
        return index, {f.article_id: f for f in known}, ""


def _submit_features(
    store: Store, ids: list[str], pool: WorkerPool
) -> Submitted[list[ArticleFeatures]]:
    """Start extracting the features of these articles on the pool's workers (an article's
    features depend on nothing but the article: the same in any chunk or process)."""
    batch = [story_input(a) for a in load_articles(store, ids)]
    chunks = [batch[i : i + FEATURE_CHUNK] for i in range(0, len(batch), FEATURE_CHUNK)]
    return pool.submit(extract_features, chunks)


def _collect(submitted: Submitted[list[ArticleFeatures]]) -> list[ArticleFeatures]:
    return [item for outcome in submitted.results() for item in outcome.get()]


def story_input(article: Article) -> StoryInput:
    """What clustering needs of a cleaned article."""
    # Without a headline the lead sentence stands in: it names the event as a headline would.
    title = article.title.value if article.title else _lead_sentence(article.text)
    published = _published_day(article)
    return StoryInput(
        article.id, title, article.text, published, article.outlet.value if article.outlet else None
    )


def _lead_sentence(text: str) -> str:
    spans = split_sentences(text)
    return text[spans[0][0] : spans[0][1]] if spans else ""


def _published_day(article: Article) -> date | None:
    if article.published is None:
        return None
    try:
        return date.fromisoformat(article.published.value[:10])
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


def _stories(
    index: StoryIndex, features: dict[str, ArticleFeatures], touched: set[str]
) -> list[Story]:
    """The touched stories, rebuilt."""
    return build_stories(index, features, only=touched)
