"""Reading an image with a vision-capable chat model: the request part, the reply's schema, and
an alt text kept within its length (asked again once, else shortened at a sentence or a word)."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Literal

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage
from pydantic import BaseModel, Field

from bot.config import Settings
from bot.llm.bounds import items
from bot.llm.chat import ChatLLM
from bot.llm.failures import LLMUnavailableError

log = logging.getLogger(__name__)
ALT_TEXT_MAX = 250
MAX_DETAILS = 5
SHORTER = (
    "Your alt_text has {length} characters; the limit is {limit}. Reply again with the same "
    "JSON, the alt_text rewritten as one or two complete sentences of at most {limit} characters."
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


class ImageReading(BaseModel):
    """What the model reads on one image (every field required: strict schema)."""

    text_on_image: str = Field(description="every word written on the image, verbatim; '' if none")
    legibility: Literal["good", "fair", "poor", "no_text"] = Field(
        description="how easily the text on the image reads on a phone; no_text if there is none"
    )
    legibility_note: str = Field(description="one short sentence on what helps or hurts reading")
    supports_message: Literal["yes", "partly", "no"] = Field(
        description="whether the image shows what the post's text is about"
    )
    support_note: str = Field(description="one short sentence explaining that judgement")
    details_only_in_image: list[str] = Field(
        description="essential details (date, time, place, price, how to book, a change of "
        "hours) written on the image but missing from the post's text; [] if none",
        json_schema_extra=items(MAX_DETAILS),
    )
    alt_text: str = Field(description=f"alt text proposal, at most {ALT_TEXT_MAX} characters")


def vision_llm(settings: Settings) -> ChatLLM | None:
    """A chat model for KILOVOLT_VISION_MODEL at the configured endpoint (None when unset)."""
    model = (settings.vision_model or "").strip()
    if not model:
        return None
    return ChatLLM(settings.model_copy(update={"llm": f"openai:{model}"}))


def image_message(text: str, data_url: str, detail: str) -> HumanMessage:
    """A user message carrying `text` and one image as a base64 data URL (OpenAI's
    `image_url` content part with its `detail`)."""
    image = {"type": "image_url", "image_url": {"url": data_url, "detail": detail}}
    return HumanMessage(content=[{"type": "text", "text": text}, image])


def read_image(
    llm: ChatLLM, messages: Sequence[BaseMessage], limit: int = ALT_TEXT_MAX
) -> ImageReading:
    """The model's reading; an alt text over `limit` is asked again once, then shortened at a
    sentence (or word) boundary into a complete sentence. LLMUnavailableError propagates."""
    reading = llm.structured(messages, ImageReading, "vision")
    alt = " ".join(reading.alt_text.split())
    if len(alt) <= limit:
        return reading.model_copy(update={"alt_text": alt})
    log.info("alt text over %s characters (%s); asking again", limit, len(alt))
    again = [
        *messages,
        AIMessage(reading.model_dump_json()),
        HumanMessage(SHORTER.format(length=len(alt), limit=limit)),
    ]
    try:
        second = llm.structured(again, ImageReading, "vision")
        retry = " ".join(second.alt_text.split())
        if retry and len(retry) <= limit:
            return second.model_copy(update={"alt_text": retry})
    except LLMUnavailableError as exc:  # the first reading stands, shortened
        log.info("second alt-text request failed (%s)", exc.reason)
    return reading.model_copy(update={"alt_text": shorten(alt, limit)})


def shorten(text: str, limit: int = ALT_TEXT_MAX) -> str:
    """`text` within `limit` characters: its first whole sentences that fit, else its words up
    to the limit closed with a period (never a cut word, never an ellipsis)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    words = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else ""
    words = words.rstrip(" ,;:–—-(«\"'")
    return f"{words}." if words else text[: limit - 1].rstrip() + "."
