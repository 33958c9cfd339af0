"""Reader discussions under an article: comment forms and comment threads.

Two things live here because both the line rules and the page-level steps need them:

- ``is_comment_form``: a line of a blog's comment form, in the languages of its publishing
  software: its heading or button ("Leave a Reply", "Lascia un commento", "Deixe uma resposta",
  "Post Comment") and its notices ("You must be logged in to post a comment.", "Your email
  address will not be published. Required fields are marked *"). The rules name such a line
  ``COMMENT_FORM``. Each is a whole line: an article that tells its readers to leave a comment
  says more around it.
- ``cut_comment_thread``: once the article has begun, a line that opens a reader discussion
  ("[ 167 comments ]", "34 responses to ...", "3 comentários", "Leave a reply", "jane says:", a
  comment form's heading) and is followed by the signs of one (who wrote, "2 days ago",
  "Reply", "Responder", the form's notices) ends the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsweave.stages.clean.line_features import word_count

__all__ = ["COMMENT_FORM", "cut_comment_thread", "is_comment_form"]

# The reason the rules give a comment form's lines.
COMMENT_FORM = "comment-form"

# --- comment forms ----------------------------------------------------------------------------

# What a form's "Cancel reply" link reads in each language, flattened onto its heading's line.
_CANCEL = (
    r"(?:\s+(?:cancel reply|cancelar resposta|cancelar respuesta|annulla risposta"
    r"|annuler la r\u00e9ponse|antworten abbrechen))?"
)
_COMMENT_FORM_HEADING = re.compile(
    r"(?:leave a (?:reply|comment)(?: to .{1,60}?)?"
    r"|(?:post|write|add|submit) (?:a |your )?(?:comment|reply)|publish (?:a |your )?comment"
    r"|(?:lascia|scrivi) (?:un commento|una risposta)|deixe (?:um coment\u00e1rio|uma resposta)"
    r"|(?:deja|dejar|escribe) (?:un comentario|una respuesta)"
    r"|laisser (?:un commentaire|une r\u00e9ponse)"
    r"|(?:schreibe|hinterlasse) einen kommentar|kommentar (?:verfassen|schreiben|hinterlassen)"
    r"|(?:plaats|geef) een reactie|dodaj komentarz"
    r"|(?:\u043e\u0441\u0442\u0430\u0432\u0438\u0442\u044c|\u0434\u043e\u0431\u0430\u0432\u0438"
    r"\u0442\u044c) \u043a\u043e\u043c\u043c\u0435\u043d\u0442\u0430\u0440\u0438\u0439"
    r"|cancel reply)"
    rf"{_CANCEL}\s*[:.!*]*$",
    re.IGNORECASE,
)
_HEADING_MAX_WORDS = 16
# The first words of those headings, lower-cased: a set look-up before the pattern.
_HEADING_OPENERS = frozenset(
    "leave post write add submit publish cancel lascia scrivi deixe deja dejar escribe laisser"
    " schreibe hinterlasse kommentar plaats geef dodaj"
    " \u043e\u0441\u0442\u0430\u0432\u0438\u0442\u044c \u0434\u043e\u0431\u0430\u0432\u0438\u0442"
    "\u044c".split()
)
# Notices open the line and name the comment they are about; what may follow them is another
# sentence of the form (ending in the "required" asterisk, or "Not a member? Register now!").
_COMMENTS_OBJECT = (
    r"(?:a comment|a reply|un commento|um coment\u00e1rio|un comentario|un commentaire"
    r"|einen kommentar)"
)
_COMMENT_NOTICE = re.compile(
    r"(?:sorry,?\s+)?(?:you\s+|voc\u00ea\s+|vous\s+|du\s+|lo siento,?\s+)?"
    r"(?:(?:must|need to) be logged in to (?:post|leave|write)"
    r"|devi essere connesso per (?:inviare|pubblicare|lasciare)"
    r"|precisa (?:fazer o login|estar (?:logado|conectado)) para (?:publicar|deixar)"
    r"|debes? (?:iniciar sesi\u00f3n|estar (?:registrado|conectado)) para (?:publicar|dejar)"
    r"|devez (?:\u00eatre|etre) connect\u00e9 pour (?:publier|poster|laisser)"
    r"|musst (?:dich )?angemeldet sein, um)"
    rf" {_COMMENTS_OBJECT}(?: abzugeben| zu schreiben| zu hinterlassen)?\b"
    r"|(?:your )?e-?mail address will not be published\b"
    r"|required fields are marked\b"
    r"|save my name, e-?mail,? and website in this browser for the next time i comment\b"
    r"|il tuo indirizzo e-?mail non sar\u00e0 pubblicato\b"
    r"|o seu (?:endere\u00e7o de )?e-?mail n\u00e3o ser\u00e1 publicado\b"
    r"|tu (?:direcci\u00f3n de )?correo(?: electr\u00f3nico)? no ser\u00e1 publicad[oa]\b"
    r"|votre adresse (?:e-?mail|de messagerie) ne sera pas publi\u00e9e\b"
    r"|deine e-?mail-adresse wird nicht ver\u00f6ffentlicht\b",
    re.IGNORECASE,
)
# After a notice, the rest of its line: the "required" asterisk, or a full stop and short
# sentences of the form ("Required fields are marked *", "Not a member? Register now!"); not
# more words of the same sentence ("... will not be published or sold to third parties.").
_NOTICE_TAIL = re.compile(r"\s*\*?\s*$|[.!?]+(?:\s[^.!?*]{0,60}+[*.!?]+)*\s*$")
_NOTICE_MAX_WORDS = 30
# Lower-case and case-sensitive: one search of the folded line instead of a loop over words.
_NOTICE_WORDS = re.compile(
    "logged|connesso|login|logado|conectado|sesi|registrado|connect|angemeldet|not be publ"
    "|ser\u00e1 publ|sar\u00e0 pubbl|pas publi|ver\u00f6ffentlicht|required|save my name"
)


def _may_be_comment_notice(text: str, folded: str) -> bool:
    return _NOTICE_WORDS.search(folded) is not None


def is_comment_form(text: str, n_words: int, folded: str) -> bool:
    """Whether ``text`` (``n_words`` words; ``folded``: lower-cased, as the rules' gates see
    it) is a line of a comment form: its heading, button or notice."""
    stripped = text.strip()
    if (
        n_words <= _HEADING_MAX_WORDS
        and folded.split(maxsplit=1)[0] in _HEADING_OPENERS
        and _COMMENT_FORM_HEADING.match(stripped) is not None
    ):
        return True
    if n_words > _NOTICE_MAX_WORDS or not _may_be_comment_notice(text, folded):
        return False
    notice = _COMMENT_NOTICE.match(stripped)
    return notice is not None and _NOTICE_TAIL.match(stripped, notice.end()) is not None


# --- comment threads --------------------------------------------------------------------------

_COMMENT_WORDS = r"(?:comments?|responses?|replies|discussion|conversation|reactions?)"
# The same in the languages of a blog's publishing software, after a count only: "3 comentários",
# "5 Kommentare" ("Kommentar" alone heads an opinion piece in the German press).
_FOREIGN_COMMENT_WORDS = (
    r"(?:coment[a\u00e1]rios?|comentarios?|commenti|commento|commentaires?|kommentare?"
    r"|reacties?|komentarz[ey]?|respostas?|respuestas?|risposte|r\u00e9ponses?)"
)
_SAYS = r"(?:[\w.'-]+\s){0,3}[\w.'-]+\s+(?:says|said|wrote|replied|commented)\s*:"
# Who wrote, in those languages: a sign under an opener, never an opener (a politician "sagt:"
# before a quotation in an article).
_FOREIGN_SAYS = (
    r"(?:[\w.'-]+\s){0,3}[\w.'-]+\s+(?:disse|diz|dice|dijo|sagt|schreibt|a dit|a \u00e9crit"
    r"|schreef|zegt)\s*:"
)
_THREAD_OPENER = re.compile(
    rf"^(?:\d+\s+)?(?:[\w']+\s+){{0,2}}{_COMMENT_WORDS}(?:\s*\d+)?$"
    r"|^\d+\s+(?:responses?|comments?|replies|thoughts?)\s+(?:to|on)\b"
    rf"|^\d+\s+{_FOREIGN_COMMENT_WORDS}(?:\s+(?:para|a|\u00e0|en|zu|sur|op|em|su|do|on|to)\b.*)?$"
    r"|^(?:leave|post|add|write|submit)\s+(?:a|an|your)\s+(?:comment|reply|response)\b"
    r"|^comments?\s+(?:are|is)\s+closed\b"
    rf"|^{_SAYS}$",
    re.IGNORECASE,
)
# What follows an opener in a thread: who wrote, when ("2 days ago", "May 3, 2019 at 6:34"), and
# the buttons under each comment.
_THREAD_SIGN = re.compile(
    rf"^{_SAYS}$|^{_FOREIGN_SAYS}$"
    r"|\b\d+\s+(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+ago\b"
    r"|^(?:reply|report|like|flag|upvote|downvote|permalink|responder|rispondi|antworten"
    r"|r\u00e9pondre|reageren|odpowiedz)$"
    r"|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\s+"
    r"(?:at\s+)?\d{1,2}:\d{2}",
    re.IGNORECASE,
)
_NON_WORD = re.compile(r"[^\w\s'.:-]")
# The article has begun once this many words are kept (a comment count beside the byline is
# no thread); openers and signs are short lines.
_THREAD_MIN_WORDS = 50
_THREAD_WINDOW = 12
_OPENER_MAX_WORDS = 16
_SIGN_MAX_WORDS = 14


def _squeeze(text: str) -> str:
    """Brackets and symbols out, spaces collapsed: "[ 167 comments ]" -> "167 comments"."""
    return " ".join(_NON_WORD.sub(" ", text).split()).strip(" .")


# Substrings without which no opener matches: a cheap gate before the pattern, same result.
_OPENER_HINTS = (
    "comment",
    "coment",
    "kommentar",
    "reactie",
    "komentarz",
    "respost",
    "respuest",
    "rispost",
    "ponse",
    "respons",
    "repl",
    "discussion",
    "conversation",
    "reaction",
    "thought",
    "says",
    "said",
    "wrote",
    "closed",
)


def _opens_thread(texts: Sequence[str], reasons: Sequence[str | None], i: int) -> bool:
    """Whether a discussion opens at line ``i``. An opener needs a sign of a thread (or a comment
    form's line) within ``_THREAD_WINDOW`` lines after it; a comment form's line needs another
    line of the form: a heading and its notice, a notice and its button."""
    text = texts[i]
    window = range(i + 1, min(len(texts), i + 1 + _THREAD_WINDOW))
    if reasons[i] == COMMENT_FORM:
        return any(reasons[j] == COMMENT_FORM for j in window)
    if word_count(text) > _OPENER_MAX_WORDS:
        return False
    low = text.lower()
    if not any(hint in low for hint in _OPENER_HINTS):
        return False
    if not _THREAD_OPENER.search(_squeeze(text)):
        return False
    return any(
        reasons[j] == COMMENT_FORM
        or (
            word_count(texts[j]) <= _SIGN_MAX_WORDS
            and _THREAD_SIGN.search(_squeeze(texts[j])) is not None
        )
        for j in window
    )


def cut_comment_thread(
    texts: Sequence[str], keep: npt.NDArray[np.bool_], reasons: list[str | None]
) -> None:
    """Drop every kept line from the start of a reader discussion on (in place)."""
    kept_words = 0
    for i, text in enumerate(texts):
        if kept_words >= _THREAD_MIN_WORDS and _opens_thread(texts, reasons, i):
            reasons[i] = reasons[i] or "comments"
            for j in range(i, len(texts)):
                if keep[j]:
                    keep[j] = False
                    reasons[j] = reasons[j] or "comments"
            return
        if keep[i]:
            kept_words += word_count(text)
