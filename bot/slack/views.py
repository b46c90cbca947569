"""Help message and App Home view (what the bot does, examples, the channel subscriptions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.slack.blocks import Block, context, header, section
from bot.slack.profile_view import PROFILE_OPEN
from bot.slack.texts import DAY_NAMES, Language, t
from bot.state import SubscriptionInfo

EXAMPLES_FR = [
    "Comment parler de nos promotions sans faire fuir nos abonnés?",
    "Quel ton adopter sur LinkedIn pour une PME de Québec?",
    "Comment répondre à un commentaire négatif sur Facebook?",
]
EXAMPLES_EN = [
    "How do we talk about our sales without losing followers?",
    "What tone works on LinkedIn for a small business?",
]


def help_text(command: str, language: Language = "fr", problem: str | None = None) -> str:
    """The slash command's help in mrkdwn (with one line on what was wrong, if anything)."""
    if language == "en":
        lines = [
            f"*{command}* — weekly content ideas based on Kilovolt’s principles",
            f"• `{command}` — five ideas for this week",
            f"• `{command} <theme>` — ideas on a theme (e.g. `{command} back to school`)",
            f"• `{command} subscribe [#channel] [day] [time]` — post ideas in a channel "
            "every week (default: Monday 9:00)",
            f"• `{command} unsubscribe [#channel]` — stop the weekly post",
            f"• `{command} help` — this help",
        ]
    else:
        lines = [
            f"*{command}* — des idées de contenu pour la semaine, selon les principes de Kilovolt",
            f"• `{command}` — cinq idées pour cette semaine",
            f"• `{command} <thème>` — des idées sur un thème (ex. `{command} rentrée scolaire`)",
            f"• `{command} abonner [#canal] [jour] [heure]` — des idées chaque semaine "
            "dans un canal "
            "(par défaut : lundi 9 h)",
            f"• `{command} desabonner [#canal]` — arrêter la publication hebdomadaire",
            f"• `{command} aide` — cette aide",
        ]
    if problem:
        lines.insert(0, f"⚠️ {problem}\n")
    return "\n".join(lines)


def help_blocks(command: str, language: Language = "fr", problem: str | None = None) -> list[Block]:
    """The help as blocks."""
    return [section(help_text(command, language, problem))]


def describe_schedule(sub: SubscriptionInfo, language: Language = "fr") -> str:
    """'lundi à 9 h 00' / 'Monday at 9:00'."""
    day = DAY_NAMES[language][sub.weekday]
    if language == "en":
        return f"{day} at {sub.hour}:{sub.minute:02d}"
    return f"{day} à {sub.hour} h {sub.minute:02d}"


HOME: dict[Language, dict[str, str]] = {
    "fr": {
        "title": "Kilovolt Conseiller",
        "intro": "Je vous aide à appliquer les principes de Kilovolt sur les médias sociaux : "
        "miser sur la profondeur plutôt que la promotion, donner avant de recevoir, "
        "publier du contenu pertinent et cultiver la proximité.",
        "what": "*Ce que je fais*\n"
        "• *Mentionnez-moi* dans un canal avec une question : je réponds dans le fil, "
        "avec mes sources.\n"
        "• *Écrivez-moi en message direct* : collez un brouillon de publication et "
        "je le critique, ou posez une question.\n"
        "• *{command}* : des idées de contenu pour la semaine (`{command} aide` pour les options).",
        "examples": "*Exemples*",
        "weekly": "*Publications hebdomadaires*",
        "footer": "Réponses fondées sur les guides de Kilovolt Plus.",
    },
    "en": {
        "title": "Kilovolt Advisor",
        "intro": "I help you apply Kilovolt’s social media principles: depth over promotion, "
        "give before you receive, publish relevant content and stay close to your community.",
        "what": "*What I do*\n"
        "• *Mention me* in a channel with a question: I answer in the thread, "
        "with my sources.\n"
        "• *Send me a direct message*: paste a draft post and I review it, or ask a question.\n"
        "• *{command}*: content ideas for the week (`{command} help` for the options).",
        "examples": "*Examples*",
        "weekly": "*Weekly posts*",
        "footer": "Answers based on Kilovolt Plus’s guides.",
    },
}


HOME_OPEN_DM = "home_open_dm"
HOME_TRY = "home_try_example"
HOME_SUBSCRIBE = "home_subscribe"
HOME_UNSUBSCRIBE = "home_unsubscribe"
HOME_LANGUAGE = "home_language"
LANGUAGE_NAMES: dict[str, str] = {"fr": "Français", "en": "English"}
MAX_LISTED = 20  # subscriptions shown (each a block; a Home view holds 100)


def examples(language: Language) -> list[str]:
    """The example questions offered in `language`."""
    return EXAMPLES_EN if language == "en" else EXAMPLES_FR


def home_view(
    command: str,
    subscriptions: Sequence[SubscriptionInfo],
    language: Language = "fr",
    dm_url: str | None = None,
) -> dict[str, Any]:
    """The App Home tab: what the bot does, buttons to act, examples to try, the language, and
    the weekly posts of `subscriptions` (the caller keeps only channels the viewer is in)."""
    text = HOME[language]
    row: list[Block] = [
        _button(t("home_subscribe", language), HOME_SUBSCRIBE, "open"),
        _button(t("home_profile", language), PROFILE_OPEN, "open"),
    ]
    if dm_url:
        row.insert(0, {**_button(t("home_open_dm", language), HOME_OPEN_DM, "dm"), "url": dm_url})
    blocks: list[Block] = [
        header(text["title"]),
        section(text["intro"]),
        {"type": "actions", "block_id": "home_actions", "elements": row},
        _language_block(language),
        {"type": "divider"},
        section(text["what"].format(command=command)),
        section(text["examples"]),
    ]
    for index, question in enumerate(examples(language)):
        button = _button(t("home_try", language), HOME_TRY, f"{language}:{index}")
        blocks.append({**section(f"• _{question}_"), "accessory": button})
    blocks += [{"type": "divider"}, section(text["weekly"])]
    for sub in subscriptions[:MAX_LISTED]:
        line = f"• <#{sub.channel}> — {describe_schedule(sub, language)} ({sub.tz})"
        button = _button(t("home_unsubscribe", language), HOME_UNSUBSCRIBE, sub.channel)
        blocks.append({**section(line), "accessory": button})
    if not subscriptions:
        blocks.append(context(t("home_no_channels", language)))
    blocks.append(context(text["footer"]))
    return {"type": "home", "blocks": blocks}


def _language_block(language: Language) -> Block:
    options = {
        code: {"text": {"type": "plain_text", "text": name}, "value": code}
        for code, name in LANGUAGE_NAMES.items()
    }
    select: Block = {
        "type": "static_select",
        "action_id": HOME_LANGUAGE,
        "placeholder": {"type": "plain_text", "text": t("home_language_placeholder", language)},
        "options": list(options.values()),
        "initial_option": options[language],
    }
    return {**section(t("home_language", language)), "accessory": select}


def _button(text: str, action_id: str, value: str) -> Block:
    return {
        "type": "button",
        "text": {"type": "plain_text", "text": text[:75], "emoji": True},
        "action_id": action_id,
        "value": value,
    }
