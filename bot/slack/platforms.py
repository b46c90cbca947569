"""The platform a Slack message asks a critique for (« pour Instagram », "LinkedIn post")."""

from __future__ import annotations

import re
from pathlib import Path

from bot.advisor.framing import platform_named
from bot.advisor.platforms import load_platforms
from bot.french import fold

_NETWORK = r"(?:facebook|fb|instagram|insta|ig|linkedin|tiktok|tik-tok|twitter|x)"
_OWNER = r"(?:(?:le|la|les|l'|mon|ma|mes|notre|nos|my|our|a|an|un|une)\s*)?"
# Said of the text, not inside it: « pour Instagram », "for LinkedIn", "LinkedIn post",
# « publication Facebook », « post sur TikTok ». A post's own « suivez-nous sur Instagram » is not.
_ASKED = re.compile(
    rf"\b(?:pour|for)\s+{_OWNER}(?P<a>{_NETWORK})\b"
    rf"|\b(?P<b>{_NETWORK})\s+(?:post|publication|caption|reel|story|video|carousel|carrousel)\b"
    rf"|\b(?:post|publication|caption|legende|texte)\s+(?:(?:sur|on|pour|for)\s+)?"
    rf"{_OWNER}(?P<c>{_NETWORK})\b"
)
HEAD_CHARS = 240


def requested_platform(text: str, prompts_dir: Path) -> str | None:
    """The platform the first line of `text` asks for ('instagram'), or None (advisor decides)."""
    head = fold(text.strip().partition("\n")[0][:HEAD_CHARS])
    match = _ASKED.search(head)
    if not match:
        return None
    name = match.group("a") or match.group("b") or match.group("c")
    if name == "x":
        return "x" if "x" in load_platforms(prompts_dir)[0] else None
    return platform_named(name, prompts_dir)


def platform_choices(prompts_dir: Path) -> list[tuple[str, str]]:
    """(name, label) of every platform with norms, the general norms last."""
    norms, _aliases = load_platforms(prompts_dir)
    named = [(name, n.label) for name, n in norms.items() if name != "generic"]
    return [*named, ("generic", norms["generic"].label)]
