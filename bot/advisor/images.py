"""Images shared with a draft: their type, the offline checks on them, and a vision model's reading.

Offline, an attached image without alt text planned in the draft is an accessibility fact (worded
with where the platform keeps its alt-text field), and two conservative points to check say that
essential information may live only in the image: a caption that sends the reader to the visual
for the details, or an event announced with no date or time in the text. With a vision model
(KILOVOLT_VISION_MODEL) the image is read instead: what it says that the text does not, how
legible it is, whether it supports the message, and an alt-text proposal of at most 250
characters. Images stay in memory, for this critique only."""

from __future__ import annotations

import base64
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from bot.advisor.answer import neutralise
from bot.advisor.critique import Check
from bot.advisor.models import Critique, Language
from bot.advisor.platforms import PlatformNorms
from bot.advisor.prompts import LANGUAGE_NAMES
from bot.advisor.signals import DraftSignals
from bot.config import Settings
from bot.errors import ConfigError
from bot.french import fold
from bot.llm.failures import LLMUnavailableError

if TYPE_CHECKING:  # LangChain and the openai client load only when a vision model reads
    from langchain_core.messages import BaseMessage

    from bot.llm import ChatLLM
    from bot.llm.vision import ImageReading

log = logging.getLogger(__name__)
# Slack mimetype → the file's first bytes (what OpenAI accepts: PNG, JPEG, WebP, GIF).
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
VISION_FAILED = {
    "fr": "Le modèle d'IA n'a pas pu lire l'image; les vérifications de l'image sont faites hors "
    "ligne.",
    "en": "The AI model could not read the image; the image checks were made offline.",
}
VISION_USED = {  # an offline text critique whose images a model read says so
    "fr": "Les images ont été lues par un modèle d'IA.",
    "en": "The images were read by an AI model.",
}
_DESCRIBED = re.compile(r"texte alternatif|\balt[- ]?text|description de l'image|image description")
_WHEN = re.compile(
    r"\b(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday|janvier|fevrier|mars|avril|mai|juin|juillet|aout"
    r"|septembre|octobre|novembre|decembre|january|february|march|april|may|june|july|august"
    r"|september|october|november|december|demain|ce soir|aujourd'hui|tomorrow|tonight|today"
    r"|fin de semaine|week-?end)\b"
    r"|\b\d{1,2}\s?h(?:\s?\d{2})?\b|\b\d{1,2}:\d{2}\b|\b\d{1,2}\s?[ap]m\b|\b\d{1,2}[/.-]\d{1,2}\b"
)


