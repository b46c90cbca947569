"""Reading and writing brand profiles, always within one team (never another team's rows)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import ValidationError
from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError

from bot.profiles.errors import FieldProblem, ProfileInvalid
from bot.profiles.model import BrandProfile, merge_profiles
from bot.profiles.table import WORKSPACE, BrandProfileRow
from bot.state.db import session_factory

_TEAM = re.compile(r"^[TE][A-Z0-9]{1,39}$")
_CHANNEL = re.compile(r"^[CGD][A-Z0-9]{1,39}$")


def team_id(raw: str, allow_empty: bool = True) -> str:
    """A Slack team id (T… or E…), upper-cased; "" (single-workspace mode's key) when allowed;
    ProfileInvalid otherwise."""
    value = (raw or "").strip().upper()
    if not value and allow_empty:
        return value
    if not _TEAM.fullmatch(value):
        shown = (raw or "").strip()[:40]
        raise ProfileInvalid(
            [
                FieldProblem(
                    "team",
                    f"not a Slack team id: {shown!r} (expected T…, e.g. T0123ABCD)",
                    f"Identifiant d'espace de travail invalide : « {shown} » (T…, ex. T0123ABCD).",
                )
            ]
        )
    return value


def channel_id(raw: str | None) -> str:
    """A Slack channel id (C…, G… or D…), upper-cased, or "" for the workspace default."""
    value = (raw or "").strip().upper()
    if value and not _CHANNEL.fullmatch(value):
        shown = (raw or "").strip()[:40]
        raise ProfileInvalid(
            [
                FieldProblem(
                    "channel",
                    f"not a Slack channel id: {shown!r} (expected C…, e.g. C0123ABCD)",
                    f"Identifiant de canal invalide : « {shown} » (C…, ex. C0123ABCD).",
                )
            ]
        )
    return value


@dataclass(frozen=True)
class StoredProfile:
    """A profile as stored: its team and channel ("" = workspace), who changed it and when."""

    team_id: str
    channel_id: str
    profile: BrandProfile
    updated_at: datetime
    updated_by: str


def _profile(data: dict) -> BrandProfile:
    try:
        return BrandProfile(**(data or {}))
    except (TypeError, ValidationError):  # a row edited by hand: keep what still reads
        fields = BrandProfile.model_fields
        return BrandProfile(**{k: v for k, v in (data or {}).items() if k in fields})


def _stored(row: BrandProfileRow) -> StoredProfile:
    return StoredProfile(
        row.team_id, row.channel_id, _profile(row.data), row.updated_at, row.updated_by
    )


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class ProfileRepository:
    """Brand profiles on the state database (the state store's engine)."""

    def __init__(self, engine: Engine) -> None:
        self._session = session_factory(engine)

    def get(self, team: str, channel: str | None = WORKSPACE) -> StoredProfile | None:
        """The profile stored for exactly (team, channel), or None."""
        key = (team_id(team), channel_id(channel))
        with self._session() as session:
            row = session.get(BrandProfileRow, key)
            return _stored(row) if row else None

    def get_effective(self, team: str, channel: str | None = None) -> BrandProfile | None:
        """The workspace profile with the channel's override applied (None when neither)."""
        team, channel = team_id(team), channel_id(channel)
        keys = [WORKSPACE, channel] if channel else [WORKSPACE]
        with self._session() as session:
            rows = session.scalars(
                select(BrandProfileRow).where(
                    BrandProfileRow.team_id == team, BrandProfileRow.channel_id.in_(keys)
                )
            ).all()
        by_channel = {row.channel_id: _profile(row.data) for row in rows}
        override = by_channel.get(channel) if channel else None
        return merge_profiles(by_channel.get(WORKSPACE), override)

    def set(
        self,
        team: str,
        channel: str | None,
        profile: BrandProfile,
        updated_by: str = "",
        now: datetime | None = None,
    ) -> StoredProfile:
        """Store `profile` for (team, channel), replacing what was there."""
        key = (team_id(team), channel_id(channel))
        moment = now or _now()
        data = profile.set_fields()
        for _attempt in range(2):  # a concurrent first insert: the second try updates it
            try:
                with self._session.begin() as session:
                    row = session.get(BrandProfileRow, key)
                    if row is None:
                        row = BrandProfileRow(team_id=key[0], channel_id=key[1])
                        session.add(row)
                    row.data = data
                    row.updated_at = moment
                    row.updated_by = (updated_by or "")[:40]
                    return _stored(row)
            except IntegrityError:
                continue
        raise RuntimeError("brand profile could not be saved")  # pragma: no cover

    def delete(self, team: str, channel: str | None = WORKSPACE) -> bool:
        """Delete the profile of (team, channel); False when there was none."""
        key = (team_id(team), channel_id(channel))
        with self._session.begin() as session:
            result = session.execute(
                delete(BrandProfileRow).where(
                    BrandProfileRow.team_id == key[0], BrandProfileRow.channel_id == key[1]
                )
            )
            return bool(result.rowcount)

    def list(self, team: str) -> list[StoredProfile]:
        """The team's profiles: the workspace default first, then channels by id."""
        team = team_id(team)
        with self._session() as session:
            rows = session.scalars(
                select(BrandProfileRow)
                .where(BrandProfileRow.team_id == team)
                .order_by(BrandProfileRow.channel_id)
            ).all()
        return [_stored(row) for row in rows]

    def forget_team(self, team: str) -> int:
        """Delete every profile of `team` (workspace uninstalled); returns how many."""
        team = team_id(team)
        with self._session.begin() as session:
            result = session.execute(delete(BrandProfileRow).where(BrandProfileRow.team_id == team))
            return int(result.rowcount or 0)


def forget_team(engine: Engine, team: str) -> int:
    """Delete every brand profile of `team` on `engine` (for the uninstall work)."""
    return ProfileRepository(engine).forget_team(team)
