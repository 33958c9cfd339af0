"""Explicit rules that recognise well-known kinds of boilerplate lines and name the reason.

Each rule is general evidence about page furniture (credits, counters, calls to action, share
rows, reading times, copyright lines, bios written about a byline name...), never about a
particular outlet or person. A rule only removes; keeping is the line model's decision.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence

from newsweave.stages.clean.comments import COMMENT_FORM, is_comment_form
from newsweave.stages.clean.dates import MONTHS, WEEKDAYS
from newsweave.stages.clean.line_features import COUNTER, READ_TIME, word_count
from newsweave.stages.clean.regions import is_prose

__all__ = ["SENTENCE_BREAK", "line_rule", "looks_like_name", "rule_reasons"]

_WORD = re.compile(r"\w+")
# A headline does not end in a full stop (a sentence of the article can start "More: ...").
_TERMINAL_STOP = re.compile(r"[.!?][\"'\u201d\u2019)]*\s*$")

# A credit closing a caption: "(AP Photo/Jane Doe)", "(Photo by X via Getty Images)",
# "Photo: Jane Doe/Reuters", "Image credit: NASA".
# The stretches after a credit word are possessive ("{0,100}+", "\s*+"): a run of spaces could
# otherwise be shared out among them in every way before the end of the line failed to match
# (3.7 s for 400 spaces between "Photo:" and a "!").
_CREDIT_TAIL = re.compile(
    r"(?:\((?=[^()]{0,120}\))[^()]*\b(?:photo|photograph|image|picture|pic|foto|file|credit"
    r"|illustration|pool|via|getty|shutterstock|istock)\b[^()]*\)"
    r"|\b(?:photo|photograph|image|picture|illustration|graphic|video)s?\s*(?:by|credit|courtesy)"
    r"\b[^.!?]{0,100}+"
    r"|\b(?:photo|image|picture|credit|foto|bild|source)s?\s*:\s*+[^.!?]{0,80}+"
    r"|\b(?:getty images|shutterstock|istock(?:photo)?|ap photo|afp photo|reuters photo)\b"
    r"[^.!?]{0,40}+)\s*+(?:\.\s*+)?$",
    re.IGNORECASE,
)
# Institutions joined by slashes in brackets, closing a caption: "Titan in false colour. (NASA/
# JPL/Space Science Institute)", "The map of Titan (NASA/JPL-Caltech/ASU)". After a full stop,
# or three names or more, and nothing after the bracket: a sentence ending on a pair of
# acronyms ("... the Union (CDU/CSU).", "(HIV/AIDS)", "(AC/DC)") is the article's. Names of two
# characters or more: "(R/Texas)" is a party and a state.
_CREDIT_NAME = r"[A-Z][\w.&'\u2019-]++(?: [A-Z][\w.&'\u2019-]++){0,3}"
_SLASHED_CREDIT_END = re.compile(
    rf"(?:[.!?]\s+\({_CREDIT_NAME}(?:\s?/\s?{_CREDIT_NAME})+"
    rf"|\({_CREDIT_NAME}(?:\s?/\s?{_CREDIT_NAME}){{2,}})\)\s*$"
)
# A line that is a credit in brackets and nothing else: "(Walt Disney Co.)", "(Jane Roe /
# Associated Press)". Capitalised words only: "(View all)" and "(Published Monday, Nov. 18)" are
# other things.
_BRACKETED_CREDIT = re.compile(
    r"^\(\s*[A-Z][\w&'\u2019.-]*+(?:(?:\s*/\s*|\s+)[A-Z][\w&'\u2019.-]*+){1,5}\s*\)$"
)
# "Jane Roe, AP" under a picture.
_AGENCY_AFTER_NAME = re.compile(
    r"^[A-Z][\w'\u2019.-]+(?: [A-Z][\w'\u2019.-]+){1,3}\s*,\s*(?:AP|AFP|Reuters|EPA|Xinhua|dpa"
    r"|Getty Images|Shutterstock|(?:The )?Associated Press)$"
)
_CREDIT_ONLY = re.compile(
    r"^\(?\s*(?:(?:photo|photograph|image|picture|pic|illustration|graphic|video|foto|credit"
    r"|source)s?\s*(?:by|credit|courtesy|:|/)|courtesy of\s)",
    re.IGNORECASE,
)
_IMAGE_NOUN = re.compile(
    r"^(?:[\w'\u2019.-]+\s){0,4}(?:logo|symbol|icon|emblem|photo|image|picture|avatar|thumbnail"
    r"|illustration|screenshot|graphic|file photo|placeholder|banner image|headshot|portrait)s?$"
    r"|^(?:avatar|image|photo|picture|video|gallery|thumbnail|icon|logo|play|play video)$",
    re.IGNORECASE,
)
_SHARE_WORDS = frozenset(
    "share shares sharing tweet email e mail print facebook twitter x linkedin whatsapp pinterest "
    "reddit telegram messenger copy link url this article story on via save comment comments "
    "follow us instagram youtube tiktok flipboard pocket sms mail google plus tumblr vk line "
    "viber copied".split()
)
_NAV_PHRASES = re.compile(
    r"^(?:read|show|see|load|view|more|discover|explore)\s+(?:more|all|less|next|previous|full"
    r"(?:\s+\w+)?|stories|articles|news)\b.{0,20}$|^(?:home|menu|search|back to top|skip to"
    r"(?: main)? content|next|previous|prev|close|open|toggle navigation|sections|topics"
    r"|news feed|latest news|top stories|most read|most popular|trending|related|related"
    r"(?: articles| stories| posts| news| coverage)?|recommended(?: for you)?|you may also like"
    r"|you might also like|more from .{1,40}|more on .{1,40}|up next|watch next|editor'?s picks"
    r"|advertisement|advertising|sponsored(?: content)?|ad|ads|promoted)"
    r"\s*[:.\u2026>\u203a\u00bb]*$"
    # A step of a breadcrumb trail or a pager link: "Blog >", "Software \u203a", "Next Post \u00bb".
    r"|^[^<>]{1,50}?(?:\s>|[\u203a\u00bb])$",
    re.IGNORECASE,
)
# Section openers that introduce other stories, in the languages the cleaner meets most: a whole
# line ("Most read in world news", "Leia também", "関連記事") and nothing else. Those that
# ``_NAV_PHRASES`` matches first keep its reason (navigation) and still open a list.
_SECTION_OPENER = re.compile(
    r"^(?:(?:most|the most)\s+(?:read|popular|viewed|shared|commented|watched)|trending|top stories"
    r"|latest (?:news|stories)|popular (?:stories|now)|see also|also read|read also|don'?t miss"
    r"|more stories|other stories|related(?: articles| stories| posts| news| coverage| topics"
    r"| content| reading| links)?|recommended(?: for you)?|you (?:may|might) also like"
    r"|more (?:from|on) .{1,40}|up next|next up|watch next|editors?'?s? picks)"
    r"(?:\s+(?:in|on|from|at|this)\s+.{1,40})?$"
    r"|^(?:leia|veja)\s+(?:tamb[eé]m|mais)|^(?:artigos|not[ií]cias|posts|mat[eé]rias|art[ií]culos"
    r"|noticias|articles|articoli|artikel|beitr[aä]ge)\s+(?:relacionad[oa]s|similaires|correlati"
    r"|connexes|[aä]hnliche)|^mais\s+lid[oa]s|^lo\s+m[aá]s\s+(?:le[ií]do|visto)"
    r"|^(?:tamb[ié]n\s+)?te\s+puede\s+interesar|^lee\s+(?:tambi[eé]n|m[aá]s)"
    r"|^lesen\s+sie\s+(?:auch|mehr)|^mehr\s+zum\s+thema|^weitere\s+(?:artikel|beitr[aä]ge|meldungen)"
    r"|^(?:[aä]hnliche|verwandte)\s+(?:artikel|beitr[aä]ge)|^meistgelesen|^(?:[aà]\s+)?lire\s+aussi"
    r"|^les\s+plus\s+lus|^sur\s+le\s+m[eê]me\s+sujet|^leggi\s+anche|^i\s+pi[uù]\s+letti"
    r"|^lees\s+ook|^meest\s+gelezen|^читайте\s+также|^по\s+теме"
    r"|^(?:関連記事|人気記事|新着記事|おすすめ記事|こちらの記事も|相关(?:文章|新闻|阅读)|热门(?:文章|新闻)"
    r"|推荐阅读|延伸阅读|관련\s?기사|많이\s?본|인기\s?기사|최신\s?기사)",
    re.IGNORECASE,
)
# A link to another story set in the text: "Related: Headline", "Also on example.com Headline".
_RELATED_PREFIX = re.compile(
    r"^\[?(?:related(?: posts?| articles?| stories| story| links?| reading)?|see also|see more"
    r"|read also|also read|read more|more|also|watch|listen|recommended)\s*[:|\u00bb>]\s*\S"
    r"|^(?:also )?on [\w-]+\.[a-z]{2,}(?:\.[a-z]{2})?(?:\s*:|\s+(?-i:[A-Z\d]))",
    re.IGNORECASE,
)
# An image counter in a gallery: "Image 1 of 5", "Photo 3/12".
_GALLERY_COUNTER = re.compile(
    r"^(?:image|photo|picture|slide|foto|bild)\s+\d+\s*(?:of|/|von|de|di|sur)\s*\d+$",
    re.IGNORECASE,
)
# A photo caption in wire style dates the picture with its weekday and year ("... shake hands in
# Hanoi, Tuesday, Nov. 19, 2019."); an article says "on Tuesday". On the AEB DEV pages, 59 lines
# of eight words or more carry such a date, none of them the article's.
_PHOTO_DATE = re.compile(
    rf"\b(?:{'|'.join(WEEKDAYS)}),?\s+(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\.?"
    r"\s+\d{1,2},?\s+(?:19|20)\d\d\b",
    re.IGNORECASE,
)
# A caption without a credit describes its picture: "An artist's concept of a lunar lander.",
# "This satellite image from NASA shows fires near Delhi.", "A cross-section through the module
# showing ...". An article's sentence about a picture tells what happened to it ("The image of
# the pope was shared ...").
_PICTURE_DESCRIPTION = re.compile(
    r"^(?:(?:an?|the|this|these)\s+)?(?:[\w'\u2019-]+\s+){0,2}(?:concept|illustration|image"
    r"|photo|photograph|picture|rendering|render|screenshot|map|graphic|diagram|cross-section"
    r"|still|file photo|stock image|artist's impression|satellite image)s?\s+(?:of|through"
    r"|showing|shows|depicting|from|taken)\b",
    re.IGNORECASE,
)
# A wire photo's caption opens by dating its picture or calling it a file or handout photo ("In
# this Nov. 5, 2019, photo, ...", "This March 28, 2017, file photo provided by ... shows ...";
# a fact-check's "This photo shows ..." may be the article's), or ends with the agency's credit
# ("... in Nogales, Ariz. (AP)", "... on July 25, 2019.J. Scott Applewhite / AP file"); an
# article's dateline names the agency at its start ("LONDON (AP) -").
_PHOTO_OPENER = re.compile(
    r"^(?:in\s+)?this\s+(?:[\w.,'\u2019 -]{0,30}?\d[\w.,'\u2019 -]{0,30}?\s(?:file\s+|handout\s+)?"
    r"|(?:file|handout)\s+)(?:photo|photograph|image|picture|frame grab|video (?:still|grab)"
    r"|screenshot)s?\b",
    re.IGNORECASE,
)
_AGENCY_CREDIT_END = re.compile(
    r"(?:\((?:AP|AFP|Reuters)(?: Photo)?\)|/\s*(?:AP|AFP|Reuters)(?:\s+(?:file|photo|images?))?)"
    r"\s*\.?\s*$"
)
_NARRATED = re.compile(
    r"\b(?:was|were|had|has been|have been|will|said|says|became|went|is being|showed|circulated"
    r"|emerged|appeared|surfaced|posted|shared|published|released|obtained|revealed|sparked"
    r"|prompted|drew)\b",
    re.IGNORECASE,
)
# A long caption (a diagram explained at length) still ends as captions do: its last sentence is
# the picture's credit alone ("... during the cruise phase. Credit: ESA"). An article's paragraph
# may end on its data's source ("Source: Eurostat"), never on a picture credit.
_CREDITED_CAPTION = re.compile(
    r"[.!?\u201d)]\s+(?i:(?:photo|photograph|image|picture|illustration|graphic)s?\s*"
    r"(?:by|credit|courtesy(?: of)?|:)|credits?\s*:)\s*"
    # a name: capitalised words, with the joiners credits use ("NASA/JPL-Caltech", "University
    # of Bristol", "Jane Roe via Getty Images"). Each word ends where a joiner begins, so a
    # word is matched one way only (an optional joiner let a run of capitals be cut anywhere:
    # 11 s to give up on forty of them).
    r"[A-Z][\w'\u2019&.-]*"
    r"(?:(?:\s*/\s*|\s+(?:of|and|the|for|via|de)\s+|,?\s+)[A-Z][\w'\u2019&.-]*){0,7}"
    r"\.?\s*$"
)
# Longer than this, a line is not a caption even with a credit at its end.
_CREDITED_CAPTION_MAX_WORDS = 200
# A caption announced as one ("Image caption ...", "Media caption ...") and a credit set as
# "Name Surname/Outlet" under a picture.
_CAPTION_PREFIX = re.compile(r"^(?:image|media|photo|video|picture)\s+caption\b", re.IGNORECASE)
_SLASH_CREDIT = re.compile(
    r"^[A-Z][a-z][\w'\u2019.-]*(?: [A-Z][\w'\u2019.-]+){1,3}"
    r"\s?/\s?[A-Z][\w.&-]*(?: [A-Z][\w.&-]*){0,3}$"
)
_SHARE_CALL = re.compile(
    r"\bshare (?:it|this|the story|this (?:story|article|post))"
    r" with (?:a friend|your friends|others)\b",
    re.IGNORECASE,
)
_SHARE_PROMPT = re.compile(
    r"(?:sharing is caring|(?:did you )?(?:like|enjoy|enjoyed|love|loved) this (?:article|story"
    r"|post))\s*[!?.]*$",
    re.IGNORECASE,
)
_ADVERT = re.compile(
    r"^[\u00bb\u203a>]?\s*(?:advertisement|advertising|sponsored(?: content)?|ad|ads|advert|adverts"
    r"|promoted|anzeige|werbung|publicidade|publicidad|pubblicità|publicité|reklama"
    r"|advertentie|광고|広告|スポンサー(?:ド)?リンク"
    r"|paid content|partner content|story continues below(?: advertisement)?"
    # What a video advert's player shows when it ends.
    r"|visit (?:the )?website|thanks? (?:you )?for watching)"
    r"\s*[:.!]*$",
    re.IGNORECASE,
)
_BANNER = re.compile(
    r"\b(?:help us|become a (?:member|subscriber|supporter|patron)|support (?:our|independent|us"
    r"|quality)|join (?:us|our|now|today)|subscribe (?:now|today|to)|donate|make a (?:donation"
    r"|contribution)|members? by the end|reach [\d,.]+ (?:members|subscribers|supporters)"
    r"|free trial|unlimited access|already a (?:member|subscriber)|sign up|log ?in to"
    r"|create (?:a free|an) account|turn off your ad ?blocker|disable your ad ?blocker)\b",
    re.IGNORECASE,
)
# The outlet asking its reader for something, beyond the set phrases of ``_BANNER``: "We do this
# work at no cost to you ... please support us", "If you enjoyed this article, we have a
# proposition for you: Join X". The outlet speaks as "we" to "you" and asks for support,
# membership or a subscription; a quotation in an article is marked as one or attributed.
_READER = re.compile(r"\b(?:you|your)\b", re.IGNORECASE)
_OUTLET_VOICE = re.compile(r"\b(?:we|our|us)\b", re.IGNORECASE)
_APPEAL = re.compile(
    r"\b(?:support|join|subscri\w*|members?(?:hip)?|donat\w*|contribut\w*|sign up|newsletter"
    r"|free trial|unlimited access)\b",
    re.IGNORECASE,
)
_ATTRIBUTED = re.compile(r"\b(?:said|says|told|asked|wrote|according to)\b", re.IGNORECASE)
# A sentence that orders the reader to sign up, subscribe, join or support the outlet, or to get
# its newsletter, alerts or access ("There's plenty more where that came from. Sign up for X
# today ...", "... Click to subscribe!", "Let our news meet your inbox.").
_IMPERATIVE_APPEAL = re.compile(
    r"(?:^|[.!?]\s+)(?:sign up|subscribe|join (?:our|us)|click (?:here )?to subscribe"
    r"|support (?:us|our|independent)"
    r"|(?:get|stay|never miss|let our|start your day)\b[^.!?]{0,80}?\b(?:newsletters?|inbox"
    r"|delivered|alerts|updates?|access)\b|(?:stay|keep) up[- ]to[- ]date with\b)",
    re.IGNORECASE,
)
# Quotation marks split a line into stretches outside and inside quotes. Someone is quoted when a
# stretch inside holds three words or more, not all capitalised: a quoted code or title ("Use the
# code \"SAVE\"", "our sister title \"All About Space\"") is not speech.
_QUOTE_MARK = re.compile(r"[\"\u201c\u201d]")
_QUOTED_MIN_WORDS = 3
# A wire story's closing credits: "(Reporting by Jane Doe; Editing by John Roe)", "Additional
# reporting by ...", "Writing by X, editing by Y", "Jane Doe in Eastport contributed to this
# report."
_WIRE_CREDIT = re.compile(
    r"^\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled|research)\s+by\b"
    r"|^(?:additional\s+)?(?:reporting|writing)\s+by\b.{0,200}\b(?:editing|writing|reporting)"
    r"\s+by\b"
    r"|\bcontributed\s+(?:reporting|to\s+(?:this|the)\s+(?:report|story|article))"
    r"(?:\s+(?:from|in)\s+[A-Z][\w.,'\u2019 -]{0,40})?\s*[.)]*$",
    re.IGNORECASE,
)
# How to reach the author or the outlet: "Email Jane Doe at jdoe@example.com or follow her
# @jdoe", "Follow us on Twitter @Example and on Facebook".
_CONTACT = re.compile(
    r"\b(?:e-?mail|contact|reach|write to)\s+(?:\S+\s+){0,3}at\s+\S+@\S+"
    r"|\bfollow\s+(?:us|him|her|them|me)\s+(?:on\s+\w+\s*)?@\w"
    r"|\bfollow\s+us\s+on\s+(?:twitter|facebook|instagram|linkedin|x|youtube|tiktok)\b",
    re.IGNORECASE,
)
_NEWSLETTER = re.compile(
    r"\bnewsletters?\b|\binbox\b|\bunsubscribe\b|\bsign(?:ing)? up\b|\bsuccessfully subscribed\b",
    re.IGNORECASE,
)
# What a subscription form says about itself, in sentences: "An email with an activation link
# has just been sent to your email address", "... brings our releases directly to your inbox",
# "Thank you for subscribing".
_SUBSCRIPTION = re.compile(
    r"\b(?:activation link|activate your (?:subscription|account)|confirm your (?:subscription"
    r"|e-?mail address)|thanks? (?:you )?for subscribing|(?:directly |straight )?(?:to|in) your"
    r" (?:inbox|mailbox))\b",
    re.IGNORECASE,
)
_COMMENTS = re.compile(
    r"^(?:\d+\s+)?(?:comments?|replies|responses)\s*(?:\(\d+\))?$|^(?:leave|post|add|view|show"
    r"|join)\s+(?:a|the|all)?\s*(?:comments?|discussion|conversation|reply)\b|^reply$|^report$"
    r"|^(?:\w+\s){0,3}\w+\s+(?:says|said|wrote|replied):$",
    re.IGNORECASE,
)
# A line that is an address and nothing else ("jdoe@example.com", "Email: jdoe@example.com").
_EMAIL_ONLY = re.compile(r"^(?:e-?mail\s*:?\s*)?[\w.+-]+@[\w-]+(?:\.[\w-]+)+$", re.IGNORECASE)
_LEGAL = re.compile(
    r"\u00a9|\bcopyright\b|\ball rights reserved\b|^terms of (?:use|service)"
    r"|^privacy policy|^cookie (?:policy|settings)"
    r"|\bmay not be (?:reproduced|republished|redistributed|copied)\b[^.]*\bpermission\b"
    r"|\bwithout (?:the )?(?:prior |express )*written permission\b",
    re.IGNORECASE,
)
_COOKIES = re.compile(r"\bcookies?\b", re.IGNORECASE)
_COOKIE_CONTEXT = re.compile(
    r"\b(?:website|web site|browser|consent|accept|privacy|your experience|opt[ -]out|gdpr)\b",
    re.IGNORECASE,
)
_BYLINE_OPENER = r"^(?i:by|von|par|por|di)\s+"
_BYLINE = re.compile(
    _BYLINE_OPENER + r"[A-Z\u00c0-\u024f][\w'\u2019.-]+(?:\s+[A-Z\u00c0-\u024f]"
    r"[\w'\u2019.-]+){0,3}(?:\s*(?:,|and|&|\||/)\s*.{0,60})?$"
)
# A byline that also dates the story: "By Jane Doe , John Roe on Monday, November 18th, 2019 at
# 11:08 a.m.", "By Jane Doe, Wednesday, 20 November 2019 08:05 GMT".
_OPENS_BYLINE = re.compile(_BYLINE_OPENER)
_BYLINE_DATE_SEPARATOR = re.compile(r"\s+on\s+|\s*[,|\u2013\u2014]\s*|\s+-\s+")
_DATED_BYLINE_MAX_WORDS = 25
_ROLE = re.compile(
    r"^(?:senior |chief |staff |contributing |deputy |managing |executive |political |foreign "
    r"|news |sports |science |business |features? )*(?:reporter|writer|journalist|editor"
    r"|correspondent|columnist|contributor|producer|author|photographer|analyst|editor-at-large"
    r"|bureau chief|news editor)s?$",
    re.IGNORECASE,
)
_BIO_VERB = re.compile(
    r"^(?:is|was|has been|has|covers|writes|reports|joined|serves|leads|edits|holds)\b",
    re.IGNORECASE,
)
_BIO_ROLE = re.compile(
    r"\b(?:reporter|journalist|editor|writer|correspondent|columnist|contributor|producer|author"
    r"|photographer|analyst|freelance|staff|bureau|newsroom|covers|specializ|specialis|based in"
    r"|graduate|degree|previously worked|joined)\w*",
    re.IGNORECASE,
)
# Whitespace is matched possessively ("\s*+"): nothing after it starts with a space, and a run of
# spaces shared out among three optional stretches took 3.7 s for 1,200 of them.
_TIMESTAMP = re.compile(
    r"^(?:(?:updated|published|posted|last updated|modified|created|first published)\s*+:?\s*+)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s++)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s++(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
    r"\.?,?\s*+\d{0,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s++\d{1,2}"
    r"(?:st|nd|rd|th)?,?\s*+\d{0,4}|\d{4}-\d{2}-\d{2}(?:t[\d:.+z-]+)?|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:\s*+(?:at|,|-|\u2013|\|)?\s*+\d{1,2}[:.]\d{2}(?:\s*+[ap]\.?m\.?)?(?:\s*+[a-z]{2,4})?)?"
    r"\s*+$|^\d+\s++(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\s++ago$",
    re.IGNORECASE,
)


# Values a page's scripts leave in its text when it is flattened: never words of an article.
_SCRIPT_VALUES = frozenset({"true", "false", "null", "undefined", "NaN", "[object Object]"})


def looks_like_name(text: str) -> bool:
    """Two to four capitalised words and nothing else: "Jane Doe", "Mary Ann O'Neil"."""
    words = text.split()
    return 2 <= len(words) <= 4 and all(
        w[:1].isupper()
        and (
            w[1:].replace("'", "").replace("\u2019", "").replace("-", "").replace(".", "").isalpha()
            or len(w) <= 2
        )
        for w in words
    )


# How to cite the page itself: "Citation: <title> (2019, November 18) retrieved 20 November 2019
# from https://...", "Cite this article: ...", "Suggested citation: ...".
_CITATION = re.compile(
    r"^(?:citation|suggested citation|how to cite(?: this)?(?: article| page| story)?"
    r"|cite (?:this|as)(?: article| page| story)?|to cite this (?:article|page|story))\s*:"
    r"|\bretrieved\s+(?:on\s+)?(?:\d{1,2}\s+\w+|\w+\s+\d{1,2},?)\s+\d{4},?\s+from\s+\S+",
    re.IGNORECASE,
)


_CREDIT_HINTS = (
    "photo",
    "image",
    "picture",
    "credit",
    "getty",
    "shutterstock",
    "istock",
    "reuters",
    "afp",
    "foto",
    "bild",
    "illustration",
    "source:",
    "video",
    "graphic",
)


def _has_credit_hint(low: str) -> bool:
    return any(hint in low for hint in _CREDIT_HINTS)


def _is_cookie_notice(text: str, n_words: int) -> bool:
    mentions = len(_COOKIES.findall(text))
    return (
        mentions > 0
        and (n_words <= 60 or mentions >= 3)
        and _COOKIE_CONTEXT.search(text) is not None
    )


def _dated_byline(text: str) -> bool:
    """A byline followed by the story's date and time (one line)."""
    if not _OPENS_BYLINE.match(text):
        return False
    for separator in _BYLINE_DATE_SEPARATOR.finditer(text):
        names, when = text[: separator.start()], text[separator.end() :]
        if _TIMESTAMP.match(when) and _BYLINE.match(names):
            return True
    return False


