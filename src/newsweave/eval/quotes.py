"""Evaluation of quote extraction on PolNeAR (attribution spans) and BASIL (quote spans, speakers).

PolNeAR metric (as in CofeNet, Wang et al. COLING 2022, whose figures we compare with): each
paragraph (one non-empty line of the article text) is tokenised Penn-Treebank style and tagged
BIO with ``source``, ``cue`` and ``content``; a discontinuous span gives one BIO span per
fragment. Spans are read back from the tag sequences; per role, a predicted span is a true
positive when a gold span has the same token range (*exact*) or the same first token (*begin*).
Precision, recall and F1 are micro-averaged over all paragraphs.

Multiple annotator files: some PolNeAR articles were annotated by several annotators (one ``.ann``
file each). Like CofeNet's published data, each annotator file is scored as its own document
against the same prediction, so those articles weigh as often as they were annotated.

*Direct only*: the attributions whose content starts with a quotation mark, on both sides (gold
attributions, and predicted occurrences whose content starts with one), scored the same way.

Dev split: articles whose file name sorts into the last quarter are held out from tuning
(``DEV-HELDOUT``); the rest is ``DEV-TUNE``.

BASIL: the 722 spans marked ``quote=yes``; a span is recalled when extracted quote contents cover
at least half of its characters. Speaker accuracy counts recalled spans whose gold speaker is a
named person (not ``other_*``) and whose resolved speaker shares its last name.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsweave.errors import DatasetError
from newsweave.eval.metrics import PRF, prf_from_counts
from newsweave.models.quotes import QuoteOccurrence

ROLES = ("source", "cue", "content")
QUOTE_CHARS = "\"“”„‟«»‘’'`"
_OPENING_QUOTES = "\"“„‟«‘'`"

Extractor = Callable[[str, str], Sequence[QuoteOccurrence]]
"""``extractor(text, article_id)``: the occurrences found in one article."""

Ranges = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class GoldAttribution:
    """One annotated attribution: character ranges of each role (possibly several fragments)."""

    source: Ranges
    cue: Ranges
    content: Ranges

    def ranges(self, role: str) -> Ranges:
        return {"source": self.source, "cue": self.cue, "content": self.content}[role]


@dataclass(frozen=True, slots=True)
class AnnotatedArticle:
    """An article's text with the attributions of one annotator."""

    name: str
    annotator: str
    text: str
    attributions: tuple[GoldAttribution, ...]


def starts_with_quote(text: str, ranges: Ranges) -> bool:
    """Whether the first fragment of a content begins with an opening quotation mark."""
    if not ranges:
        return False
    start, end = min(ranges)
    return text[start:end].lstrip()[:1] in _OPENING_QUOTES


# --- PolNeAR loading ---------------------------------------------------------------------------


def _parse_ranges(field_text: str) -> Ranges:
    pieces = []
    for piece in field_text.split(";"):
        start, end = piece.split()
        pieces.append((int(start), int(end)))
    return tuple(sorted(pieces))


_BRAT_LINE = re.compile(r"^[TE]\d+\t")


def parse_brat(ann: str) -> tuple[GoldAttribution, ...]:
    """The attributions of a brat standoff file (``T`` spans tied by ``E`` Attribution events)."""
    spans: dict[str, tuple[str, Ranges]] = {}
    events: list[dict[str, list[str]]] = []
    for line in ann.splitlines():
        # A span's text may contain a newline: its continuation lines carry no id and are skipped.
        if not _BRAT_LINE.match(line):
            continue
        if line.startswith("T"):
            tid, middle, *_ = line.split("\t")
            label, _, offsets = middle.partition(" ")
            spans[tid] = (label, _parse_ranges(offsets))
        elif line.startswith("E"):
            roles: dict[str, list[str]] = {}
            for arg in line.split("\t")[1].split():
                role, _, tid = arg.partition(":")
                roles.setdefault(role.rstrip("0123456789").lower(), []).append(tid)
            events.append(roles)
    out = []
    for roles in events:
        collected: dict[str, list[tuple[int, int]]] = {role: [] for role in ROLES}
        for role in ROLES:
            for tid in roles.get(role, []):
                if tid in spans:
                    collected[role].extend(spans[tid][1])
        out.append(
            GoldAttribution(
                source=tuple(sorted(collected["source"])),
                cue=tuple(sorted(collected["cue"])),
                content=tuple(sorted(collected["content"])),
            )
        )
    return tuple(out)


