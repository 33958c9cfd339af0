"""Build the static token table of the fast story embedder from the installed MiniLM packages.

    nice -n 10 python research/clustering/build_static_table.py --shifted \
        src/newsweave/stages/cluster/data/static_minilm.npz

(the shipped table; ``--check`` fits on 90% of the windows and prints the mean cosine to
MiniLM on the other 10%, the criterion the ridge was chosen by). The MiniLM vectors of the
windows are cached in /tmp (about 12 + 12 minutes of CPU on this machine the first time).

1. Prior: every vocabulary token passed alone through MiniLM ([CLS] t [SEP], mean-pooled),
   centred, weighted by log of its vocabulary rank (BERT's word pieces are roughly in
   frequency order, so frequent tokens weigh less, as in SIF / model2vec).
2. Fit (tokenlearn-style): windows of 12-120 words of news text that is neither clustering
   benchmark (PolNeAR articles, the AEB article bodies, NeuS roundups) are embedded by MiniLM;
   the table is the ridge solution, shrunk towards the prior, of mean(token rows) + bias ~=
   MiniLM vector (ridge 0.2 towards the prior). Tokens the corpus never shows keep their prior
   row. The corpus is used only here; the package ships only the fitted table.
3. Stored as int8 rows with a float32 scale per row (np.savez_compressed, 10.9 MB), read with
   numpy only (no pickle).

Nothing is downloaded; the corpus texts are not stored, only the fitted table.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp

from newsweave.nlp.embed import load_embedder

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "benchmarks"
WINDOW_WORDS = (12, 24, 40, 64, 120)
RIDGE = 0.2


def corpus() -> list[str]:
    texts: list[str] = []
    for path in sorted((SHARED / "quotes" / "polnear" / "data").glob("*/text/*.txt")):
        texts.append(path.read_text(encoding="utf-8", errors="replace"))
    truth = json.loads((SHARED / "extraction" / "aeb" / "ground-truth.json").read_text())
    texts.extend(str(v["articleBody"]) for _, v in sorted(truth.items()))
    neus = (SHARED / "summaries" / "neus" / "val.source").read_text(encoding="utf-8")
    for line in neus.splitlines():
        texts.extend(part.split("ARTICLE=>")[-1] for part in line.split("[SEP]"))
    return texts


def windows(texts: list[str], shifted: bool = False) -> list[str]:
    """Consecutive windows of 12-120 words; ``shifted``: a second set starting mid-window."""
    out: list[str] = []
    k = 0
    for text in texts:
        words = text.split()
        start = WINDOW_WORDS[k % len(WINDOW_WORDS)] // 2 if shifted else 0
        while start < len(words):
            size = WINDOW_WORDS[k % len(WINDOW_WORDS)]
            k += 1
            piece = words[start : start + size]
            if len(piece) >= 6:
                out.append(" ".join(piece))
            start += size
    return out


def teacher(
    texts: list[str], cache: Path, with_prior: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """(prior table or empty, MiniLM vectors of ``texts``), cached in ``cache``."""
    if cache.exists():
        saved = np.load(cache)
        return saved["prior"], saved["targets"]
    start = time.perf_counter()
    prior = single_token_table() if with_prior else np.zeros((0, 384), dtype=np.float32)
    targets = load_embedder().embed(texts)
    print(f"teacher {time.perf_counter() - start:.0f} s", file=sys.stderr)
    np.savez(cache, prior=prior, targets=targets)
    return prior, targets


def single_token_table() -> np.ndarray:
    embedder = load_embedder()
    tokenizer, session = embedder._tokenizer, embedder._session
    vocab = tokenizer.get_vocab_size()
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    out = np.zeros((vocab, 384), dtype=np.float32)
    for begin in range(0, vocab, 512):
        ids = np.arange(begin, min(vocab, begin + 512), dtype=np.int64)
        input_ids = np.stack([np.full_like(ids, cls), ids, np.full_like(ids, sep)], axis=1)
        feeds = {
            "input_ids": input_ids,
            "attention_mask": np.ones_like(input_ids),
            "token_type_ids": np.zeros_like(input_ids),
        }
        out[ids] = session.run(None, feeds)[0].mean(axis=1)
    return out


def rank_weights(vocab: int) -> np.ndarray:
    rank = np.maximum(np.arange(vocab) - 1995, 1)
    return np.log1p(rank).astype(np.float32)


def bag_matrix(texts: list[str], vocab: int) -> sp.csr_matrix:
    """Row i: token counts of text i / its token count, plus a constant bias column."""
    from tokenizers import Tokenizer

    tok = Tokenizer.from_str(load_embedder()._tokenizer.to_str())
    tok.no_padding()
    tok.no_truncation()
    rows, cols, vals = [], [], []
    for i, enc in enumerate(tok.encode_batch(texts, add_special_tokens=False)):
        ids = enc.ids[:250]
        for t in ids:
            rows.append(i)
            cols.append(t)
            vals.append(1.0 / max(len(ids), 1))
        rows.append(i)
        cols.append(vocab)
        vals.append(1.0)
    return sp.csr_matrix((vals, (rows, cols)), shape=(len(texts), vocab + 1), dtype=np.float64)


def block_cg(a: sp.csr_matrix, b: np.ndarray, x: np.ndarray, ridge: np.ndarray, steps: int):
    """Solve (A^T A + diag(ridge)) X = B column-wise by conjugate gradients (vectorised)."""

    def apply(v: np.ndarray) -> np.ndarray:
        return a.T @ (a @ v) + ridge[:, None] * v

    r = b - apply(x)
    p = r.copy()
    rs = (r * r).sum(axis=0)
    for step in range(steps):
        ap = apply(p)
        alpha = rs / np.maximum((p * ap).sum(axis=0), 1e-30)
        x += alpha * p
        r -= alpha * ap
        new = (r * r).sum(axis=0)
        if step % 25 == 0:
            print(f"cg {step}: residual {np.sqrt(new.mean()):.3e}", file=sys.stderr)
        p = r + (new / np.maximum(rs, 1e-30)) * p
        rs = new
    return x


def quantised(table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    scale = np.abs(table).max(axis=1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.round(table / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--teacher", default="/tmp/newsweave_static_teacher.npz")
    parser.add_argument("--ridge", type=float, default=RIDGE)
    parser.add_argument("--steps", type=int, default=120)
    parser.add_argument("--shifted", action="store_true", help="add mid-window windows")
    parser.add_argument("--check", action="store_true", help="fit on 90%%, report the other 10%%")
    args = parser.parse_args()
    texts = windows(corpus())
    print(f"{len(texts)} windows", file=sys.stderr)
    prior_raw, targets = teacher(texts, Path(args.teacher), with_prior=True)
    if args.shifted:
        more = windows(corpus(), shifted=True)
        _, more_targets = teacher(more, Path(args.teacher.replace(".npz", "_shifted.npz")))
        texts += more
        targets = np.vstack([targets, more_targets])
        print(f"{len(texts)} windows with the shifted ones", file=sys.stderr)
    vocab = len(prior_raw)
    held = np.zeros(len(texts), dtype=bool)
    if args.check:
        held[::10] = True
        check_a = bag_matrix([t for t, h in zip(texts, held, strict=True) if h], vocab)
        check_y = targets[held]
        texts = [t for t, h in zip(texts, held, strict=True) if not h]
        targets = targets[~held]
    prior = (prior_raw - prior_raw.mean(axis=0)) * rank_weights(vocab)[:, None]
    a = bag_matrix(texts, vocab)
    # Scale the prior so that its bag means are as long as the teacher's vectors.
    guess = a[:, :vocab] @ prior
    scale = float((guess * targets).sum() / (guess * guess).sum())
    prior = np.vstack([prior * scale, np.zeros((1, 384))])
    seen = np.asarray((a != 0).sum(axis=0)).ravel()
    # Shrink towards the prior, more for rarely seen tokens (ridge per row, in data units).
    ridge = np.full(vocab + 1, args.ridge / len(texts) * 1000.0)
    ridge[vocab] = 1e-6
    rhs = a.T @ targets.astype(np.float64) + ridge[:, None] * prior
    table = block_cg(a, rhs, prior.copy(), ridge, args.steps)
    fit = a @ table
    fit /= np.linalg.norm(fit, axis=1, keepdims=True)
    print(
        f"mean cosine to teacher (train): {(fit * targets).sum(axis=1).mean():.4f}; "
        f"tokens seen {int((seen[:vocab] > 0).sum())}",
        file=sys.stderr,
    )
    if args.check:
        for label, candidate in (("prior", prior), ("fit", table)):
            guess = check_a @ candidate
            guess /= np.linalg.norm(guess, axis=1, keepdims=True)
            print(
                f"held-out windows, mean cosine to teacher ({label}): "
                f"{(guess * check_y).sum(axis=1).mean():.4f}",
                file=sys.stderr,
            )
    q, row_scale = quantised(table[:vocab].astype(np.float32))
    np.savez_compressed(args.out, tokens=q, scale=row_scale, bias=table[vocab].astype(np.float32))


if __name__ == "__main__":
    main()
