"""The facts stage: per story, fact units aligned across outlets with their corroboration.

A story is (re)computed when its signature changes: its current members or their source
families. Everything it produces for the story is replaced in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsweave.models import Article
from newsweave.models.facts import FactClause, FactUnit
from newsweave.nlp.embed import TextEmbedder, load_embedder
from newsweave.pipeline.parallel import Submitted, WorkerPool, two_in_flight
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.queries import StoryOverview
from newsweave.stages.facts.corroborate import compare_outlets, corroborate, unit_speakers
from newsweave.stages.facts.presence import presence_facts
from newsweave.stages.facts.similarity import SameFactModel, load_same_fact_model
from newsweave.stages.facts.units import article_clauses, fact_units, parse_key
from newsweave.stages.quotes.stage import QuoteExtractStage
from newsweave.stages.story_work import changed_stories, story_signature
from newsweave.store.articles import load_articles
from newsweave.store.database import Store
from newsweave.store.facts import (
    forget_stories,
    load_fact_clauses,
    replace_facts,
    save_fact_clauses,
    set_story_signature,
)
from newsweave.store.quotes import load_occurrences

# Stories handed to the workers at a time (a batch of fewer than ``MIN_PARALLEL_ITEMS`` source
# families, an addition's to a small story, is parsed here).
STORY_BATCH = 40


class FactsStage:
    """Facts aligned across a story's outlets: corroborated, single-source, conflicting."""

    # A new name recomputes every story's facts, not the articles' kept clauses: a change to
    # how sentences are parsed into clauses changes ``units.PARSE_VERSION``.
    name = "facts.corroboration.v2"
    requires = frozenset({"articles", "stories", "families", "quote_occurrences"})
    # Units inside quotations carry their speaker: a new extractor means new facts.
    inputs = (QuoteExtractStage.name,)
    provides = frozenset({"facts"})
    description = (
        "fact units (sentences, clauses) aligned across outlets: corroborated by independent "
        "families, single-source, or conflicting"
    )

    def run(self, context: StageContext) -> StageResult:
        store = context.store
        changed, gone = changed_stories(context, self.name, self.inputs)
        if not changed and not gone:
            return StageResult(self.name, 0)
        model = load_same_fact_model()
        embedder = load_embedder()
        with (
            WorkerPool(context.workers) as pool,
            context.progress.task("Facts", total=len(changed)) as advance,
        ):
            # Stories are parsed into units by one worker process per core while this process
            # embeds, aligns and stores the batch before (here the embedder keeps the vectors
            # the summary stage uses next). A job is one source family of a story: copies repeat
            # their original's sentences, which a job parses once, and a story of many outlets
            # is parsed on every core.
            # Articles parsed before (in an earlier version of their story) are not parsed again.
            def submit(overviews: list[StoryOverview]) -> _Parsing:
                stories = [_Story.load(store, overview) for overview in overviews]
                keys = {a.id: parse_key(a) for s in stories for a in s.articles}
                known = load_fact_clauses(store, keys)
                jobs = [
                    (members, s.family_of, {a.id: known[a.id] for a in members if a.id in known})
                    for s in stories
                    for members in s.by_family()
                ]
                return stories, keys, pool.submit(_units_job, jobs)

            def finish(batch: _Parsing) -> None:
                stories, keys, parsed = batch
                outcomes = iter(parsed.results())
                for story in stories:
                    of_article: dict[str, list[FactUnit]] = {a.id: [] for a in story.articles}
                    new: dict[str, tuple[bytes, tuple[FactClause, ...]]] = {}
                    for _ in story.by_family():
                        family_units, clauses = next(outcomes).get()
                        new.update((a, (keys[a], c)) for a, c in clauses.items())
                        for unit in family_units:
                            of_article[unit.article_id].append(unit)
                    if new:
                        with store.atomic():
                            save_fact_clauses(store, new)
                    units = [u for found in of_article.values() for u in found]
                    self._store(store, story, units, model, embedder)
                    advance(1)

            batches = [changed[b : b + STORY_BATCH] for b in range(0, len(changed), STORY_BATCH)]
            two_in_flight(batches, submit, finish)
        with store.atomic():
            for story_id in gone:
                replace_facts(store, story_id, [], [])
            forget_stories(store, self.name, gone)
        return StageResult(self.name, len(changed), note=f"{len(changed)} story(ies) updated")

    def _store(
        self,
        store: Store,
        story: _Story,
        units: list[FactUnit],
        model: SameFactModel,
        embedder: TextEmbedder,
    ) -> None:
        """Align one story's units across its outlets and replace its facts."""
        overview, articles, family_of = story.overview, story.articles, story.family_of
        vectors = embedder.embed([u.text for u in units])  # (0, dimensions) for no units
        published = {a.id: (a.published.value if a.published else None) for a in articles}
        said = unit_speakers(units, load_occurrences(store, overview.articles))
        facts = corroborate(overview.story.id, units, model, vectors, published, said)
        facts += presence_facts(overview.story.id, units, published, overview.story.place.name)
        comparisons = compare_outlets(facts, overview.articles, family_of)
        with store.atomic():
            replace_facts(store, overview.story.id, facts, comparisons)
            set_story_signature(
                store,
                self.name,
                overview.story.id,
                story_signature(self.name, overview, self.inputs),
            )


@dataclass(frozen=True, slots=True)
class _Story:
    """A changed story with its member articles and the source family of each."""

    overview: StoryOverview
    articles: list[Article]
    family_of: dict[str, str]

    @classmethod
    def load(cls, store: Store, overview: StoryOverview) -> _Story:
        family_of = {a: f.id for f in overview.families for a in f.articles}
        return cls(overview, load_articles(store, overview.articles), family_of)

    def by_family(self) -> list[list[Article]]:
        """The articles grouped by source family, in the order of their first member."""
        groups: dict[str, list[Article]] = {}
        for article in self.articles:
            groups.setdefault(self.family_of.get(article.id, article.id), []).append(article)
        return list(groups.values())


# A batch of stories handed to the workers, and their units to come.
_Parsing = tuple[
    list[_Story],
    dict[str, bytes],
    Submitted[tuple[list[FactUnit], dict[str, tuple[FactClause, ...]]]],
]


def _units_job(
    job: tuple[list[Article], dict[str, str], dict[str, tuple[FactClause, ...]]],
) -> tuple[list[FactUnit], dict[str, tuple[FactClause, ...]]]:
    """One source family's units, and the clauses of its articles parsed for them (by id)."""
    articles, family_of, known = job
    missing = [a for a in articles if a.id not in known]
    parsed = article_clauses(missing) if missing else {}
    return fact_units(articles, family_of, {**known, **parsed}), parsed