def _quotes_someone(text: str) -> bool:
    """A stretch of the line inside quotation marks holds three words or more (a line that
    opens with a closing mark continues a quotation begun above it)."""
    marks = _QUOTE_MARK.findall(text)
    if not marks:
        return False
    stretches = _QUOTE_MARK.split(text)
    inside = stretches[0 if marks[0] == "\u201d" else 1 :: 2]
    return any(_is_speech(stretch) for stretch in inside)


def _is_speech(stretch: str) -> bool:
    # A title in quotes ("All About Space") capitalises every word; speech does not.
    words = stretch.split()
    return len(words) >= _QUOTED_MIN_WORDS and not all(w[:1].isupper() for w in words)


def _is_quoted(text: str) -> bool:
    """Someone else's words: a quotation, or a line attributed to a speaker."""
    return _quotes_someone(text) or _ATTRIBUTED.search(text) is not None


def _is_appeal(text: str, folded: str) -> bool:
    """The outlet addressing its reader with a request (support, membership, subscription),
    in its own voice or as an order ("Sign up for ..."). ``folded``: see ``_folded``."""
    appeal = (_may_order(text, folded) and _IMPERATIVE_APPEAL.search(text) is not None) or (
        _may_address_reader(text, folded)
        and _READER.search(text) is not None
        and _APPEAL.search(text) is not None
        and _OUTLET_VOICE.search(text) is not None
    )
    return appeal and not _is_quoted(text)


