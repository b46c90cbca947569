"""Input guards: validation of user text and requests for secrets."""

from __future__ import annotations

import re

from bot.advisor.models import Language
from bot.config import Settings
from bot.errors import InputError
from bot.french import is_wordless

_SECRET_REQUEST = re.compile(
    r"(system\s*prompt|prompt\s*syst[eè]me|\b(tes|vos|your|ton|ta|votre)\s+(instructions|consignes|"
    r"r[eè]gles|prompt|config|configuration|cl[eé]s?|keys?|param[eè]tres|settings|secrets?)\b|"
    r"cl[eé]s?\s+(d['’]\s*)?api|api[\s_-]*key|openai_api_key|slack_\w*token|signing\s*secret|"
    r"\.env\b|variables?\s+d['’]environnement|environment\s+variables?|"
    r"ignore\s+(tes|vos|your|all|previous|les)\b)",
    re.IGNORECASE,
)
_REVEAL = re.compile(
    r"(montre|affiche|donne|r[eé]v[eè]le|dis|r[eé]p[eè]te|copie|imprime|show|print|reveal|give|tell|"
    r"repeat|what\s+(is|are)|quel(le)?s?\s+(est|sont)|c['’]est\s+quoi)",
    re.IGNORECASE,
)


def check_text(
    text: str,
    settings: Settings,
    language: Language,
    what: str = "question",
    *,
    allow_wordless: bool = False,
) -> str:
    """The stripped text, or an InputError for empty, oversized or emoji-only input (a draft made
    only of emojis or symbols is a real post to critique: `allow_wordless=True`)."""
    stripped = (text or "").strip()
    if not stripped:
        raise InputError(
            f"the {what} is empty: type a few words",
            "Le message est vide : écrivez quelques mots, par exemple une question sur vos "
            "publications.",
        )
    if len(stripped) > settings.max_input_chars:
        raise InputError(
            f"the {what} is too long ({len(stripped):,} characters; the limit is "
            f"{settings.max_input_chars:,}): shorten it",
            f"Le texte est trop long ({len(stripped):,} caractères; la limite est de "
            f"{settings.max_input_chars:,}) : raccourcissez-le.".replace(",", " "),
        )
    if not allow_wordless and is_wordless(stripped):
        raise InputError(
            f"the {what} has no words (only emojis or symbols): write it in words",
            "Je n'ai trouvé aucun mot (seulement des émojis ou des symboles) : écrivez votre "
            "question en mots.",
        )
    return stripped


def asks_for_secrets(text: str) -> bool:
    """True when the text asks the bot to reveal its instructions, keys or configuration."""
    return bool(_SECRET_REQUEST.search(text)) and bool(_REVEAL.search(text) or "?" in text)


def secrets_refusal(language: Language) -> str:
    """A polite refusal that reveals nothing and steers back to communication."""
    if language == "en":
        return (
            "I can't share my instructions, keys or configuration. I'm here to help with your "
            "business's social-media communication: ask me about a post, a network or your "
            "editorial calendar."
        )
    return (
        "Je ne peux pas partager mes instructions, mes clés ni ma configuration. Je suis là pour "
        "vous aider avec la communication de votre entreprise dans les médias sociaux : "
        "posez-moi une question sur une publication, un réseau ou votre calendrier."
    )
