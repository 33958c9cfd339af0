"""Flatten an HTML page to all its visible text, one line per block, as a scraper would save it.

This is deliberately *not* a cleaner: navigation, headers, footers, asides and forms stay, because
they are visible. What goes is what a browser does not render as text: scripts, styles, templates,
the document head, comments and elements hidden by markup (``hidden``, ``display:none``).
Inline elements stay on their line; block elements and ``<br>`` start a new one; whitespace inside
a line is collapsed. The output is the input of the plain-text cleaner in the benchmark's task (b).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from lxml import etree, html

__all__ = ["BLOCK_TAGS", "FlatLine", "flatten_html", "flatten_lines", "parse_html"]

# Elements whose text never shows on the page (``head`` carries the <title>, which a browser
# shows in the tab, not in the page).
_INVISIBLE_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "head",
        "title",
        "meta",
        "link",
        "svg",
        "math",
        "iframe",
        "object",
        "embed",
        "canvas",
        "audio",
        "video",
        "source",
        "track",
        "map",
        "param",
        "input",
        "textarea",
        "select",
        "option",
        "datalist",
    }
)

# Elements that start and end a line (HTML's block-level and table elements).
BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "legend",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "button",
        "label",
    }
)

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
# Scripts without spaces (CJK) rely on element boundaries as word breaks, as a renderer that copies
# text node by node does: "アプリ<a>Kindle</a>" reads as two words, and so do two inline items
# ("<span>Share</span><span>Tweet</span>"). A boundary before a small letter inside an
# alphabetic word is no break: a drop cap ("<span>H</span>ong Kong"), markup inside a word
# ("<b>burn</b>ing").
_SOFT = "\x00"
_SOFT_BETWEEN_WORDS = re.compile(r"(?<=\w)\x00+(?=\w)")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_HEAD = re.compile(r"<head[\s>].*?</head\s*>", re.IGNORECASE | re.DOTALL)
# Invisible elements without an end tag: they hide nothing after them.
_VOID_TAGS = frozenset({"meta", "link", "source", "track", "param", "input", "embed"})


def parse_html(markup: str) -> etree._Element | None:
    """Parse markup leniently; ``None`` when there is nothing parseable (never raises).

    Past 2,048 levels of nesting (unclosed tags by the thousand) libxml2 drops everything
    deeper; such a page is parsed again as its head and its visible text, one paragraph per
    line, so its text is not lost (its structure is, below the head).
    """
    if not markup or not markup.strip():
        return None
    # lxml refuses str input that declares an encoding; the text is already decoded.
    markup = _XML_DECLARATION.sub("", markup, count=1)
    root, too_deep = _parse(markup)
    if too_deep:
        root, _ = _parse(_shallow(markup))
    return root


def _parse(markup: str) -> tuple[etree._Element | None, bool]:
    """The parsed page, and whether libxml2 dropped what was nested too deep."""
    # huge_tree: libxml2 otherwise silently drops everything below 256 levels of nesting.
    parser = html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        root = html.document_fromstring(markup.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError, TypeError):
        return None, False
    too_deep = any("Excessive depth" in error.message for error in parser.error_log)
    return root, too_deep


def _shallow(markup: str) -> str:
    """``markup`` rebuilt without its nesting: the head as it is, then one paragraph per line of
    visible text (read by the standard library's parser, which keeps no tree)."""
    head = _HEAD.search(markup)
    reader = _TextReader()
    reader.feed(markup[head.end() :] if head else markup)
    reader.close()
    lines = "".join(f"<p>{escape(line)}</p>" for line in reader.lines())
    return f"<html>{head.group(0) if head else ''}<body>{lines}</body></html>"


class _TextReader(HTMLParser):
    """Visible text, a line break at each block element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _INVISIBLE_TAGS and tag not in _VOID_TAGS:
            self._hidden += 1
        elif tag in BLOCK_TAGS or tag == "br":
            self._parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _INVISIBLE_TAGS and tag not in _VOID_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCK_TAGS:
            self._parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self._parts.append(data)

    def lines(self) -> list[str]:
        text = "".join(self._parts)
        return [
            line for line in (_SPACES.sub(" ", raw).strip() for raw in text.split("\n")) if line
        ]


def _is_hidden(element: etree._Element) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style and _HIDDEN_STYLE.search(style))


def _tag_name(element: etree._Element) -> str | None:
    tag = element.tag
    if not isinstance(tag, str):  # comments, processing instructions, entities
        return None
    return tag.rpartition("}")[2].lower()


@dataclass(frozen=True, slots=True)
class FlatLine:
    """One line of the flattened page and the markup it came from (for the HTML extractor)."""

    text: str
    element: etree._Element  # the innermost block element open when the line's text began
    link_chars: int  # characters of the line that sit inside <a> elements


class _LineWriter:
    """Accumulates text fragments and cuts them into collapsed, non-empty lines."""

    __slots__ = ("_current", "_element", "_link_chars", "lines")

    def __init__(self) -> None:
        self.lines: list[FlatLine] = []
        self._current: list[str] = []
        self._element: etree._Element | None = None
        self._link_chars = 0

    def add(self, text: str | None, block: etree._Element, in_link: bool) -> None:
        if text:
            if self._element is None and text.strip():
                self._element = block
            self._current.append(text)
            if in_link:
                self._link_chars += len(text.strip())

    def soft_boundary(self) -> None:
        """Mark an inline element boundary (a word break only between two word characters)."""
        self._current.append(_SOFT)

    def break_line(self) -> None:
        if not self._current:
            return
        joined = _SOFT_BETWEEN_WORDS.sub(_join_or_break, "".join(self._current))
        joined = joined.replace(_SOFT, "")
        line = _SPACES.sub(" ", joined).strip()
        element, link_chars = self._element, self._link_chars
        self._current, self._element, self._link_chars = [], None, 0
        if line and element is not None:
            self.lines.append(FlatLine(line, element, min(link_chars, len(line))))


def _join_or_break(match: re.Match[str]) -> str:
    """At an inline boundary between two word characters: nothing inside one alphabetic word
    (a small letter follows a letter), a space otherwise."""
    text, start, end = match.string, match.start(), match.end()
    before, after = text[start - 1], text[end]
    if after.islower() and _alphabetic(before) and _alphabetic(after):
        return ""
    return " "


def _alphabetic(char: str) -> bool:
    """A letter of a script that separates its words with spaces (not CJK, kana or Hangul)."""
    return char.isalpha() and not (
        "\u1100" <= char <= "\u11ff"
        or "\u2e80" <= char <= "\ua4cf"
        or "\uac00" <= char <= "\ud7af"
        or "\uf900" <= char <= "\ufaff"
        or "\uff66" <= char <= "\uffdc"
    )


def flatten_lines(root: etree._Element) -> list[FlatLine]:
    """All visible text under ``root``, one line per block element, with its source element."""
    writer = _LineWriter()
    blocks: list[etree._Element] = [root]  # open block elements, innermost last
    links = 0  # depth of open <a> elements
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = _tag_name(element)
        hidden = tag is None or tag in _INVISIBLE_TAGS or _is_hidden(element)
        if event == "start":
            if hidden:
                # The element's tail is visible text of its parent; it is written at "end",
                # which iterwalk still reports after skip_subtree().
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS or tag == "br":
                writer.break_line()
                if tag != "br":
                    blocks.append(element)
            else:
                writer.soft_boundary()
                links += tag == "a"
            writer.add(element.text, blocks[-1], links > 0)
        else:
            if not hidden and (tag in BLOCK_TAGS or tag == "br"):
                writer.break_line()
                if tag != "br" and len(blocks) > 1:
                    blocks.pop()
            elif not hidden:
                writer.soft_boundary()
                links -= tag == "a"
            if element is not root:
                writer.add(element.tail, blocks[-1], links > 0)
    writer.break_line()
    return writer.lines


def flatten_html(markup: str) -> str:
    """All visible text of an HTML page, one line per block; ``""`` for unparseable input."""
    root = parse_html(markup)
    if root is None:
        return ""
    try:
        return "\n".join(line.text for line in flatten_lines(root))
    except (etree.LxmlError, ValueError):
        return ""
