"""Fusing a story's quote occurrences: one utterance, its wordings, its outlets.

1. Each occurrence is reduced to the words it quotes (the words inside quotation marks for
   direct, partial and mixed quotes; the content for indirect speech), lower-cased, with
   punctuation dropped, editorial insertions in brackets kept as one token ("[the minister]")
   and elision marks ("…", "...", "[…]") as ``…``.
2. Two occurrences from different articles are one utterance when most of the shorter one's
   words appear, in order, in the other (so a quote one outlet splits in two still joins the
   other outlets' single quote: alignment is one-to-many), or, for paraphrases and different
   translations, when their sentence embeddings are close and their speakers agree. A
   quotation whose words run inside a longer one (a lead quoting a few words of a remark)
   joins it, in the same article too, when that is the only such utterance. No join may put
   into one utterance two remarks that one article quotes apart (``GuardedGroups``).
3. Each group becomes a :class:`FusedQuote`. Its canonical text is the wording carried by the
   most independent source families (then the most articles, the longest, the earliest). Every
   other wording is a :class:`QuoteVariant` with its word-level differences, classified as
   substitution, insertion, elision or truncation, or as a paraphrase when little is shared.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache, partial
from itertools import pairwise

import numpy as np
import numpy.typing as npt

from newsweave.groups import GuardedGroups
from newsweave.models.quotes import (
    DiffOp,
    FusedQuote,
    QuoteOccurrence,
    QuoteVariant,
    VariantKind,
    WordDiff,
)
from newsweave.stages.quotes.marks import find_quoted_spans
from newsweave.stages.quotes.speakers import canonical_speakers

ELISION = "…"
MIN_WORDS = 3  # shorter quotes (a single quoted word) are too common to align safely
CONTAINMENT = 0.6  # share of the shorter quote's words found in order in the other
LONG_SHARED_RUN = 8  # words shared in order that make two quotes one utterance anyway
PARAPHRASE_COSINE = 0.45
PARAPHRASE_OVERLAP = 0.3
PARAPHRASE_RATIO = 0.5  # below this word-sequence similarity a variant is a paraphrase
REWORDED_WORDS, REWORDED_SHARE = 3, 0.25  # more substituted words than this: a paraphrase

_TOKEN = re.compile(r"\[[^\]]*\]|\.\.\.|…|[\w’']+(?:[-.][\w’']+)*")
_FUNCTION_WORDS = frozenset(
    """
    a an the and or but if of to in on at by for with from as that this these those is are was
    were be been being it its we our us you your they them their he she his her i me my will
    would shall should can could may might must do does did have has had not no so than then
    there here which who whom whose what when where why how all any some such very just also
    into over about up down out off more most much many s t
    """.split()
)

Embed = Callable[[Sequence[str]], npt.NDArray[np.float32]]


@dataclass(frozen=True, slots=True)
class Wording:
    """An occurrence's quoted words: normalised tokens and their surface forms."""

    tokens: tuple[str, ...]
    surface: tuple[str, ...]
    # Tokens without editorial brackets and elision marks: what the speaker said (computed once:
    # fusing a story's quotes compares each wording with many others).
    words: tuple[str, ...] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", tuple(t for t in self.tokens if not _is_editorial(t)))


def _is_editorial(token: str) -> bool:
    return token == ELISION or token.startswith("[")


def _normalise(token: str) -> str:
    if token in ("...", "…"):
        return ELISION
    if token.startswith("["):
        if re.fullmatch(r"\[\s*(…|\.\.\.)\s*\]", token):
            return ELISION
        return "[" + " ".join(re.findall(r"\w+", token.lower())) + "]"
    return token.lower().replace("’", "'")


