"""The quote stages: per article, attributed quotations; per story, the same utterance fused
across outlets with its variants."""

from __future__ import annotations

from newsweave.models import Article
from newsweave.models.quotes import QuoteOccurrence
from newsweave.pipeline.parallel import Submitted, WorkerPool, two_in_flight
from newsweave.pipeline.runner import CURRENT_ARTICLES, for_each, mark_done, pending_articles
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.stages.quotes.align import fuse_quotes
from newsweave.stages.quotes.extract import extract_quotes
from newsweave.stages.story_work import changed_stories, story_signature
from newsweave.store.articles import load_articles
from newsweave.store.facts import forget_stories, set_story_signature
from newsweave.store.quotes import load_occurrences, replace_occurrences, replace_quotes

BATCH = 100


class QuoteExtractStage:
    """Quotations of each article: content, cue and source spans, and the resolved speaker."""

    name = "quotes.extract.v6"
    requires = frozenset({"articles"})
    provides = frozenset({"quote_occurrences"})
    description = (
        "direct, partial and indirect quotations with cue, source and speaker (tagger + rules)"
    )

    def run(self, context: StageContext) -> StageResult:
        store = context.store
        pending = pending_articles(store, self.name, CURRENT_ARTICLES)
        counts: list[tuple[int, int]] = []
        # Batches are extracted by one worker process per core, each running the parser and
        # the tagger on one thread: here the parser used one core and the tagger's second thread
        # gained less than a third (an article of 470 words: parse 80 ms, tagger 131 ms on one
        # thread, 77 ms on two for 154 ms of CPU). 200 bench articles: 32.4 -> 24.7 s, the same
        # quotations. A worker is ready in about 1.5 s, paid back after some 35 articles; the
        # pool does small batches (an addition) here.
        with (
            WorkerPool(context.workers) as pool,
            context.progress.task("Quotes", total=len(pending)) as advance,
        ):

            def submit(ids: list[str]) -> tuple[list[Article], Submitted[list[QuoteOccurrence]]]:
                articles = load_articles(store, ids)
                jobs = [(article.text, article.id) for article in articles]
                return articles, pool.submit(_extract_job, jobs)

            def finish(batch: tuple[list[Article], Submitted[list[QuoteOccurrence]]]) -> None:
                counts.append(self._store(*batch, context))
                advance(len(batch[0]))

            batches = [pending[b : b + BATCH] for b in range(0, len(pending), BATCH)]
            two_in_flight(batches, submit, finish)
        return StageResult(self.name, sum(d for d, _ in counts), sum(f for _, f in counts))

    def _store(
        self,
        articles: list[Article],
        extracted: Submitted[list[QuoteOccurrence]],
        context: StageContext,
    ) -> tuple[int, int]:
        """Store one batch's quotations; an article whose extraction failed is a problem."""
        store = context.store
        outcomes = {a.id: outcome for a, outcome in zip(articles, extracted.results(), strict=True)}

        def save(article: Article) -> None:
            found = outcomes[article.id].get()
            with store.atomic():
                replace_occurrences(store, article.id, found)

        done = for_each(articles, save, stage=self.name, path_of=lambda a: a.path, context=context)
        with store.atomic():
            mark_done(store, self.name, [a.id for a in articles])
        return done


def _extract_job(job: tuple[str, str]) -> list[QuoteOccurrence]:
    text, article_id = job
    return extract_quotes(text, article_id=article_id)


class QuoteAlignStage:
    """One utterance across a story's outlets: canonical text, variants, independent sources."""

    name = "quotes.align.v2"
    requires = frozenset({"quote_occurrences", "stories", "families"})
    # Occurrences from another extractor version make every story's quotes stale.
    inputs = (QuoteExtractStage.name,)
    provides = frozenset({"quotes"})
    description = (
        "quotes fused across outlets: canonical text, word-level variants, independent sources"
    )

    def run(self, context: StageContext) -> StageResult:
        store = context.store
        changed, gone = changed_stories(context, self.name, self.inputs)
        if not changed and not gone:
            return StageResult(self.name, 0)
        with context.progress.task("Quote variants", total=len(changed)) as advance:
            for overview in changed:
                occurrences = load_occurrences(store, overview.articles)
                family_of = {a: f.id for f in overview.families for a in f.articles}
                published = {
                    a.id: (a.published.value if a.published else None)
                    for a in load_articles(store, overview.articles)
                }
                fused = fuse_quotes(
                    occurrences,
                    family_of=family_of,
                    published_of=published,
                    story_id=overview.story.id,
                )
                fused.sort(
                    key=lambda q: (
                        -q.independent_sources,
                        q.earliest_article,
                        q.occurrences[0].start if q.occurrences else 0,
                    )
                )
                with store.atomic():
                    replace_quotes(store, overview.story.id, fused)
                    signature = story_signature(self.name, overview, self.inputs)
                    set_story_signature(store, self.name, overview.story.id, signature)
                advance(1)
        with store.atomic():
            for story_id in gone:
                replace_quotes(store, story_id, [])
            forget_stories(store, self.name, gone)
        return StageResult(self.name, len(changed))
