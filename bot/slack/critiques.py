"""A critique reply built outside a conversation (shortcut, platform select): run, save, blocks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.advisor.images import DraftImage
from bot.advisor.models import Critique
from bot.slack import metrics
from bot.slack.blocks import Block, critique_blocks, fallback_text
from bot.slack.conversation import new_reply_id
from bot.slack.platforms import platform_choices, requested_platform
from bot.slack.services import Services
from bot.slack.texts import Language


@dataclass(frozen=True)
class CritiqueReply:
    """What to post: the saved reply's id, its blocks and the notification text."""

    reply_id: str
    blocks: list[Block]
    text: str
    critique: Critique | None = None  # what was posted (a thread's approval request takes it)


def critique_reply(
    services: Services,
    draft: str,
    language: Language,
    channel: str,
    platform: str | None = None,
    images: Sequence[DraftImage] = (),
) -> CritiqueReply:
    """Critique `draft` (for `platform`, else the one it names; with the `images` shared with
    it) and save the reply before it is posted, so its buttons and select find it; advisor errors
    propagate to the caller. The images are not saved."""
    prompts_dir = services.settings.prompts_dir
    platform = platform or requested_platform(draft, prompts_dir)
    critique = services.advisor.critique(
        draft,
        platform=platform,
        language=language,
        profile=services.profile(channel),
        images=images,
    )
    reply_id = new_reply_id()
    if critique.notice:
        metrics.FALLBACKS.inc()
    services.store.save_reply(
        reply_id,
        "critique",
        question=draft,
        mode=critique.mode,
        sources=[s.model_dump() for s in critique.sources],
        payload={"surface": "dm" if channel.startswith("D") else "mention"},
        channel=channel,
    )
    blocks = critique_blocks(
        critique,
        reply_id,
        services.settings.knowledge_dir,
        platform_choices(prompts_dir),
        approval=channel.startswith("D"),  # a DM critique can be sent for approval
    )
    metrics.REPLIES.labels(kind="critique").inc()
    return CritiqueReply(reply_id, blocks, fallback_text(critique.summary or "…"), critique)