# Most lines are prose that no rule removes, and the rules' patterns ignore case, which makes
# them slow to search (a quarter of cleaning a plain-text article went to ``line_rule``): the
# costly ones are tried only on lines that hold a word each of their matches must contain,
# looked for in the line lower-cased. Python's patterns that ignore case match four other
# characters to ASCII letters (U+0130 and U+0131 to i, U+017F to s, the Kelvin sign U+212A to
# k), which are folded too, so that the words are found wherever a pattern would match.
_ODD_FOLDS = re.compile("[\u0130\u0131\u017f\u212a]")
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_YEAR = re.compile(r"(?:19|20)\d\d")
_IMPERATIVE_WORDS = (
    "sign up",
    "subscribe",
    "join ",
    "support ",
    "newsletter",
    "inbox",
    "delivered",
    "alerts",
    "update",
    "access",
    "to date",
    "to-date",
)
_AGENCIES = ("AP", "AFP", "Reuters")  # ``_AGENCY_CREDIT_END`` is case-sensitive
_WIRE_CREDIT_OPENERS = ("(", "additional", "reporting", "writing")
_LEGAL_WORDS = (
    "\u00a9",
    "copyright",
    "rights reserved",
    "terms of",
    "privacy policy",
    "cookie",
    "may not be",
    "written permission",
)