def load_polnear(root: Path, split: str) -> list[AnnotatedArticle]:
    """Every annotator file of ``root/data/<split>``, sorted by file name."""
    folder = root / "data" / split
    text_dir, ann_dir = folder / "text", folder / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise DatasetError(f"PolNeAR split {split!r} not found under {folder}")
    articles = []
    for ann_path in sorted(ann_dir.glob("*.ann")):
        name, _, annotator = ann_path.stem.rpartition("_")
        text_path = text_dir / f"{name}.txt"
        if not text_path.is_file():
            raise DatasetError(f"{ann_path}: no text file {text_path.name}")
        text = text_path.read_text(encoding="utf-8")
        attributions = parse_brat(ann_path.read_text(encoding="utf-8"))
        articles.append(AnnotatedArticle(name, annotator, text, attributions))
    return articles


def heldout_names(articles: Iterable[AnnotatedArticle]) -> frozenset[str]:
    """Article names in the last quarter of the sorted list: never used for tuning."""
    names = sorted({article.name for article in articles})
    return frozenset(names[len(names) - len(names) // 4 :])


# --- tokenisation and span scoring -------------------------------------------------------------

# Penn-Treebank-like: abbreviations with periods, clitics split off, numbers and hyphenated words
# kept whole, every other symbol a token. Close enough to CoreNLP's tokens for span boundaries.
_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}|\w+(?=n['’]t\b)|n['’]t\b|['’](?:s|re|ve|ll|d|m)\b"
    r"|\w+(?:[-.,/]\w+)*|\S"
)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Character ranges of the non-empty lines: the units CofeNet tags."""
    out = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((offset, offset + len(line)))
        offset += len(line) + 1
    return out


def tokenize(text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start() + start, m.end() + start) for m in _TOKEN.finditer(text[start:end])]


Span = tuple[int, int, int]
"""(paragraph index, first token, end token) of one span of one role."""


def _bio_spans(
    tokens_per_par: Sequence[Sequence[tuple[int, int]]],
    par_ranges: Sequence[tuple[int, int]],
    labelled: Iterable[tuple[str, tuple[int, int]]],
) -> dict[str, set[Span]]:
    """Tag the tokens covered by each character range, then read the spans back as CofeNet does.

    A range crossing paragraphs yields one span per paragraph; a later range overwrites an
    earlier one on shared tokens, as writing BIO tags in order would.
    """
    tags: list[list[str]] = [["O"] * len(tokens) for tokens in tokens_per_par]
    for role, (start, end) in labelled:
        for p, (pstart, pend) in enumerate(par_ranges):
            if end <= pstart or start >= pend:
                continue
            first = True
            for i, (tstart, tend) in enumerate(tokens_per_par[p]):
                if tstart < end and tend > start:
                    tags[p][i] = ("B-" if first else "I-") + role
                    first = False
    spans: dict[str, set[Span]] = {role: set() for role in ROLES}
    for p, seq in enumerate(tags):
        current: str | None = None
        begin = 0
        for i, tag in enumerate([*seq, "O"]):
            if tag.startswith("I-") and current == tag[2:]:
                continue
            if current is not None:
                spans[current].add((p, begin, i))
            current, begin = (tag[2:], i) if tag.startswith("B-") else (None, i)
    return spans


@dataclass(slots=True)
class SpanCounts:
    """True positives, false positives and false negatives per role, exact and begin match."""

    counts: dict[tuple[str, str], list[int]] = field(
        default_factory=lambda: {(m, r): [0, 0, 0] for m in ("exact", "begin") for r in ROLES}
    )

    def add(self, gold: dict[str, set[Span]], pred: dict[str, set[Span]]) -> None:
        for role in ROLES:
            g, p = gold[role], pred[role]
            exact = self.counts[("exact", role)]
            exact[0] += len(g & p)
            exact[1] += len(p - g)
            exact[2] += len(g - p)
            g_begin = {(s[0], s[1]) for s in g}
            p_begin = {(s[0], s[1]) for s in p}
            begin = self.counts[("begin", role)]
            begin[0] += len(g_begin & p_begin)
            begin[1] += len(p_begin - g_begin)
            begin[2] += len(g_begin - p_begin)

    def prf(self, match: str, role: str) -> PRF:
        tp, fp, fn = self.counts[(match, role)]
        return prf_from_counts(tp, fp, fn)


def _labelled_gold(
    attributions: Iterable[GoldAttribution],
) -> list[tuple[str, tuple[int, int]]]:
    out: list[tuple[str, tuple[int, int]]] = []
    for attribution in attributions:
        for role in ROLES:
            out.extend((role, rng) for rng in attribution.ranges(role))
    return sorted(out, key=lambda item: item[1])


def _labelled_pred(occurrences: Iterable[QuoteOccurrence]) -> list[tuple[str, tuple[int, int]]]:
    out: list[tuple[str, tuple[int, int]]] = []
    for occ in occurrences:
        out.extend(("content", (f.start, f.end)) for f in occ.fragments)
        if occ.cue is not None:
            out.append(("cue", (occ.cue.start, occ.cue.end)))
        if occ.source is not None:
            out.append(("source", (occ.source.start, occ.source.end)))
    return sorted(out, key=lambda item: item[1])


def _is_direct(occurrence: QuoteOccurrence) -> bool:
    return occurrence.text.lstrip()[:1] in _OPENING_QUOTES


def score_article(
    article: AnnotatedArticle,
    predicted: Sequence[QuoteOccurrence],
    overall: SpanCounts,
    direct: SpanCounts,
) -> None:
    """Add one annotator file's counts, all attributions and direct ones, to the two tallies."""
    pars = paragraphs(article.text)
    tokens = [tokenize(article.text, s, e) for s, e in pars]
    gold_all = _labelled_gold(article.attributions)
    pred_all = _labelled_pred(predicted)
    overall.add(_bio_spans(tokens, pars, gold_all), _bio_spans(tokens, pars, pred_all))
    gold_direct = _labelled_gold(
        a for a in article.attributions if starts_with_quote(article.text, a.content)
    )
    pred_direct = _labelled_pred(o for o in predicted if _is_direct(o))
    direct.add(_bio_spans(tokens, pars, gold_direct), _bio_spans(tokens, pars, pred_direct))


# --- reports -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One line of the report: a part of the data, a subset, a match type and a role."""

    dataset: str
    part: str
    subset: str
    match: str
    role: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class QuoteEvalReport:
    """All figures of ``newsweave eval quotes``, as rows plus a few scalar facts."""

    rows: tuple[ScoreRow, ...]
    notes: tuple[str, ...]

    def format(self) -> str:
        """A plain-text table, one line per row (F1 in percent, as published)."""
        lines = [
            f"{'dataset':9} {'part':12} {'subset':7} {'match':6} {'role':16} "
            f"{'P':>6} {'R':>6} {'F1':>6} {'n':>6}"
        ]
        for r in self.rows:
            lines.append(
                f"{r.dataset:9} {r.part:12} {r.subset:7} {r.match:6} {r.role:16} "
                f"{100 * r.precision:6.1f} {100 * r.recall:6.1f} {100 * r.f1:6.1f} {r.support:6d}"
            )
        lines.extend(self.notes)
        return "\n".join(lines)


def _rows_from_counts(part: str, subset: str, counts: SpanCounts) -> list[ScoreRow]:
    rows = []
    for match in ("exact", "begin"):
        for role in ROLES:
            prf = counts.prf(match, role)
            tp, _, fn = counts.counts[(match, role)]
            rows.append(
                ScoreRow(
                    "polnear", part, subset, match, role, prf.precision, prf.recall, prf.f1, tp + fn
                )
            )
    return rows


def evaluate_polnear(
    root: Path, extractor: Extractor, split: str = "dev"
) -> tuple[list[ScoreRow], float]:
    """Rows for DEV-TUNE, DEV-HELDOUT and the whole split; and articles per second."""
    articles = load_polnear(root, split)
    held = heldout_names(articles) if split == "dev" else frozenset()
    parts = {"tune": SpanCounts(), "heldout": SpanCounts(), "all": SpanCounts()}
    direct = {"tune": SpanCounts(), "heldout": SpanCounts(), "all": SpanCounts()}
    cache: dict[str, Sequence[QuoteOccurrence]] = {}
    started = time.perf_counter()
    for article in articles:
        if article.name not in cache:
            cache[article.name] = extractor(article.text, article.name)
        part = "heldout" if article.name in held else "tune"
        for name in (part, "all"):
            score_article(article, cache[article.name], parts[name], direct[name])
    speed = len(cache) / max(time.perf_counter() - started, 1e-9)
    rows: list[ScoreRow] = []
    prefix = split.upper()
    for name in ("tune", "heldout", "all") if split == "dev" else ("all",):
        label = f"{prefix}-{name.upper()}" if name != "all" else prefix
        rows.extend(_rows_from_counts(label, "all", parts[name]))
        rows.extend(_rows_from_counts(label, "direct", direct[name]))
    return rows, speed


# --- BASIL -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BasilQuote:
    article: str
    start: int
    end: int
    speaker: str


def load_basil(root: Path) -> list[tuple[str, str, list[BasilQuote]]]:
    """(article id, text, annotated quotes) per BASIL article; text = paragraphs joined by a
    blank line, sentences by a space. Annotation offsets are sentence-relative, so each span is
    located by finding its text in a sentence at that offset (or, failing that, anywhere)."""
    art_dir, ann_dir = root / "articles", root / "annotations"
    if not art_dir.is_dir() or not ann_dir.is_dir():
        raise DatasetError(f"BASIL not found under {root}")
    out = []
    for ann_path in sorted(ann_dir.rglob("*_ann.json")):
        stem = ann_path.name.removesuffix("_ann.json")
        art_path = art_dir / ann_path.parent.name / f"{stem}.json"
        if not art_path.is_file():
            continue
        article = json.loads(art_path.read_text(encoding="utf-8"))
        sentences: list[tuple[int, str]] = []
        pieces: list[str] = []
        offset = 0
        for paragraph in article.get("body-paragraphs", []):
            for j, sentence in enumerate(paragraph):
                if j:
                    pieces.append(" ")
                    offset += 1
                sentences.append((offset, sentence))
                pieces.append(sentence)
                offset += len(sentence)
            pieces.append("\n\n")
            offset += 2
        text = "".join(pieces)
        quotes = []
        annotations = json.loads(ann_path.read_text(encoding="utf-8"))
        for ann in annotations.get("phrase-level-annotations", []):
            if ann.get("quote") != "yes":
                continue
            located = _locate(sentences, text, ann["txt"], int(ann["start"]))
            if located is not None:
                quotes.append(
                    BasilQuote(stem, located, located + len(ann["txt"]), ann.get("speaker", ""))
                )
        out.append((stem, text, quotes))
    return out


def _locate(sentences: list[tuple[int, str]], text: str, span: str, start: int) -> int | None:
    for offset, sentence in sentences:
        if sentence[start : start + len(span)] == span:
            return offset + start
    found = text.find(span)
    return None if found < 0 else found


def evaluate_basil(root: Path, extractor: Extractor) -> list[ScoreRow]:
    """Quote-span recall and speaker accuracy on BASIL (recall-only: annotations are partial).

    Speaker accuracy counts recalled spans whose gold speaker is named (not ``other_*``); the
    strict row needs the gold label's last word in the resolved speaker name, the relaxed row
    accepts it in the source text too (BASIL often labels a group, "Obama_campaign", where the
    article names its spokesperson or says "the Obama campaign"). Speaker accuracy is also
    given for two halves of the events (EVEN, ODD: the parity of the event id's first hex
    digit), so that a change read off errors of one half can be checked on the other.
    """
    found = total = 0
    named: Counter[str] = Counter()
    strict: Counter[str] = Counter()
    relaxed: Counter[str] = Counter()
    for article_id, text, quotes in load_basil(root):
        if not quotes:
            continue
        half = "EVEN" if int(article_id[0], 16) % 2 == 0 else "ODD"
        predicted = extractor(text, article_id)
        for quote in quotes:
            total += 1
            best, covered = _best_cover(quote, predicted)
            if best is None or covered * 2 < quote.end - quote.start:
                continue
            found += 1
            if quote.speaker and not quote.speaker.startswith("other"):
                last = quote.speaker.replace("_", " ").split()[-1].lower()
                name_words = (best.speaker.name or "").lower().split()
                source_words = re.findall(r"\w+", (best.speaker_text or "").lower())
                for part in ("ALL", half):
                    named[part] += 1
                    strict[part] += last in name_words
                    relaxed[part] += last in name_words or last in source_words
    recall = found / total if total else 0.0
    rows = [
        ScoreRow("basil", "ALL", "quotes", "50%", "quote-recall", recall, recall, recall, total)
    ]
    for part in ("ALL", "EVEN", "ODD"):
        for label, correct in (("speaker-acc", strict), ("speaker-acc-relax", relaxed)):
            n = named[part]
            accuracy = correct[part] / n if n else 0.0
            rows.append(
                ScoreRow("basil", part, "quotes", "name", label, accuracy, accuracy, accuracy, n)
            )
    return rows


def _best_cover(
    quote: BasilQuote, predicted: Sequence[QuoteOccurrence]
) -> tuple[QuoteOccurrence | None, int]:
    """The occurrence overlapping the span most, and how many span characters all cover."""
    covered = [False] * (quote.end - quote.start)
    best: QuoteOccurrence | None = None
    best_overlap = 0
    for occ in predicted:
        overlap = 0
        for f in occ.fragments:
            for i in range(max(f.start, quote.start), min(f.end, quote.end)):
                covered[i - quote.start] = True
                overlap += 1
        if overlap > best_overlap:
            best, best_overlap = occ, overlap
    return best, sum(covered)


def default_extractor() -> Extractor:
    from newsweave.stages.quotes.extract import extract_quotes

    def run(text: str, article_id: str) -> Sequence[QuoteOccurrence]:
        return extract_quotes(text, article_id=article_id)

    return run


def evaluate_quotes(
    data_root: Path,
    *,
    extractor: Extractor | None = None,
    basil_root: Path | None = None,
    split: str = "dev",
) -> QuoteEvalReport:
    """PolNeAR ``split`` under ``data_root``, and BASIL's quote annotations.

    ``basil_root`` defaults to ``clustering/basil`` beside ``quotes/polnear`` in the benchmarks
    folder; BASIL is skipped (with a note) when absent.
    """
    run = extractor or default_extractor()
    rows, speed = evaluate_polnear(data_root, run, split)
    notes = [f"polnear {split}: {speed:.2f} articles/s (extraction, one process)"]
    basil = basil_root or data_root.parent.parent / "clustering" / "basil"
    if basil.is_dir():
        rows.extend(evaluate_basil(basil, run))
    else:
        notes.append(f"basil: not found at {basil}, skipped")
    return QuoteEvalReport(tuple(rows), tuple(notes))
