"""Quotations of one article: content, cue and source spans, kind, and resolved speaker.

Two sources of spans are combined:

* the attribution tagger (:mod:`.tagger`, a small transformer trained on PolNeAR) tags source,
  cue and content spans paragraph by paragraph; spans are grouped into attributions by
  proximity (each content joins the nearest cue of its paragraph, each cue the nearest source);
* rules over quotation marks (:mod:`.marks`) and spaCy's parse find direct quotes the tagger
  left out, and are the whole method when the tagger is switched off (``use_model=False``).

A content interrupted by its cue ("“A,” he said, “B.”") becomes one occurrence with two
fragments. Speakers are resolved by :mod:`.speakers` (named source, pronoun, description).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import TYPE_CHECKING

import numpy as np

from newsweave.lru import LruCache
from newsweave.models.quotes import QuoteKind, QuoteOccurrence, Speaker, TextSpan
from newsweave.nlp.sentences import split_sentences
from newsweave.nlp.spacy_model import load_nlp
from newsweave.stages.quotes.marks import ALL_MARKS, QuotedSpan, find_quoted_spans
from newsweave.stages.quotes.speakers import SpeakerResolver

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_WORD = re.compile(r"[^\W\d_]{2,}|\d")

SPEECH_LEMMAS = frozenset(
    """
    say tell add warn note explain claim argue insist state declare announce write ask reply
    respond continue acknowledge admit suggest stress emphasize emphasise urge predict report
    confirm deny describe tweet recall promise vow pledge threaten comment complain conclude
    allege assert maintain caution agree disagree counter point testify concede estimate
    repeat reiterate remark observe mention joke quip boast lament charge contend indicate
    reveal signal tout recount told
    """.split()
)


@dataclass(slots=True)
class RawAttribution:
    """Spans before speaker resolution; ``content`` holds one or more fragments."""

    content: list[tuple[int, int]]
    cue: tuple[int, int] | None = None
    source: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class ParsedParagraph:
    """spaCy's analysis of one paragraph; ``offset`` turns its offsets into article offsets.

    Paragraphs are parsed one by one so that no sentence, subject or entity spans a line break
    (a heading above a quote must not become its speaker).
    """

    offset: int
    doc: Doc


# Parses of recent paragraphs, by text, in this process: copies and wire reports repeat their
# original's paragraphs word for word, and a paragraph's parse depends on its text alone. A
# parse without its tensor (which nothing here reads) takes about 19 KB for 42 words: some
# 40 MB per process when full (500 bench articles: 43.3 s with 2,048 kept, 44.6-45.6 s with 4,096).
PARSE_CACHE_SIZE = 2048
_PARSED: LruCache[str, Doc] = LruCache(PARSE_CACHE_SIZE)
_NO_TENSOR = np.zeros((0, 0))


def parse_paragraphs(text: str) -> list[ParsedParagraph]:
    ranges = paragraph_ranges(text)
    paragraphs = [text[s:e] for s, e in ranges]
    docs: dict[str, Doc] = {}
    missing: list[str] = []
    for paragraph in dict.fromkeys(paragraphs):
        found = _PARSED.get(paragraph)
        if found is None:
            missing.append(paragraph)
        else:
            docs[paragraph] = found
    for paragraph, doc in zip(missing, load_nlp().pipe(missing), strict=True):
        doc.tensor = _NO_TENSOR
        _PARSED.put(paragraph, doc)
        docs[paragraph] = doc
    return [ParsedParagraph(s, docs[p]) for (s, _), p in zip(ranges, paragraphs, strict=True)]


# spaCy refuses a text over a million characters (its parser's memory grows with the length):
# a longer "paragraph" (a book chapter saved on one line) is parsed in pieces of this size.
MAX_PARAGRAPH_CHARS = 100_000


def paragraph_ranges(text: str) -> list[tuple[int, int]]:
    """The non-empty lines of ``text``; one longer than ``MAX_PARAGRAPH_CHARS`` is cut into
    runs of whole sentences that are not."""
    out = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            end = offset + len(line)
            if len(line) > MAX_PARAGRAPH_CHARS:
                out.extend(_pieces(text, offset, end))
            else:
                out.append((offset, end))
        offset += len(line) + 1
    return out


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at sentence ends into pieces of at most ``MAX_PARAGRAPH_CHARS``
    (a sentence longer than that is cut at a space, or anywhere)."""
    pieces: list[tuple[int, int]] = []
    begin = start
    last_end = start  # where the last whole sentence inside the current piece ends
    for _, sentence_end in split_sentences(text[start:end]):
        e = start + sentence_end
        while e - begin > MAX_PARAGRAPH_CHARS:
            cut = last_end if last_end > begin else _cut(text, begin)
            pieces.append((begin, cut))
            begin = cut
            while begin < end and text[begin].isspace():
                begin += 1
            last_end = begin
        last_end = e
    if begin < end:
        pieces.append((begin, end))
    return [(a, b) for a, b in pieces if text[a:b].strip()]


