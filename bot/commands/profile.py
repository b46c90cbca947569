"""CLI for brand profiles: `kilovolt profile show|set|clear --team T [--channel C] …`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bot.commands.common import console, fail, load_settings, print_json
from bot.profiles.errors import ProfileInvalid
from bot.profiles.fields import parse_profile, require_business
from bot.profiles.model import (
    LANGUAGE_LABELS,
    REGISTER_LABELS,
    SPACING_LABELS,
    TONE_NAMES,
    BrandProfile,
)

if TYPE_CHECKING:  # the repository (SQLAlchemy) loads when a command runs
    from bot.profiles.repository import ProfileRepository, StoredProfile

profile_app = typer.Typer(
    help="Brand profile per workspace (and per channel): what the business sells, to whom, "
    "where, on which platforms, in which tone and languages."
)
INPUT_ERROR = 2

TeamOption = Annotated[str, typer.Option("--team", "-t", help="Slack team id (T…).")]
ChannelOption = Annotated[
    str | None,
    typer.Option("--channel", "-c", help="Channel id (C…) for a channel's override."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
ROWS = (
    ("business_type", "business type"),
    ("offerings", "offerings"),
    ("region", "region"),
    ("audience", "audience"),
    ("platforms", "platforms"),
    ("tone", "tone"),
    ("languages", "languages"),
    ("avoid", "avoid"),
    ("register", "register"),
    ("spacing", "spacing"),
)


def _ids(team: str, channel: str | None) -> tuple[str, str]:
    """Checked ids, or exit 2 with one line."""
    from bot.profiles.repository import channel_id, team_id

    try:
        return team_id(team, allow_empty=False), channel_id(channel)
    except ProfileInvalid as exc:
        fail(exc.message, code=INPUT_ERROR)


def _value(name: str, value: Any) -> str:
    if name == "tone":
        return f"{value} ({TONE_NAMES[value]['en']})"
    if name == "languages":
        return f"{value} ({LANGUAGE_LABELS[value]['en']})"
    if name == "register":
        return f"{value} ({REGISTER_LABELS[value]['en']})"
    if name == "spacing":
        return f"{value} ({SPACING_LABELS[value]['en']})"
    if isinstance(value, (list, tuple)):
        return ", ".join(value)
    return str(value)


def _print_profile(title: str, profile: BrandProfile | None) -> None:
    console.print(title, highlight=False, soft_wrap=True, markup=False)
    if profile is None or profile.is_empty():
        console.print("  (nothing set)", highlight=False)
        return
    for name, label in ROWS:
        value = getattr(profile, name)
        if value is not None:
            console.print(
                f"  {label:<14}{_value(name, value)}", highlight=False, soft_wrap=True, markup=False
            )


def _where(stored: StoredProfile) -> str:
    scope = f"channel {stored.channel_id}" if stored.channel_id else "workspace default"
    by = f" by {stored.updated_by}" if stored.updated_by else ""
    when = stored.updated_at.strftime("%Y-%m-%d %H:%M")
    return f"{stored.team_id}, {scope} (updated {when} UTC{by})"


def _as_json(stored: StoredProfile) -> dict[str, Any]:
    return {
        "team": stored.team_id,
        "channel": stored.channel_id,
        "profile": stored.profile.set_fields(),
        "updated_at": stored.updated_at.isoformat(timespec="seconds"),
        "updated_by": stored.updated_by,
    }


@contextmanager
def _repository() -> Iterator[ProfileRepository]:
    """The repository on the migrated state database (database errors as one line)."""
    from bot.commands.privacy import _state
    from bot.profiles.repository import ProfileRepository

    with _state(load_settings()) as engine:
        yield ProfileRepository(engine)


@profile_app.command("show")
def show_command(
    team: TeamOption, channel: ChannelOption = None, as_json: JsonOption = False
) -> None:
    """Show a team's profiles (or one channel's override and the profile it gets)."""
    team, channel = _ids(team, channel)
    with _repository() as repo:
        stored = [repo.get(team, channel)] if channel else repo.list(team)
        effective = repo.get_effective(team, channel) if channel else None
    found = [s for s in stored if s is not None]
    if as_json:
        payload: dict[str, Any] = {"team": team, "profiles": [_as_json(s) for s in found]}
        if channel:
            payload["effective"] = effective.set_fields() if effective else None
        print_json(payload)
        return
    if not found:
        where = f"channel {channel} of {team}" if channel else team
        console.print(f"no brand profile for {where}", highlight=False)
    for item in found:
        _print_profile(f"Brand profile of {_where(item)}:", item.profile)
    if channel:
        _print_profile(f"What channel {channel} gets (workspace + override):", effective)


@profile_app.command("set")
def set_command(
    team: TeamOption,
    channel: ChannelOption = None,
    business: Annotated[
        str | None, typer.Option("--business", help="Business type, e.g. 'clinique dentaire'.")
    ] = None,
    offerings: Annotated[
        str | None, typer.Option("--offerings", help="What it sells, comma-separated.")
    ] = None,
    region: Annotated[str | None, typer.Option("--region", help="City or region.")] = None,
    audience: Annotated[str | None, typer.Option("--audience", help="Who it talks to.")] = None,
    platforms: Annotated[
        str | None,
        typer.Option("--platforms", help="Comma-separated, main one first: instagram,facebook."),
    ] = None,
    tone: Annotated[
        str | None,
        typer.Option("--tone", help="1 (serious) to 5 (playful), or a name: serious, playful…"),
    ] = None,
    languages: Annotated[str | None, typer.Option("--languages", help="fr, en or both.")] = None,
    avoid: Annotated[
        str | None, typer.Option("--avoid", help="Words or topics to avoid, comma-separated.")
    ] = None,
    register: Annotated[
        str | None,
        typer.Option("--register", help="How posts address the reader: tu or vous."),
    ] = None,
    spacing: Annotated[
        str | None,
        typer.Option(
            "--spacing",
            help="Spaces before : ; ! ? — quebec (before the colon only, OQLF; the default) "
            "or france (before all four).",
        ),
    ] = None,
    by: Annotated[str, typer.Option("--by", help="Who makes the change (recorded).")] = "cli",
    as_json: JsonOption = False,
) -> None:
    """Set fields of a profile (others are kept; an empty value clears a field)."""
    team, channel = _ids(team, channel)
    raw = {
        "business_type": business,
        "offerings": offerings,
        "region": region,
        "audience": audience,
        "platforms": platforms,
        "tone": tone,
        "languages": languages,
        "avoid": avoid,
        "register": register,
        "spacing": spacing,
    }
    given = {k: v for k, v in raw.items() if v is not None}
    if not given:
        fail("nothing to set: give at least one of --business, --offerings, --region, "
             "--audience, --platforms, --tone, --languages, --avoid, --register, --spacing",
             code=INPUT_ERROR)  # fmt: skip
    with _repository() as repo:
        current = repo.get(team, channel)
        try:
            profile = parse_profile(given, current.profile if current else None)
            if not channel:
                require_business(profile)
        except ProfileInvalid as exc:
            fail(exc.message, code=INPUT_ERROR)
        stored = repo.set(team, channel, profile, updated_by=by[:40])
    if as_json:
        print_json(_as_json(stored))
    else:
        _print_profile(f"Saved the brand profile of {_where(stored)}:", stored.profile)


@profile_app.command("clear")
def clear_command(
    team: TeamOption,
    channel: ChannelOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a workspace's profile (or one channel's override)."""
    team, channel = _ids(team, channel)
    where = f"the override of channel {channel} in {team}" if channel else f"the profile of {team}"
    with _repository() as repo:
        if repo.get(team, channel) is None:
            console.print(f"nothing to clear: no {where.removeprefix('the ')}", highlight=False)
            return
        if not yes:
            typer.confirm(f"Delete {where}?", abort=True)
        repo.delete(team, channel)
    console.print(f"cleared {where}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add this group's commands to the `kilovolt` app."""
    app.add_typer(profile_app, name="profile")
