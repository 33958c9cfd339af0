"""Splitting an article into fact units, each with its entities, quantities and dates.

A unit is a sentence, or a clause when the sentence joins independent statements: a semicolon,
or a verb coordinated with the main verb that has its own subject ("The quake damaged dozens of
buildings, and officials said schools would close"). Titles and headings are not statements.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from newsweave.models import Article
from newsweave.models.facts import FactClause, FactUnit
from newsweave.models.relations import family_id_for
from newsweave.nlp.sentences import split_sentences
from newsweave.nlp.spacy_model import load_nlp, model_version
from newsweave.stages.clean.dates import date_key, find_date_mentions
from newsweave.stages.facts.quantities import find_quantities
from newsweave.stages.relate.fingerprint import quotation_mask

if TYPE_CHECKING:
    from spacy.tokens import Doc

MIN_UNIT_WORDS = 5
# A "sentence" longer than this is text without sentence ends (a table, a scraped list, a run
# of words): no statement to align, and spaCy refuses texts past a million characters, which
# failed the stage for every story.
MAX_UNIT_CHARS = 5000
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
NOT_STATEMENTS = frozenset({"title", "heading"})
# Units need the parse and the entities only: the rule components that map tags to coarse parts
# of speech and lemmatise, a quarter of the pipeline's time, are skipped (5,007 bench sentences:
# 19.3 -> 14.1 s, the same parses and entities). A verb is told by its fine tag.
SKIPPED_PIPES = ("attribute_ruler", "lemmatizer")
VERB_TAGS = frozenset({"VB", "VBD", "VBG", "VBN", "VBP", "VBZ", "MD"})


# What the parse gives each unit (``FactClause``) is kept in the store by ``parse_key``: a story
# is recomputed whenever a member joins it, and parsing its other members again was most of the
# cost of adding one article to a large story. A change to what a parse yields (clauses(), the
# entity labels, the sentence splitter, MIN_UNIT_WORDS) must change this; the parser's own
# version is in the key too.
PARSE_VERSION = "facts.clauses.v1"


def parse_key(article: Article) -> bytes:
    """The key of an article's clauses: the parse's version and the parser's, the text and what
    of it is no statement (titles)."""
    data = f"{PARSE_VERSION}\0{model_version()}\0{_no_statements(article)}\0{article.text}"
    return hashlib.blake2b(data.encode(), digest_size=16).digest()


def _no_statements(article: Article) -> list[tuple[int, int]]:
    """The spans of an article's text that are no statement (titles)."""
    return [(s.start, s.end) for s in article.structure if s.label in NOT_STATEMENTS]


def article_clauses(articles: Sequence[Article]) -> dict[str, tuple[FactClause, ...]]:
    """Each article's statement clauses, by article id. Copies repeat their original's
    sentences: each distinct sentence is parsed once (a story of 300 copies of one wire report
    parsed 18,000 sentences for 60 texts)."""
    pieces: list[tuple[Article, int, int]] = []
    for article in articles:
        skip = _no_statements(article)
        for start, end in split_sentences(article.text):
            if any(s <= start < e for s, e in skip) or end - start > MAX_UNIT_CHARS:
                continue
            pieces.append((article, start, end))
    distinct = list(dict.fromkeys(a.text[s:e] for a, s, e in pieces))
    docs = load_nlp().pipe(distinct, disable=SKIPPED_PIPES)
    parts = {text: _parts(doc) for text, doc in zip(distinct, docs, strict=True)}
    clauses: dict[str, list[FactClause]] = {a.id: [] for a in articles}
    for article, start, end in pieces:
        for clause_start, clause_end, entities in parts[article.text[start:end]]:
            clauses[article.id].append((start + clause_start, start + clause_end, entities))
    return {article_id: tuple(found) for article_id, found in clauses.items()}