def _cut(text: str, begin: int) -> int:
    limit = begin + MAX_PARAGRAPH_CHARS
    space = text.rfind(" ", begin + 1, limit)
    return space if space > begin else limit


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two ranges (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


# --- grouping tagger spans -----------------------------------------------------------------------


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and a[1] > b[0]


def _nearest_source(
    sources: Sequence[tuple[int, int]],
    cue: tuple[int, int],
    sentences: Sequence[tuple[int, int]] = (),
) -> tuple[int, int] | None:
    """The source of ``cue``: the nearest tagged source of its sentence ("X said A and added B"
    shares X). A source of another sentence is someone else's: a sentence that voices something
    without saying who ("concerns were voiced") has no source, and its speaker stays unknown."""
    sentence = _sentence_of(cue, sentences)
    if sentence is not None:
        sources = [s for s in sources if _overlap(s, sentence)]
    if not sources:
        return None
    # Nearest first; at equal distance the source before the cue ("X said") wins.
    return min(sources, key=lambda s: (_gap(s, cue), 0 if s[0] < cue[0] else 1, s[0]))


def _sentence_of(
    span: tuple[int, int], sentences: Sequence[tuple[int, int]]
) -> tuple[int, int] | None:
    i = _range_at(span[0], sentences)
    return None if i < 0 else sentences[i]


def _ranges_over(span: tuple[int, int], ranges: Sequence[tuple[int, int]]) -> range:
    """The indices of the sorted, disjoint ``ranges`` that overlap ``span``."""
    first = bisect_right(ranges, span[0], key=itemgetter(1))
    return range(first, max(first, bisect_left(ranges, span[1], key=itemgetter(0))))


def _range_at(position: int, ranges: Sequence[tuple[int, int]]) -> int:
    """The index of the range holding ``position`` among sorted, disjoint ranges; -1 if none."""
    i = bisect_right(ranges, position, key=itemgetter(0)) - 1
    return i if i >= 0 and position < ranges[i][1] else -1


def _apart(
    cue: tuple[int, int], content: tuple[int, int], sentences: Sequence[tuple[int, int]]
) -> bool:
    """Whether no part of ``content`` is in the sentence of ``cue``."""
    sentence = _sentence_of(cue, sentences)
    return sentence is not None and not _overlap(content, sentence)


def group_spans(
    spans: Sequence[tuple[str, int, int]],
    paragraphs: Sequence[tuple[int, int]],
    sentences: Sequence[tuple[int, int]] = (),
) -> list[RawAttribution]:
    """Attributions from role-tagged spans: content -> nearest cue (of its own sentence first),
    cue -> nearest source of its sentence (of its paragraph when ``sentences`` are not given).

    Candidates come from the same paragraph. A content whose paragraph has no cue joins a cue
    of the previous or next paragraph that reports nothing in its own ("X said:" above a quote,
    or a quote whose attribution follows it).
    """

    by_par: dict[int, dict[str, list[tuple[int, int]]]] = {}
    for role, start, end in spans:
        by_par.setdefault(_range_at(start, paragraphs), {}).setdefault(role, []).append(
            (start, end)
        )
    groups: dict[tuple[int, int], RawAttribution] = {}
    loose: list[tuple[int, tuple[int, int]]] = []
    for p in sorted(by_par):
        roles = by_par[p]
        cues = roles.get("cue", [])
        for content in sorted(roles.get("content", [])):
            if not cues:
                loose.append((p, content))
                continue
            cue = min(cues, key=lambda c: (_apart(c, content, sentences), _gap(c, content), c[0]))
            if cue not in groups:
                groups[cue] = RawAttribution(
                    [], cue, _nearest_source(roles.get("source", []), cue, sentences)
                )
            groups[cue].content.append(content)
    out: list[RawAttribution] = []
    for p, content in loose:
        idle = [
            (q, cue)
            for q in (p - 1, p + 1)
            for cue in by_par.get(q, {}).get("cue", [])
            if cue not in groups
        ]
        if not idle:
            out.append(RawAttribution([content]))
            continue
        q, cue = min(idle, key=lambda item: _gap(item[1], content))
        groups[cue] = RawAttribution(
            [content], cue, _nearest_source(by_par[q].get("source", []), cue, sentences)
        )
    out.extend(groups.values())
    for raw in out:
        raw.content.sort()
    return sorted(out, key=lambda r: r.content[0])


# --- rules ---------------------------------------------------------------------------------------


def _is_cue_token(token: Token) -> bool:
    return token.lemma_.lower() in SPEECH_LEMMAS and token.pos_ in ("VERB", "AUX")


def _noun_phrase(token: Token, off: int) -> tuple[int, int]:
    """Article range of a subject's phrase, cut before relative clauses and parentheses."""
    left = token.left_edge.i
    right = token.i
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "appos", "prep", "pobj", "nummod", "amod") and (
            child.i == right + 1 or child.dep_ == "appos"
        ):
            right = child.right_edge.i
        else:
            break
    doc = token.doc
    while right > token.i and doc[right].is_punct:
        right -= 1
    while left < token.i and doc[left].is_punct:
        left += 1
    return off + doc[left].idx, off + doc[right].idx + len(doc[right])


