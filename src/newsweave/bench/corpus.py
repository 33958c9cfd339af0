"""Synthetic news corpora of any size, built from the benchmark texts with realistic reuse.

Base texts are the real articles of the benchmarks (ECB+, BASIL, PolNeAR, the extraction
benchmark's gold bodies). A corpus of ``n`` articles mixes, with a fixed seed:
- originals: a base text as published by one outlet, each base once; when the bases run out,
  a base with the words of each sentence shuffled (same vocabulary, names and lengths, but no
  shared passage: a 50k corpus must not publish the same text ten times on unrelated days,
  which makes duplicate clusters, and the pairs to compare, grow with size as no news stream
  does);
- wire copies: the same text republished by another outlet, sometimes trimmed at the end and
  given a one-paragraph intro (exact and near duplicates, as wire copy really travels);
- edits: a copy with a few words changed and a paragraph dropped;
- composites: paragraphs of two base texts, so that not every article is a variant of another
  (shuffled the same way once the bases are used up).
Nothing here is tuned to what newsweave detects; the mix only makes the workload realistic.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from newsweave.errors import DatasetError

OUTLETS = 40
FIRST_DAY = date(2023, 1, 1)
DAYS = 730
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, slots=True)
class BaseText:
    title: str
    paragraphs: tuple[str, ...]
    dataset: str


def load_base_texts(benchmarks: Path) -> list[BaseText]:
    """Every usable article text of the benchmarks (at least three paragraphs' worth)."""
    texts: list[BaseText] = []
    for path in sorted((benchmarks / "clustering" / "ecbplus").glob("*/*.json")):
        data = json.loads(path.read_text("utf-8"))
        texts.append(_base(data.get("title", ""), data.get("text", ""), "ecbplus"))
    for path in sorted((benchmarks / "clustering" / "basil" / "articles").glob("*/*.json")):
        data = json.loads(path.read_text("utf-8"))
        # BASIL paragraphs are lists of sentences.
        body = "\n".join(
            " ".join(p) if isinstance(p, list) else str(p) for p in data.get("body-paragraphs", [])
        )
        texts.append(_base(data.get("title", ""), body, "basil"))
    for path in sorted((benchmarks / "quotes" / "polnear" / "data").glob("*/text/*.txt")):
        lines = [
            line.strip()
            for line in path.read_text("utf-8", errors="replace").split("\n")
            if line.strip()
        ]
        if lines:
            texts.append(_base(lines[0], "\n".join(lines[1:]), "polnear"))
    truth = benchmarks / "extraction" / "aeb" / "ground-truth.json"
    if truth.is_file():
        for item in json.loads(truth.read_text("utf-8")).values():
            body = item.get("articleBody", "")
            first = _SENTENCE_END.split(body.strip(), maxsplit=1)[0]
            texts.append(_base(first[:120], body, "aeb"))
    usable = [
        t for t in texts if len(t.paragraphs) >= 2 and sum(len(p) for p in t.paragraphs) >= 300
    ]
    if not usable:
        raise DatasetError(f"no benchmark texts found under {benchmarks}")
    return usable


def _base(title: str, text: str, dataset: str) -> BaseText:
    paragraphs = [p.strip() for p in text.split("\n") if len(p.strip()) > 40]
    if len(paragraphs) < 3 and paragraphs:
        # Single-paragraph texts (ECB+) are split into paragraphs of three sentences.
        sentences = _SENTENCE_END.split(" ".join(paragraphs))
        paragraphs = [" ".join(sentences[i : i + 3]) for i in range(0, len(sentences), 3)]
    return BaseText(
        title.strip() or paragraphs[0][:100] if paragraphs else title, tuple(paragraphs), dataset
    )


def generate(bases: list[BaseText], count: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """``count`` article records (JSON-ready), deterministic for a seed."""
    rng = random.Random(seed)
    deck = list(bases)
    rng.shuffle(deck)
    published: list[tuple[BaseText, list[str], str, int]] = []
    for index in range(count):
        roll = rng.random()
        if published and roll < 0.30:
            base, paragraphs, title, day = rng.choice(published)
            paragraphs = _wire_copy(paragraphs, rng)
            day += rng.randint(0, 2)
        elif published and roll < 0.40:
            base, paragraphs, title, day = rng.choice(published)
            paragraphs = _edited(paragraphs, rng)
            day += rng.randint(0, 3)
        elif roll < 0.55:
            first, second = rng.sample(bases, 2)
            cut = max(2, len(first.paragraphs) // 2)
            paragraphs = list(first.paragraphs[:cut]) + list(
                second.paragraphs[len(second.paragraphs) // 2 :]
            )
            base, title, day = first, first.title, rng.randrange(DAYS)
            if not deck:
                paragraphs, title = _reworded(paragraphs, rng), _shuffled(title, rng)
        elif deck:
            base = deck.pop()
            paragraphs, title, day = list(base.paragraphs), base.title, rng.randrange(DAYS)
        else:
            base = rng.choice(bases)
            paragraphs = _reworded(list(base.paragraphs), rng)
            title, day = _shuffled(base.title, rng), rng.randrange(DAYS)
        published.append((base, paragraphs, title, day))
        outlet = rng.randrange(OUTLETS)
        yield {
            "title": title,
            "text": "\n\n".join(paragraphs),
            "url": f"https://outlet{outlet}.example/news/{index}",
            "source": f"Outlet {outlet}",
            "date": (FIRST_DAY + timedelta(days=day)).isoformat(),
        }


def _reworded(paragraphs: list[str], rng: random.Random) -> list[str]:
    """Each sentence with its words in a new order: new text with the same words."""
    return [
        " ".join(_shuffled(sentence, rng) for sentence in _SENTENCE_END.split(paragraph))
        for paragraph in paragraphs
    ]


def _shuffled(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    rng.shuffle(words)
    return " ".join(words)


def _wire_copy(paragraphs: list[str], rng: random.Random) -> list[str]:
    out = list(paragraphs)
    if rng.random() < 0.5 and len(out) > 4:
        out = out[: rng.randint(3, len(out))]
    if rng.random() < 0.4:
        out.insert(0, rng.choice(_INTROS))
    return out


def _edited(paragraphs: list[str], rng: random.Random) -> list[str]:
    out = list(paragraphs)
    if len(out) > 3:
        del out[rng.randrange(1, len(out))]
    words = out[0].split()
    for _ in range(min(3, len(words) // 5)):
        position = rng.randrange(len(words))
        words[position] = rng.choice(("reportedly", "officials", "said", "on", "the", "new"))
    out[0] = " ".join(words)
    return out


_INTROS = (
    "This story was first published by a wire service and is republished with permission.",
    "Here is what we know so far about the developing story.",
    "Our partners filed the following report earlier today.",
    "Editor's note: this article has been updated with new information.",
)


def write_corpus(
    records: Iterator[dict[str, str]], folder: Path, per_file: int = 1000
) -> list[Path]:
    """The records as gzipped JSON Lines files of ``per_file`` lines (a crawl dump's shape)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    batch: list[str] = []
    for record in records:
        batch.append(json.dumps(record, ensure_ascii=False))
        if len(batch) == per_file:
            paths.append(_write(folder, len(paths), batch))
            batch = []
    if batch:
        paths.append(_write(folder, len(paths), batch))
    return paths


def _write(folder: Path, number: int, lines: list[str]) -> Path:
    path = folder / f"part-{number:05d}.jsonl.gz"
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0))
    return path