def fact_units(
    articles: Sequence[Article],
    family_of: dict[str, str],
    clauses: Mapping[str, tuple[FactClause, ...]] | None = None,
) -> list[FactUnit]:
    """The units of every article, in article order then text order. ``clauses`` gives those
    already parsed, by article id; the others are parsed here."""
    known = dict(clauses or {})
    missing = [a for a in articles if a.id not in known]
    if missing:
        known.update(article_clauses(missing))
    quantities: dict[str, tuple[tuple[str, str, float, str, str], ...]] = {}
    dates: dict[tuple[str, date | None], tuple[str, ...]] = {}
    units: list[FactUnit] = []
    for article in articles:
        reference = _published_day(article)
        mask = quotation_mask(article.text)
        position = 0
        for a, b, entities in known[article.id]:
            text = article.text[a:b]
            if len(text.split()) < MIN_UNIT_WORDS:
                continue
            quoted = sum(mask[a:b]) / max(1, b - a)
            if text not in quantities:
                quantities[text] = _quantities(text)
            if (text, reference) not in dates:
                dates[text, reference] = _dates(text, reference)
            units.append(
                FactUnit(
                    article_id=article.id,
                    family_id=family_of.get(article.id, family_id_for(article.id)),
                    start=a,
                    end=b,
                    text=text,
                    position=position,
                    is_quote=quoted > 0.5,
                    entities=entities,
                    quantities=quantities[text],
                    dates=dates[text, reference],
                )
            )
            position += 1
    return units


def _parts(doc: Doc) -> list[tuple[int, int, tuple[tuple[str, str], ...]]]:
    """What a unit needs of its sentence's parse: each clause's range and entities."""
    return [(start, end, _entities(doc, start, end)) for start, end in clauses(doc)]


def _quantities(text: str) -> tuple[tuple[str, str, float, str, str], ...]:
    return tuple((q.text, q.kind, q.value, q.unit, q.qualifier) for q in find_quantities(text))


def clauses(doc: Doc) -> list[tuple[int, int]]:
    """Character ranges of the independent statements of one parsed sentence."""
    # Each cut: (where the left statement ends, where the right one starts).
    cuts: list[tuple[int, int]] = []
    for token in doc:
        if token.text == ";" and 0 < token.i < len(doc) - 1:
            cuts.append((token.idx, token.idx + 1))
        elif (
            token.dep_ == "conj"
            and token.head.dep_ == "ROOT"
            and token.tag_ in VERB_TAGS
            and any(child.dep_ in SUBJECTS for child in token.children)
        ):
            first = next(iter(token.subtree))
            # The coordinator ("and", "but") sits just before the second clause, attached to
            # the first verb or to the second, depending on the parse.
            before = doc[first.i - 1] if first.i > 0 else None
            if first.dep_ == "cc":
                cuts.append((first.idx, first.idx + len(first.text)))
            elif before is not None and before.dep_ == "cc":
                cuts.append((before.idx, before.idx + len(before.text)))
            else:
                cuts.append((first.idx, first.idx))
    ends = [end for end, _ in sorted(set(cuts))] + [len(doc.text)]
    starts = [0] + [start for _, start in sorted(set(cuts))]
    out: list[tuple[int, int]] = []
    for start, end in zip(starts, ends, strict=True):
        piece = doc.text[start:end]
        stripped = piece.strip(" ,;:—-")
        if not stripped:
            continue
        lead = piece.index(stripped)
        out.append((start + lead, start + lead + len(stripped)))
    return _merge_short(out, doc.text)


def _merge_short(ranges: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """A clause too short to be a statement stays with its neighbour."""
    merged: list[tuple[int, int]] = []
    for start, end in ranges:
        short = len(text[start:end].split()) < MIN_UNIT_WORDS
        previous_short = (
            bool(merged) and len(text[merged[-1][0] : merged[-1][1]].split()) < MIN_UNIT_WORDS
        )
        if merged and (short or previous_short):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _entities(doc: Doc, start: int, end: int) -> tuple[tuple[str, str], ...]:
    seen: dict[tuple[str, str], None] = {}
    for ent in doc.ents:
        if ent.label_ in ENTITY_LABELS and start <= ent.start_char < end:
            seen[(ent.text, ent.label_)] = None
    return tuple(seen)


def _dates(text: str, reference: date | None) -> tuple[str, ...]:
    """The days the unit speaks of (resolved against the publication date when there is one)."""
    keys = (date_key(m) for m in find_date_mentions(text, reference=reference))
    return tuple(dict.fromkeys(k for k in keys if k is not None))


def _published_day(article: Article) -> date | None:
    if article.published is None:
        return None
    try:
        return date.fromisoformat(article.published.value[:10])
    except ValueError:
        return None


def entity_names(units: Iterable[FactUnit], labels: frozenset[str]) -> set[str]:
    return {text for unit in units for text, label in unit.entities if label in labels}
