"""Block Kit builders for answers, critiques and idea sets, kept within Slack's limits."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.advisor.models import Answer, Critique, IdeaSet, Source
from bot.advisor.principles import load_principles
from bot.advisor.verdict import verdict_label
from bot.errors import ConfigError
from bot.slack.approval_button import approval_start_block
from bot.slack.formatting import defang, escape, markdown_to_mrkdwn, split_text, truncate
from bot.slack.image_blocks import image_blocks
from bot.slack.texts import Language, t

Block = dict[str, Any]

SECTION_LIMIT = 3000
CONTEXT_LIMIT = 2000
MAX_BLOCKS = 50
MAX_TEXT = 40000
FEEDBACK = "feedback"
"""action_id of Slack's standard feedback buttons (values `up:<reply id>` / `down:<reply id>`)."""
FEEDBACK_UP = "feedback_up"  # the home-made buttons of messages posted before feedback_buttons
FEEDBACK_DOWN = "feedback_down"
ROUTE_CRITIQUE = "route_critique"
ROUTE_ANSWER = "route_answer"
SHARE_IDEAS = "share_ideas"
PLATFORM_SELECT = "critique_platform"
TAIL_TYPES = {"actions", "context", "context_actions"}  # what fit() never drops at the end


def section(mrkdwn: str) -> Block:
    """A mrkdwn section (caller keeps it ≤ 3,000 chars)."""
    return {"type": "section", "text": {"type": "mrkdwn", "text": truncate(mrkdwn, SECTION_LIMIT)}}


def context(mrkdwn: str) -> Block:
    """A context line."""
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": truncate(mrkdwn, CONTEXT_LIMIT)}],
    }


def header(text: str) -> Block:
    """A plain-text header (≤ 150 chars)."""
    return {"type": "header", "text": {"type": "plain_text", "text": truncate(defang(text), 150)}}


def sections(markdown: str) -> list[Block]:
    """Markdown converted to mrkdwn and split across as many sections as needed."""
    return [section(piece) for piece in split_text(markdown_to_mrkdwn(markdown), SECTION_LIMIT)]


def sources_block(sources: Sequence[Source], language: Language) -> Block | None:
    """The numbered sources as one context block, or None when there are none."""
    if not sources:
        return None
    lines = [f"*{t('sources', language)}*"]
    lines += [
        f"[{s.n}] {escape(defang(s.title))}{_at(s.location(language))} · `{escape(s.source)}`"
        for s in sources
    ]
    return context("\n".join(lines))


def _at(location: str) -> str:
    """« , p. 4 » after a title when the source is a converted PDF or deck."""
    return f", {location}" if location else ""


def feedback_block(reply_id: str, language: Language) -> Block:
    """Slack's standard 👍/👎 (`feedback_buttons` in a `context_actions` block) for a reply."""
    element: Block = {
        "type": "feedback_buttons",
        "action_id": FEEDBACK,
        "positive_button": _feedback_button("👍", t("helpful", language), f"up:{reply_id}"),
        "negative_button": _feedback_button("👎", t("not_helpful", language), f"down:{reply_id}"),
    }
    return {"type": "context_actions", "block_id": f"feedback:{reply_id}", "elements": [element]}


def _feedback_button(emoji: str, label: str, value: str) -> Block:
    return {
        "text": {"type": "plain_text", "text": f"{emoji} {label}"[:75], "emoji": True},
        "value": value,
        "accessibility_label": label[:75],
    }


def share_block(reply_id: str, language: Language) -> Block:
    """The button sharing an ephemeral idea set in the channel."""
    button = _button(t("share", language), SHARE_IDEAS, reply_id, style="primary")
    return {"type": "actions", "block_id": f"share:{reply_id}", "elements": [button]}


def route_question_blocks(reply_id: str, language: Language) -> list[Block]:
    """Ask whether an ambiguous DM is a draft to critique or a question (two buttons)."""
    return [
        section(t("route_question", language)),
        {
            "type": "actions",
            "block_id": f"route:{reply_id}",
            "elements": [
                _button(t("route_critique", language), ROUTE_CRITIQUE, reply_id, style="primary"),
                _button(t("route_answer", language), ROUTE_ANSWER, reply_id),
            ],
        },
    ]


def _button(text: str, action_id: str, value: str, style: str | None = None) -> Block:
    button: Block = {
        "type": "button",
        "text": {"type": "plain_text", "text": text[:75], "emoji": True},
        "action_id": action_id,
        "value": value,
    }
    if style:
        button["style"] = style
    return button


def mode_block(mode: str, language: Language, notice: str | None) -> Block:
    """One context line saying how the reply was produced (and the fallback notice if any)."""
    line = t("mode_llm" if mode == "llm" else "mode_offline", language)
    if notice:
        line = f"⚠️ {escape(defang(notice))}\n{line}"
    return context(line)


def stream_tail_blocks(answer: Answer, reply_id: str) -> list[Block]:
    """The blocks that close a streamed answer: notice/mode, sources, feedback."""
    tail = [mode_block(answer.mode, answer.language, answer.notice)]
    sources = sources_block(answer.sources, answer.language)
    if sources:
        tail.append(sources)
    tail.append(feedback_block(reply_id, answer.language))
    return tail


def answer_blocks(answer: Answer, reply_id: str) -> list[Block]:
    """A complete answer message (used when streaming is unavailable)."""
    return fit([*sections(answer.answer), *stream_tail_blocks(answer, reply_id)])