def quoted_parts(occurrence: QuoteOccurrence) -> str:
    """The words the speaker is quoted with: text inside quotation marks, else the content."""
    text = occurrence.quoted_text
    if occurrence.kind == "indirect":
        return text
    spans = find_quoted_spans(text)
    parts = [
        (text[q.start : q.end].strip().strip("\"“”„«»‘’'").strip(), q.start, q.end) for q in spans
    ]
    parts = [p for p in parts if p[0]]
    if not parts:
        return text
    inner = [p[0] for p in parts]
    if occurrence.kind == "direct":
        # A direct quote's fragments are all quoted: keep them whole and in order.
        gaps = [text[before[2] : after[1]] for before, after in pairwise(parts)]
        return join_fragments(inner, gaps)
    # The quoted fragments of reported speech have the writer's words between them.
    return f" {ELISION} ".join(inner)


def join_fragments(fragments: Sequence[str], gaps: Sequence[str] | None = None) -> str:
    """The parts of one utterance as one text. The comma that closes a part before the words of
    attribution is the writer's, not the speaker's: it ends the sentence when the attribution
    does (“It's an invasion,” he added. “We have…”) and goes when the attribution is set off by
    commas (“I think,” she said, “that we must go”). ``gaps``: the writer's words between the
    parts; without them (parts quoted with attributions of their own) a part that begins with a
    capital starts a sentence."""
    joined = ""
    for k, fragment in enumerate(f for f in fragments if f):
        if joined.endswith(","):
            if gaps is None:
                mark = "." if fragment[:1].isupper() else ","
            else:
                gap = gaps[k - 1].strip() if k <= len(gaps) else ""
                mark = "." if gap.endswith((".", "!", "?", ":")) else ("" if gap else ",")
            base = joined[:-1]
            joined = base + ("" if mark == "." and base.endswith((".", "!", "?")) else mark)
        joined = f"{joined} {fragment}" if joined else fragment
    return joined


@lru_cache(maxsize=16384)
def wording_of(text: str) -> Wording:
    """A text's words as compared (cached: a story's copies carry the same quotations, and
    fusing them asks for each wording several times)."""
    surface = tuple(m.group(0) for m in _TOKEN.finditer(text))
    return Wording(tuple(_normalise(t) for t in surface), surface)


def _in_order_overlap(a: Sequence[str], b: Sequence[str]) -> int:
    matcher = SequenceMatcher(None, list(a), list(b), autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks() if block.size >= 2)


def same_utterance_by_words(a: Wording, b: Wording) -> bool:
    wa, wb = a.words, b.words
    if min(len(wa), len(wb)) < MIN_WORDS:
        return False
    return _in_order_overlap(wa, wb) >= _words_needed(len(wa), len(wb))


def _runs_inside(short: Sequence[str], long: Sequence[str]) -> bool:
    """Whether the words of ``short`` run, in order and together, inside ``long``."""
    n = len(short)
    return 0 < n <= len(long) and any(
        tuple(long[i : i + n]) == tuple(short) for i in range(len(long) - n + 1)
    )


def _words_needed(length_a: int, length_b: int) -> float:
    """Words two quotes must share in order to be one utterance. A long run of shared words is
    enough on its own: an outlet may cut one utterance where another continues it, so neither
    contains most of the other."""
    return max(MIN_WORDS, min(CONTAINMENT * min(length_a, length_b), LONG_SHARED_RUN))


def _speakers_agree(a: str | None, b: str | None) -> bool:
    return a is not None and a == b


def _default_embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    from newsweave.nlp.embed import load_embedder

    return load_embedder().embed(texts)


# --- differences ---------------------------------------------------------------------------------


def _content_word(words: Sequence[str]) -> bool:
    return any(w not in _FUNCTION_WORDS and not _is_editorial(w) for w in words)


