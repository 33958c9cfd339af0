"""Flattening HTML to its visible text, one line per block (the plain-text benchmark's input)."""

from __future__ import annotations

import pytest

from newsweave.stages.clean.flatten import flatten_html, flatten_lines, parse_html

PAGE = """<!DOCTYPE html>
<html><head><title>Page title</title><style>p {color: red}</style>
<script>var x = "not text";</script></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<header><h1>Headline of the story</h1></header>
<article>
  <p>First paragraph with <b>bold</b> and <a href="#">a link</a>   inside.</p>
  <p>Second line one<br>second line two</p>
  <!-- a comment -->
  <div hidden>Hidden by attribute</div>
  <div style="display: none">Hidden by style</div>
  <noscript>Enable JavaScript</noscript>
  <template><p>Template text</p></template>
  <ul><li>Item one</li><li>Item two</li></ul>
</article>
<footer>Copyright 2025 Example</footer>
</body></html>"""


def test_one_line_per_block_and_inline_text_stays_on_its_line() -> None:
    assert flatten_html(PAGE).splitlines() == [
        "Home",
        "World",
        "Headline of the story",
        "First paragraph with bold and a link inside.",
        "Second line one",
        "second line two",
        "Item one",
        "Item two",
        "Copyright 2025 Example",
    ]


def test_invisible_content_is_dropped_but_page_furniture_is_kept() -> None:
    text = flatten_html(PAGE)
    for hidden in (
        "Page title",
        "not text",
        "color",
        "Hidden by",
        "JavaScript",
        "Template",
        "a comment",
    ):
        assert hidden not in text
    # nav and footer are visible: removing them is the cleaner's job, not the flattener's.
    assert "Home" in text and "Copyright 2025 Example" in text


def test_element_boundaries_separate_words_without_spaces() -> None:
    assert flatten_html("<p>\u30a2\u30d7\u30ea<a>Kindle</a>\u3067\u3059</p>") == (
        "\u30a2\u30d7\u30ea Kindle \u3067\u3059"
    )
    assert flatten_html("<p>Hello <b>world</b>, again.</p>") == "Hello world, again."
    # Two inline items side by side are two words, as a copy of the page reads them.
    assert flatten_html("<p><span>Share</span><span>Tweet</span></p>") == "Share Tweet"


def test_markup_inside_a_word_does_not_split_it() -> None:
    # A drop cap and markup inside a word: a browser shows one word.
    assert flatten_html('<p><span class="dropcap">H</span>ong Kong is <b>burn</b>ing.</p>') == (
        "Hong Kong is burning."
    )
    assert flatten_html("<p>W<span>hile</span> é<i>té</i> д<b>ом</b></p>") == ("While été дом")
    # Digits and capitals after the boundary, and CJK on either side, stay apart.
    assert flatten_html("<p>room<b>101</b> Big<b>Deal</b> 日本<a>東京</a></p>") == (
        "room 101 Big Deal 日本 東京"
    )


def test_lines_know_their_element_and_link_text() -> None:
    root = parse_html(
        '<div><p>Read <a href="#">this story</a></p><li><a>Only a link</a></li></div>'
    )
    assert root is not None
    lines = flatten_lines(root)
    assert [(line.text, line.element.tag) for line in lines] == [
        ("Read this story", "p"),
        ("Only a link", "li"),
    ]
    assert lines[1].link_chars == len("Only a link")
    assert 0 < lines[0].link_chars < len(lines[0].text)


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "   ",
        "<<<>>>",
        "<p>unclosed <b>tags <i>everywhere",
        "\x00\x01",
        "<html></html>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>declared</p></body></html>',
    ],
)
def test_malformed_or_empty_input_never_raises(markup: str) -> None:
    assert isinstance(flatten_html(markup), str)


def test_xml_declaration_and_unclosed_tags_still_give_text() -> None:
    assert flatten_html('<?xml version="1.0" encoding="utf-8"?><p>declared</p>') == "declared"
    assert flatten_html("<p>unclosed <b>tags") == "unclosed tags"


def test_deeply_nested_markup_does_not_overflow() -> None:
    markup = "<div>" * 1500 + "deep text" + "</div>" * 1500
    assert "deep text" in flatten_html(markup)


def test_markup_nested_past_the_parsers_limit_keeps_its_text_and_head() -> None:
    # libxml2 drops what lies below 2,048 levels: unclosed tags by the thousand.
    markup = (
        "<html><head><title>Deep page</title><script>var x;</script></head><body>"
        + "<font>" * 3000
        + "<p>First paragraph &amp; more.</p><script>hidden()</script><p>Second one.</p>"
        + "</body></html>"
    )
    assert flatten_html(markup).split("\n") == ["First paragraph & more.", "Second one."]
    root = parse_html(markup)
    assert root is not None and root.findtext(".//title") == "Deep page"
