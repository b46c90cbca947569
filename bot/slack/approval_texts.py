"""Every sentence of the approval loop, in Quebec French (default) and English."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.advisor.models import Language
from bot.slack.texts import text_from

MONTHS_FR = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip

TEXTS: dict[str, dict[Language, str]] = {
    "send_button": {"fr": "Envoyer pour approbation", "en": "Send for approval"},
    "modal_title": {"fr": "Approbation", "en": "Approval"},
    "modal_submit": {"fr": "Envoyer", "en": "Send"},
    "modal_close": {"fr": "Annuler", "en": "Cancel"},
    "modal_intro": {
        "fr": "La personne choisie recevra le brouillon, le résumé de la critique et deux "
        "boutons : « Approuver » ou « Demander des changements ».",
        "en": "The person you choose gets the draft, the critique's summary and two buttons: "
        "“Approve” or “Request changes”.",
    },
    "reviewer_label": {"fr": "Qui doit approuver?", "en": "Who should approve it?"},
    "reviewer_placeholder": {"fr": "Choisir une personne", "en": "Choose a person"},
    "note_label": {"fr": "Note pour cette personne", "en": "Note for them"},
    "reviewer_missing": {"fr": "Choisissez une personne.", "en": "Choose a person."},
    "reviewer_self": {
        "fr": "Vous ne pouvez pas approuver votre propre brouillon : choisissez une autre "
        "personne.",
        "en": "You can't approve your own draft: choose someone else.",
    },
    "reviewer_bot": {
        "fr": "C'est une application, pas une personne : choisissez une collègue ou un client.",
        "en": "That's an app, not a person: choose a colleague or a client.",
    },
    "reviewer_inactive": {
        "fr": "Ce compte est désactivé : choisissez une autre personne.",
        "en": "This account is deactivated: choose someone else.",
    },
    "reviewer_unknown": {
        "fr": "Je ne trouve pas cette personne dans l'espace de travail.",
        "en": "I can't find this person in the workspace.",
    },
    "draft_gone": {
        "fr": "Je ne retrouve plus ce brouillon (il a peut-être expiré). Renvoyez-le-moi pour "
        "une nouvelle critique.",
        "en": "I can't find this draft anymore (it may have expired). Send it again for a new "
        "critique.",
    },
    "already_open": {
        "fr": "Ce brouillon attend déjà l'approbation de <@{reviewer}>. Envoyez une nouvelle "
        "version ici, dans ce fil.",
        "en": "This draft is already waiting for <@{reviewer}>'s approval. Send a new version "
        "here, in this thread.",
    },
    "sent": {
        "fr": "📨 Envoyé à <@{reviewer}> pour approbation (version {version}). Pour une "
        "nouvelle version, écrivez-la ici, dans ce fil.",
        "en": "📨 Sent to <@{reviewer}> for approval (version {version}). To send a new "
        "version, write it here, in this thread.",
    },
    "not_delivered": {
        "fr": "Je n'ai pas pu écrire à <@{reviewer}> : la demande n'est pas partie. "
        "Réessayez dans un moment.",
        "en": "I couldn't write to <@{reviewer}>: the request wasn't sent. Try again in a moment.",
    },
    "new_version_sent": {
        "fr": "📨 Version {version} envoyée à <@{reviewer}>.",
        "en": "📨 Version {version} sent to <@{reviewer}>.",
    },
    "review_title": {"fr": "Demande d'approbation", "en": "Approval request"},
    "review_intro": {
        "fr": "<@{author}> vous demande d'approuver ce brouillon — *version {version}*.",
        "en": "<@{author}> asks you to approve this draft — *version {version}*.",
    },
    "review_note": {"fr": "Note de <@{author}> : {note}", "en": "Note from <@{author}>: {note}"},
    "review_summary": {
        "fr": "*Résumé de la critique* : {summary}",
        "en": "*Critique summary*: {summary}",
    },
    "approve": {"fr": "Approuver", "en": "Approve"},
    "changes": {"fr": "Demander des changements", "en": "Request changes"},
    "comment_title": {"fr": "Changements", "en": "Changes"},
    "comment_label": {"fr": "Qu'est-ce qui doit changer?", "en": "What should change?"},
    "comment_send": {"fr": "Envoyer", "en": "Send"},
    "comment_missing": {"fr": "Écrivez ce qui doit changer.", "en": "Write what should change."},
    "comment_too_long": {
        "fr": "Au plus {limit} caractères, s'il vous plaît.",
        "en": "{limit} characters at most, please.",
    },
    "approved_line": {
        "fr": "✅ *Approuvé* par <@{user}> le {when} (version {version}).",
        "en": "✅ *Approved* by <@{user}> on {when} (version {version}).",
    },
    "changes_line": {
        "fr": "✏️ *Changements demandés* par <@{user}> le {when} (version {version}) : "
        "« {comment} »",
        "en": "✏️ *Changes requested* by <@{user}> on {when} (version {version}): “{comment}”",
    },
    "waiting_new_version": {
        "fr": "En attente d'une nouvelle version de <@{author}>.",
        "en": "Waiting for a new version from <@{author}>.",
    },
    "superseded": {
        "fr": "⏭️ Une version plus récente (version {version}) vous a été envoyée : "
        "décidez sur celle-là.",
        "en": "⏭️ A newer version (version {version}) was sent to you: decide on that one.",
    },
    "refused_not_reviewer": {
        "fr": "Seule la personne choisie pour approuver ce brouillon peut décider.",
        "en": "Only the person chosen to approve this draft can decide.",
    },
    "refused_closed": {
        "fr": "Ce brouillon est déjà approuvé : il n'y a plus rien à décider.",
        "en": "This draft is already approved: there's nothing left to decide.",
    },
    "refused_stale": {
        "fr": "Une version plus récente existe : décidez sur la version {version}.",
        "en": "A newer version exists: decide on version {version}.",
    },
    "refused_decided": {
        "fr": "Votre décision sur cette version est déjà notée.",
        "en": "Your decision on this version is already recorded.",
    },
    "refused_unknown": {
        "fr": "Je ne retrouve plus cette demande d'approbation (elle a peut-être expiré).",
        "en": "I can't find this approval request anymore (it may have expired).",
    },
    "error": {
        "fr": "Désolé, je n'ai pas pu traiter ce clic. Réessayez dans un moment.",
        "en": "Sorry, I couldn't handle that click. Please try again in a moment.",
    },
}


def at(key: str, language: str = "fr", **values: object) -> str:
    """The text `key` in `language` ("en" or French), with `values` filled in."""
    return text_from(TEXTS, key, language, **values)


def when_text(moment: datetime, tz: str, language: str) -> str:
    """« 6 décembre 2026 à 9 h 30 » / "December 6, 2026 at 9:30" in the bot's time zone."""
    local = moment.astimezone(ZoneInfo(tz))
    if language == "en":
        return f"{local:%B} {local.day}, {local.year} at {local.hour}:{local:%M}"
    minutes = f" {local:%M}" if local.minute else ""  # « 9 h », « 9 h 30 »
    return f"{local.day} {MONTHS_FR[local.month - 1]} {local.year} à {local.hour} h{minutes}"