def _folded(text: str, low: str) -> str:
    """The line lower-cased (``low``), with ``_ODD_FOLDS`` folded if it has any."""
    return low if _ODD_FOLDS.search(text) is None else text.translate(_ASCII_FOLDS).lower()


# The gates: given the line and its ``_folded`` form, whether its pattern may match it.


def _may_open_photo(text: str, folded: str) -> bool:
    return "this" in folded


def _may_credit_agency(text: str, folded: str) -> bool:
    return any(agency in text for agency in _AGENCIES)


def _may_date_photo(text: str, folded: str) -> bool:
    return _YEAR.search(text) is not None


def _may_order(text: str, folded: str) -> bool:
    return any(word in folded for word in _IMPERATIVE_WORDS)


def _may_address_reader(text: str, folded: str) -> bool:
    return "you" in folded


def _may_describe_subscription(text: str, folded: str) -> bool:
    return "your" in folded or "subscri" in folded or "activat" in folded


def _may_credit_wire(text: str, folded: str) -> bool:
    stripped = folded.strip()
    return stripped.startswith(_WIRE_CREDIT_OPENERS) or "contributed" in stripped


def _may_give_contact(text: str, folded: str) -> bool:
    return "@" in text or "follow" in folded


def _may_be_legal(text: str, folded: str) -> bool:
    return any(word in folded for word in _LEGAL_WORDS)


