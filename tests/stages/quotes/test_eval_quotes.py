"""The PolNeAR/BASIL scorers: brat parsing, CofeNet-style exact and begin match, splits."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from newsweave.eval.quotes import (
    AnnotatedArticle,
    SpanCounts,
    evaluate_basil,
    heldout_names,
    load_polnear,
    parse_brat,
    score_article,
    starts_with_quote,
)
from newsweave.models.quotes import UNRESOLVED, QuoteOccurrence, Speaker, TextSpan

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"
POLNEAR = SHARED / "benchmarks" / "quotes" / "polnear"

TEXT = "Title line.\n\n“We are ready,” Ada Quinn said. Bo Reyes argued that taxes should fall.\n"
ANN = (
    "T1\tContent 13 28\t“We are ready,”\n"
    "T2\tSource 29 38\tAda Quinn\n"
    "T3\tCue 39 43\tsaid\n"
    "T4\tAttribution 39 43\tsaid\n"
    "E1\tAttribution:T4 Content:T1 Cue:T3 Source:T2\n"
    "T5\tSource 45 53\tBo Reyes\n"
    "T6\tCue 54 60\targued\n"
    "T7\tContent 61 86\tthat taxes should fall\n"
    "a continuation line of a span text, without an id\n"
    "E2\tAttribution:T6 Content:T7 Cue:T6 Source:T5\n"
)


def _occ(
    content: tuple[int, int], cue: tuple[int, int] | None, source: tuple[int, int] | None
) -> QuoteOccurrence:
    frag = TextSpan(content[0], content[1], TEXT[content[0] : content[1]])
    return QuoteOccurrence(
        id="x",
        article="a",
        start=content[0],
        end=content[1],
        text=frag.text,
        kind="direct",
        fragments=(frag,),
        cue=None if cue is None else TextSpan(cue[0], cue[1], TEXT[cue[0] : cue[1]]),
        source=None if source is None else TextSpan(source[0], source[1], ""),
        speaker=UNRESOLVED,
    )


def test_parse_brat_ties_roles_and_skips_continuation_lines() -> None:
    attributions = parse_brat(ANN)
    assert len(attributions) == 2
    assert attributions[0].content == ((13, 28),)
    assert attributions[1].source == ((45, 53),)
    assert starts_with_quote(TEXT, attributions[0].content)
    assert not starts_with_quote(TEXT, attributions[1].content)


def test_discontinuous_spans_are_fragments() -> None:
    (attribution,) = parse_brat("T1\tContent 10 20;30 40\tx\nE1\tAttribution:T1 Content:T1\n")
    assert attribution.content == ((10, 20), (30, 40))


def test_exact_and_begin_match() -> None:
    article = AnnotatedArticle("a", "x", TEXT, parse_brat(ANN))
    overall, direct = SpanCounts(), SpanCounts()
    predicted = [
        _occ((13, 28), (39, 43), (29, 38)),  # exactly right
        _occ((61, 80), (54, 60), (48, 53)),  # content cut short, source starts late
    ]
    score_article(article, predicted, overall, direct)
    assert overall.counts[("exact", "cue")] == [2, 0, 0]
    assert overall.counts[("exact", "content")] == [1, 1, 1]
    assert overall.counts[("begin", "content")] == [2, 0, 0]
    assert overall.counts[("exact", "source")] == [1, 1, 1]
    assert overall.counts[("begin", "source")] == [1, 1, 1]
    # Direct only: the quoted attribution on both sides.
    assert direct.counts[("exact", "content")] == [1, 0, 0]
    assert direct.prf("exact", "cue").f1 == 1.0


def test_missing_prediction_counts_as_false_negatives() -> None:
    article = AnnotatedArticle("a", "x", TEXT, parse_brat(ANN))
    overall, direct = SpanCounts(), SpanCounts()
    score_article(article, [], overall, direct)
    assert overall.counts[("exact", "content")] == [0, 0, 2]
    assert overall.prf("exact", "content").recall == 0.0


def test_heldout_is_the_last_quarter_of_sorted_names() -> None:
    articles = [AnnotatedArticle(f"n{i:02d}", "x", "", ()) for i in range(8)]
    assert heldout_names(articles) == {"n06", "n07"}


def test_polnear_dev_loads_every_annotator_file() -> None:
    if not POLNEAR.is_dir():
        pytest.skip("shared/benchmarks/quotes/polnear absent")
    dev = load_polnear(POLNEAR, "dev")
    assert len(dev) == 94
    assert len({a.name for a in dev}) == 84
    assert len(heldout_names(dev)) == 21
    assert sum(len(a.attributions) for a in dev) > 2000


def test_basil_speaker_accuracy_is_given_for_all_events_and_for_each_half(
    tmp_path: Path,
) -> None:
    sentence = "“Taxes will fall,” Ada Quinn said."
    for event, speaker in (("2aaa", "Ada_Quinn"), ("3bbb", "Bo_Reyes"), ("5ccc", "Ada_Quinn")):
        for folder, name, data in (
            ("articles", f"{event}_1.json", {"body-paragraphs": [[sentence]]}),
            ("annotations", f"{event}_1_ann.json", {"phrase-level-annotations": [
                {"quote": "yes", "txt": "Taxes will fall", "start": 1, "speaker": speaker}]}),
        ):  # fmt: skip
            path = tmp_path / folder / "2016" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(data), encoding="utf-8")

    def extractor(text: str, article_id: str) -> list[QuoteOccurrence]:
        found = _occ((0, 19), None, (20, 29))
        return [dataclasses.replace(found, speaker=Speaker("Ada Quinn", "person", "named"))]

    rows = {(r.part, r.role): r for r in evaluate_basil(tmp_path, extractor)}
    assert rows["ALL", "quote-recall"].f1 == 1.0
    # Ada Quinn is right in the even event and in one of the two odd ones.
    assert rows["ALL", "speaker-acc"].f1 == pytest.approx(2 / 3)
    assert rows["EVEN", "speaker-acc"].f1 == 1.0 and rows["EVEN", "speaker-acc"].support == 1
    assert rows["ODD", "speaker-acc"].f1 == 0.5 and rows["ODD", "speaker-acc"].support == 2