def _source_of(verb: Token, off: int) -> tuple[int, int] | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return _noun_phrase(child, off)
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
        return _source_of(verb.head, off)
    return None


def _cue_of_sentence(
    sent: Span, off: int, outside: tuple[int, int], quoted: Sequence[QuotedSpan]
) -> Token | None:
    """The speech verb of ``sent`` nearest to ``outside`` and not itself inside a quote."""
    best: Token | None = None
    best_gap = 10**9
    start, end = off + sent.start_char, off + sent.end_char
    quotes = [q for q in quoted if q.start < end and q.end > start]
    for token in sent:
        at = off + token.idx
        if not _is_cue_token(token) or any(q.start <= at < q.end for q in quotes):
            continue
        gap = _gap((at, at + len(token)), outside)
        if gap < best_gap:
            best, best_gap = token, gap
    return best


def _is_according_to(token: Token) -> bool:
    doc = token.doc
    return (
        token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to"
    )


def _token_span(token: Token, off: int) -> tuple[int, int]:
    return off + token.idx, off + token.idx + len(token)


def _direct_quote_attributions(
    text: str, parsed: Sequence[ParsedParagraph], quoted: Sequence[QuotedSpan]
) -> list[RawAttribution]:
    sents = [(p.offset, sent) for p in parsed for sent in p.doc.sents]
    bounds = [(off + sent.start_char, off + sent.end_char) for off, sent in sents]
    out = []
    for q in quoted:
        if len(text[q.start : q.end].split()) < 2:
            continue  # a lone quoted word: a partial quote only inside reported speech
        # The cue sits by the last piece of a quote that runs over several paragraphs.
        overlapping = _ranges_over(q.pieces[-1], bounds)
        cue: Token | None = None
        cue_off = 0
        for i in overlapping:
            off, sent = sents[i]
            cue, cue_off = _cue_of_sentence(sent, off, (q.start, q.end), quoted), off
            if cue is not None:
                break
        if cue is None and overlapping:
            first = _ranges_over(q.pieces[0], bounds).start
            if first:
                off, previous = sents[first - 1]
                if previous.text.rstrip().endswith(":"):
                    cue, cue_off = _cue_of_sentence(previous, off, (q.start, q.end), quoted), off
        content = list(q.pieces)
        if cue is None:
            out.append(RawAttribution(content))
        else:
            out.append(RawAttribution(content, _token_span(cue, cue_off), _source_of(cue, cue_off)))
    return out


def _reported_speech(
    text: str, paragraph: ParsedParagraph, covered: list[tuple[int, int]]
) -> list[RawAttribution]:
    """Indirect speech (a speech verb with a clausal complement) and "according to" clauses."""
    off, doc = paragraph.offset, paragraph.doc
    # Only what reaches this paragraph can cover a token or touch a content of it; a long page
    # has thousands of spans elsewhere. ``covered`` gains this paragraph's contents for the next.
    end = off + len(doc.text)
    near = [(s, e) for s, e in covered if s <= end and e >= off]
    out = []
    for token in doc:
        at = off + token.idx
        if any(s <= at < e for s, e in near):
            continue
        if _is_cue_token(token):
            clause = next((c for c in token.children if c.dep_ == "ccomp"), None)
            if clause is None:
                continue
            end_token = clause.right_edge
            while end_token.i > clause.i and end_token.is_punct and end_token.text not in ALL_MARKS:
                end_token = doc[end_token.i - 1]
            content = (off + clause.left_edge.idx, off + end_token.idx + len(end_token))
            if any(_gap(content, c) == 0 for c in near):
                continue
            out.append(RawAttribution([content], _token_span(token, off), _source_of(token, off)))
            near.append(content)
            covered.append(content)
        elif _is_according_to(token):
            to = doc[token.i + 1]
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if not objects:
                continue
            source = _noun_phrase(objects[0], off)
            sent = token.sent
            phrase_end = max(source[1], off + to.idx + 2)
            before = (off + sent.start_char, at)
            after = (phrase_end, off + sent.end_char)
            content = before if before[1] - before[0] > after[1] - after[0] else after
            content = _trim(text, content)
            if content[1] - content[0] < 3 or any(_gap(content, c) == 0 for c in near):
                continue
            cue = (at, off + to.idx + len(to))
            out.append(RawAttribution([content], cue, source))
            near.append(content)
            covered.append(content)
    return out


