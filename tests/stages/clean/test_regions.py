"""Page-level steps of the plain-text cleaner, on synthetic lines and scores (no line model)."""

from __future__ import annotations

import numpy as np

from newsweave.stages.clean.regions import (
    extend_into_lists,
    fill_gaps,
    fill_holes,
    is_parallel_list,
    is_prose,
    keep_embedded_posts,
    keep_main_region,
    mark_repeated_blocks,
    table_runs,
)

ARTICLE = [
    "The city council voted on Tuesday to expand the northern tram line by six new stations.",
    "The decision followed two years of public hearings about the route and the cost of it.",
    "Construction is expected to begin next spring and to last about three years in total.",
    "Opposition members said the budget was too optimistic and asked for a tram cost review.",
]
TEASERS = [
    "Storm closes mountain passes as snow reaches record depth across the northern valleys.",
    "Football club appoints former goalkeeper as head coach after a season without a victory.",
    "Museum returns looted bronze statues to their country of origin after a long dispute.",
    "Prices of olive oil fall for the first time in three years as harvests finally recover.",
]


def test_a_block_shown_twice_is_marked_related_and_single_copies_are_not() -> None:
    texts = ["Menu", *TEASERS, "Home", *ARTICLE, ARTICLE[0], "Latest", *TEASERS]
    reasons: list[str | None] = [None] * len(texts)
    mark_repeated_blocks(texts, reasons)
    assert reasons[1:5] == ["related"] * 4
    assert reasons[-4:] == ["related"] * 4
    # The article's lede shown twice (a standfirst and the first paragraph) is no block.
    assert reasons[6:11] == [None] * 5
    assert reasons[0] is None and reasons[5] is None


def test_doubted_prose_beside_kept_prose_is_kept_across_the_articles_furniture() -> None:
    # The lead above a picture: the model doubts it, a caption and a counter part it from the
    # kept paragraphs. Furniture does not part them; a credit (what sits under a caption, so
    # the line above it is likely the caption) and navigation do.
    caption = "The new tram at the depot on Monday."
    for between, kept in (
        ([("1/3", "counter"), (caption, "caption")], True),
        ([("Subscribe today", "banner")], True),
        ([("Photo: Jane Roe", "credit")], False),
        ([("Sport", "navigation")], False),
        ([("1/3", "counter")] * 5, False),  # too far
    ):
        texts = [ARTICLE[0], *(t for t, _ in between), *ARTICLE[1:]]
        reasons: list[str | None] = [None, *(r for _, r in between), None, None, None]
        scores = np.array([0.3] + [0.0] * len(between) + [0.9] * 3)
        keep = scores >= 0.5
        fill_gaps(texts, scores, keep, reasons)
        assert bool(keep[0]) is kept, between
        assert not keep[1 : 1 + len(between)].any()


def test_the_main_run_is_the_one_the_model_is_surest_of() -> None:
    # A long teaser list the model half believes, far below a shorter article it is sure of.
    texts = [*ARTICLE, *(["Nav"] * 30), *TEASERS, *TEASERS[::-1], *TEASERS]
    scores = np.array([0.97] * 4 + [0.01] * 30 + [0.55] * 12)
    keep = scores >= 0.5
    reasons: list[str | None] = [None] * len(texts)
    keep_main_region(texts, scores, keep, reasons)
    assert keep[:4].all()
    assert not keep[34:].any()
    assert set(reasons[34:]) == {"boilerplate"}


def test_a_run_after_a_section_opener_about_something_else_goes() -> None:
    texts = [*ARTICLE, "Top stories", *TEASERS]
    scores = np.array([0.95] * 4 + [0.05] + [0.7] * 4)
    keep = scores >= 0.5
    reasons: list[str | None] = [None, None, None, None, "navigation", None, None, None, None]
    keep_main_region(texts, scores, keep, reasons)
    assert keep[:4].all() and not keep[4:].any()


def test_an_article_continuing_after_a_section_opener_stays() -> None:
    more = [
        "The tram cost review will look at the six stations and the route through the old town.",
        "Council members said the northern tram line would be voted on again after the review.",
    ]
    texts = [*ARTICLE, "Related", *more]
    scores = np.array([0.95] * 4 + [0.05] + [0.9] * 2)
    keep = scores >= 0.5
    reasons: list[str | None] = [None, None, None, None, "navigation", None, None]
    keep_main_region(texts, scores, keep, reasons)
    assert keep[[0, 1, 2, 3, 5, 6]].all()


