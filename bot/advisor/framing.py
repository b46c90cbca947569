"""A pasted draft's framing line ("Peux-tu critiquer mon brouillon pour Instagram?") kept apart."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.advisor.platforms import load_platforms
from bot.french import fold

# Words that, alone, ask the advisor about the text that follows.
_STRONG = re.compile(
    r"\b(critiqu\w*|brouillon|draft|relis\w*|relire|feedback|review|ton\s+avis|votre\s+avis|"
    r"qu['’]en\s+pens\w*|what\s+do\s+you\s+think|your\s+thoughts|thoughts\s+on)\b",
    re.IGNORECASE,
)
# Words that ask only when the line also names the text or a network (« voici mon post »).
_WEAK = re.compile(
    r"\b(peux[- ]tu|pouvez[- ]vous|pourrais[- ]tu|can\s+you|could\s+you|voici|here['’]?s|"
    r"here\s+is|check|regarde\w*|look\s+at)\b",
    re.IGNORECASE,
)
_OBJECT = re.compile(
    r"\b(post|publication|texte|message|caption|l[ée]gende|annonce|infolettre|newsletter)\b",
    re.IGNORECASE,
)
_FOR_NETWORK = re.compile(
    r"\b(pour|for|sur|on)\s+(facebook|fb|instagram|insta|ig|linkedin|tiktok|twitter|x)\b",
    re.IGNORECASE,
)
# A block that is entirely quoted (« … », "…", “…”, ```…``` or > lines): text set apart to be read.
_QUOTED = re.compile(r"«[^»]+»|\"[^\"]+\"|“[^”]+”|```.+```|(?:>[^\n]*\n?)+", re.DOTALL)
_FENCE = re.compile(r"^```[\w-]*\n?|\n?```$")
_QUOTE_LINE = re.compile(r"^\s*>\s?", re.MULTILINE)
MAX_FRAMING_CHARS = 240
MIN_DRAFT_CHARS = 15


@dataclass(frozen=True)
class DraftRequest:
    """The draft to critique, the user's framing line (if any) and the platform it names."""

    draft: str
    framing: str | None = None
    platform: str | None = None


def platform_named(text: str, prompts_dir: Path) -> str | None:
    """The platform a text names ('instagram' for « pour Insta »), or None."""
    norms, aliases = load_platforms(prompts_dir)
    names = {name: name for name in norms if name != "generic"}
    names.update({alias: target for alias, target in aliases.items() if target in norms})
    names.pop("x", None)  # "x" alone is too common a letter; « X (Twitter) » via "twitter"
    folded = fold(text)
    found = [
        (match.start(), target)
        for name, target in names.items()
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", folded)
    ]
    return min(found)[1] if found else None


def _asks(line: str) -> bool:
    """True when `line` is a request about a text, not the first line of a post."""
    if _STRONG.search(line):
        return True
    names_text = bool(_OBJECT.search(line) or _FOR_NETWORK.search(line))
    if _WEAK.search(line) and names_text:
        return True
    return len(line) <= 40 and bool(_FOR_NETWORK.search(line)) and line.rstrip().endswith(":")


def _clean(draft: str) -> str:
    draft = _FENCE.sub("", draft.strip()).strip()
    if draft and all(line.lstrip().startswith(">") for line in draft.splitlines() if line.strip()):
        draft = _QUOTE_LINE.sub("", draft)
    return draft.strip().strip('«»"“”').strip()


def split_framing(text: str, prompts_dir: Path) -> DraftRequest:
    """Separate a leading request line from the draft that follows it.

    The framing is the first line, or the part of it up to a colon, when it is short, asks the
    advisor something (critique, avis, peux-tu, what do you think, pour Instagram...) and more
    text follows. Without such a line, the whole text is the draft."""
    stripped = text.strip()
    head, _, rest = stripped.partition("\n")
    framing: str | None = None
    quoted = _QUOTED.fullmatch(rest.strip()) is not None
    if rest.strip() and len(head) <= MAX_FRAMING_CHARS and (_asks(head) or quoted):
        framing, draft = head.strip(), rest
    else:
        before, colon, after = head.partition(":")
        if (
            colon
            and len(before) <= MAX_FRAMING_CHARS
            and _asks(before)
            and len((after + "\n" + rest).strip()) >= MIN_DRAFT_CHARS
        ):
            framing, draft = before.strip() + " :", after + ("\n" + rest if rest else "")
        else:
            draft = stripped
    draft = _clean(draft)
    if framing and not draft:  # the line was all there was: critique it as written
        return DraftRequest(draft=_clean(stripped))
    platform = platform_named(framing, prompts_dir) if framing else None
    return DraftRequest(draft=draft, framing=framing, platform=platform)