def _may_cite(text: str, folded: str) -> bool:
    return "cit" in folded or "retrieved" in folded


def _is_share_row(words: list[str]) -> bool:
    return bool(words) and len(words) <= 12 and all(w.lower() in _SHARE_WORDS for w in words)


def line_rule(text: str) -> str | None:
    """The reason a line is boilerplate by its own shape and words, or ``None``."""
    n_words = word_count(text)
    if n_words == 0 or (n_words == 1 and text.strip() in _SCRIPT_VALUES):
        return "symbols"
    if n_words <= 8 and _COMMENTS.match(text):
        # "Leave a Reply" heads a comment form as well as a discussion.
        form = is_comment_form(text, n_words, _folded(text, text.lower()))
        return COMMENT_FORM if form else "comments"
    if n_words <= 2 and not any(ch.isalpha() for ch in text):
        return "counter"
    if COUNTER.match(text):
        return "banner"
    if READ_TIME.match(text):
        return "reading-time"
    if _ADVERT.match(text):
        return "advert"
    if n_words <= 12 and _is_share_row(_WORD.findall(text)):
        return "share"
    low = text.lower()
    folded = _folded(text, low)
    if (
        n_words <= 60
        and (text.rstrip(" .").endswith(")") or _has_credit_hint(low))
        and (_CREDIT_TAIL.search(text) or _SLASHED_CREDIT_END.search(text))
    ):
        return "credit" if n_words <= 12 or _CREDIT_ONLY.match(text) else "caption"
    if n_words <= 12 and _CREDIT_ONLY.match(text):
        return "credit"
    if 60 < n_words <= _CREDITED_CAPTION_MAX_WORDS and _CREDITED_CAPTION.search(text):
        return "caption"
    if n_words <= 60 and _CAPTION_PREFIX.match(text):
        return "caption"
    if n_words <= 80 and (
        (_may_open_photo(text, folded) and _PHOTO_OPENER.match(text) and not _NARRATED.search(text))
        or (_may_credit_agency(text, folded) and _AGENCY_CREDIT_END.search(text))
    ):
        return "caption"
    if 8 <= n_words <= 80 and _may_date_photo(text, folded) and _PHOTO_DATE.search(text):
        return "caption"
    if n_words <= 60 and _PICTURE_DESCRIPTION.match(text) and not _NARRATED.search(text):
        return "caption"
    if n_words <= 8 and (
        _SLASH_CREDIT.match(text.strip())
        or (text.lstrip().startswith("(") and _BRACKETED_CREDIT.match(text.strip()))
        or ("," in text and _AGENCY_AFTER_NAME.match(text.strip()))
    ):
        return "credit"
    if n_words <= 15 and (_SHARE_CALL.search(text) or _SHARE_PROMPT.match(text.strip())):
        return "share"
    if n_words <= 6 and (
        _IMAGE_NOUN.match(text.strip(" .:")) or _GALLERY_COUNTER.match(text.strip())
    ):
        return "label"
    if (n_words <= 25 and _BANNER.search(text) and not _is_quoted(text)) or (
        n_words <= 80 and _is_appeal(text, folded)
    ):
        return "newsletter" if _NEWSLETTER.search(text) else "banner"
    if n_words <= 25 and _NEWSLETTER.search(text) and not text.rstrip().endswith((".", "\u201d")):
        return "newsletter"
    if (
        n_words <= 60
        and _may_describe_subscription(text, folded)
        and _SUBSCRIPTION.search(text)
        and not _is_quoted(text)
    ):
        return "newsletter"
    if n_words <= 50 and _may_credit_wire(text, folded) and _WIRE_CREDIT.search(text.strip()):
        return "credit"
    if (
        n_words <= 40
        and _may_give_contact(text, folded)
        and (_CONTACT.search(text) or _EMAIL_ONLY.match(text.strip()))
    ):
        return "contact"
    if is_comment_form(text, n_words, folded):
        return COMMENT_FORM
    if n_words <= 30 and _may_be_legal(text, folded) and _LEGAL.search(text):
        return "legal"
    if n_words <= 80 and _may_cite(text, folded) and _CITATION.search(text):
        return "citation"
    if "ookie" in text and _is_cookie_notice(text, n_words):
        return "legal"
    if n_words <= 12 and _TIMESTAMP.match(text.strip()):
        return "timestamp"
    if n_words <= 6 and _NAV_PHRASES.match(text.strip()):
        return "navigation"
    if n_words <= 8 and len(text) <= 60 and _opens_list(text):
        return "related"
    if n_words <= 30 and not _TERMINAL_STOP.search(text) and _RELATED_PREFIX.match(text.strip()):
        return "related"
    if n_words <= 10 and _BYLINE.match(text.strip()):
        return "byline"
    if n_words <= _DATED_BYLINE_MAX_WORDS and _dated_byline(text.strip()):
        return "byline"
    if n_words <= 5 and _ROLE.match(text.strip()):
        return "byline"
    if n_words >= _SHOUTED_MIN_WORDS and _shouted(text):
        return "banner" if _TERMINAL_STOP.search(text) else "related"
    return None