def critique_blocks(
    critique: Critique,
    reply_id: str,
    knowledge_dir: Path,
    platforms: Sequence[tuple[str, str]] = (),
    approval: bool = False,
) -> list[Block]:
    """Verdict, findings by severity with their principle, the rewrite, the platform select (when
    `platforms` (name, label) are given), mode, sources, and the « Envoyer pour approbation »
    button when `approval` (DM critiques)."""
    lang = critique.language
    title = f"{t('critique_title', lang)} · {verdict_label(critique.verdict, lang)}"
    blocks: list[Block] = [header(title), *sections(critique.summary)]
    if critique.strengths:
        items = "\n".join(f"• {s}" for s in critique.strengths)
        blocks += sections(f"**{t('strengths', lang)}**\n{items}")
    if not critique.findings:
        blocks.append(section(t("no_findings", lang)))
    for severity in ("high", "medium", "low"):
        found = [f for f in critique.findings if f.severity == severity]
        if not found:
            continue
        lines = [f"*{t('severity_' + severity, lang)}*"]
        for finding in found:
            label = principle_label(knowledge_dir, finding.principle, lang)
            lines.append(f"• *{escape(label)}* — {markdown_to_mrkdwn(finding.message)}")
        blocks += [section(piece) for piece in split_text("\n".join(lines), SECTION_LIMIT)]
    if critique.overruled:
        lines = [f"*{t('overruled', lang)}*"]
        for item in critique.overruled:
            label = principle_label(knowledge_dir, item.principle, lang)
            lines.append(f"• _{escape(label)}_ — {markdown_to_mrkdwn(item.reason)}")
        blocks.append(context(truncate("\n".join(lines), SECTION_LIMIT)))
    blocks += image_blocks(critique)  # alt-text proposals for images shared with the draft
    if critique.rewrite.strip():
        title = t("rewrite_llm" if critique.mode == "llm" else "rewrite_offline", lang)
        blocks += [{"type": "divider"}, *sections(f"**{title}**\n{critique.rewrite}")]
    tail = [platform_block(reply_id, critique.platform, platforms, lang)] if platforms else []
    tail.append(mode_block(critique.mode, lang, critique.notice))
    sources = sources_block(critique.sources, lang)
    if sources:
        tail.append(sources)
    if approval:
        tail.append(approval_start_block(reply_id, lang))
    tail.append(feedback_block(reply_id, lang))
    if len(blocks) + len(tail) > MAX_BLOCKS:  # the select and buttons stay; the middle goes
        blocks = [*blocks[: MAX_BLOCKS - len(tail) - 1], context("…")]
    return [*blocks, *tail]


def platform_block(
    reply_id: str, current: str, platforms: Sequence[tuple[str, str]], language: Language
) -> Block:
    """A section naming the norms applied, with a select re-running the critique for another."""
    labels = {
        name: (t("platform_generic", language) if name == "generic" else label)[:75]
        for name, label in platforms
    }
    options = {
        name: {"text": {"type": "plain_text", "text": text}, "value": f"{reply_id}:{name}"}
        for name, text in labels.items()
    }
    select: Block = {
        "type": "static_select",
        "action_id": PLATFORM_SELECT,
        "placeholder": {"type": "plain_text", "text": t("platform_placeholder", language)},
        "options": list(options.values()),
    }
    if current in options:
        select["initial_option"] = options[current]
    block = section(t("platform_label", language, platform=escape(labels.get(current, current))))
    return {**block, "block_id": f"platform:{reply_id}", "accessory": select}


def ideas_blocks(ideas: IdeaSet, reply_id: str, knowledge_dir: Path, share: bool) -> list[Block]:
    """The week's ideas, one section each, with feedback (and share) buttons."""
    lang = ideas.language
    blocks: list[Block] = [header(t("ideas_title", lang, week=ideas.week))]
    if ideas.theme:
        blocks.append(context(escape(defang(t("ideas_theme", lang, theme=ideas.theme)))))
    for number, idea in enumerate(ideas.ideas, start=1):
        label = principle_label(knowledge_dir, idea.principle, lang)
        meta = " · ".join(x for x in (idea.format, idea.platform, label) if x)
        text = f"**{number}. {idea.title}**\n_{meta}_\n{idea.prompt}"
        blocks.append(section(truncate(markdown_to_mrkdwn(text), SECTION_LIMIT)))
    blocks.append(mode_block(ideas.mode, lang, ideas.notice))
    sources = sources_block(ideas.sources, lang)
    if sources:
        blocks.append(sources)
    blocks.append(feedback_block(reply_id, lang))
    if share:
        blocks.append(share_block(reply_id, lang))
    return fit(blocks)


def fit(blocks: list[Block]) -> list[Block]:
    """Keep at most 50 blocks: drop middle sections, never the closing context and buttons."""
    if len(blocks) <= MAX_BLOCKS:
        return blocks
    tail_start = max(i for i, b in enumerate(blocks) if b["type"] not in TAIL_TYPES) + 1
    tail = blocks[tail_start:]
    head = blocks[: MAX_BLOCKS - len(tail) - 1]
    return [*head, context("…"), *tail]


def fallback_text(markdown: str) -> str:
    """The notification/fallback `text` of a message: plain, defanged, ≤ 40,000 chars."""
    return truncate(escape(defang(markdown)), 3000) or "…"


def principle_label(knowledge_dir: Path, principle: str, language: Language) -> str:
    """The human label of a principle id (falls back to the id)."""
    try:
        entry = load_principles(knowledge_dir).get(principle)
    except ConfigError:  # the advisor reports a broken principes.yaml; a label is not worth failing
        entry = None
    return entry.label(language) if entry else principle
