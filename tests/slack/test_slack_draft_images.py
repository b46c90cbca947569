"""E2E: a DM draft shared with a PNG (signed HTTP to the real Bolt app, the real advisor, the Slack
stand-in serving the file): offline image findings; with a vision model on the strict OpenAI
stand-in, the model's alt-text proposal; unusable files get one line and the text is critiqued."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from bot.advisor import Advisor
from bot.slack.app import build_bot
from bot.slack.http import create_web_app
from tests.slack.conftest import Harness, ServerThread, assert_no_secrets, make_settings
from tests.support.openai_server import OpenAIServer
from tests.support.slack_api import SlackApiStandIn, wait_for

pytestmark = pytest.mark.integration
DM = "D0IMAGES1"
DRAFT = "Grande ouverture de la boulangerie! Tous les détails sur l'affiche. On vous attend!"
ALT = "Affiche jaune de la grande ouverture de la boulangerie Levain, samedi 14 juin à 10 h."
LONG_ALT = "Une affiche très détaillée " * 15  # ~400 characters: asked again


def png(size: tuple[int, int] = (64, 48)) -> bytes:
    """A real PNG made for the test."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (250, 200, 40)).save(buffer, "PNG")
    return buffer.getvalue()


def reading(alt: str) -> dict[str, Any]:
    return {
        "text_on_image": "GRANDE OUVERTURE Samedi 14 juin 10 h",
        "legibility": "good",
        "legibility_note": "Gros caractères foncés sur fond uni.",
        "supports_message": "yes",
        "support_note": "L'affiche annonce l'ouverture.",
        "details_only_in_image": ["samedi 14 juin, 10 h"],
        "alt_text": alt,
    }


@pytest.fixture
def openai_server() -> Iterator[OpenAIServer]:
    with OpenAIServer() as server:
        yield server


def serve(slack_api: SlackApiStandIn, tmp_path: Path, **overrides: Any) -> Iterator[Harness]:
    settings = make_settings(tmp_path / "data", slack_api.base_url, **overrides)
    bot = build_bot(settings, advisor=Advisor(settings))
    with ServerThread(create_web_app(bot)) as server, httpx.Client(timeout=10) as http:
        yield Harness(slack_api, bot, bot.services.advisor, f"http://127.0.0.1:{server.port}", http)
    assert_no_secrets(slack_api)
    bot.services.store.close()


@pytest.fixture
def offline(slack_api: SlackApiStandIn, tmp_path: Path) -> Iterator[Harness]:
    yield from serve(slack_api, tmp_path, max_image_bytes=20_000)


@pytest.fixture
def vision(
    slack_api: SlackApiStandIn, tmp_path: Path, openai_server: OpenAIServer
) -> Iterator[Harness]:
    endpoint = {"openai_base_url": openai_server.base_url, "openai_api_key": "sk-test-vision"}
    yield from serve(slack_api, tmp_path, vision_model="gpt-4o-mini", **endpoint)


def share(
    harness: Harness, text: str, *files: tuple[str, bytes, str], size: int | None = None
) -> list[dict[str, Any]]:
    infos = [harness.api.add_file(name, data, mime) for name, data, mime in files]
    shared = [
        {"id": i["id"], "name": i["name"], "mimetype": i["mimetype"], "size": i["size"]}
        for i in infos
    ]
    harness.message(text, channel=DM, subtype="file_share", files=shared)
    return infos


def posts(harness: Harness) -> list[dict[str, Any]]:
    return [c.params for c in harness.api.calls_to("chat.postMessage")]


def critique_post(harness: Harness) -> dict[str, Any]:
    found = wait_for(lambda: [p for p in posts(harness) if p.get("blocks")], what="a critique")
    return found[0]


def lines(harness: Harness) -> list[str]:
    return [str(p["text"]) for p in posts(harness) if not p.get("blocks")]


def test_draft_with_a_png_gets_the_offline_image_findings(offline: Harness) -> None:
    share(offline, DRAFT, ("affiche.png", png(), "image/png"))
    blocks = json.dumps(critique_post(offline)["blocks"], ensure_ascii=False)
    assert "L'image jointe n'a pas de texte alternatif prévu" in blocks
    assert "options de l'image avant de publier" in blocks  # how to add it
    assert "Point à vérifier : le texte renvoie à l'image pour les détails" in blocks
    assert "Texte alternatif proposé" not in blocks  # no model: no proposal
    assert offline.api.downloads and all(ok for _path, ok in offline.api.downloads)
    assert lines(offline) == []


def test_the_vision_model_reads_the_png_and_proposes_alt_text(
    vision: Harness, openai_server: OpenAIServer
) -> None:
    openai_server.push({"json": reading(LONG_ALT)}, {"json": reading(ALT)})
    share(vision, DRAFT + " Pour Instagram.", ("affiche.png", png(), "image/png"))
    blocks = critique_post(vision)["blocks"]
    text = json.dumps(blocks, ensure_ascii=False)
    assert f"```{ALT}```" in text and f"({len(ALT)} caractères sur 250)" in text
    assert "Texte lu sur l'image : « GRANDE OUVERTURE Samedi 14 juin 10 h »" in text
    assert "Les images ont été lues par un modèle d'IA." in text  # the text critique is offline
    assert "l'image donne des informations que le texte ne répète pas (samedi 14 juin, 10 h)" in (
        text
    )
    first, again = openai_server.requests
    image = first["messages"][1]["content"][1]
    assert first["model"] == "gpt-4o-mini" and image["type"] == "image_url"
    assert image["image_url"]["url"].startswith("data:image/png;base64,")
    assert image["image_url"]["detail"] == "auto"
    assert "the limit is 250" in json.dumps(again["messages"][-1])  # too long: asked again


