"""A DM draft shared with images (Slack `file_share`): the images are fetched with the bot token
within limits (Slack's mimetype and the file's own bytes must both say PNG, JPEG, GIF or WebP; at
most KILOVOLT_MAX_IMAGE_BYTES each; at most MAX_IMAGES), kept in memory for this critique only,
and critiqued with the text. A file that can't be used gets one line and the rest is critiqued;
an image without any text gets a request for the post's text."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy.exc import SQLAlchemyError

from bot.advisor.images import IMAGE_TYPES, DraftImage, sniff_image
from bot.advisor.models import Critique
from bot.french import Language, detect_language
from bot.slack.conversation import user_error_text
from bot.slack.critiques import critique_reply
from bot.slack.formatting import clean_user_text
from bot.slack.services import Services
from bot.slack.slack_files import FileDownloadError, download_private, file_info

log = logging.getLogger(__name__)
MAX_IMAGES = 4
IMAGE_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".heic",
    ".bmp",
    ".svg",
    ".tif",
    ".tiff",
}
LINES: dict[str, dict[Language, str]] = {
    "bad_type": {
        "fr": "« {name} » n'est pas une image PNG, JPEG, GIF ou WebP : je le laisse de côté et je "
        "critique le reste.",
        "en": "“{name}” isn't a PNG, JPEG, GIF or WebP image: I'm leaving it out and critiquing "
        "the rest.",
    },
    "too_big": {
        "fr": "« {name} » dépasse la limite de {limit} Mo : je le laisse de côté et je critique "
        "le reste.",
        "en": "“{name}” is over the {limit} MB limit: I'm leaving it out and critiquing the rest.",
    },
    "failed": {
        "fr": "Je n'ai pas pu récupérer « {name} » dans Slack : je le laisse de côté et je "
        "critique le reste.",
        "en": "I couldn't get “{name}” from Slack: I'm leaving it out and critiquing the rest.",
    },
    "too_many": {
        "fr": "Je lis au plus {count} images par message : les suivantes sont laissées de côté.",
        "en": "I read at most {count} images per message: the others are left out.",
    },
    "text_please": {
        "fr": "J'ai bien reçu l'image. Envoyez-moi le texte de la publication avec l'image, dans "
        "un même message : je critiquerai les deux ensemble, texte alternatif compris.",
        "en": "I got the image. Send me the post's text with the image, in one message: I'll "
        "critique both together, alt text included.",
    },
}


def shares_images(event: Mapping[str, Any]) -> bool:
    """True when a message shares at least one file that looks like an image."""
    return any(_looks_like_image(f) for f in _files(event))


class DraftImageCritique:
    """Critique one DM draft together with the images shared with it."""

    def __init__(self, services: Services, client: WebClient, event: Mapping[str, Any]) -> None:
        self.services, self.client, self.event = services, client, event
        self.settings = services.settings
        self.channel = str(event["channel"])
        self.ts = str(event["ts"])
        self.thread_ts = str(event.get("thread_ts") or event["ts"])
        self.user = str(event.get("user") or "")
        self.text = clean_user_text(str(event.get("text") or ""), services.bot.user_id)
        self.language: Language = (
            detect_language(self.text) if self.text else services.languages.get(self.user)
        )
        if self.text:
            services.languages.remember(self.user, self.language)
        self.lines: list[str] = []
        self.is_dm = self.channel.startswith("D")
        self.critique: Critique | None = None  # the critique posted, if any (approval versions)
        self.reply_id = ""

    def run(self) -> None:
        """Ask for the post's text when there is none, or when the words are a question about
        the image rather than a post (nothing is downloaded then); else fetch the images and
        critique the text with them."""
        if not self.text or self.services.advisor.route(self.text) == "answer":
            self._say(self._line("text_please"))
            return
        self._progress("reactions_add")
        try:
            images = self.fetch()
            if self.lines:
                self._say("\n".join(self.lines))
            try:
                reply = critique_reply(
                    self.services, self.text, self.language, self.channel, images=images
                )
            except SQLAlchemyError:
                raise  # the caller tells the user the state database is down
            except Exception as exc:  # one short line in the thread; details in the logs
                log.warning("image critique failed: %s", type(exc).__name__, exc_info=True)
                self._say(user_error_text(exc, self.language))
                return
            finally:
                images.clear()  # the bytes go with the reply: nothing keeps them
            self.client.chat_postMessage(
                channel=self.channel,
                thread_ts=self.thread_ts,
                text=reply.text,
                blocks=reply.blocks,
            )
            self.critique, self.reply_id = reply.critique, reply.reply_id
        finally:
            self._progress("reactions_remove")

    def fetch(self) -> list[DraftImage]:
        """The usable images (at most MAX_IMAGES); a line in `self.lines` for each file left out."""
        images: list[DraftImage] = []
        files = _files(self.event)
        for other in (f for f in files if not _looks_like_image(f)):  # a PDF beside the image
            name = str(other.get("name") or other.get("title") or "fichier")
            self.lines.append(self._line("bad_type", name=name))
        candidates = [f for f in files if _looks_like_image(f)]
        for shared in candidates[:MAX_IMAGES]:
            image = self._fetch(shared)
            if image is not None:
                images.append(image)
        if len(candidates) > MAX_IMAGES:
            self.lines.append(self._line("too_many", count=MAX_IMAGES))
        return images

    def _fetch(self, shared: Mapping[str, Any]) -> DraftImage | None:
        name = str(shared.get("name") or shared.get("title") or "image")
        limit = self.settings.max_image_bytes
        try:
            info = file_info(self.client, str(shared.get("id") or ""))
        except SlackApiError as exc:
            log.warning("files.info failed: %s", exc.response.get("error"))
            self.lines.append(self._line("failed", name=name))
            return None
        mimetype = str(info.get("mimetype") or shared.get("mimetype") or "")
        if mimetype not in IMAGE_TYPES:
            self.lines.append(self._line("bad_type", name=name))
            return None
        if int(info.get("size") or 0) > limit:
            self.lines.append(self._line("too_big", name=name, limit=_megabytes(limit)))
            return None
        url = str(info.get("url_private_download") or info.get("url_private") or "")
        try:
            data = download_private(url, str(self.client.token), self.settings.slack_api_url, limit)
        except FileDownloadError as exc:
            log.warning("image download refused or failed (%s)", exc.reason)
            key = "too_big" if exc.reason == "size" else "failed"
            self.lines.append(self._line(key, name=name, limit=_megabytes(limit)))
            return None
        if sniff_image(data) != mimetype:  # the bytes must be what Slack says they are
            self.lines.append(self._line("bad_type", name=name))
            return None
        return DraftImage(name=name, mimetype=mimetype, data=data)

    def _progress(self, method: str) -> None:
        """👀 on the user's message while the images are fetched and read."""
        try:
            getattr(self.client, method)(channel=self.channel, timestamp=self.ts, name="eyes")
        except SlackApiError as exc:
            log.debug("progress marker failed: %s", exc.response.get("error"))

    def _line(self, key: str, **values: Any) -> str:
        return LINES[key][self.language].format(**values)

    def _say(self, text: str) -> None:
        try:
            self.client.chat_postMessage(channel=self.channel, thread_ts=self.thread_ts, text=text)
        except SlackApiError as exc:
            log.warning("image critique line not delivered: %s", exc.response.get("error"))


def _files(event: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [f for f in event.get("files") or [] if isinstance(f, Mapping)]


def _looks_like_image(shared: Mapping[str, Any]) -> bool:
    mimetype = str(shared.get("mimetype") or "")
    suffix = PurePosixPath(str(shared.get("name") or "")).suffix.lower()
    return mimetype.startswith("image/") or suffix in IMAGE_SUFFIXES


def _megabytes(limit: int) -> str:
    value = limit / 1_000_000
    return f"{value:g}".replace(".", ",")