# A line of this many words in capitals is a headline of another story or a call to act ("CLICK
# HERE TO GET THE APP"): an article's own sub-headings in capitals are shorter ("UP NEXT").
_SHOUTED_MIN_WORDS = 8


_ASCII_LOWER = string.ascii_lowercase.encode()
_ASCII_UPPER = string.ascii_uppercase.encode()


def _shouted(text: str) -> bool:
    """Whether at least 20 letters and 90 % of them are capitals. Letters are counted in C (bytes
    with the ASCII letters deleted; prose is ruled out by its small letters alone): a Python loop
    over the characters of every line cost a third of cleaning."""
    raw = text.encode("ascii", "ignore")
    small = len(raw) - len(raw.translate(None, _ASCII_LOWER))
    if small > 0.1 * len(text):  # small letters are letters, and letters are at most the text
        return False
    if len(raw) == len(text):
        upper = len(raw) - len(raw.translate(None, _ASCII_UPPER))
        letters = upper + small
    else:
        alpha = list(filter(str.isalpha, text))
        upper, letters = sum(map(str.isupper, alpha)), len(alpha)
    return letters >= 20 and upper >= 0.9 * letters


# A sentence ending inside a line ("... its advertiser. All opinions ..."). Three lower-case
# letters before the stop keep "Mr. Smith" and "U.S. Stocks" whole.
SENTENCE_BREAK = re.compile(r"[a-z]{3}[.!?\u2026][\"'\u201d\u2019)\]]*\s+[\"'\u201c\u2018(]?[A-Z]")