def test_the_article_resumes_after_a_box_set_into_it() -> None:
    # "Related links" and an item between two paragraphs; the paragraph after the box belongs
    # to the article even when the run it starts goes on with teasers about something else.
    resumed = "Work on the six stations will close the old town streets for most of next summer."
    texts = [*ARTICLE, "Related links", "Transport department website", resumed, *TEASERS]
    scores = np.array([0.95] * 4 + [0.05, 0.05] + [0.7] * 5)
    keep = scores >= 0.5
    reasons: list[str | None] = [None] * 4 + ["related", "related"] + [None] * 5
    keep_main_region(texts, scores, keep, reasons)
    assert keep[:4].all() and keep[6]
    assert not keep[7:].any()
    # Further from the article than a box, the same run goes whole.
    texts = [*ARTICLE, "Related links", *TEASERS[:3], resumed, *TEASERS]
    scores = np.array([0.95] * 4 + [0.05] * 4 + [0.7] * 5)
    keep = scores >= 0.5
    reasons = [None] * 4 + ["related"] * 4 + [None] * 5
    keep_main_region(texts, scores, keep, reasons)
    assert not keep[8:].any()


def test_a_small_scrap_well_below_the_article_goes_even_on_its_topic() -> None:
    # A teaser of another story on the same subject, eight removed lines under the article.
    teaser = "Tram fares in the northern districts will rise next year, the council said."
    texts = [*ARTICLE, *["Share"] * 8, teaser]
    scores = np.array([0.95] * 4 + [0.01] * 8 + [0.6])
    keep = scores >= 0.5
    reasons: list[str | None] = [None] * len(texts)
    keep_main_region(texts, scores, keep, reasons)
    assert keep[:4].all() and not keep[-1]
    # Close to the article's end, the same line is its last paragraph.
    texts = [*ARTICLE, "Share", teaser]
    scores = np.array([0.95] * 4 + [0.01, 0.6])
    keep = scores >= 0.5
    reasons = [None] * len(texts)
    keep_main_region(texts, scores, keep, reasons)
    assert keep[[0, 1, 2, 3, 5]].all()


def test_short_doubted_stretches_inside_the_article_are_kept() -> None:
    scores = np.array([0.9, 0.35, 0.45, 0.9, 0.1, 0.9, 0.4])
    keep = scores >= 0.5
    reasons: list[str | None] = [None, None, None, None, None, None, None]
    fill_holes([f"line {i}" for i in range(len(scores))], scores, keep, reasons)
    # Both doubted lines between kept ones are kept; a line the model rejected is not, and
    # nothing beyond the last kept line is added.
    assert keep.tolist() == [True, True, True, True, False, True, False]


PATHS = [
    "Path A: Northland, Eastport",
    "Path B: Southvale, Westmere, Lowtown",
    "Path C: Highbury, Greenfield",
]
TABLE = [
    "Northland (Group A): 10th appearance",
    "Eastport (Group B): Third appearance",
    "Southvale (Group F): 11th appearance",
    "Westmere (Group G): Fourth appearance",
]


def test_parallel_lists_are_recognised_by_their_opening_word_or_punctuation() -> None:
    assert is_parallel_list(PATHS)
    assert is_parallel_list(TABLE)
    # Two items are no list yet, repeated lines are a teaser grid, headlines share nothing.
    assert not is_parallel_list(TABLE[:2])
    assert not is_parallel_list([TABLE[0], TABLE[1], TABLE[0]])
    assert not is_parallel_list(
        ["Mayor opens bridge", "Storm closes ferry routes", "Schools shut early on Friday"]
    )


def test_a_doubted_parallel_list_between_kept_lines_is_kept() -> None:
    texts = [ARTICLE[0], *PATHS, ARTICLE[1]]
    scores = np.array([0.9, 0.2, 0.15, 0.25, 0.9])
    keep = scores >= 0.5
    reasons: list[str | None] = [None] * len(texts)
    fill_holes(texts, scores, keep, reasons)
    assert keep.all()
    # The same scores on lines that are no list stay below the hole threshold.
    other = [ARTICLE[0], "Mayor opens bridge", "Storm closes ferry", "Schools shut", ARTICLE[1]]
    keep = scores >= 0.5
    fill_holes(other, scores, keep, reasons)
    assert keep.tolist() == [True, False, False, False, True]


