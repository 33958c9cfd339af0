"""Quote variants shown word by word against the canonical wording: inserted words, words
substituted (the canonical word struck through, the variant's beside it), elided words."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from newsweave.stages.quotes.align import wording_of


@dataclass(frozen=True, slots=True)
class DiffPiece:
    """A run of words and how to show it: ``""`` (same), ``ins``, ``sub``, ``del``."""

    text: str
    css: str = ""


def variant_pieces(canonical: str, variant: str) -> list[DiffPiece]:
    """The variant's words, marked where they differ from the canonical wording (case and
    punctuation aside, as the alignment compares them)."""
    a, b = wording_of(canonical), wording_of(variant)
    matcher = SequenceMatcher(None, list(a.tokens), list(b.tokens), autojunk=False)
    pieces: list[DiffPiece] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = " ".join(a.surface[i1:i2]), " ".join(b.surface[j1:j2])
        if tag == "equal":
            pieces.append(DiffPiece(new))
        elif tag == "insert":
            pieces.append(DiffPiece(new, "ins"))
        elif tag == "delete":
            pieces.append(DiffPiece(old, "del"))
        else:
            pieces += [DiffPiece(old, "del"), DiffPiece(new, "sub")]
    return _spaced(pieces)


def _spaced(pieces: list[DiffPiece]) -> list[DiffPiece]:
    """Spaces between pieces, kept outside the marked runs."""
    out: list[DiffPiece] = []
    for index, piece in enumerate(pieces):
        if index:
            out.append(DiffPiece(" "))
        out.append(piece)
    return out


def terminal_markup(pieces: list[DiffPiece]) -> list[tuple[str, str]]:
    """(text, rich style) pairs for the command line."""
    styles = {"": "", "ins": "bold green", "sub": "bold yellow", "del": "red strike"}
    return [(p.text, styles[p.css]) for p in pieces]


def plain_markup(pieces: list[DiffPiece]) -> str:
    """The pieces as plain text, for output without colours (a file, a pipe): removed words as
    ``[-...-]``, inserted or substituted ones as ``{+...+}`` (git's word-diff notation)."""
    marks = {"": "{}", "ins": "{{+{}+}}", "sub": "{{+{}+}}", "del": "[-{}-]"}
    return "".join(marks[p.css].format(p.text) for p in pieces)
