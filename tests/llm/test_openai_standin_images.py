"""The OpenAI stand-in takes image input as OpenAI documents it and refuses what OpenAI refuses:
images for a model without vision, malformed data URLs, other image types, undecodable bytes,
animated GIFs, unknown `detail` values, images outside user messages, images over 20 MB (real
openai SDK over HTTP)."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from PIL import Image

from tests.support.openai_server import OpenAIServer

KEY = "sk-test-standin-images-01"


def encoded(kind: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (200, 30, 30)).save(buffer, kind)
    return buffer.getvalue()


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (20, 10), colour) for colour in ((200, 30, 30), (30, 30, 200))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def url_of(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def part(url: str, detail: str | None = "low") -> dict[str, Any]:
    image: dict[str, Any] = {"url": url} | ({"detail": detail} if detail else {})
    return {"type": "image_url", "image_url": image}


def user(*parts: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"role": "user", "content": [{"type": "text", "text": "Décris l'image."}, *parts]}]


@pytest.fixture(scope="module")
def running() -> Iterator[OpenAIServer]:
    with OpenAIServer() as server:
        yield server


@pytest.fixture
def client(running: OpenAIServer) -> openai.OpenAI:
    return openai.OpenAI(base_url=running.base_url, api_key=KEY, max_retries=0)


def refused(client: openai.OpenAI, messages: list[Any], model: str = "gpt-4o-mini") -> Any:
    with pytest.raises(openai.BadRequestError) as failed:
        client.chat.completions.create(model=model, messages=messages)
    return failed.value.body


@pytest.mark.parametrize(
    ("kind", "mime", "detail"),
    [
        ("PNG", "image/png", "low"),
        ("JPEG", "image/jpeg", "high"),
        ("GIF", "image/gif", "auto"),
        ("WEBP", "image/webp", None),
    ],
)
def test_images_in_a_user_message_are_accepted(
    client: openai.OpenAI, kind: str, mime: str, detail: str | None
) -> None:
    reply = client.chat.completions.create(
        model="gpt-4o-mini", messages=user(part(url_of(encoded(kind), mime), detail))
    )
    assert reply.choices[0].message.content
    assert reply.usage is not None and reply.usage.prompt_tokens >= 85  # the image is counted


def test_an_https_image_url_is_accepted(client: openai.OpenAI) -> None:
    messages = user(part("https://example.com/affiche.png"))
    assert client.chat.completions.create(model="gpt-4.1-mini", messages=messages).choices


def test_a_model_without_vision_refuses_image_parts(client: openai.OpenAI) -> None:
    body = refused(client, user(part(url_of(encoded()))), model="o3-mini")
    assert body["message"] == "Invalid content type. image_url is only supported by certain models."
    assert body["param"] == "messages.[0].content.[1].type"


@pytest.mark.parametrize(
    "url",
    [
        "data:image/png;base64,not base64!!",
        "data:image/png,iVBORw0KGgo=",  # not base64-encoded
        "data:;base64,iVBORw0KGgo=",
        "affiche.png",
        "data:image/png;base64,",
    ],
)
def test_malformed_data_urls_are_refused(client: openai.OpenAI, url: str) -> None:
    body = refused(client, user(part(url)))
    assert body["param"] == "messages[0].content[1].image_url.url"
    assert body["code"] == "invalid_value"


@pytest.mark.parametrize(
    "url",
    [
        url_of(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml"),
        url_of(encoded("BMP"), "image/bmp"),
        url_of(b"%PDF-1.7 not an image", "image/png"),  # the bytes must be the type announced
        url_of(encoded("JPEG"), "image/png"),
        url_of(encoded()[:40]),  # a PNG header over missing data: not an image OpenAI decodes
        url_of(animated_gif(), "image/gif"),  # OpenAI documents non-animated GIFs only
    ],
)
def test_unsupported_images_are_refused(client: openai.OpenAI, url: str) -> None:
    body = refused(client, user(part(url)))
    assert (
        body["code"] == "invalid_image_format"
        and "'png', 'jpeg', 'gif', 'webp'" in (body["message"])
    )


def test_only_low_high_or_auto_detail(client: openai.OpenAI) -> None:
    body = refused(client, user(part(url_of(encoded()), detail="medium")))
    assert body["param"] == "messages[0].content[1].image_url.detail"
    assert (
        body["message"]
        == "Invalid value: 'medium'. Supported values are: 'auto', 'low', and 'high'."
    )


@pytest.mark.parametrize("role", ["system", "developer", "assistant"])
def test_images_only_in_user_messages(client: openai.OpenAI, role: str) -> None:
    messages = [
        {"role": role, "content": [part(url_of(encoded()))]},
        {"role": "user", "content": "Bonjour"},
    ]
    body = refused(client, messages)
    assert body["param"] == "messages[0].content[0].type"
    assert "Invalid value: 'image_url'" in body["message"]


def test_an_image_part_needs_its_url(client: openai.OpenAI) -> None:
    body = refused(client, user({"type": "image_url", "image_url": {"detail": "low"}}))
    assert body["param"] == "messages[0].content[1].image_url.url"
    body = refused(client, user({"type": "image_url"}))
    assert body["param"] == "messages[0].content[1].image_url"


def test_images_over_20_mb_are_refused(client: openai.OpenAI) -> None:
    big = encoded() + bytes(20 * 1024 * 1024)
    body = refused(client, user(part(url_of(big))))
    assert body["code"] == "image_too_large"
    assert body["param"] == "messages[0].content[1].image_url.url"