def word_diff(canonical: Wording, variant: Wording) -> tuple[WordDiff, ...]:
    """Word-level differences of ``variant`` against ``canonical`` (case and punctuation aside)."""
    a, b = list(canonical.tokens), list(variant.tokens)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    opcodes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    out = []
    for tag, i1, i2, j1, j2 in opcodes:
        left, right = tuple(a[i1:i2]), tuple(b[j1:j2])
        editorial = all(_is_editorial(t) for t in right) and bool(right)
        op: DiffOp
        if tag == "insert":
            if right == (ELISION,):
                op, changed = "elision", False
            else:
                op, changed = "insertion", not editorial and _content_word(right)
        elif tag == "delete":
            at_edge = i1 == 0 or i2 == len(a)
            op, changed = ("truncation" if at_edge else "elision"), False
        elif editorial:
            op, changed = ("elision" if ELISION in right else "insertion"), False
        else:
            op, changed = "substitution", _content_word(left) or _content_word(right)
        out.append(WordDiff(op, i1, left, right, changed))
    return tuple(out)


def variant_kind(canonical: Wording, variant: Wording, diff: Sequence[WordDiff]) -> VariantKind:
    """The most telling difference; a paraphrase when little is shared or much is reworded."""
    if not diff:
        return "verbatim"
    matcher = SequenceMatcher(None, list(canonical.words), list(variant.words), autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    reworded = sum(
        max(len(d.canonical), len(d.variant))
        for d in diff
        if d.op == "substitution" or (d.op == "insertion" and d.content_word)
    )
    if shared < PARAPHRASE_RATIO * min(len(canonical.words), len(variant.words)) or (
        reworded > max(REWORDED_WORDS, REWORDED_SHARE * len(canonical.words))
    ):
        return "paraphrase"
    kinds: tuple[VariantKind, ...] = ("substitution", "insertion", "elision", "truncation")
    for kind in kinds:
        if any(d.op == kind for d in diff):
            return kind
    return "verbatim"


# --- fusion --------------------------------------------------------------------------------------


def fuse_quotes(
    occurrences: Sequence[QuoteOccurrence],
    *,
    family_of: Mapping[str, str],
    published_of: Mapping[str, str | None],
    story_id: str,
    embed: Embed | None = _default_embed,
) -> list[FusedQuote]:
    """Group a story's occurrences into fused quotes, each with canonical text and variants.

    ``family_of`` maps an article to its source family (copies share one; an article missing
    from it is its own family); ``published_of`` gives ISO dates for the earliest appearance.
    ``embed`` (``None`` to switch off) links paraphrases and translations by the same speaker.
    """
    occs = sorted(occurrences, key=lambda o: (o.article, o.start, o.id))
    names = canonical_speakers(o.speaker.name for o in occs if o.speaker.name)
    speaker_of = [names.get(o.speaker.name or "", None) for o in occs]
    texts = [quoted_parts(o) for o in occs]
    wordings = [wording_of(t) for t in texts]
    # A join that would fuse two remarks one article quotes apart is refused (see groups.py).
    groups = GuardedGroups(
        len(occs), [o.article for o in occs], partial(_apart, occs=occs, wordings=wordings)
    )
    # Whether two occurrences are one utterance depends on their words alone, and copies of a
    # story carry the same quotes: each pair of distinct word sequences is tested once, then
    # its occurrences in different articles are joined.
    holders: dict[tuple[str, ...], list[int]] = {}
    for i, wording in enumerate(wordings):
        holders.setdefault(wording.words, []).append(i)
    distinct = [wordings[ks[0]] for ks in holders.values()]
    # Words shared in order are words shared: a cheap test first (a long page has thousands
    # of quotes, most of them with little in common).
    bags = [Counter(w.words) for w in distinct]
    lengths = [bag.total() for bag in bags]
    # The surest joins first (a wording met again, then the largest share of the shorter one's
    # words): where the guard must refuse one of two joins, the weaker goes, whatever the
    # order of the articles.
    joins: list[tuple[float, int, int]] = []
    for x, a in enumerate(distinct):
        for y in range(x, len(distinct)):
            needed = _words_needed(lengths[x], lengths[y])
            if (
                sum((bags[x] & bags[y]).values()) < needed
                or min(lengths[x], lengths[y]) < MIN_WORDS
            ):
                continue
            shared = lengths[x] if x == y else _in_order_overlap(a.words, distinct[y].words)
            if shared >= needed:
                joins.append((-shared / min(lengths[x], lengths[y]), x, y))
    for _, x, y in sorted(joins):
        _join_across_articles(groups, occs, holders[distinct[x].words], holders[distinct[y].words])
    if embed is not None:
        _link_paraphrases(occs, wordings, speaker_of, groups, embed)
    _attach_parts(occs, wordings, speaker_of, groups)
    members: dict[int, list[int]] = {}
    for i in range(len(occs)):
        if len(wordings[i].words) >= MIN_WORDS or occs[i].kind != "indirect":
            members.setdefault(groups.find(i), []).append(i)
    fused = [
        _fuse_group(
            [occs[i] for i in idx],
            [texts[i] for i in idx],
            [speaker_of[i] for i in idx],
            family_of,
            published_of,
            story_id,
        )
        for idx in members.values()
    ]
    return sorted(
        fused,
        key=lambda f: (
            f.earliest_published or "9999",
            f.earliest_article,
            f.occurrences[0].start,
            f.id,
        ),
    )


SPLIT_GAP = 600  # characters: the parts of a quotation that an outlet splits lie this close


def _apart(x: int, y: int, *, occs: Sequence[QuoteOccurrence], wordings: Sequence[Wording]) -> bool:
    """Whether two occurrences of one article are shown by it to be different remarks: two
    quotations, or two reported contents, that neither overlap nor share their words (a lead
    may quote a few words of a remark quoted whole later), unless they are two quotations close
    together (the parts of one that the outlet split). A reported content and a quotation are
    never apart: a report often paraphrases a remark, then quotes it."""
    first, second = sorted((occs[x], occs[y]), key=lambda o: o.start)
    quoted = first.kind != "indirect", second.kind != "indirect"
    if quoted[0] != quoted[1] or second.start < first.end:
        return False
    if quoted[0] and second.start - first.end <= SPLIT_GAP:
        return False
    a, b = wordings[min(x, y)], wordings[max(x, y)]  # the test is not quite symmetric
    if a.words == b.words or _runs_inside(a.words, b.words) or _runs_inside(b.words, a.words):
        return False
    return not same_utterance_by_words(a, b)


def _join_across_articles(
    groups: GuardedGroups, occs: Sequence[QuoteOccurrence], first: list[int], second: list[int]
) -> None:
    """Join each occurrence of ``first`` with each of ``second`` in another article. A wording
    met with itself (``first is second``): every pair across articles joined leaves one group
    when the wording is in two articles or more, and none to join when it is in one."""
    if first is second:
        if len({occs[i].article for i in first}) > 1:
            for i in first[1:]:
                groups.union(first[0], i)
        return
    for i in first:
        for j in second:
            if occs[i].article != occs[j].article:
                groups.union(i, j)


def _attach_parts(
    occs: Sequence[QuoteOccurrence],
    wordings: Sequence[Wording],
    speaker_of: Sequence[str | None],
    groups: GuardedGroups,
) -> None:
    """A quotation whose words run, together and in order, inside a longer quotation of the
    story joins it, when that is the one such utterance and its speaker is the short one's (or
    the short one's is unknown): a lead that quotes a few words of a remark given whole further
    down, in the same article or another. Quotations of fewer than ``MIN_WORDS`` words need a
    content word (a lead's "a “devastating” response"); too short to be compared on their own,
    they would otherwise stand as quotes of their own."""
    holders: dict[tuple[str, ...], list[int]] = {}
    for i, occ in enumerate(occs):
        if occ.kind != "indirect" and wordings[i].words:
            holders.setdefault(wordings[i].words, []).append(i)
    holding: dict[str, list[tuple[str, ...]]] = {}  # a word -> the wordings that hold it
    for words in holders:
        for word in set(words):
            holding.setdefault(word, []).append(words)
    for words, parts in holders.items():
        if len(words) < MIN_WORDS and not _content_word(words):
            continue
        # Looked up by its rarest word: a story of many copies has thousands of wordings.
        rarest = min(set(words), key=lambda w: len(holding[w]))
        wholes = [
            other
            for other in holding[rarest]
            if len(other) > len(words) and _runs_inside(words, other)
        ]
        members = [j for whole in wholes for j in holders[whole]]
        found: dict[str | None, set[int]] = {}  # a speaker -> the utterances that may be theirs
        for i in parts:
            speaker = speaker_of[i]
            if speaker not in found:
                roots: set[int] = set()
                for j in members:
                    if speaker in (None, speaker_of[j]):
                        roots.add(groups.find(j))
                        if len(roots) > 1:
                            break  # two utterances hold these words: whose they are is unknown
                found[speaker] = roots
            if len(found[speaker]) == 1:
                groups.union(i, next(iter(found[speaker])))


def _content_words(text: str) -> set[str]:
    return {
        w
        for w in (_normalise(t) for t in _TOKEN.findall(text))
        if w not in _FUNCTION_WORDS and not _is_editorial(w) and len(w) > 2
    }


def _link_paraphrases(
    occs: Sequence[QuoteOccurrence],
    wordings: Sequence[Wording],
    speaker_of: Sequence[str | None],
    groups: GuardedGroups,
    embed: Embed,
) -> None:
    """Join different wordings of one remark (paraphrase, another translation).

    Three pieces of evidence must agree: the same named speaker; shared content words that are
    rare among the story's quotes (the story's names, shared by most of its quotes, weigh
    little), at least ``PARAPHRASE_OVERLAP`` of the smaller side by IDF weight; and close
    sentence embeddings. Embeddings alone do not separate two remarks of one speaker on one topic.
    """
    candidates = [
        i for i in range(len(occs)) if speaker_of[i] is not None and len(wordings[i].words) >= 5
    ]
    if len(candidates) < 2:
        return
    texts = [occs[i].quoted_text for i in candidates]
    words = [_content_words(t) for t in texts]
    frequency: dict[str, int] = {}
    for ws in words:
        for w in ws:
            frequency[w] = frequency.get(w, 0) + 1
    idf = {w: math.log((1 + len(words)) / (1 + f)) + 1.0 for w, f in frequency.items()}
    # The evidence depends on the text and the speaker alone, and copies of a story carry the
    # same quotes: each distinct text is embedded once, each pair of distinct (text, speaker)
    # tested once, and its occurrences in different articles joined.
    holders: dict[tuple[str, str | None], list[int]] = {}
    first: dict[tuple[str, str | None], int] = {}  # the key's first candidate (its words)
    for x, i in enumerate(candidates):
        holders.setdefault((texts[x], speaker_of[i]), []).append(i)
        first.setdefault((texts[x], speaker_of[i]), x)
    keys = list(holders)
    content = [words[first[key]] for key in keys]
    weight = [sum(idf[w] for w in ws) for ws in content]
    # The speaker and the shared words first: only the texts of pairs that pass them are
    # embedded (on 500 bench articles, a tenth of the quotes' texts).
    close: list[tuple[int, int]] = []
    for a, (_, speaker_a) in enumerate(keys):
        for b in range(a, len(keys)):
            if not _speakers_agree(speaker_a, keys[b][1]):
                continue
            shared = sum(idf[w] for w in content[a] & content[b])
            smaller = min(weight[a], weight[b])
            if smaller > 0 and shared / smaller >= PARAPHRASE_OVERLAP:
                close.append((a, b))
    # A text is its own paraphrase; other pairs need their embeddings close too.
    needed = {keys[k][0] for a, b in close if a != b for k in (a, b)}
    distinct = [text for text in dict.fromkeys(texts) if text in needed]
    row = {text: k for k, text in enumerate(distinct)}
    vectors = embed(distinct) if distinct else None
    for a, b in close:
        if a == b or (
            vectors is not None
            and float(vectors[row[keys[a][0]]] @ vectors[row[keys[b][0]]]) >= PARAPHRASE_COSINE
        ):
            _join_across_articles(groups, occs, holders[keys[a]], holders[keys[b]])


def _fuse_group(
    occs: list[QuoteOccurrence],
    texts: list[str],
    speakers: list[str | None],
    family_of: Mapping[str, str],
    published_of: Mapping[str, str | None],
    story_id: str,
) -> FusedQuote:
    # One wording per article: an outlet that splits the utterance contributes its parts in order.
    per_article: dict[str, list[int]] = {}
    for k, occ in enumerate(occs):
        per_article.setdefault(occ.article, []).append(k)
    for article, ks in per_article.items():
        # An outlet's own wording is what it quotes; its indirect summary of the same remark
        # stays an occurrence but is not part of the wording when quoted words exist.
        quoted_ks = [k for k in ks if occs[k].kind != "indirect"]
        ks = quoted_ks or ks
        # A part repeated inside a longer quote of the same article (a lead that cites a few
        # words of the full quote) adds nothing to that article's wording.
        wordings = {k: wording_of(texts[k]).words for k in ks}
        kept = [
            k
            for k in ks
            if not any(
                o != k
                and len(wordings[o]) > len(wordings[k])
                and (
                    _runs_inside(wordings[k], wordings[o])
                    or _in_order_overlap(wordings[k], wordings[o]) >= CONTAINMENT * len(wordings[k])
                )
                for o in ks
            )
        ]
        per_article[article] = kept or ks
    article_text = {
        a: join_fragments([texts[k] for k in sorted(ks, key=lambda k: occs[k].start)])
        for a, ks in per_article.items()
    }
    by_wording: dict[tuple[str, ...], list[str]] = {}
    surface: dict[tuple[str, ...], str] = {}
    for article in sorted(article_text):
        wording = wording_of(article_text[article])
        by_wording.setdefault(wording.tokens, []).append(article)
        surface.setdefault(wording.tokens, article_text[article])

    def date(article: str) -> str:
        return published_of.get(article) or "9999-99-99"

    def support(key: tuple[str, ...]) -> tuple[int, int, int, str, str]:
        arts = by_wording[key]
        families = len({family_of.get(a, a) for a in arts})
        words = sum(1 for t in key if not _is_editorial(t))
        first = min(arts, key=lambda a: (date(a), a))
        return (-families, -len(arts), -words, date(first), first)

    canonical_key = min(by_wording, key=support)
    canonical = wording_of(surface[canonical_key])
    variants = []
    for key in sorted(by_wording, key=support):
        wording = wording_of(surface[key])
        diff = word_diff(canonical, wording)
        kind = variant_kind(canonical, wording, diff)
        changed = kind == "paraphrase" or any(d.content_word for d in diff)
        variants.append(QuoteVariant(surface[key], tuple(by_wording[key]), diff, kind, changed))
    articles = sorted(per_article)
    earliest = min(articles, key=lambda a: (date(a), a))
    named = [s for s in speakers if s]
    speaker = max(sorted(set(named)), key=named.count) if named else None
    digest = hashlib.sha1(
        (story_id + "|" + "|".join(sorted(o.id for o in occs))).encode("utf-8")
    ).hexdigest()[:16]
    return FusedQuote(
        id=f"fq_{digest}",
        story=story_id,
        speaker=speaker,
        canonical=surface[canonical_key],
        independent_sources=len({family_of.get(a, a) for a in articles}),
        occurrences=tuple(sorted(occs, key=lambda o: (o.article, o.start))),
        variants=tuple(variants),
        earliest_article=earliest,
        earliest_published=published_of.get(earliest),
    )
