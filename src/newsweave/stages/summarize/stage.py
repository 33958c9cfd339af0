"""The summary stage: for each changed story, a headline and 3 to 7 cited sentences.

Candidates are the whole sentences of the story's articles, in the outlets' own narration:
titles, headings and quotations are left out (key quotes have their own place), and so are
sentences that open on a pronoun, which would not make sense out of their article. A sentence's
support is the best corroboration among the facts it states (a presence fact counts for a
sentence that names both the person and the place and states nothing else), its citations every
article stating one of those facts, so the selector can put the corroborated core first and never
repeat a fact.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import replace

from newsweave.models import Article
from newsweave.models.facts import Fact
from newsweave.models.relations import family_id_for
from newsweave.models.summaries import CitedSentence, Summary
from newsweave.nlp.sentences import split_sentences
from newsweave.pipeline.stage import StageContext, StageResult
from newsweave.queries import StoryOverview
from newsweave.stages.facts.stage import FactsStage
from newsweave.stages.relate.fingerprint import quotation_mask
from newsweave.stages.story_work import changed_stories, story_signature
from newsweave.stages.summarize.models import CandidateSentence, HeadlineCandidate
from newsweave.stages.summarize.selector import select_summary
from newsweave.store import Store
from newsweave.store.articles import load_articles
from newsweave.store.facts import forget_stories, load_facts, set_story_signature

NOT_SENTENCES = frozenset({"title", "heading"})
_DANGLING = re.compile(
    r"^[\"“‘']?(?:he|she|they|it|his|her|their|its|this|that|these|those|him|them)\b", re.I
)
MIN_CANDIDATES = 3


class SummaryStage:
    """A cited extractive summary per story."""

    name = "summary.extractive.v2"
    requires = frozenset({"facts", "stories"})
    # Sentences are cited for the facts they state: new facts, new summaries.
    inputs = (FactsStage.name,)
    provides = frozenset({"summaries"})
    description = (
        "headline and 3-7 sentences taken from the sources, corroborated core first, "
        "each citing its articles"
    )

    def run(self, context: StageContext) -> StageResult:
        store = context.store
        changed, gone = changed_stories(context, self.name, self.inputs)
        if not changed and not gone:
            return StageResult(self.name, 0)
        with context.progress.task("Summaries", total=len(changed)) as advance:
            for overview in changed:
                summary = summarize_story(store, overview)
                with store.atomic():
                    save_summary(store, summary)
                    set_story_signature(
                        store,
                        self.name,
                        overview.story.id,
                        story_signature(self.name, overview, self.inputs),
                    )
                advance(1)
        with store.atomic():
            store.connection.executemany(
                "DELETE FROM summaries WHERE story_id = ?", [(s,) for s in gone]
            )
            forget_stories(store, self.name, gone)
        return StageResult(self.name, len(changed))


def summarize_story(store: Store, overview: StoryOverview) -> Summary:
    articles = load_articles(store, overview.articles)
    family_of = {a: f.id for f in overview.families for a in f.articles}
    candidates = candidate_sentences(articles, family_of, load_facts(store, overview.story.id))
    # Titles of copies and rewrites are theirs, not the reporting's: originals' titles only.
    headlines = [
        HeadlineCandidate(a.id, family_of.get(a.id, a.id), a.title.value)
        for a in articles
        if a.title is not None and family_of.get(a.id) in (None, family_id_for(a.id))
    ]
    # The selector embeds the sentences it weighs (most vectors are the facts stage's, cached).
    chosen = select_summary(candidates, headlines)
    support = {c.sentence_id: c.support for c in candidates}
    sentences = tuple(
        CitedSentence(
            s.sentence.text,
            s.sentence.article_id,
            s.sentence.start,
            s.sentence.end,
            s.citations,
            support[s.sentence.sentence_id],
        )
        for s in chosen.sentences
    )
    headline = chosen.headline
    return Summary(
        overview.story.id,
        headline.text if headline is not None else overview.story.title,
        headline.article_id if headline is not None else None,
        sentences,
    )


def candidate_sentences(
    articles: list[Article], family_of: dict[str, str], facts: list[Fact]
) -> list[CandidateSentence]:
    """Every sentence of the articles with the corroboration of the facts it states."""
    facts_at: dict[str, list[tuple[int, int, Fact]]] = defaultdict(list)
    for fact in facts:
        for unit in fact.members:
            if fact.kind == "statement" or _names_both(unit.text, fact.subject):
                facts_at[unit.article_id].append((unit.start, unit.end, fact))
    candidates: list[CandidateSentence] = []
    # The articles citing each set of facts, once: copies repeat the sentences that state them.
    cited: dict[frozenset[str], tuple[str, ...]] = {}
    sentence_of_fact: dict[str, set[str]] = defaultdict(set)
    pending: list[tuple[CandidateSentence, frozenset[str]]] = []
    for article in articles:
        skip = [(s.start, s.end) for s in article.structure if s.label in NOT_SENTENCES]
        mask = quotation_mask(article.text)
        stated = sorted(facts_at[article.id], key=lambda item: item[0])
        starts = [item[0] for item in stated]
        position = 0
        for start, end in split_sentences(article.text):
            if any(s <= start < e for s, e in skip):
                continue
            inside = [
                f for _, _, f in stated[bisect_left(starts, start) : bisect_left(starts, end)]
            ]
            # A sentence that states something is cited for what it states: that the person
            # was in the place (a presence fact) speaks for a sentence only when it says no
            # more, else every outlet placing the person there would seem to confirm the rest.
            inside = [f for f in inside if f.kind == "statement"] or inside
            fact_ids = frozenset(f.id for f in inside)
            if fact_ids not in cited:
                cited[fact_ids] = tuple(sorted({a for f in inside for a in f.articles}))
            sentence_id = f"{article.id}:{start}"
            for fact_id in fact_ids:
                sentence_of_fact[fact_id].add(sentence_id)
            candidate = CandidateSentence(
                sentence_id=sentence_id,
                article_id=article.id,
                family_id=family_of.get(article.id, article.id),
                start=start,
                end=end,
                text=article.text[start:end],
                position=position,
                support=max((f.independent_sources for f in inside), default=1),
                cited_articles=cited[fact_ids],
                is_quote=sum(mask[start:end]) > (end - start) / 2,
            )
            pending.append((candidate, fact_ids))
            position += 1
    # Copies and rewrites retell their original: the summary quotes the original instead.
    originals = [c for c, _ in pending if c.family_id == family_id_for(c.article_id)]
    usable = [c for c in originals if not c.is_quote and not _DANGLING.match(c.text)]
    chosen = usable if len(usable) >= MIN_CANDIDATES else [c for c, _ in pending]
    # Which other candidates state the same facts (a copy's sentences are no candidates: 300
    # copies of one report listed 299 sentences for each of some 20,000).
    kept = {c.sentence_id for c in chosen}
    facts_of = {c.sentence_id: fact_ids for c, fact_ids in pending}
    for candidate in chosen:
        same = {s for f in facts_of[candidate.sentence_id] for s in sentence_of_fact[f]}
        same = (same & kept) - {candidate.sentence_id}
        candidates.append(replace(candidate, same_fact_as=tuple(sorted(same))))
    return candidates


def _names_both(text: str, subject: str) -> bool:
    """Whether a sentence names both sides of a presence fact ("Erik Lindqvist in Lisbon")."""
    person, _, place = subject.partition(" in ")
    surname = person.split()[-1] if person.split() else ""
    return bool(surname and place) and surname in text and place in text


def save_summary(store: Store, summary: Summary) -> None:
    data = {
        "headline": summary.headline,
        "headline_article": summary.headline_article,
        "sentences": [
            {
                "text": s.text,
                "article": s.article,
                "start": s.start,
                "end": s.end,
                "citations": list(s.citations),
                "support": s.support,
            }
            for s in summary.sentences
        ],
    }
    store.connection.execute(
        "INSERT OR REPLACE INTO summaries (story_id, headline, headline_article, data)"
        " VALUES (?, ?, ?, ?)",
        (
            summary.story_id,
            summary.headline,
            summary.headline_article,
            json.dumps(data, ensure_ascii=False),
        ),
    )


def load_summary(store: Store, story_id: str) -> Summary | None:
    row = store.query_one("SELECT data FROM summaries WHERE story_id = ?", (story_id,))
    if row is None:
        return None
    data = json.loads(row[0])
    return Summary(
        story_id,
        data["headline"],
        data["headline_article"],
        tuple(
            CitedSentence(
                s["text"], s["article"], s["start"], s["end"], tuple(s["citations"]), s["support"]
            )
            for s in data["sentences"]
        ),
    )