def _first_sentence(text: str) -> str:
    """A bio says what its subject does in its first sentence ("Jane Doe is a reporter ...");
    a paragraph about a place that once names an editor is no bio."""
    stop = SENTENCE_BREAK.search(text)
    return text[: stop.start() + 4] if stop else text


def _bio_subject(text: str, names: Sequence[str]) -> bool:
    """Whether ``text`` is written in the third person about one of ``names``."""
    for name in names:
        parts = name.split()
        candidates = {name, parts[0], parts[-1]} if parts else set()
        for candidate in sorted(candidates, key=len, reverse=True):
            if text.startswith(candidate + " "):
                rest = text[len(candidate) + 1 :]
                if _BIO_VERB.match(rest):
                    return True
    return False


# An author box: "About Jane Doe" (or "Sobre ...", "Über ...", "About the author") over a paragraph
# about that person. Recognised by the name, not by the paragraph's language.
_ABOUT = re.compile(
    r"^(?:about|sobre|\u00fcber|a propos de|\u00e0 propos de|acerca de|over|informazioni su)\s+"
    r"(?P<name>.+?)\s*:?$",
    re.IGNORECASE,
)
_ABOUT_AUTHOR = re.compile(
    r"^(?:about the author|the author|sobre (?:o|a|el|la) autora?"
    r"|\u00fcber (?:den autor|die autorin)|(?:\u00e0|a) propos de l'auteur|sull'autore"
    r"|over de auteur)\s*:?$",
    re.IGNORECASE,
)
_BOX_MIN_WORDS = 8
_BOX_NAME_WITHIN = 15
_BOX_MAX_PARAGRAPHS = 3


