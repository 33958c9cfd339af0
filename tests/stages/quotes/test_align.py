"""Fusing occurrences across outlets: variants and their word-level differences."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pytest

from newsweave.models.quotes import (
    UNRESOLVED,
    FusedQuote,
    QuoteKind,
    QuoteOccurrence,
    Speaker,
    TextSpan,
)
from newsweave.stages.quotes import align
from newsweave.stages.quotes.align import Wording, fuse_quotes, word_diff, wording_of


def _occ(
    article: str,
    text: str,
    *,
    speaker: str | None = "Anna Holm",
    start: int = 0,
    kind: QuoteKind = "direct",
) -> QuoteOccurrence:
    who = Speaker(speaker, "person", "named") if speaker else UNRESOLVED
    end = start + len(text)
    return QuoteOccurrence(
        id=f"{article}-{start}",
        article=article,
        start=start,
        end=end,
        text=text,
        kind=kind,
        fragments=(TextSpan(start, end, text),),
        cue=TextSpan(end + 1, end + 5, "said"),
        source=None,
        speaker=who,
    )


def _no_embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    raise AssertionError("embedding not expected")


FULL = "“We will defend every ally and our answer will be swift and decisive,”"


def _fuse(occs: list[QuoteOccurrence], **kwargs: object) -> list[FusedQuote]:
    families = {"a": "A", "b": "B", "c": "C", "d": "A"}
    dates = {"a": "2025-01-02", "b": "2025-01-01", "c": None, "d": None}
    return fuse_quotes(
        occs, family_of=families, published_of=dates, story_id="s", embed=kwargs.get("embed")
    )  # type: ignore[arg-type]


def test_verbatim_copies_and_independent_sources() -> None:
    fused = _fuse(
        [_occ("a", FULL), _occ("b", FULL.replace("“", '"').replace("”", '"')), _occ("d", FULL)]
    )
    assert len(fused) == 1
    quote = fused[0]
    assert quote.independent_sources == 2  # d is in a's family
    assert quote.earliest_article == "b"
    assert quote.earliest_published == "2025-01-01"
    assert len(quote.variants) == 1 and quote.variants[0].kind == "verbatim"
    assert quote.speaker == "Anna Holm"
    assert quote.canonical.startswith("We will defend")


def test_editorial_insertion() -> None:
    inserted = "“We will defend every ally and our [military] answer will be swift and decisive,”"
    fused = _fuse([_occ("a", FULL), _occ("d", FULL), _occ("b", inserted)])
    variant = next(v for v in fused[0].variants if v.articles == ("b",))
    assert variant.kind == "insertion"
    assert not variant.content_word_changed
    assert variant.diff[0].variant == ("[military]",)


def test_elision_with_brackets_and_dots() -> None:
    for mark in ("[…]", "...", "[...]"):
        elided = f"“We will defend every ally {mark} our answer will be swift and decisive,”"
        fused = _fuse([_occ("a", FULL), _occ("d", FULL), _occ("b", elided)])
        variant = next(v for v in fused[0].variants if v.articles == ("b",))
        assert variant.kind == "elision", mark
        assert not variant.content_word_changed


def test_substituted_content_word_is_flagged() -> None:
    changed = FULL.replace("decisive", "brutal")
    fused = _fuse([_occ("a", FULL), _occ("d", FULL), _occ("b", changed)])
    variant = next(v for v in fused[0].variants if v.articles == ("b",))
    assert variant.kind == "substitution"
    assert variant.content_word_changed
    assert variant.diff[0].canonical == ("decisive",) and variant.diff[0].variant == ("brutal",)


def test_substituted_function_word_is_not_flagged() -> None:
    changed = FULL.replace("and our", "but our")
    fused = _fuse([_occ("a", FULL), _occ("d", FULL), _occ("b", changed)])
    variant = next(v for v in fused[0].variants if v.articles == ("b",))
    assert variant.kind == "substitution"
    assert not variant.content_word_changed


def test_truncation() -> None:
    short = "“We will defend every ally and our answer will be swift"
    fused = _fuse([_occ("a", FULL), _occ("d", FULL), _occ("b", short)])
    variant = next(v for v in fused[0].variants if v.articles == ("b",))
    assert variant.kind == "truncation"


def test_case_and_punctuation_do_not_make_a_variant() -> None:
    other = "“we will defend every ally, and our answer will be swift and decisive.”"
    fused = _fuse([_occ("a", FULL), _occ("b", other)])
    assert len(fused) == 1
    assert all(v.kind == "verbatim" for v in fused[0].variants)


WHOLE = "“If anyone attacks us they will meet our full force. Our reaction will be fierce.”"
PART1 = "“If anyone attacks us they will meet our full force,”"
PART2 = "“Our reaction will be fierce,”"


def test_one_to_many_split_quote() -> None:
    fused = _fuse([_occ("a", WHOLE), _occ("b", PART1, start=0), _occ("b", PART2, start=200)])
    assert len(fused) == 1
    quote = fused[0]
    assert sorted(o.article for o in quote.occurrences) == ["a", "b", "b"]
    assert {v.kind for v in quote.variants} == {"verbatim"}


def test_different_quotes_stay_apart() -> None:
    other = "“The budget for next year is already spent on roads and schools,”"
    fused = _fuse([_occ("a", FULL), _occ("b", other)])
    assert len(fused) == 2


BRIDGE = "“We will build the new bridge over the river before the winter comes,”"
BUDGET = "“The budget for the schools of this city is already spent on the roads,”"


def _fused_with(quote: list[FusedQuote], article: str, text: str) -> FusedQuote:
    return next(
        f for f in quote if any(o.article == article and o.text == text for o in f.occurrences)
    )


def test_two_remarks_an_article_quotes_apart_are_not_chained_into_one() -> None:
    # Outlets a and b quote two remarks far apart; outlet c runs them together in one quotation
    # that shares a long run of words with each. Joined pair by pair, c's quotation would fuse
    # both remarks (and, in a story of hundreds of edited copies, every remark of a speaker).
    merged = (
        "“We will build the new bridge over the river before the winter comes, and the budget"
        " for the schools of this city is already spent,”"
    )
    occs = [
        *(_occ(a, BRIDGE, start=0) for a in ("a", "b")),
        *(_occ(a, BUDGET, start=2000) for a in ("a", "b")),
        _occ("c", merged),
    ]
    fused = _fuse(occs)
    bridge, budget = _fused_with(fused, "a", BRIDGE), _fused_with(fused, "a", BUDGET)
    assert bridge is not budget
    assert {o.article for o in bridge.occurrences} >= {"a", "b"}
    assert {o.article for o in budget.occurrences} >= {"a", "b"}
    assert _fuse(occs) == _fuse(list(reversed(occs)))


def test_which_join_the_guard_refuses_does_not_depend_on_the_articles_order() -> None:
    # The quotation running both remarks together fits the bridge remark whole and the budget
    # remark in part: it goes with the bridge, whichever outlet's id sorts first.
    merged = (
        "“We will build the new bridge over the river before the winter comes, and the budget"
        " for the schools of this city is already spent,”"
    )
    reworded = BUDGET.replace("already", "now")
    for apart, joined in (("a", "c"), ("c", "a")):
        occs = [
            _occ(apart, BRIDGE, start=0),
            _occ(apart, BUDGET, start=2000),
            _occ("b", reworded),
            _occ(joined, merged),
        ]
        groups = {frozenset(o.text for o in f.occurrences) for f in _fuse(occs)}
        assert groups == {frozenset({BRIDGE, merged}), frozenset({BUDGET, reworded})}


def test_an_outlet_may_paraphrase_a_remark_and_quote_it_later() -> None:
    # A reported content and a quotation of one article are not two remarks by that alone: the
    # lead often paraphrases what is quoted further down (here joined as paraphrases only).
    summary = "that they would build the new bridge before the cold season"
    assert not align.same_utterance_by_words(wording_of(summary), wording_of(BRIDGE))
    occs = [
        _occ(a, text, start=start, kind=kind)
        for a in ("a", "b")
        for text, start, kind in ((summary, 0, "indirect"), (BRIDGE, 3000, "direct"))
    ]

    def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.ones((len(texts), 2), dtype=np.float32) / np.sqrt(2)

    [fused] = _fuse(occs, embed=embed)
    assert len(fused.occurrences) == 4


def test_parts_of_a_split_quotation_far_apart_are_two_remarks() -> None:
    # The same parts as in test_one_to_many_split_quote, pages apart in their article.
    far = _fuse([_occ("a", WHOLE), _occ("b", PART1, start=0), _occ("b", PART2, start=5000)])
    assert sorted(len(f.occurrences) for f in far) == [1, 2]


def test_paraphrase_translation_with_same_speaker() -> None:
    one = "“When the geopolitical situation shifts before our eyes, this guarantee matters,”"
    two = (
        "“In turbulent times, with the geopolitical picture shifting before our eyes, it matters,”"
    )
    unrelated = "“Our farmers need cheaper diesel and fewer forms to fill in,”"

    def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        # Stand-in for sentence embeddings: the two renderings are close, the third is not.
        rows = [[1.0, 0.0] if "geopolitical" in t else [0.0, 1.0] for t in texts]
        return np.array(rows, dtype=np.float32)

    fused = _fuse([_occ("a", one), _occ("b", two), _occ("c", unrelated)], embed=embed)
    joined = next(f for f in fused if len(f.occurrences) == 2)
    assert {o.article for o in joined.occurrences} == {"a", "b"}
    assert any(v.kind == "paraphrase" and v.content_word_changed for v in joined.variants)


def test_paraphrase_needs_the_same_named_speaker() -> None:
    one = "“When the geopolitical situation shifts before our eyes, this guarantee matters,”"
    two = (
        "“In turbulent times, with the geopolitical picture shifting before our eyes, it matters,”"
    )

    def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        return np.ones((len(texts), 2), dtype=np.float32) / np.sqrt(2)

    fused = _fuse([_occ("a", one), _occ("b", two, speaker=None)], embed=embed)
    assert len(fused) == 2


def test_word_diff_positions() -> None:
    diff = word_diff(wording_of("a b c d e"), wording_of("a x c d"))
    assert [(d.op, d.position) for d in diff] == [("substitution", 1), ("truncation", 4)]


def test_fusion_is_deterministic_and_order_free() -> None:
    occs = [_occ("a", FULL), _occ("b", FULL.replace("decisive", "brutal")), _occ("d", FULL)]
    assert _fuse(occs) == _fuse(list(reversed(occs)))


def test_copies_of_one_wording_are_compared_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # Wire copy: forty outlets carry the same two remarks, five of them one reworded.
    remark = "“Our answer to any attack on an ally will be swift and it will be decisive,”"
    reworded = FULL.replace("swift", "quick")
    occs = []
    for n in range(40):
        occs += [_occ(f"o{n}", FULL if n % 8 else reworded), _occ(f"o{n}", remark, start=200)]
    compared: list[int] = []
    real = align.same_utterance_by_words

    def counting(a: Wording, b: Wording) -> bool:
        compared.append(1)
        return real(a, b)

    monkeypatch.setattr(align, "same_utterance_by_words", counting)
    seen: list[int] = []

    def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        seen.append(len(texts))
        return np.eye(len(texts), 8, dtype=np.float32)

    fused = fuse_quotes(occs, family_of={}, published_of={}, story_id="s", embed=embed)
    # Three wordings: at most six pairs of them tested, and each distinct text embedded once.
    assert len(compared) <= 6
    assert seen == [3]
    # The same quotes as pair by pair: the reworded one joins the first remark.
    assert sorted(len(q.occurrences) for q in fused) == [40, 40]


def test_only_quotes_that_may_be_paraphrases_are_embedded() -> None:
    """Embeddings only decide between quotes of one speaker that share rare words: the texts of
    no such pair are not embedded (a text is its own paraphrase without one)."""
    one = "“When the geopolitical situation shifts before our eyes, this guarantee matters,”"
    two = (
        "“In turbulent times, with the geopolitical picture shifting before our eyes, it matters,”"
    )
    other_speaker = "“Nobody sees geopolitical shifts coming, and no guarantee helps then,”"
    unrelated = "“Our farmers need cheaper diesel and fewer forms to fill in,”"
    alone = "“Harbour workers will return to the docks on Monday morning,”"
    seen: list[str] = []

    def embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
        seen.extend(texts)
        return np.ones((len(texts), 2), dtype=np.float32) / np.sqrt(2)

    fused = _fuse(
        [
            _occ("a", one),
            _occ("b", two),
            _occ("c", other_speaker, speaker="Piet Maas"),
            _occ("a", unrelated, start=300),
            _occ("b", alone, start=300),
            _occ("c", alone, start=300),
        ],
        embed=embed,
    )
    assert sorted(seen) == sorted([one, two])
    assert sorted(len(f.occurrences) for f in fused) == [1, 1, 2, 2]


def test_a_one_word_quotation_joins_the_one_longer_quote_that_holds_it() -> None:
    # A lead's scare quote ("a “devastating” response") repeats a word of the speaker's quote.
    full = "“If anyone attacks us, our reaction will be devastating and swift,”"
    lead = "that the reaction would be “devastating”"
    occs = [
        _occ("a", lead, start=0, kind="partial"),
        _occ("a", full, start=3000),
        _occ("b", full),
        _occ("c", lead, kind="partial", speaker=None),
        _occ("d", "“The budget for next year is already spent on roads and schools,”"),
    ]
    fused = _fuse(occs)
    quote = _fused_with(fused, "b", full)
    assert sorted(o.article for o in quote.occurrences) == ["a", "a", "b", "c"]
    # a's wording is its full quote (the lead's word adds nothing); c quotes one word of it.
    assert quote.canonical == full.strip("“”")
    assert {v.kind for v in quote.variants} == {"verbatim", "truncation"}
    assert len(fused) == 2


def test_a_one_word_quotation_stays_alone_when_it_is_ambiguous_or_not_the_speakers() -> None:
    # Guards of the test above: they held before short quotations were joined at all.
    first = "“Our reaction will be devastating for anyone who tries,”"
    second = "“The floods were devastating for the farms in the valley,”"
    scare = "a “devastating” blow"
    two = _fuse([_occ("a", first), _occ("b", second), _occ("c", scare, kind="partial")])
    assert len(two) == 3  # in two quotes: whose word it is cannot be told
    other = _fuse([_occ("a", first), _occ("c", scare, kind="partial", speaker="Ola Berg")])
    assert len(other) == 2
    function_word = _fuse([_occ("a", first), _occ("c", "“for”", kind="partial")])
    assert len(function_word) == 2


def test_a_lead_quoting_words_of_a_remark_given_whole_later_is_that_remark() -> None:
    # One outlet only: no other wording to go through.
    lead = "that the budget for the schools “is already spent on the roads”"
    fused = _fuse([_occ("a", lead, kind="partial"), _occ("a", BUDGET, start=4000)])
    [quote] = fused
    assert len(quote.occurrences) == 2 and quote.canonical == BUDGET.strip("“”")


def test_the_writers_comma_between_the_parts_of_a_quotation_is_not_the_speakers() -> None:
    join = align.join_fragments
    assert join(["It's an invasion,", "We have an invasion."], [" he added. "]) == (
        "It's an invasion. We have an invasion."
    )
    assert join(["When I said,", "I meant it"], [" he added, "]) == "When I said I meant it"
    assert join(["We spent,", "20 million"], [" she said, "]) == "We spent 20 million"
    assert join(["in the U.S.,", "Then"], [" he said. "]) == "in the U.S. Then"
    assert join(["Yes,", "", "no"], [" "]) == "Yes, no"
    # Parts with attributions of their own: a capital starts a sentence.
    assert join(["Not for Europe,", "The challenges"]) == "Not for Europe. The challenges"
    assert join(["I think,", "that we"]) == "I think, that we"
    split = "“It's an invasion,” he added. “We have an invasion of drugs and criminals.”"
    assert align.quoted_parts(_occ("a", split)) == (
        "It's an invasion. We have an invasion of drugs and criminals."
    )
    reported = "that Russia remains a “dire threat” and that “spending is essential”"
    assert align.quoted_parts(_occ("a", reported, kind="mixed")) == (
        "dire threat … spending is essential"
    )