def test_a_list_under_the_article_continues_it() -> None:
    texts = [*ARTICLE[:2], "Qualified teams", *TABLE, "Follow us", "Terms of use"]
    keep = np.array([True, True] + [False] * (len(texts) - 2))
    reasons: list[str | None] = [None] * len(texts)
    items = extend_into_lists(texts, keep, reasons)
    assert items == list(range(3, 3 + len(TABLE)))
    assert keep.tolist() == [True] * (3 + len(TABLE)) + [False, False]
    # A list far from the article, or one a rule removed a line of, is not taken.
    keep = np.array([True, True] + [False] * (len(texts) - 2))
    far = [*ARTICLE[:2], "Advertisement", "Most popular", *TABLE]
    assert extend_into_lists(far, np.array([True, True] + [False] * 6), [None] * 8) == []
    reasons[4] = "related"
    assert extend_into_lists(texts, keep, reasons) == []


def test_a_post_the_article_quotes_is_kept_with_its_signature() -> None:
    post = ["Trams are coming back to the north side.", "Proud of this council!"]
    signature = "\u2014 Jane Doe (@janedoe) November 18, 2019"
    last = ["Good news at last", "\u2014 Ed Roe (@ed) 3 May 2020"]
    texts = [ARTICLE[0], *post, signature, ARTICLE[1], *last]
    keep = np.array([True, False, False, False, True, False, False])
    keep_embedded_posts(texts, keep, [None] * len(texts))
    assert keep.all()
    # A post a rule removed a line of stays out, and so does a signature far below the article.
    keep = np.array([True, False, False, False, True, False, False])
    reasons: list[str | None] = [None, "share", None, None, None, None, None]
    keep_embedded_posts(texts, keep, reasons)
    assert keep.tolist() == [True, False, False, False, True, True, True]
    far = [ARTICLE[0], *TEASERS, "Some post text", signature]
    keep = np.array([True] + [False] * (len(far) - 1))
    keep_embedded_posts(far, keep, [None] * len(far))
    assert keep.tolist() == [True] + [False] * (len(far) - 1)
    # A handle without the post's date is no signature.
    texts[3] = "\u2014 Jane Doe (@janedoe)"
    keep = np.array([True, False, False, False, True, False, False])
    keep_embedded_posts(texts, keep, [None] * len(texts))
    assert keep.tolist() == [True, False, False, False, True, True, True]


# A table set one cell per line: a header row, then rows of position, name, points, wins.
HEADER = ["Pos", "Team", "Points", "Wins"]
CELLS = [
    *("1", "Northland", "64", "20"),
    *("2", "Eastport", "61", "19"),
    *("3", "Southvale", "58", "17"),
    *("4", "Westmere", "50", "14"),
]


def test_tables_set_one_cell_per_line_are_found_by_their_rows() -> None:
    texts = [ARTICLE[0], *HEADER, *CELLS, ARTICLE[1]]
    reasons: list[str | None] = [None] * len(texts)
    # Numbers alone are "counter" lines, runs of short lines "navigation": still cells.
    reasons[6:22:4] = ["counter"] * 4
    reasons[2] = "navigation"
    assert table_runs(texts, reasons) == [(5, 5 + len(CELLS), 4)]
    # Rows that all repeat one another, rows without a number, and two rows are no table.
    assert table_runs([*["1", "Northland", "64"] * 4], [None] * 12) == []
    names = ["Northland", "Eastport", "Southvale", "Westmere", "Lowtown", "Highbury"]
    assert table_runs(names, [None] * 6) == []
    assert table_runs(CELLS[:8], [None] * 8) == []
    # A line another rule removed (a banner) ends it.
    broken = [*CELLS[:8], "Subscribe now", *CELLS[8:]]
    assert table_runs(broken, [None] * 8 + ["banner"] + [None] * 8) == []


