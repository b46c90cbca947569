"""Who may edit a workspace's brand profile: its admins and owners, and KILOVOLT_PROFILE_EDITORS."""

from __future__ import annotations

from collections.abc import Iterable


def may_edit(user: dict[str, object], editors: Iterable[str]) -> bool:
    """True for a workspace admin or owner (Slack's `users.info` user) or a listed editor."""
    if any(bool(user.get(flag)) for flag in ("is_admin", "is_owner", "is_primary_owner")):
        return True
    return str(user.get("id") or "").upper() in {e.upper() for e in editors}
