"""Reader discussions under an article: comment forms (a line rule) and the thread cut."""

from __future__ import annotations

import numpy as np
import pytest

from newsweave.stages.clean.boilerplate import clean_plain_text
from newsweave.stages.clean.comments import COMMENT_FORM, cut_comment_thread
from newsweave.stages.clean.rules import line_rule
from stages.clean.test_regions import ARTICLE

REPLY = "Finalmente! A zona norte esperou tempo demais por esta linha de bonde."


def test_a_reader_discussion_after_the_article_is_cut() -> None:
    texts = [
        *ARTICLE,
        "34 responses to \u201cCouncil expands tram line\u201d",
        "tramfan88 says:",
        "November 19, 2019 at 6:34 am",
        "About time, the northern districts have waited for this line for far too many years.",
        "citycritic says:",
        "November 19, 2019 at 7:02 am",
        "Another project that will cost twice as much as they say and take twice as long.",
    ]
    keep = np.array([True] * 4 + [False, False, False, True, False, False, True])
    reasons: list[str | None] = [None] * len(texts)
    cut_comment_thread(texts, keep, reasons)
    assert keep[:4].all() and not keep[4:].any()
    assert reasons[4] == reasons[7] == reasons[10] == "comments"


def test_a_comment_count_beside_the_byline_cuts_nothing() -> None:
    texts = ["By Jane Roe", "12 comments", "2 hours ago", *ARTICLE]
    keep = np.array([False, False, False, True, True, True, True])
    reasons: list[str | None] = [None] * len(texts)
    cut_comment_thread(texts, keep, reasons)
    assert keep[3:].all()


def test_a_comments_button_without_a_thread_cuts_nothing() -> None:
    texts = [*ARTICLE[:3], "Comments", ARTICLE[3]]
    keep = np.array([True, True, True, False, True])
    reasons: list[str | None] = [None] * len(texts)
    cut_comment_thread(texts, keep, reasons)
    assert keep[[0, 1, 2, 4]].all()


def test_a_discussion_in_another_language_is_cut_from_its_count_on() -> None:
    texts = [*ARTICLE, "3 comentários", REPLY, "Responder"]
    keep = np.array([True] * 4 + [False, True, False])
    reasons: list[str | None] = [None] * len(texts)
    cut_comment_thread(texts, keep, reasons)
    assert keep[:4].all() and not keep[5]


def test_who_wrote_in_another_language_signs_a_thread_but_opens_none() -> None:
    texts = [*ARTICLE, "3 Kommentare", "Jana Roth sagt:", "Endlich kommt die Linie."]
    keep = np.array([True] * 4 + [False, False, True])
    cut_comment_thread(texts, keep, [None] * len(texts))
    assert not keep[6]
    # In an article, a politician "sagt:" before a quotation, twice: no discussion.
    texts = [*ARTICLE, "Der Kanzler sagt:", "„Die Linie kommt.“", "Die Opposition sagt:", REPLY]
    keep = np.array([True] * 4 + [False, True, False, True])
    cut_comment_thread(texts, keep, [None] * len(texts))
    assert keep[[5, 7]].all()


def test_a_comment_form_opens_the_discussion_before_anyone_wrote() -> None:
    # The rules name the form's heading and notice; a reader's comment the model kept under them
    # goes with them.
    texts = [*ARTICLE, "Deixe uma resposta", "O seu endereço de e-mail não será publicado.", REPLY]
    reasons = [line_rule(t) for t in texts]
    assert reasons[4] == reasons[5] == COMMENT_FORM
    keep = np.array([True] * 4 + [False, False, True])
    cut_comment_thread(texts, keep, reasons)
    assert keep[:4].all() and not keep[6]
    # Without the form's lines, the same comment stays.
    keep = np.array([True] * 4 + [False, False, True])
    cut_comment_thread(texts, keep, [None] * len(texts))
    assert keep[6]


def test_one_line_of_a_form_inside_an_article_cuts_nothing() -> None:
    # A form's lines come together (a heading and its notice); one alone, or a thread's weaker
    # signs after it ("20 years ago"), end nothing.
    texts = [
        *ARTICLE[:2],
        "Leave a comment",
        "The paper first opened its pages to reader comments 20 years ago.",
        *ARTICLE[2:],
    ]
    keep = np.array([True, True, False, True, True, True])
    cut_comment_thread(texts, keep, [line_rule(t) for t in texts])
    assert keep[[0, 1, 3, 4, 5]].all()


def test_sentences_about_comments_and_logins_stay_whole_in_the_cleaner() -> None:
    sentences = [
        "Under the new rules, readers must be logged in to post a comment on any story.",
        "The paper first opened its pages to reader comments 20 years ago.",
        "The company said your email address will not be published or sold to third parties.",
        "Según la nueva norma, el usuario debe iniciar sesión para publicar en la red social.",
        "Add a comment to the bill that would restrict abortion.",
    ]
    text = "\n".join([*ARTICLE[:2], *sentences, *ARTICLE[2:]])
    kept = [text[d.start : d.end] for d in clean_plain_text(text) if d.keep]
    assert set(ARTICLE) <= set(kept)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Leave a Reply", COMMENT_FORM),
        ("Leave a Reply Cancel reply", COMMENT_FORM),
        ("Leave a Reply to Jane Roe Cancel reply", COMMENT_FORM),
        ("Deixe um comentário Cancelar resposta", COMMENT_FORM),
        ("Lascia un commento", COMMENT_FORM),
        ("Schreibe einen Kommentar", COMMENT_FORM),
        ("LASCİA UN COMMENTO", COMMENT_FORM),  # U+0130, which an ignore-case pattern takes for i
        ("Schreibe einen \u212aommentar", COMMENT_FORM),  # the Kelvin sign, taken for k
        ("Post Comment", COMMENT_FORM),
        ("You must be logged in to post a comment.", COMMENT_FORM),
        ("You must be logged in to leave a comment. Not a member? Register now!", COMMENT_FORM),
        ("Devi essere connesso per inviare un commento.", COMMENT_FORM),
        ("Debes iniciar sesión para publicar un comentario.", COMMENT_FORM),
        ("Du musst angemeldet sein, um einen Kommentar abzugeben.", COMMENT_FORM),
        ("Your email address will not be published. Required fields are marked *", COMMENT_FORM),
        (
            "O seu endereço de e-mail não será publicado. Campos obrigatórios são marcados com *",
            COMMENT_FORM,
        ),
        (
            "Save my name, email, and website in this browser for the next time I comment.",
            COMMENT_FORM,
        ),
        # Sentences of an article that use the same words.
        ("Under the new rules, users must be logged in to post a comment on the platform.", None),
        ("Your email address will not be published or sold to third parties.", None),
        (
            "El tribunal recordó que todo partido debe estar registrado para publicar encuestas.",
            None,
        ),
        ("A partir de agora, o eleitor precisa estar conectado para publicar no aplicativo.", None),
        ("Add a comment to the bill that would restrict abortion.", None),
        ("Write a response to the letter.", None),
        ("Readers can leave a comment on the plan at the town hall until Friday.", None),
    ],
)
def test_comment_form_lines(line: str, reason: str | None) -> None:
    assert line_rule(line) == reason
