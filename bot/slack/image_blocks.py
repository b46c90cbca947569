"""Blocks for the images shared with a critiqued draft: the model's alt-text proposal, in a code
block the user can copy, with its length, and the text the model read on the image."""

from __future__ import annotations

from typing import Any

from bot.advisor.models import Critique, Language
from bot.llm.vision import ALT_TEXT_MAX
from bot.slack.formatting import escape, truncate

Block = dict[str, Any]
HEAD: dict[Language, str] = {
    "fr": "*Texte alternatif proposé* pour « {name} » ({count} caractères sur {limit}), à copier :",
    "en": "*Suggested alt text* for “{name}” ({count} of {limit} characters), to copy:",
}
READ: dict[Language, str] = {
    "fr": "Texte lu sur l'image : « {text} »",
    "en": "Text read on the image: “{text}”",
}


def image_blocks(critique: Critique) -> list[Block]:
    """One section per image the model read (alt text in a code block), plus the text read on it
    as a context line; nothing for images checked offline."""
    lang = critique.language
    out: list[Block] = []
    for entry in critique.signals.get("images") or []:
        alt = str(entry.get("alt_text") or "").strip() if isinstance(entry, dict) else ""
        if not alt:
            continue
        name = escape(str(entry.get("name") or "image"))[:100]
        head = HEAD[lang].format(name=name, count=len(alt), limit=ALT_TEXT_MAX)
        code = escape(alt).replace("`", "ʼ")
        out.append({"type": "section", "text": {"type": "mrkdwn", "text": f"{head}\n```{code}```"}})
        read = " ".join(str(entry.get("text_on_image") or "").split())
        if read:
            line = READ[lang].format(text=escape(truncate(read, 300)).replace("`", "ʼ"))
            out.append({"type": "context", "elements": [{"type": "mrkdwn", "text": line}]})
    return out
