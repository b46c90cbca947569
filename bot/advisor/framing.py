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
# Words that ask for an edit of a text: they ask after « peux-tu / can you » (« peux-tu
# améliorer », "can you make this better"). Asked in the singular, a question about the text
# asks on its own (« tu changerais quoi », « t'en penses quoi »).
EDIT_WORDS = (
    r"am[ée]lior\w*|make\s+(?:this|it)\s+better|improve\w*|retravaill\w*|rework|reformul\w*|"
    r"rephrase|corrig\w*|polish"
)
_EDIT = re.compile(rf"\b({EDIT_WORDS})\b", re.IGNORECASE)
_CAN_YOU = re.compile(
    r"\b(peux[- ]tu|pouvez[- ]vous|pourrais[- ]tu|tu peux|can\s+you|could\s+you|please)\b",
    re.IGNORECASE,
)
_ASKS_ADVISOR = re.compile(
    r"\b(tu\s+(?:changerais|modifierais|am[ée]liorerais|enl[èe]verais|ajouterais)|"
    r"(?:tu|t['’])\s*en\s+penses?\s+quoi|what\s+would\s+you\s+(?:change|improve|fix))\b",
    re.IGNORECASE,
)
# A line that points at the text above it (« ^ c'est pour LinkedIn », « ☝️ ça te va? »).
_POINTER = re.compile(r"^\s*(?:\^+|↑|☝️?|👆|⬆️?|ci-dessus|above)", re.IGNORECASE)
# The advisor addressed in the singular (a closing « Qu'en pensez-vous? » asks the followers), or
# the text above named as the writer's own (« c'est mon texte pour Insta », "that's my caption").
_TO_ADVISOR = re.compile(r"\b(tu|t['’]|toi|te|ton|ta)\b", re.IGNORECASE)
_MY_TEXT = re.compile(
    r"\b(mon|ma|notre|my|our)\s+(?:\w+\s+)?(post|publication|publi|texte|message|caption|"
    r"l[ée]gende|annonce)\b",
    re.IGNORECASE,
)
# Same-line separators between a request and the draft: a colon or an arrow.
_SEPARATOR = re.compile(r"\s*(?::|→|->|=>|⇒|👇|⬇️?)\s*")
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
    if _STRONG.search(line) or _ASKS_ADVISOR.search(line):
        return True
    names_text = bool(_OBJECT.search(line) or _FOR_NETWORK.search(line))
    if _WEAK.search(line) and names_text:
        return True
    if _CAN_YOU.search(line) and _EDIT.search(line):
        return True
    return len(line) <= 40 and bool(_FOR_NETWORK.search(line)) and line.rstrip().endswith(":")


def _clean(draft: str) -> str:
    draft = _FENCE.sub("", draft.strip()).strip()
    if draft and all(line.lstrip().startswith(">") for line in draft.splitlines() if line.strip()):
        draft = _QUOTE_LINE.sub("", draft)
    return draft.strip().strip('«»"“”').strip()


def _trailing(stripped: str) -> tuple[str, str] | None:
    """A last line that asks the advisor about the text above it (« ^ c'est pour LinkedIn, tu
    changerais quoi? »): set apart by a blank line or pointing up, and addressed to the advisor
    rather than to the followers. (draft, framing) or None."""
    above, newline, last = stripped.rpartition("\n")
    last = last.strip()
    if not newline or len(last) > MAX_FRAMING_CHARS or len(above.strip()) < MIN_DRAFT_CHARS:
        return None
    if _POINTER.match(last):
        return above, last
    apart = above.rstrip(" \t").endswith("\n")
    names_mine = bool(_MY_TEXT.search(last)) and (last.endswith("?") or _asks(last))
    if apart and (names_mine or (_asks(last) and _TO_ADVISOR.search(last))):
        return above, last
    return None


def split_framing(text: str, prompts_dir: Path) -> DraftRequest:
    """Separate the request line from the draft it is about.

    The framing is the first line, or the part of it up to a colon or an arrow, when it is short,
    asks the advisor something (critique, avis, peux-tu améliorer, what do you think, pour
    Instagram...) and more text follows; or else a last line that points at the text above or asks
    the advisor about it. Without such a line, the whole text is the draft."""
    stripped = text.strip()
    head, _, rest = stripped.partition("\n")
    framing: str | None = None
    quoted = _QUOTED.fullmatch(rest.strip()) is not None
    separator = _SEPARATOR.search(head)
    before, after = (head[: separator.start()], head[separator.end() :]) if separator else ("", "")
    if rest.strip() and len(head) <= MAX_FRAMING_CHARS and (_asks(head) or quoted):
        framing, draft = head.strip(), rest
    elif (
        separator
        and len(before) <= MAX_FRAMING_CHARS
        and _asks(before + (":" if ":" in separator.group() else ""))  # « pour insta : … »
        and len((after + "\n" + rest).strip()) >= MIN_DRAFT_CHARS
    ):
        framing, draft = before.strip() + " :", after + ("\n" + rest if rest else "")
    elif trailing := _trailing(stripped):
        draft, framing = trailing
    else:
        draft = stripped
    draft = _clean(draft)
    if framing and not draft:  # the line was all there was: critique it as written
        return DraftRequest(draft=_clean(stripped))
    platform = platform_named(framing, prompts_dir) if framing else None
    return DraftRequest(draft=draft, framing=framing, platform=platform)