def test_a_table_under_or_right_above_the_article_is_kept_with_its_header() -> None:
    texts = [*ARTICLE[:2], "Standings", *HEADER, *CELLS, "Terms of use"]
    keep = np.array([True, True] + [False] * (len(texts) - 2))
    reasons: list[str | None] = [None] * len(texts)
    reasons[3] = "navigation"
    items = extend_into_lists(texts, keep, reasons)
    assert items == list(range(7, 7 + len(CELLS)))
    assert keep.tolist() == [True] * (7 + len(CELLS)) + [False]
    # Right above the article's text: the table alone (a header cannot be told from a menu).
    texts = ["Menu", *HEADER, *CELLS, *ARTICLE[:2]]
    keep = np.array([False] * (1 + len(HEADER) + len(CELLS)) + [True, True])
    extend_into_lists(texts, keep, [None] * len(texts))
    assert keep.tolist() == [False] * 5 + [True] * (len(texts) - 5)
    # Far from the article, it stays out.
    texts = [ARTICLE[0], "Advertisement", *TEASERS, *HEADER, *CELLS]
    keep = np.array([True] + [False] * (len(texts) - 1))
    reasons = [None, "advert"] + [None] * (len(texts) - 2)
    assert extend_into_lists(texts, keep, reasons) == []
    assert keep.sum() == 1


def test_a_longer_stretch_of_doubted_sentences_between_kept_lines_is_kept() -> None:
    points = [
        "You build your website in its own corner of the internet",
        "Search engines find it the moment it goes live",
        "People begin to discover it and to use it",
        "Your relationship with readers grows day by day",
        "Your email list will begin to grow",
        "Your revenues will grow year by year",
        "Your products will benefit from all of this",
        "You will serve real people instead of imagined ones",
    ]
    texts = [ARTICLE[0], *points, ARTICLE[1]]

    def kept(scores: list[float], reasons: list[str | None]) -> bool:
        keep = np.array([True] + [False] * len(points) + [True])
        fill_holes(texts, np.array([0.9, *scores, 0.9]), keep, reasons)
        return bool(keep.all())

    doubted = [0.05, 0.1, 0.08, 0.09, 0.2, 0.12, 0.06, 0.3]
    free: list[str | None] = [None] * len(texts)
    assert kept(doubted, free)
    # Doubted more on average, one line ruled out, a line a rule removed, or a line that is
    # no sentence: the stretch stays out.
    assert not kept([s / 2 for s in doubted], free)
    assert not kept([0.01, *doubted[1:]], free)
    assert not kept(doubted, [None, None, "banner", *free[3:]])
    texts[3] = "Share"
    assert not kept(doubted, free)


def test_prose_ends_as_a_sentence_ends_even_under_a_wire_sign_off() -> None:
    sentence = "More than 300 travellers were sent back by the border authorities on Friday"
    assert is_prose(sentence + ".")
    assert is_prose(sentence + ". PTI")
    assert is_prose(sentence + ". (AP)")
    assert is_prose(f"\u201c{sentence}.\u201d")
    assert not is_prose(sentence)
    assert not is_prose(sentence + " in the USA")
    assert not is_prose("Short line. PTI")


def test_a_run_that_repeats_its_section_name_over_each_story_goes() -> None:
    # Stories of the same section, on the article's own subject (the tram, the council): only
    # the section's name, over each of them, says that they are a list.
    cards = [
        "City Hall",
        "Council approves tram depot beside the northern ring road",
        "The depot will house the new trams of the northern line from next spring on.",
        "City Hall",
        "Tram drivers ask the council for a review of their night shifts",
        "City Hall",
        "Council opens hearings on the budget of the northern tram line extension",
        "The hearings will run until the end of the month, the council said on Tuesday.",
    ]
    texts = [*ARTICLE, "More from the city", *cards]
    scores = np.array([0.95] * 4 + [0.05] + [0.6] * len(cards))
    keep = scores >= 0.5
    reasons: list[str | None] = [None] * len(texts)
    reasons[4] = "navigation"
    keep_main_region(texts, scores, keep, reasons)
    assert keep[:4].all() and not keep[5:].any()
    # The same run without the repeated name is the article going on: it stays.
    plain = [c for c in cards if c != "City Hall"]
    texts = [*ARTICLE, "More from the city", *plain]
    scores = np.array([0.95] * 4 + [0.05] + [0.6] * len(plain))
    keep = scores >= 0.5
    reasons = [None] * len(texts)
    reasons[4] = "navigation"
    keep_main_region(texts, scores, keep, reasons)
    assert keep[5:].all()
