"""What story-level stages (quotes fused per story, facts, summaries) share: a story's
signature, and which stories changed since a stage last saw them."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from newsweave.models.relations import SourceFamily
from newsweave.pipeline.stage import StageContext
from newsweave.queries import StoryOverview, story_families, story_overviews
from newsweave.store.facts import story_signatures
from newsweave.store.stories import load_stories


def story_signature(stage: str, overview: StoryOverview, inputs: Sequence[str] = ()) -> str:
    """What a story's derived data depends on: its members and their families, and the
    versions of the per-article stages whose output it reads (``inputs``): a new version of
    one of those makes every story change."""
    return _signature(stage, inputs, overview.families)


def _signature(stage: str, inputs: Sequence[str], families: Sequence[SourceFamily]) -> str:
    parts = [stage, *inputs] + [f"{f.id}:{','.join(f.articles)}" for f in families]
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


def changed_stories(
    context: StageContext, stage: str, inputs: Sequence[str] = ()
) -> tuple[list[StoryOverview], list[str]]:
    """(stories whose signature changed, ids of stories that no longer exist). Signatures come
    from the membership tables; only the changed stories are loaded whole."""
    store = context.store
    known = story_signatures(store, stage)
    families = story_families(store)
    changed_ids = [s for s, f in families.items() if known.get(s) != _signature(stage, inputs, f)]
    changed = story_overviews(store, load_stories(store, changed_ids)) if changed_ids else []
    gone = sorted(set(known) - set(families))
    return changed, gone
