"""The vision request and the alt-text limit: the strict OpenAI stand-in takes the image part; an
alt text over 250 characters is asked again, then shortened at a sentence or a word."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import SystemMessage
from PIL import Image

from bot.config import Settings
from bot.llm import LLMUnavailableError
from bot.llm.vision import ALT_TEXT_MAX, image_message, read_image, shorten, vision_llm
from tests.support.openai_server import OpenAIServer


def data_url() -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 0, 0)).save(buffer, "PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def answer(alt: str) -> dict[str, Any]:
    return {
        "json": {
            "text_on_image": "",
            "legibility": "no_text",
            "legibility_note": "Aucun texte.",
            "supports_message": "yes",
            "support_note": "La photo montre le produit.",
            "details_only_in_image": [],
            "alt_text": alt,
        }
    }


def messages() -> list[Any]:
    return [SystemMessage("Read the image."), image_message("Post: nos pains", data_url(), "high")]


def settings(tmp_path: Path, server: OpenAIServer, model: str = "gpt-4o-mini") -> Settings:
    return Settings(
        _env_file=None,
        data_dir=tmp_path,
        llm="offline",
        vision_model=model,
        openai_base_url=server.base_url,
        openai_api_key="sk-test-vision",
        llm_max_retries=0,
    )


def test_no_vision_model_no_vision_llm(tmp_path: Path) -> None:
    assert vision_llm(Settings(_env_file=None, data_dir=tmp_path, llm="offline")) is None


def test_a_short_alt_text_is_kept_as_is(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        server.push(answer("Trois miches au levain sur une planche de bois."))
        llm = vision_llm(settings(tmp_path, server))
        assert llm is not None
        result = read_image(llm, messages())
        assert result.alt_text == "Trois miches au levain sur une planche de bois."
        assert len(server.requests) == 1
        assert server.requests[0]["model"] == "gpt-4o-mini"


def test_a_long_alt_text_is_asked_again_then_shortened_at_a_sentence(tmp_path: Path) -> None:
    first = "Trois miches au levain dorées sur une planche de bois. " + "Très détaillé. " * 20
    with OpenAIServer() as server:
        server.push(answer(first), answer("Encore trop long. " * 20))
        llm = vision_llm(settings(tmp_path, server))
        assert llm is not None
        result = read_image(llm, messages())
        assert len(server.requests) == 2
    assert len(result.alt_text) <= ALT_TEXT_MAX
    assert result.alt_text.startswith("Trois miches au levain dorées sur une planche de bois.")
    assert result.alt_text.endswith(".") and "…" not in result.alt_text


def test_a_model_without_vision_is_refused_by_the_stand_in(tmp_path: Path) -> None:
    with OpenAIServer() as server:
        llm = vision_llm(settings(tmp_path, server, model="o3-mini"))
        assert llm is not None
        with pytest.raises(LLMUnavailableError) as failed:
            read_image(llm, messages())
    assert failed.value.permanent


@pytest.mark.parametrize(
    "text",
    [
        "Une phrase courte. " * 30,
        "mot " * 120,
        "Une seule très longue phrase sans point qui décrit " + "un détail de plus, " * 30,
    ],
)
def test_shortening_keeps_whole_words_and_ends_a_sentence(text: str) -> None:
    short = shorten(text)
    assert len(short) <= ALT_TEXT_MAX and short.endswith(".")
    assert all(word in text.split() or word.rstrip(".") in text.split() for word in short.split())
    assert "…" not in short