def test_a_model_that_refuses_images_falls_back_to_the_offline_checks(
    slack_api: SlackApiStandIn, tmp_path: Path, openai_server: OpenAIServer
) -> None:
    endpoint = {"openai_base_url": openai_server.base_url, "openai_api_key": "sk-test-vision"}
    for harness in serve(slack_api, tmp_path, vision_model="o3-mini", **endpoint):
        share(harness, DRAFT, ("affiche.png", png(), "image/png"))
        text = json.dumps(critique_post(harness)["blocks"], ensure_ascii=False)
        assert "Le modèle d'IA n'a pas pu lire l'image" in text
        assert "L'image jointe n'a pas de texte alternatif prévu" in text
        assert "Texte alternatif proposé" not in text
    assert len(openai_server.requests) == 1  # a 400 is not retried


@pytest.mark.parametrize("text", ["", "Peux-tu critiquer mon visuel pour Instagram?"])
def test_an_image_without_its_post_gets_asked_for_the_text(offline: Harness, text: str) -> None:
    share(offline, text, ("affiche.png", png(), "image/png"))
    asked = wait_for(lambda: lines(offline))[0]
    assert asked.startswith("J'ai bien reçu l'image. Envoyez-moi le texte de la publication")
    assert offline.api.downloads == []  # nothing fetched for nothing to critique
    assert not [p for p in posts(offline) if p.get("blocks")]


def test_a_file_that_is_not_a_supported_image_gets_one_line(offline: Harness) -> None:
    pdf_named_png = b"%PDF-1.4\n" + bytes(200)
    share(
        offline,
        DRAFT,
        ("photo.png", pdf_named_png, "image/png"),
        ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        ("horaire.pdf", b"%PDF-1.4\n" + bytes(100), "application/pdf"),
    )
    blocks = json.dumps(critique_post(offline)["blocks"], ensure_ascii=False)
    said = "\n".join(lines(offline))
    assert "« photo.png » n'est pas une image PNG, JPEG, GIF ou WebP" in said
    assert "« logo.svg » n'est pas une image PNG, JPEG, GIF ou WebP" in said
    assert "« horaire.pdf » n'est pas une image PNG, JPEG, GIF ou WebP" in said
    assert len(offline.api.downloads) == 1  # only photo.png was fetched (and its bytes refused)
    assert "L'image jointe" not in blocks  # no usable image: the text alone is critiqued
    assert "Traceback" not in said


def test_an_oversized_image_is_left_out_and_the_text_critiqued(offline: Harness) -> None:
    big = png((900, 900)) + bytes(30_000)  # over the test's 20 kB limit
    infos = share(offline, DRAFT, ("grande.png", big, "image/png"))
    assert critique_post(offline)
    assert "« grande.png » dépasse la limite de 0,02 Mo" in "\n".join(lines(offline))
    assert offline.api.downloads == []  # files.info said it was too big
    # Slack's size understated: the download itself stops at the limit
    info = offline.api.files[infos[0]["id"]][0]
    info["size"] = 100
    again = {k: info[k] for k in ("id", "name", "mimetype")}
    offline.message(DRAFT, channel=DM, subtype="file_share", files=[again])
    wait_for(lambda: "\n".join(lines(offline)).count("dépasse la limite") == 2)
    assert len(offline.api.downloads) == 1


def test_a_file_on_a_foreign_host_is_never_fetched(offline: Harness) -> None:
    infos = share(offline, DRAFT, ("affiche.png", png(), "image/png"))
    assert critique_post(offline)
    info = offline.api.files[infos[0]["id"]][0]
    info["url_private_download"] = "https://files.example.com/affiche.png"
    info["url_private"] = info["url_private_download"]
    again = {k: info[k] for k in ("id", "name", "mimetype")}
    offline.message(DRAFT, channel=DM, subtype="file_share", files=[again])
    assert wait_for(lambda: [t for t in lines(offline) if "pas pu récupérer « affiche.png »" in t])
    assert len(offline.api.downloads) == 1  # only the first, legitimate download


def test_an_english_draft_gets_english_lines_and_findings(offline: Harness) -> None:
    bmp = io.BytesIO()
    Image.new("RGB", (8, 8)).save(bmp, "BMP")
    share(
        offline,
        "Our new spring menu is here. What should we add next? Let us know!",
        ("menu.png", png(), "image/png"),
        ("old.bmp", bmp.getvalue(), "image/bmp"),
    )
    blocks = json.dumps(critique_post(offline)["blocks"], ensure_ascii=False)
    assert "The attached image has no alt text planned" in blocks
    assert "“old.bmp” isn't a PNG, JPEG, GIF or WebP image" in "\n".join(lines(offline))
