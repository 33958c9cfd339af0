"""The quote stages: per article, attributed quotations; per story, the same utterance fused
across outlets with its variants."""

from __future__ import annotations

from newsweave.models import Article
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

    name = "quotes.extract.v4"
    requires = frozenset({"articles"})
    provides = frozenset({"quote_occurrences"})
    description = (
        "direct, partial and indirect quotations with cue, source and speaker (tagger + rules)"
    )

    def run(self, context: StageContext) -> StageResult:
        store = context.store
        pending = pending_articles(store, self.name, CURRENT_ARTICLES)
        done = failed = 0
        with context.progress.task("Quotes", total=len(pending)) as advance:
            for begin in range(0, len(pending), BATCH):
                articles = load_articles(store, pending[begin : begin + BATCH])

                def extract(article: Article) -> None:
                    found = extract_quotes(article.text, article_id=article.id)
                    with store.atomic():
                        replace_occurrences(store, article.id, found)

                ok, bad = for_each(
                    articles, extract, stage=self.name, path_of=lambda a: a.path, context=context
                )
                with store.atomic():
                    mark_done(store, self.name, [a.id for a in articles])
                done, failed = done + ok, failed + bad
                advance(len(articles))
        return StageResult(self.name, done, failed)


class QuoteAlignStage:
    """One utterance across a story's outlets: canonical text, variants, independent sources."""

    name = "quotes.align.v1"
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
