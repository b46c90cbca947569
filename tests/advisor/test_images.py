"""Images shared with a draft: type sniffing, the offline image checks (drafts written for this
test), and the advisor's critique with a vision model on the strict OpenAI stand-in."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image

from bot.advisor import Advisor
from bot.advisor.images import DraftImage, image_checks, sniff_image
from bot.advisor.platforms import resolve_platform
from bot.advisor.signals import compute_signals
from bot.config import PROJECT_ROOT, Settings
from tests.advisor.helpers import MemoryRetriever, llm_settings
from tests.support.openai_server import OpenAIServer

PROMPTS = PROJECT_ROOT / "prompts"


def encoded(kind: str, size: tuple[int, int] = (32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, kind)
    return buffer.getvalue()


def image(kind: str = "PNG") -> DraftImage:
    mime = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif", "WEBP": "image/webp"}
    return DraftImage("visuel", mime[kind], encoded(kind))


def checks_for(text: str, platform: str = "generic", images: int = 1) -> dict[str, dict]:
    norms = resolve_platform(PROMPTS, platform)
    signals = compute_signals(text, norms)
    found = image_checks(text, signals, [image()] * images, norms, PROMPTS)
    return {c.name: c.facts for c in found}


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "GIF", "WEBP"])
def test_the_bytes_say_which_image_type(kind: str) -> None:
    assert sniff_image(encoded(kind)) == image(kind).mimetype


def test_other_bytes_are_not_an_accepted_image() -> None:
    assert sniff_image(b"%PDF-1.7\n...") is None
    assert sniff_image(b"<svg xmlns='http://www.w3.org/2000/svg'/>") is None
    assert sniff_image(encoded("BMP")) is None
    assert sniff_image(b"") is None


def test_no_image_no_image_check() -> None:
    norms = resolve_platform(PROMPTS, "generic")
    text = "Nouveau menu du midi cette semaine. Qu'est-ce qui vous tente?"
    assert image_checks(text, compute_signals(text, norms), [], norms, PROMPTS) == []


def test_an_attached_image_without_alt_text_says_where_to_add_it() -> None:
    facts = checks_for("Nos tartes aux bleuets sont de retour pour l'été.", "instagram")
    assert "Paramètres avancés" in facts["attached_image_without_alt"]["how_fr"]
    generic = checks_for("Nos tartes aux bleuets sont de retour pour l'été.")
    assert "options de l'image" in generic["attached_image_without_alt"]["how_fr"]


@pytest.mark.parametrize(
    "text",
    [
        "Tarte aux bleuets du jour. Texte alternatif : une tarte dorée sur une table de bois.",
        "Nos tartes sont de retour! [photo : une tarte aux bleuets dorée sur une planche]",
        "Blueberry pie is back. Alt text: a golden pie on a wooden table.",
    ],
)
def test_a_planned_description_satisfies_the_alt_text_check(text: str) -> None:
    assert "attached_image_without_alt" not in checks_for(text)


@pytest.mark.parametrize(
    "text",
    [
        "Soirée de dégustation au vignoble! Toutes les infos sont sur l'affiche.",
        "Voyez le visuel pour l'horaire des Fêtes.",
        "Our holiday hours changed: see the image for details.",
    ],
)
def test_a_caption_sending_readers_to_the_visual_is_a_point_to_check(text: str) -> None:
    assert "image_details_pointer" in checks_for(text)


def test_an_event_without_a_date_or_time_is_a_point_to_check() -> None:
    facts = checks_for("Atelier de poterie pour les enfants à la bibliothèque! Inscrivez-vous.")
    assert facts["image_when_missing"] == {"event": "atelier"}


@pytest.mark.parametrize(
    "text",
    [
        "Atelier de poterie samedi 10 h à la bibliothèque. Inscrivez-vous!",
        "Atelier de poterie le 12/10 à la bibliothèque.",
        "Nos tartes aux bleuets sont de retour. Laquelle est votre préférée?",
        "Merci à toute l'équipe pour cette belle année!",
    ],
)
def test_drafts_that_say_when_or_announce_nothing_are_not_flagged(text: str) -> None:
    found = checks_for(text)
    assert "image_when_missing" not in found and "image_details_pointer" not in found


def test_the_text_only_image_check_gives_way_to_the_attached_image_one(tmp_path: Path) -> None:
    advisor = Advisor(Settings(_env_file=None, data_dir=tmp_path, llm="offline"))
    draft = "Notre nouvelle photo d'équipe! Merci à tous pour cette année."
    alone = advisor.critique(draft)
    with_image = advisor.critique(draft, images=[image()])
    alone_text = " ".join(f.message for f in alone.findings)
    shared_text = " ".join(f.message for f in with_image.findings)
    assert "mentionne un visuel" in alone_text
    assert "mentionne un visuel" not in shared_text
    assert "L'image jointe n'a pas de texte alternatif prévu" in shared_text
    assert with_image.signals["images"] == [
        {"name": "visuel", "type": "image/png", "bytes": len(image().data), "read_by": "offline"}
    ]


def test_the_vision_model_reading_becomes_findings_and_a_proposal(tmp_path: Path) -> None:
    reading = {
        "text_on_image": "SOLDE -30 %",
        "legibility": "poor",
        "legibility_note": "Texte jaune pâle sur fond blanc.",
        "supports_message": "no",
        "support_note": "L'image montre des chaussures, le texte parle de vélos.",
        "details_only_in_image": ["-30 %"],
        "alt_text": "Paire de chaussures de course bleues avec l'inscription « Solde -30 % ».",
    }
    with OpenAIServer() as server:
        server.push({"json": reading})
        settings = Settings(
            _env_file=None,
            data_dir=tmp_path,
            llm="offline",
            vision_model="gpt-4o-mini",
            vision_detail="low",
            openai_base_url=server.base_url,
            openai_api_key="sk-test-images",
        )
        critique = Advisor(settings).critique("Nos vélos de ville sont arrivés.", images=[image()])
        sent = server.requests[0]
    messages = " ".join(f.message for f in critique.findings)
    assert "difficile à lire sur un téléphone : Texte jaune pâle sur fond blanc." in messages
    assert "ne montre pas ce dont parle la publication" in messages
    assert "que le texte ne répète pas (-30 %)" in messages
    entry = critique.signals["images"][0]
    assert entry["read_by"] == "model" and entry["alt_text"] == reading["alt_text"]
    assert entry["alt_text_chars"] == len(reading["alt_text"]) <= 250
    assert sent["messages"][0]["role"] == "system"
    assert sent["messages"][1]["content"][1]["image_url"]["detail"] == "low"
    assert sent["response_format"]["type"] == "json_schema"


def test_with_a_text_model_too_the_image_facts_stay_and_the_proposal_is_kept(
    tmp_path: Path,
) -> None:
    """Model-led critique: the text model (which never sees the image) gets the image facts and
    cannot drop them; the vision model's proposal rides along."""
    alt = "Affiche de la vente trottoir de la librairie, rue Principale, samedi de 9 h à 17 h."

    def respond(body: dict) -> dict | None:
        content = body["messages"][-1]["content"]
        sees_image = isinstance(content, list) and content[-1].get("type") == "image_url"
        return {"json": {**_reading(), "alt_text": alt}} if sees_image else None

    with OpenAIServer(responder=respond) as server:
        settings = llm_settings(
            tmp_path, server.base_url, vision_model="gpt-4.1-mini", llm_deadline_s=20.0
        )
        advisor = Advisor(settings, retriever=MemoryRetriever())
        critique = advisor.critique("Vente trottoir à la librairie!", images=[image("JPEG")])
        models = [r["model"] for r in server.requests]
        critique_prompt = json.dumps(server.requests[-1]["messages"], ensure_ascii=False)
    assert models == ["gpt-4.1-mini", "gpt-4o-mini"]  # the image is read, then the text critiqued
    assert "attached_image_without_alt" in critique_prompt and "image_url" not in critique_prompt
    assert critique.mode == "llm"
    assert "L'image jointe n'a pas de texte alternatif prévu" in " ".join(
        f.message for f in critique.findings
    )
    assert critique.signals["images"][0]["alt_text"] == alt


def _reading() -> dict:
    return {
        "text_on_image": "VENTE TROTTOIR samedi 9 h - 17 h",
        "legibility": "good",
        "legibility_note": "Lettres noires sur fond blanc.",
        "supports_message": "yes",
        "support_note": "L'affiche annonce la vente.",
        "details_only_in_image": ["samedi, 9 h à 17 h"],
        "alt_text": "",
    }
