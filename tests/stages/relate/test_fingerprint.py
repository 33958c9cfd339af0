"""Fingerprints: stable across processes, and they find what they promise to find."""

from __future__ import annotations

import random
import re
import subprocess
import sys

import numpy as np

from newsweave.stages.relate.fingerprint import (
    PASSAGE,
    SHINGLE,
    WINNOW,
    jaccard_estimate,
    minhash_signature,
    passage_fingerprints,
    passage_hashes,
    tokenize,
    window_hashes,
    word_hashes,
)

VOCABULARY = [f"w{n}" for n in range(5000)]


def _words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [rng.choice(VOCABULARY) for _ in range(count)]


def test_hashes_are_the_same_in_another_process() -> None:
    code = (
        "from newsweave.stages.relate.fingerprint import tokenize, word_hashes, passage_hashes;"
        "t = tokenize('The minister said on Monday that talks would resume in Geneva soon.');"
        "print(passage_hashes(word_hashes(t.words)).tolist())"
    )
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    here = passage_hashes(
        word_hashes(
            tokenize("The minister said on Monday that talks would resume in Geneva soon.").words
        )
    )
    assert other.stdout.strip() == str(here.tolist())


def test_a_window_hash_depends_on_word_order() -> None:
    hashes = word_hashes(["a", "b", "c", "d", "e", "e", "d", "c", "b", "a"])
    windows = window_hashes(hashes, SHINGLE)
    assert windows[0] != windows[-1]  # the same words, reversed
    assert len(set(windows.tolist())) == len(windows)


def test_any_run_long_enough_shares_a_fingerprint() -> None:
    run = PASSAGE + WINNOW - 1
    for seed in range(30):
        shared = _words(run, seed)
        a = _words(200, 1000 + seed) + shared + _words(50, 2000 + seed)
        b = _words(80, 3000 + seed) + shared + _words(120, 4000 + seed)
        fa = set(passage_fingerprints(passage_hashes(word_hashes(a))))
        fb = set(passage_fingerprints(passage_hashes(word_hashes(b))))
        assert fa & fb, seed


def test_unrelated_texts_share_no_fingerprint() -> None:
    fa = set(passage_fingerprints(passage_hashes(word_hashes(_words(400, 1)))))
    fb = set(passage_fingerprints(passage_hashes(word_hashes(_words(400, 2)))))
    assert fa and fb and not fa & fb


def test_minhash_estimates_the_shingle_jaccard() -> None:
    base = _words(600, 5)
    edited = list(base)
    rng = random.Random(9)
    for position in rng.sample(range(len(base)), 40):
        edited[position] = "changed"
    shingles = [
        {tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
        for words in (base, edited)
    ]
    truth = len(shingles[0] & shingles[1]) / len(shingles[0] | shingles[1])
    estimate = jaccard_estimate(
        minhash_signature(word_hashes(base)), minhash_signature(word_hashes(edited))
    )
    assert abs(estimate - truth) < 0.12
    assert (
        jaccard_estimate(
            minhash_signature(word_hashes(base)), minhash_signature(word_hashes(_words(600, 6)))
        )
        < 0.05
    )


def test_short_texts_still_fingerprint_sensibly() -> None:
    assert passage_fingerprints(passage_hashes(word_hashes(["only", "three", "words"]))) == []
    signature = minhash_signature(word_hashes(["only", "three", "words"]))
    assert signature.shape == (128,) and np.all(
        signature == minhash_signature(word_hashes(["only", "three", "words"]))
    )
    assert len(minhash_signature(word_hashes([]))) == 128


def test_tokens_keep_offsets_when_lower_casing_changes_the_length() -> None:
    text = "İstanbul: “We will SEE,” he said."
    tokens = tokenize(text)
    assert [text[s:e].lower() for s, e in zip(tokens.starts, tokens.ends, strict=True)] == list(
        tokens.words
    )
    assert tokens.quoted[tokens.words.index("see")] and not tokens.quoted[-1]


def test_tokens_and_offsets_match_a_plain_word_search() -> None:
    texts = [
        "",
        "   ",
        "word",
        " Leading and trailing space ",
        "Numbers 6.1 and 4:12 a.m.; don't split_snake_case — ok?\n\nNew “paragraph” here.",
        "Straße, ÇA, naïve café",
    ]
    for text in texts:
        tokens = tokenize(text)
        matches = list(re.finditer(r"\w+", text.lower()))
        assert list(tokens.words) == [m.group() for m in matches], text
        assert list(tokens.starts) == [m.start() for m in matches], text
        assert list(tokens.ends) == [m.end() for m in matches], text


def test_tokens_are_compact_and_words_shared_between_texts() -> None:
    first = tokenize("The minister said “no deal” on Monday.")
    second = tokenize("On Monday the minister left.")
    # A word is one string object whatever the text (thousands of texts are kept tokenised).
    assert first.words[first.words.index("minister")] is second.words[3]
    assert isinstance(first.quoted, bytes)
    assert list(first.quoted) == [0, 0, 0, 1, 1, 0, 0]
    assert first.starts.itemsize >= 4
    assert first.ends[-1] == len("The minister said “no deal” on Monday")
