"""Every sentence a Slack user reads, in French (default) and English (detection: bot.french)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.advisor.models import Language

__all__ = ["DAY_NAMES", "TEXTS", "Language", "t"]

TEXTS: dict[str, dict[Language, str]] = {
    "error": {
        "fr": "Désolé, je n’ai pas pu répondre cette fois-ci. Réessayez dans un moment.",
        "en": "Sorry, I couldn’t answer this time. Please try again in a moment.",
    },
    "store_down": {
        "fr": "La base de connaissances de Kilovolt est indisponible pour l’instant. "
        "Réessayez dans quelques minutes.",
        "en": "Kilovolt’s knowledge base is unavailable right now. "
        "Please try again in a few minutes.",
    },
    "refused": {
        "fr": "Désolé, je ne suis pas activé dans cet espace. "
        "Demandez à l’administrateur de l’application de l’autoriser.",
        "en": "Sorry, I’m not enabled here. Ask the app’s administrator to allow this space.",
    },
    "empty": {
        "fr": "Posez-moi une question sur vos médias sociaux, "
        "ou collez un brouillon de publication.",
        "en": "Ask me a question about your social media, or paste a draft post.",
    },
    "sources": {"fr": "Sources", "en": "Sources"},
    "helpful": {"fr": "Utile", "en": "Helpful"},
    "not_helpful": {"fr": "Pas utile", "en": "Not helpful"},
    "thanks_feedback": {
        "fr": "Merci pour votre avis! Il nous aide à améliorer les réponses.",
        "en": "Thanks for your feedback! It helps us improve the answers.",
    },
    "knowledge_refused": {
        "fr": "Désolé, seuls les administrateurs de l'espace de travail (ou les personnes nommées "
        "dans KILOVOLT_ADMINS) peuvent ajouter ou retirer des documents du guide.",
        "en": "Sorry, only the workspace's admins (or the people listed in KILOVOLT_ADMINS) can "
        "add or remove guidance documents.",
    },
    "knowledge_how_to_add": {
        "fr": "Pour ajouter un document au guide, envoyez-le-moi ici en pièce jointe avec le mot "
        "« ajoute » (PDF, Word .docx, PowerPoint .pptx, page web .html, Markdown ou texte). "
        "« liste » montre les documents ajoutés, « retire <titre> » en retire un.",
        "en": "To add a document to the guidance, send it to me here as an attachment with the "
        "word “add” (PDF, Word .docx, PowerPoint .pptx, web page .html, Markdown or text). "
        "“list” shows the documents added, “remove <title>” removes one.",
    },
    "knowledge_indexing": {
        "fr": "Bien reçu : {names}. Je l'ajoute au guide, je vous écris ici quand c'est fait.",
        "en": "Got it: {names}. I'm adding it to the guidance and will write here when it's done.",
    },
    "knowledge_bad_type": {
        "fr": "« {name} » : je lis les PDF, Word (.docx), PowerPoint (.pptx), pages web (.html), "
        "Markdown et textes. Enregistrez-le dans un de ces formats et renvoyez-le.",
        "en": "“{name}”: I read PDF, Word (.docx), PowerPoint (.pptx), web pages (.html), "
        "Markdown and text. Save it in one of these formats and send it again.",
    },
    "knowledge_scope": {
        "fr": "Je n'ai pas accès aux fichiers : l'application doit être réinstallée avec la "
        "permission files:read.",
        "en": "I can't read files: the app must be reinstalled with the files:read permission.",
    },
    "knowledge_download_failed": {
        "fr": "Je n'ai pas pu télécharger « {name} ». Réessayez dans un moment.",
        "en": "I couldn't download “{name}”. Please try again in a moment.",
    },
    "knowledge_too_big": {
        "fr": "« {name} » dépasse la taille permise ({limit} Mo). Découpez-le ou allégez les "
        "images, puis renvoyez-le.",
        "en": "“{name}” is over the size limit ({limit} MB). Split it or shrink its images, "
        "then send it again.",
    },
    "knowledge_unreadable": {
        "fr": "Je n'ai pas pu lire « {name} » : {reason}. Il n'a pas été ajouté.",
        "en": "I couldn't read “{name}”: {reason}. It was not added.",
    },
    "knowledge_added": {
        "fr": "Ajouté au guide : « {title} » ({name}), {sections} sections, {chunks} passages. "
        "Les questions de cet espace de travail peuvent maintenant s'y appuyer.",
        "en": "Added to the guidance: “{title}” ({name}), {sections} sections, {chunks} passages. "
        "Questions in this workspace can now draw on it.",
    },
    "knowledge_none": {
        "fr": "Aucun document ajouté pour cet espace de travail.",
        "en": "No document added for this workspace.",
    },
    "knowledge_list": {
        "fr": "Documents ajoutés ({count}) :",
        "en": "Documents added ({count}):",
    },
    "knowledge_not_found": {
        "fr": "Aucun document ajouté ne correspond à « {words} ». « liste » montre les documents.",
        "en": "No added document matches “{words}”. “list” shows them.",
    },
    "knowledge_ambiguous": {
        "fr": "Plusieurs documents correspondent à « {words} » : {names}. Précisez le nom du "
        "fichier.",
        "en": "Several documents match “{words}”: {names}. Give the file's name.",
    },
    "knowledge_removed": {
        "fr": "Retiré du guide : « {name} ».",
        "en": "Removed from the guidance: “{name}”.",
    },
    "what_was_missing": {
        "fr": "Merci. Qu'est-ce qui manquait? Votre réponse aide Kilovolt à compléter son guide.",
        "en": "Thanks. What was missing? Your answer helps Kilovolt fill in its guidance.",
    },
    "reason_noted": {
        "fr": "Merci, c'est noté : « {reason} ».",
        "en": "Thanks, noted: “{reason}”.",
    },
    "comment_title": {"fr": "Ce qui manquait", "en": "What was missing"},
    "comment_label": {"fr": "En quelques mots", "en": "In a few words"},
    "comment_send": {"fr": "Envoyer", "en": "Send"},
    "comment_cancel": {"fr": "Annuler", "en": "Cancel"},
    "share": {"fr": "Partager dans le canal", "en": "Share in the channel"},
    "shared_by": {"fr": "Partagé par <@{user}>", "en": "Shared by <@{user}>"},
    "share_gone": {
        "fr": "Ces idées ne sont plus disponibles; relancez la commande.",
        "en": "These ideas are no longer available; run the command again.",
    },
    "mode_llm": {
        "fr": "Rédigé par l’IA à partir des guides de Kilovolt",
        "en": "Written by the AI from Kilovolt’s guides",
    },
    "mode_offline": {
        "fr": "Mode hors ligne : extraits des guides de Kilovolt, sans IA générative",
        "en": "Offline mode: excerpts from Kilovolt’s guides, no generative AI",
    },
    "critique_title": {"fr": "Critique de votre brouillon", "en": "Review of your draft"},
    "strengths": {"fr": "Points forts", "en": "Strengths"},
    "route_question": {
        "fr": "Voulez-vous que je critique ce texte comme une publication, ou est-ce une "
        "question pour moi?",
        "en": "Should I critique this text as a post, or is it a question for me?",
    },
    "route_critique": {"fr": "Critiquer ce texte", "en": "Critique this text"},
    "route_answer": {"fr": "C’est une question", "en": "It’s a question"},
    "route_chosen_critique": {
        "fr": "Entendu : je critique ce texte.",
        "en": "Got it: I’ll critique this text.",
    },
    "route_chosen_answer": {
        "fr": "Entendu : je réponds à votre question.",
        "en": "Got it: I’ll answer your question.",
    },
    "route_gone": {
        "fr": "Je ne retrouve plus ce message; renvoyez-le et je m’en occupe.",
        "en": "I can’t find that message anymore; send it again and I’ll take care of it.",
    },
    "overruled": {
        "fr": "Signaux automatiques écartés par l’IA",
        "en": "Automatic signals set aside by the AI",
    },
    "no_findings": {
        "fr": "Rien à signaler au regard des principes de Kilovolt. Beau travail!",
        "en": "Nothing to flag against Kilovolt’s principles. Nice work!",
    },
    "rewrite_llm": {"fr": "Version proposée", "en": "Suggested version"},
    "rewrite_offline": {"fr": "Pistes de correction", "en": "How to improve it"},
    "severity_high": {"fr": "🔴 À corriger", "en": "🔴 Must fix"},
    "severity_medium": {"fr": "🟠 À améliorer", "en": "🟠 Should improve"},
    "severity_low": {"fr": "🟡 À considérer", "en": "🟡 Worth considering"},
    "ideas_title": {"fr": "Idées de contenu — semaine {week}", "en": "Content ideas — week {week}"},
    "ideas_theme": {"fr": "Thème : {theme}", "en": "Theme: {theme}"},
    "subscribed": {
        "fr": "C’est noté : je publierai des idées de contenu dans <#{channel}> "
        "chaque {day} à {time} (heure de {tz}).",
        "en": "Done: I’ll post content ideas in <#{channel}> every {day} at {time} ({tz} time).",
    },
    "unsubscribed": {
        "fr": "Abonnement annulé : plus de publication hebdomadaire dans <#{channel}>.",
        "en": "Unsubscribed: no more weekly post in <#{channel}>.",
    },
    "not_subscribed": {
        "fr": "Il n’y a pas d’abonnement dans <#{channel}>.",
        "en": "There is no subscription in <#{channel}>.",
    },
    # The weekly post's first line fits the subscription's day (0 = Monday).
    "weekly_intro_start": {
        "fr": "Bon début de semaine! "
        "Voici cinq idées de contenu inspirées des principes de Kilovolt.",
        "en": "Happy new week! Here are five content ideas inspired by Kilovolt’s principles.",
    },
    "weekly_intro_midweek": {
        "fr": "Pour le reste de la semaine, "
        "voici cinq idées de contenu inspirées des principes de Kilovolt.",
        "en": "For the rest of the week, here are five content ideas inspired by Kilovolt’s "
        "principles.",
    },
    "weekly_intro_friday": {
        "fr": "Bon vendredi! Voici cinq idées de contenu pour préparer la semaine qui vient, "
        "inspirées des principes de Kilovolt.",
        "en": "Happy Friday! Here are five content ideas to plan the week ahead, inspired by "
        "Kilovolt’s principles.",
    },
    "weekly_intro_weekend": {
        "fr": "Bonne fin de semaine! Voici cinq idées de contenu pour la semaine qui vient, "
        "inspirées des principes de Kilovolt.",
        "en": "Happy weekend! Here are five content ideas for the week ahead, inspired by "
        "Kilovolt’s principles.",
    },
    "dm_only_command": {
        "fr": "Utilisez cette commande dans un canal, ou précisez le canal "
        "(par exemple `abonner #canal`).",
        "en": "Use this command in a channel, or name the channel (e.g. `subscribe #channel`).",
    },
    "continued": {"fr": "(suite)", "en": "(continued)"},
    "greeting": {
        "fr": "Bonjour! Posez-moi une question sur vos médias sociaux, "
        "ou collez un brouillon de publication à critiquer.",
        "en": "Hi! Ask me a question about your social media, or paste a draft post for a review.",
    },
    "prompts_title": {
        "fr": "Quelques idées pour commencer :",
        "en": "A few ideas to get started:",
    },
    "thinking": {"fr": "réfléchit…", "en": "is thinking…"},
    "state_down": {
        "fr": "Je n’arrive pas à joindre ma base de données en ce moment : votre message n’a pas "
        "pu être traité. Réessayez dans quelques minutes.",
        "en": "I can’t reach my database right now, so your message couldn’t be handled. "
        "Please try again in a few minutes.",
    },
    "weekly_paused": {
        "fr": "J’ai mis en pause la publication hebdomadaire d’idées dans <#{channel}> : {reason}",
        "en": "I paused the weekly content ideas in <#{channel}>: {reason}",
    },
    "paused_channel_not_found": {
        "fr": "je ne trouve plus le canal (supprimé, ou devenu privé sans moi). S’il existe "
        "encore, ajoutez-moi au canal, puis tapez `{resume}` dans le canal pour reprendre.",
        "en": "I can’t find the channel any more (deleted, or made private without me). If it "
        "still exists, add me to it, then type `{resume}` in the channel to resume.",
    },
    "paused_not_in_channel": {
        "fr": "je ne fais plus partie du canal. Pour reprendre, invitez-moi "
        "(`/invite @Kilovolt`), puis tapez `{resume}` dans le canal.",
        "en": "I’m no longer a member of the channel. To resume, invite me "
        "(`/invite @Kilovolt`), then type `{resume}` in the channel.",
    },
    "paused_is_archived": {
        "fr": "le canal a été archivé. Pour reprendre, désarchivez-le, "
        "puis tapez `{resume}` dans le canal.",
        "en": "the channel was archived. To resume, unarchive it, "
        "then type `{resume}` in the channel.",
    },
    "paused_app_disabled": {
        "fr": "l’application a été désactivée dans votre espace de travail. Pour reprendre, "
        "demandez à un administrateur de la réactiver, puis tapez `{resume}` dans le canal.",
        "en": "the app was deactivated in your workspace. To resume, ask an admin to "
        "reactivate it, then type `{resume}` in the channel.",
    },
    "paused_restricted": {
        "fr": "je n’ai pas le droit de publier dans ce canal. Pour reprendre, demandez à un "
        "administrateur du canal de me le permettre, puis tapez `{resume}` dans le canal.",
        "en": "I’m not allowed to post in that channel. To resume, ask a channel admin to "
        "allow me, then type `{resume}` in the channel.",
    },
    "paused_other": {
        "fr": "Slack a refusé la publication (erreur `{code}`). Une fois le problème réglé, "
        "tapez `{resume}` dans le canal pour reprendre.",
        "en": "Slack refused the post (error `{code}`). Once that’s fixed, "
        "type `{resume}` in the channel to resume.",
    },
    "shortcut_no_text": {
        "fr": "Ce message n’a pas de texte (seulement un fichier?) : je ne travaille qu’avec du "
        "texte. Collez-le-moi en message direct si vous voulez mon avis.",
        "en": "This message has no text (just a file?): I can only work with text. "
        "Paste it to me in a direct message if you want my take.",
    },
    "shortcut_too_long": {
        "fr": "Ce message est trop long pour moi ({length} caractères; la limite est de "
        "{limit}). Envoyez-m’en un extrait en message direct.",
        "en": "This message is too long for me ({length} characters; the limit is {limit}). "
        "Send me an excerpt in a direct message.",
    },
    "shortcut_dm_fallback": {
        "fr": "Je ne peux pas écrire dans <#{channel}>, alors je vous réponds ici.",
        "en": "I can’t post in <#{channel}>, so I’m answering you here.",
    },
    "shortcut_cannot_post": {
        "fr": "Je ne peux pas répondre dans <#{channel}> : invitez-moi dans le canal "
        "(`/invite @kilovolt`), ou posez-moi la question en message direct.",
        "en": "I can’t answer in <#{channel}>: invite me to the channel (`/invite @kilovolt`), "
        "or ask me in a direct message.",
    },
    "platform_label": {
        "fr": "Normes appliquées : *{platform}*. Adapter à une autre plateforme :",
        "en": "Norms applied: *{platform}*. Tailor it to another platform:",
    },
    "platform_placeholder": {"fr": "Choisir une plateforme", "en": "Choose a platform"},
    "platform_generic": {"fr": "Tous les réseaux (général)", "en": "Any network (general)"},
    "platform_gone": {
        "fr": "Je ne retrouve plus ce brouillon; renvoyez-le et je le critiquerai de nouveau.",
        "en": "I can’t find that draft anymore; send it again and I’ll review it again.",
    },
    "home_open_dm": {"fr": "💬 M’écrire en privé", "en": "💬 Message me"},
    "home_try": {"fr": "Essayer", "en": "Try it"},
    "home_try_intro": {
        "fr": "Vous avez essayé cet exemple depuis l’accueil : _{question}_",
        "en": "You tried this example from the Home tab: _{question}_",
    },
    "home_subscribe": {"fr": "➕ Abonner un canal", "en": "➕ Subscribe a channel"},
    "home_profile": {"fr": "🏷️ Profil de l'entreprise", "en": "🏷️ Business profile"},
    "home_unsubscribe": {"fr": "Se désabonner", "en": "Unsubscribe"},
    "home_language": {
        "fr": "*Langue* : je vous écris en français.",
        "en": "*Language*: I write to you in English.",
    },
    "home_language_placeholder": {"fr": "Choisir la langue", "en": "Choose the language"},
    "home_no_channels": {
        "fr": "Aucune dans vos canaux pour l’instant.",
        "en": "None in your channels yet.",
    },
    "modal_title": {"fr": "Idées chaque semaine", "en": "Weekly ideas"},
    "modal_submit": {"fr": "Abonner", "en": "Subscribe"},
    "modal_close": {"fr": "Annuler", "en": "Cancel"},
    "modal_channel": {"fr": "Canal", "en": "Channel"},
    "modal_channel_placeholder": {"fr": "Choisir un canal", "en": "Choose a channel"},
    "modal_day": {"fr": "Jour", "en": "Day"},
    "modal_hour": {"fr": "Heure ({tz})", "en": "Time ({tz})"},
    "modal_bad_channel": {
        "fr": "Choisissez un canal public ou privé (pas un message direct).",
        "en": "Choose a public or private channel (not a direct message).",
    },
    "modal_bad_day": {"fr": "Choisissez un jour de la semaine.", "en": "Choose a day of the week."},
    "modal_bad_hour": {"fr": "Choisissez une heure.", "en": "Choose a time."},
    "home_not_member": {
        "fr": "Vous ne faites pas partie de <#{channel}> : je n’ai rien changé.",
        "en": "You’re not in <#{channel}>, so I didn’t change anything.",
    },
}

DAY_NAMES: dict[Language, list[str]] = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}


def text_from(
    table: Mapping[str, Mapping[str, str]], key: str, language: str, **values: object
) -> str:
    """The text `key` of `table` in `language` (French when it has none), `values` filled in."""
    entry = table[key]
    template = entry.get(language) or entry["fr"]
    return template.format(**values) if values else template


def t(key: str, language: Language = "fr", **values: object) -> str:
    """The text `key` in `language`, with `values` filled in."""
    return text_from(TEXTS, key, language, **values)