def sniff_image(data: bytes) -> str | None:
    """The image type its first bytes (magic numbers) show, among IMAGE_TYPES, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


@dataclass(frozen=True)
class DraftImage:
    """One image shared with a draft, checked (type from Slack and from its bytes), in memory."""

    name: str
    mimetype: str
    data: bytes = field(repr=False)

    def data_url(self) -> str:
        """The image as a base64 data URL (what a vision model is sent)."""
        return f"data:{self.mimetype};base64,{base64.b64encode(self.data).decode('ascii')}"


@lru_cache(maxsize=4)
def load_image_texts(prompts_dir: Path) -> dict[str, Any]:
    """`prompts_dir/images.yaml`: alt-text how-tos, pointer/visual/event words, vision prompt."""
    path = prompts_dir / "images.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data["alt_text_how"]["generic"]["fr"], str)
        assert all(isinstance(data[k], list) for k in ("pointers", "visuals", "events"))
        assert isinstance(data["vision"]["system"], str) and isinstance(data["vision"]["user"], str)
    except (OSError, KeyError, AssertionError, TypeError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot load image texts from {path}: {exc.__class__.__name__}") from exc
    return data


def image_checks(
    text: str,
    signals: DraftSignals,
    images: Sequence[DraftImage],
    norms: PlatformNorms,
    prompts_dir: Path,
    readings: Sequence[ImageReading] | None = None,
) -> list[Check]:
    """The checks an attached image adds (none without images); with `readings` (a vision
    model's), what the model saw replaces the caption-based points to check."""
    if not images:
        return []
    data = load_image_texts(prompts_dir)
    folded = fold(text)
    out: list[Check] = []
    if not (signals.image_description or _DESCRIBED.search(folded)):
        how = data["alt_text_how"].get(norms.name) or data["alt_text_how"]["generic"]
        facts = {"count": len(images), "how_fr": how["fr"], "how_en": how["en"]}
        out.append(Check("attached_image_without_alt", "accessibilite", "medium", facts))
    if readings is None:
        return out + _caption_checks(text, folded, data)
    details = [d.strip() for r in readings for d in r.details_only_in_image if d.strip()]
    if details:
        facts = {"details": "; ".join(dict.fromkeys(details))}
        out.append(Check("image_details_missing", "accessibilite", "medium", facts))
    notes = [r.legibility_note.strip() for r in readings if r.legibility == "poor"]
    if notes:
        out.append(Check("image_hard_to_read", "accessibilite", "medium", {"note": notes[0]}))
    off = [r.support_note.strip() for r in readings if r.supports_message == "no"]
    if off:
        out.append(Check("image_off_message", "contenu-pertinent", "low", {"note": off[0]}))
    return out


def _caption_checks(text: str, folded: str, data: dict[str, Any]) -> list[Check]:
    """Points to check from the caption alone (precision over recall)."""
    pointers = "|".join(re.escape(fold(p)) for p in data["pointers"])
    visuals = "|".join(re.escape(fold(v)) for v in data["visuals"])
    pointing = re.search(rf"\b(?:{pointers})\b[^.!?\n]{{0,40}}?(?:{visuals})\b", folded)
    if pointing:
        start, end = pointing.span()
        quote = text[start:end] if len(text) == len(folded) else pointing.group(0)
        return [Check("image_details_pointer", "accessibilite", "low", {"quote": quote})]
    events = [e for e in data["events"] if re.search(rf"\b{re.escape(fold(e))}\b", folded)]
    if events and not _WHEN.search(folded):
        return [Check("image_when_missing", "accessibilite", "low", {"event": events[0]})]
    return []


def with_image_checks(checks: list[Check], added: list[Check]) -> list[Check]:
    """The draft's checks with the attached image's instead of the text-only image check."""
    if not added and not any(c.name == "attached_image_without_alt" for c in checks):
        return checks
    kept = [c for c in checks if c.name != "image_without_description"]
    return [*kept, *added]


class ImageReader:
    """Reads shared images with KILOVOLT_VISION_MODEL (built on first use; None: offline)."""

    def __init__(self, settings: Settings, llm: ChatLLM | None = None) -> None:
        self.settings = settings
        self._llm = llm

    @property
    def llm(self) -> ChatLLM | None:
        """The vision model, or None when none is configured."""
        if self._llm is None and self.settings.vision_model:
            from bot.llm.vision import vision_llm

            self._llm = vision_llm(self.settings)
        return self._llm

    def read(
        self, images: Sequence[DraftImage], draft: str, norms: PlatformNorms, lang: Language
    ) -> tuple[list[ImageReading] | None, str | None]:
        """Each image's reading and no notice; (None, notice) when the model failed; (None,
        None) without a vision model or images."""
        if not images or self.llm is None:
            return None, None
        prompts = load_image_texts(self.settings.prompts_dir)["vision"]
        try:
            return [self._one(image, draft, norms, lang, prompts) for image in images], None
        except LLMUnavailableError as exc:
            log.info("vision reading failed (%s); offline image checks", exc.reason)
            return None, VISION_FAILED[lang]

    def _one(
        self,
        image: DraftImage,
        draft: str,
        norms: PlatformNorms,
        lang: Language,
        prompts: dict[str, str],
    ) -> ImageReading:
        from langchain_core.messages import SystemMessage

        from bot.llm.vision import ALT_TEXT_MAX, image_message, read_image

        assert self.llm is not None
        language_name = LANGUAGE_NAMES[lang]
        system = prompts["system"].format(language_name=language_name, limit=ALT_TEXT_MAX)
        user = prompts["user"].format(
            platform=norms.label, draft=neutralise(draft), name=neutralise(image.name)
        )
        messages: list[BaseMessage] = [
            SystemMessage(system),
            image_message(user, image.data_url(), self.settings.vision_detail),
        ]
        return read_image(self.llm, messages)


def with_image_review(
    critique: Critique,
    images: Sequence[DraftImage],
    readings: Sequence[ImageReading] | None,
    notice: str | None,
) -> Critique:
    """The critique with what was found on each image under `signals["images"]` (alt-text
    proposals included) and the vision fallback line in its notice."""
    if not images:
        return critique
    entries: list[dict[str, Any]] = []
    for number, image in enumerate(images):
        entry: dict[str, Any] = {
            "name": image.name,
            "type": image.mimetype,
            "bytes": len(image.data),
        }
        reading = readings[number] if readings is not None else None
        if reading is None:
            entries.append({**entry, "read_by": "offline"})
            continue
        entries.append(
            {
                **entry,
                "read_by": "model",
                "text_on_image": reading.text_on_image.strip(),
                "legibility": reading.legibility,
                "supports_message": reading.supports_message,
                "alt_text": reading.alt_text,
                "alt_text_chars": len(reading.alt_text),
            }
        )
    used = VISION_USED[critique.language] if readings and critique.mode == "offline" else None
    notices = " ".join(n for n in (notice, critique.notice, used) if n) or None
    signals = {**critique.signals, "images": entries}
    return critique.model_copy(update={"signals": signals, "notice": notices})