def _merge_shared_cues(raws: list[RawAttribution]) -> list[RawAttribution]:
    """Quotes reported by one cue ("“A,” he said, “B.”") are one attribution in fragments."""
    by_cue: dict[tuple[int, int], RawAttribution] = {}
    out = []
    for raw in raws:
        if raw.cue is None:
            out.append(raw)
        elif raw.cue in by_cue:
            by_cue[raw.cue].content.extend(raw.content)
            by_cue[raw.cue].content.sort()
        else:
            by_cue[raw.cue] = raw
            out.append(raw)
    return out


def rule_attributions(
    text: str, parsed: Sequence[ParsedParagraph], quoted: Sequence[QuotedSpan]
) -> list[RawAttribution]:
    """Direct quotes with their cue and source, indirect speech, and "according to" clauses."""
    out = _merge_shared_cues(_direct_quote_attributions(text, parsed, quoted))
    covered = [(q.start, q.end) for q in quoted if len(text[q.start : q.end].split()) >= 2]
    for paragraph in parsed:
        out.extend(_reported_speech(text, paragraph, covered))
    return sorted(out, key=lambda r: r.content[0])


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while start < end and (text[start].isspace() or text[start] in ",;:—–-"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.—–-"):
        end -= 1
    return start, end


# --- assembling occurrences ----------------------------------------------------------------------


def quote_kind(
    text: str, fragments: Sequence[tuple[int, int]], quoted: Sequence[QuotedSpan]
) -> QuoteKind:
    """Direct when quotation marks cover (nearly) all of the content and open it; partial when
    quoted words are under half of it; mixed otherwise; indirect without quoted words."""
    inside = 0
    total = 0
    for start, end in fragments:
        total += len(text[start:end].split())
        for q in quoted:
            for piece_start, piece_end in q.pieces:
                s, e = max(piece_start, start), min(piece_end, end)
                if e > s:
                    inside += len(text[s:e].split())
    if not inside:
        return "indirect"
    opens = text[fragments[0][0] : fragments[0][1]].lstrip()[:1] in ALL_MARKS
    if opens and inside >= 0.9 * total:
        return "direct"
    return "partial" if inside * 2 < total else "mixed"


def _occurrence_id(article_id: str, fragments: Sequence[tuple[int, int]]) -> str:
    key = f"{article_id}|" + ";".join(f"{s}-{e}" for s, e in fragments)
    return "q_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _add_uncovered_direct(
    raws: list[RawAttribution], rules: Sequence[RawAttribution]
) -> list[RawAttribution]:
    """Rule-found direct quotes that overlap nothing the tagger found."""
    taken = [frag for raw in raws for frag in raw.content]
    extra = [
        r
        for r in rules
        if r.cue is not None
        and all(_gap(f, t) > 0 for f in r.content for t in taken)
        and all(_gap(f, t) > 0 for f in r.content for raw in raws for t in filter(None, [raw.cue]))
    ]
    return sorted([*raws, *extra], key=lambda r: r.content[0])


# "(When) asked whether ..., X said ...": the question was put to X by someone unnamed; the
# words are neither X's nor a statement.
_QUESTION_CUE = re.compile(
    r"(?:^|\b(?:when|while|after|once|if)\s+)asked(\s+about)?\s*$", re.IGNORECASE
)
_QUESTION_WORDS = re.compile(r"(?:whether|if|about|what|how|why|who|when|where)\b", re.IGNORECASE)