def _box_name(text: str) -> str | None:
    """The name an "About X" line introduces, when X reads as a name ("About Acme", "Sobre Ana
    Lima"), not a topic ("About this rating", "About us")."""
    match = _ABOUT.match(text)
    if match is None:
        return None
    name = match.group("name")
    words = name.split()
    if len(words) == 1:
        word = words[0]
        return word if len(word) >= 3 and word[0].isupper() and word[1:].isalpha() else None
    return name if looks_like_name(name) else None


def _mentions_early(text: str, name: str) -> bool:
    words = _WORD.findall(text)[:_BOX_NAME_WITHIN]
    return name.split()[-1] in words


def _mark_author_boxes(texts: Sequence[str], reasons: list[str | None]) -> None:
    """Give ``bio`` to the paragraphs of an author box and ``byline`` to its heading (in place)."""
    for i, text in enumerate(texts):
        stripped = text.strip()
        if word_count(stripped) > 6:
            continue
        name = _box_name(stripped)
        if name is None and not _ABOUT_AUTHOR.match(stripped):
            continue
        body = [
            j
            for j in range(i + 1, min(len(texts), i + 1 + _BOX_MAX_PARAGRAPHS))
            if reasons[j] is None and word_count(texts[j]) >= _BOX_MIN_WORDS
        ]
        if not body or body[0] > i + 2:
            continue
        if name is not None and not _mentions_early(texts[body[0]], name):
            continue
        reasons[i] = reasons[i] or "byline"
        previous = i
        for j in body:
            if j > previous + 1 or (j != body[0] and name and name.split()[-1] not in texts[j]):
                break
            reasons[j] = "bio"
            previous = j


# The lines a section opener introduces: headlines of other stories, up to the first prose (the
# article resuming, when the box sat inside it) or this many lines.
_OPENED_MAX_LINES = 20
_OPENED_MAX_WORDS = 25
_OPENED_MIN_LINES = 2


def _opens_list(text: str) -> bool:
    return _SECTION_OPENER.match(text.strip(" :.\u2026>\u203a\u00bb")) is not None


def _mark_opened_lists(texts: Sequence[str], reasons: list[str | None]) -> None:
    """Give ``related`` to the headline list under a section opener ("Most read", "Leia também")."""
    for i, text in enumerate(texts):
        if reasons[i] not in ("related", "navigation") or not _opens_list(text):
            continue
        end = i + 1
        while (
            end < min(len(texts), i + 1 + _OPENED_MAX_LINES)
            and not is_prose(texts[end])
            and word_count(texts[end]) <= _OPENED_MAX_WORDS
        ):
            end += 1
        # One line between an opener and prose is the article's headline under a menu word.
        if end - i - 1 < _OPENED_MIN_LINES:
            continue
        for j in range(i + 1, end):
            reasons[j] = reasons[j] or "related"


def rule_reasons(texts: Sequence[str], byline: str | None = None) -> list[str | None]:
    """Per line, the reason a rule removes it (``None`` when no rule applies).

    Besides each line's own shape, context: a bio is a paragraph in the third person about a name
    that stands alone on a line above it (or the given byline), saying what the person does ("...
    is a reporter for ..."), or the paragraph of an author box ("About Jane Doe" over a paragraph
    naming her, in any language); the headlines under a section opener ("Most read", "Leia
    também") are related stories up to the first prose.
    """
    reasons = [line_rule(t) for t in texts]
    names: list[str] = [byline] if byline else []
    for i, text in enumerate(texts):
        stripped = text.strip()
        if looks_like_name(stripped) and len(stripped) <= 40:
            names.append(stripped)
            continue
        by = _BYLINE.match(stripped)
        if by:
            names.append(re.sub(r"^\w+\s+", "", stripped).split(",")[0].strip())
        if reasons[i] is None and names and len(_WORD.findall(text)) <= 120:
            recent = names[-3:] if not byline else [byline, *names[-3:]]
            if _bio_subject(stripped, recent) and _BIO_ROLE.search(_first_sentence(stripped)):
                reasons[i] = "bio"
    _mark_author_boxes(texts, reasons)
    _mark_opened_lists(texts, reasons)
    # A name line directly above a bio, and a role line beside it, are the bio's byline.
    for i, reason in enumerate(reasons):
        if reason != "bio":
            continue
        for j in range(max(0, i - 3), i):
            if reasons[j] is None and (
                looks_like_name(texts[j].strip()) or _ROLE.match(texts[j].strip())
            ):
                reasons[j] = "byline"
    return reasons
