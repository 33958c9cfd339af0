"""The facts stage: per story, fact units aligned across outlets with their corroboration.

A story is (re)computed when its signature changes: its current members or their source
families. Everything it produces for the story is replaced in one transaction.
"""

from __future__ import annotations

import numpy as np

from newsweave.nlp.embed import load_embedder
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.stages.facts.corroborate import compare_outlets, corroborate, unit_speakers
from newsweave.stages.facts.presence import presence_facts
from newsweave.stages.facts.similarity import load_same_fact_model
from newsweave.stages.facts.units import fact_units
from newsweave.stages.quotes.stage import QuoteExtractStage
from newsweave.stages.story_work import changed_stories, story_signature
from newsweave.store.articles import load_articles
from newsweave.store.facts import forget_stories, replace_facts, set_story_signature
from newsweave.store.quotes import load_occurrences


class FactsStage:
    """Facts aligned across a story's outlets: corroborated, single-source, conflicting."""

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
        with context.progress.task("Facts", total=len(changed)) as advance:
            for overview in changed:
                articles = load_articles(store, overview.articles)
                family_of = {a: f.id for f in overview.families for a in f.articles}
                units = fact_units(articles, family_of)
                vectors = (
                    embedder.embed([u.text for u in units])
                    if units
                    else np.zeros((0, 384), np.float32)
                )
                published = {a.id: (a.published.value if a.published else None) for a in articles}
                said = unit_speakers(units, load_occurrences(store, overview.articles))
                facts = corroborate(overview.story.id, units, model, vectors, published, said)
                facts += presence_facts(
                    overview.story.id, units, published, overview.story.place.name
                )
                comparisons = compare_outlets(facts, overview.articles, family_of)
                with store.atomic():
                    replace_facts(store, overview.story.id, facts, comparisons)
                    set_story_signature(
                        store,
                        self.name,
                        overview.story.id,
                        story_signature(self.name, overview, self.inputs),
                    )
                advance(1)
        with store.atomic():
            for story_id in gone:
                replace_facts(store, story_id, [], [])
            forget_stories(store, self.name, gone)
        return StageResult(self.name, len(changed), note=f"{len(changed)} story(ies) updated")