def _question_put(text: str, raw: RawAttribution) -> bool:
    """Whether ``raw`` is a question put to its source ("When asked whether ..., X said")."""
    if raw.cue is None or not raw.content or raw.content[0][0] < raw.cue[1]:
        return False
    stop, newline = text.rfind(". ", 0, raw.cue[0]), text.rfind("\n", 0, raw.cue[0])
    sentence_start = max(stop + 2 if stop >= 0 else 0, newline + 1)
    cue = _QUESTION_CUE.search(text[sentence_start : raw.cue[1]])
    if cue is None:
        return False
    asked = text[raw.cue[1] : raw.content[0][1]].lstrip()
    return bool(cue.group(1)) or bool(_QUESTION_WORDS.match(asked))


def extract_quotes(
    text: str, *, article_id: str, use_model: bool = True, add_rule_quotes: bool = True
) -> list[QuoteOccurrence]:
    """Attributed quotations of one article's clean text, in text order."""
    if not text.strip():
        return []
    parsed = parse_paragraphs(text)
    quoted = find_quoted_spans(text)
    if use_model:
        from newsweave.stages.quotes.tagger import load_tagger

        tagger = load_tagger()
        paragraphs = paragraph_ranges(text)
        spans = [span for found in tagger.tag_paragraphs(text, paragraphs) for span in found]
        sentences = [
            (p.offset + sent.start_char, p.offset + sent.end_char)
            for p in parsed
            for sent in p.doc.sents
        ]
        raws = group_spans(spans, paragraphs, sentences)
        if add_rule_quotes:
            raws = _add_uncovered_direct(raws, rule_attributions(text, parsed, quoted))
    else:
        raws = rule_attributions(text, parsed, quoted)
    contents = [span for raw in raws for span in raw.content]
    resolver = SpeakerResolver(text, [(p.offset, p.doc) for p in parsed], quoted, contents)
    out = []
    for raw in raws:
        if not any(_WORD.search(text[s:e]) for s, e in raw.content):
            continue  # a stray letter or mark tagged as content says nothing
        if _question_put(text, raw):
            continue
        fragments = tuple(TextSpan(s, e, text[s:e]) for s, e in raw.content)
        start, end = raw.content[0][0], raw.content[-1][1]
        cue = None if raw.cue is None else TextSpan(raw.cue[0], raw.cue[1], text[slice(*raw.cue)])
        source = (
            None
            if raw.source is None
            else TextSpan(raw.source[0], raw.source[1], text[slice(*raw.source)])
        )
        out.append(
            QuoteOccurrence(
                id=_occurrence_id(article_id, raw.content),
                article=article_id,
                start=start,
                end=end,
                text=text[start:end],
                kind=quote_kind(text, raw.content, quoted),
                fragments=fragments,
                cue=cue,
                source=source,
                speaker=resolver.resolve(source, start, cue),
            )
        )
    return _carried_on(text, out)


_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*(?:\s|$)")
_CLOSED = re.compile(r"[.!?…][\"'”’»)]*\s*$")


def _carried_on(text: str, found: list[QuoteOccurrence]) -> list[QuoteOccurrence]:
    """A direct quotation without a source that opens a paragraph takes the speaker of the
    occurrence that ends the paragraph before it, when that paragraph closes on the words
    introducing it ("... in a statement:") or, after a direct quotation, on that quotation's
    attribution alone (“...,” she said.): the convention by which a quotation runs on over
    paragraphs. Anything else between them leaves it unresolved, and so does a quotation that
    does not end a sentence (a quoted heading or pull quote)."""
    out = list(found)
    for i in range(1, len(out)):
        occurrence, before = out[i], out[i - 1]
        if occurrence.source is not None or occurrence.kind != "direct":
            continue
        if not _CLOSED.search(occurrence.text):
            continue  # a quoted heading or pull quote, not a sentence said next
        if before.speaker.name is None or before.end > occurrence.start:
            continue
        line_start = text.rfind("\n", 0, occurrence.start) + 1
        if text[line_start : occurrence.start].strip(" \t\"'“”‘’«»"):
            continue  # not the paragraph's opening
        gap = text[before.end : line_start]
        if gap.count("\n") == 0 or gap.strip("\n ").count("\n"):
            continue  # not the paragraph right before it
        tail = gap.strip()
        # The colon may close the occurrence before ("... said that it would reopen soon:").
        introduced = text[before.start : line_start].rstrip().endswith(":")
        attributed = before.kind in ("direct", "mixed") and len(_SENTENCE_END.findall(tail)) <= 1
        if introduced or attributed:
            speaker = before.speaker
            out[i] = replace(
                occurrence,
                speaker=Speaker(speaker.name, speaker.type, "continued", speaker.entity),
            )
    return out
