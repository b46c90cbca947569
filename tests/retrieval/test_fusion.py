"""Unit tests for reciprocal rank fusion and the per-source cap."""

from __future__ import annotations

import pytest

from bot.retrieval.search import cap_per_source, rrf_fuse


def test_rrf_rewards_items_ranked_by_both_lists() -> None:
    scores = rrf_fuse([["a", "b", "c"], ["c", "a", "d"]], k=60)
    assert scores["a"] == pytest.approx(1 / 61 + 1 / 62)
    assert scores["c"] == pytest.approx(1 / 63 + 1 / 61)
    assert scores["b"] == pytest.approx(1 / 62)
    assert sorted(scores, key=lambda i: -scores[i])[:2] == ["a", "c"]


def test_rrf_constant_flattens_or_sharpens_rank_differences() -> None:
    sharp = rrf_fuse([["a", "b"]], k=1)
    flat = rrf_fuse([["a", "b"]], k=1000)
    assert sharp["a"] / sharp["b"] > flat["a"] / flat["b"]


def test_empty_rankings_fuse_to_nothing() -> None:
    assert rrf_fuse([[], []]) == {}


def test_cap_per_source_keeps_order_and_drops_extras() -> None:
    source = {"1": "x", "2": "x", "3": "y", "4": "x", "5": "y"}
    assert cap_per_source(["1", "2", "3", "4", "5"], source, 2) == ["1", "2", "3", "5"]
    assert cap_per_source(["1", "2", "3", "4", "5"], source, 1) == ["1", "3"]
