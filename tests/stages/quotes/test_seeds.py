"""Behaviour on the seed articles (read from shared/, skipped when absent).

Extraction and fusion alone, without the cleaner (``tests/seeds`` runs the whole pipeline): the
text is prepared generically, the ``date`` header prefix dropped and lines mentioning a photo
credit skipped.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from newsweave.models.quotes import FusedQuote, QuoteOccurrence
from newsweave.stages.quotes.align import fuse_quotes
from newsweave.stages.quotes.extract import extract_quotes
from newsweave.stages.quotes.tagger import MODEL_FILE

SEEDS = Path(__file__).resolve().parents[3] / ".." / "shared" / "seeds"
FAMILIES = {"000": "f0", "001": "f1", "002": "f2", "003": "f0"}  # 003 copies 000
DATES = {"000": "2025-03-26", "001": "2025-03-26", "002": None, "003": None}
MODES = [
    "rules",
    pytest.param(
        "model",
        marks=pytest.mark.skipif(not MODEL_FILE.is_file(), reason="tagger weights absent"),
    ),
]


def _clean(text: str) -> str:
    text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2}\s*", "", text)
    return "\n".join(line for line in text.split("\n") if "Photo" not in line)


@cache
def _occurrences(mode: str) -> tuple[QuoteOccurrence, ...]:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds absent")
    out: list[QuoteOccurrence] = []
    for path in sorted(SEEDS.glob("*.txt")):
        article = path.name[:3]
        if article in FAMILIES:
            text = _clean(path.read_text(encoding="utf-8"))
            out.extend(extract_quotes(text, article_id=article, use_model=mode == "model"))
    return tuple(out)


@cache
def _fused(mode: str) -> tuple[FusedQuote, ...]:
    return tuple(
        fuse_quotes(_occurrences(mode), family_of=FAMILIES, published_of=DATES, story_id="s")
    )


def _quote_with(mode: str, words: str) -> FusedQuote:
    matches = [f for f in _fused(mode) if any(words in o.text for o in f.occurrences)]
    assert len(matches) == 1, [f.canonical[:60] for f in matches]
    return matches[0]


@pytest.mark.parametrize("mode", MODES)
def test_warning_is_one_quote_from_three_independent_sources(mode: str) -> None:
    quote = _quote_with(mode, "were to miscalculate")
    assert {o.article for o in quote.occurrences} >= {"000", "001", "002", "003"}
    assert quote.independent_sources == 3
    assert quote.earliest_article == "000"
    assert quote.speaker is not None and quote.speaker.endswith("Rutte")
    # 001 carries the utterance as two quotes: both belong to this fused quote.
    assert sum(o.article == "001" for o in quote.occurrences if o.kind == "direct") >= 2


@pytest.mark.parametrize("mode", MODES)
def test_bracketed_insertion_is_an_insertion_variant(mode: str) -> None:
    quote = _quote_with(mode, "were to miscalculate")
    variant = next(v for v in quote.variants if "002" in v.articles)
    assert variant.kind == "insertion"
    assert not variant.content_word_changed
    assert any(d.op == "insertion" and d.variant[0].startswith("[") for d in variant.diff)
    assert any(set(v.articles) >= {"000", "003"} for v in quote.variants)


@pytest.mark.parametrize("mode", MODES)
def test_changed_adjective_is_a_flagged_variant_with_an_elision(mode: str) -> None:
    quote = _quote_with(mode, "most significant and")
    assert {o.article for o in quote.occurrences} >= {"000", "002", "003"}
    variant = next(v for v in quote.variants if "002" in v.articles)
    assert variant.content_word_changed
    assert any(d.op == "substitution" for d in variant.diff)
    assert any(d.op == "elision" for d in variant.diff)
    canonical = next(v for v in quote.variants if "000" in v.articles)
    assert "003" in canonical.articles and not canonical.diff


@pytest.mark.parametrize("mode", MODES)
def test_second_leader_remarks_are_attributed_by_name(mode: str) -> None:
    occurrences = _occurrences(mode)
    first_speaker = _quote_with(mode, "were to miscalculate").speaker or ""
    texts = {p.name[:3]: _clean(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")}
    for article, words in (("001", "influence on these negotiations"), ("002", "very important")):
        occ = next(o for o in occurrences if o.article == article and words in o.text)
        assert occ.speaker.name is not None
        surname = occ.speaker.name.split()[-1]
        assert surname != first_speaker.split()[-1]
        # The named speaker is the one the article names next to the quote.
        assert surname in texts[article][max(0, occ.start - 200) : occ.end + 200]


@pytest.mark.parametrize("mode", MODES)
def test_every_occurrence_points_at_its_text(mode: str) -> None:
    by_article = {
        p.name[:3]: _clean(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))
    }
    for occ in _occurrences(mode):
        assert by_article[occ.article][occ.start : occ.end] == occ.text
        for fragment in occ.fragments:
            assert by_article[occ.article][fragment.start : fragment.end] == fragment.text
