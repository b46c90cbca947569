"""The `brand_profiles` table (mapped in bot/state/models.py with every state table)."""

from __future__ import annotations

from bot.state.models import BrandProfileRow

WORKSPACE = ""
"""The channel id of a workspace's default profile."""

__all__ = ["WORKSPACE", "BrandProfileRow"]
