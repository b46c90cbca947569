"""Fast checks of the console without a browser: Web API emulation, signing, rendering, port."""

from __future__ import annotations

import json
import socket
import time

import httpx
import pytest
from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware.request_verification import RequestVerification
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier
from typer.testing import CliRunner

from bot.cli import app as cli_app
from bot.config import PROJECT_ROOT
from bot.console import api_checks
from bot.console.delivery import slack_signature
from bot.console.mrkdwn import to_html
from bot.console.runner import PortInUseError, bind_port
from bot.console.slack_api import SlackWebApi
from bot.console.typed import command_text, typed_text
from bot.console.workspace import BOT_USER_ID, DM_ID, GENERAL_ID, HUMAN_USER_ID, Message, Workspace

# Slack's public Web API description, kept in the shared folder beside the repository.
SPEC = (
    PROJECT_ROOT.parent
    / "shared"
    / "slack-api-specs"
    / "slack_web_openapi_v2_without_examples.json"
)
TOKEN = "xoxb-console-test"


@pytest.fixture
def api() -> SlackWebApi:
    return SlackWebApi(Workspace(), TOKEN)


def test_unknown_method_answers_like_slack_and_is_logged(
    api: SlackWebApi, caplog: pytest.LogCaptureFixture
) -> None:
    assert api.call("chat.scheduleMessage", {}, TOKEN) == {"ok": False, "error": "unknown_method"}
    assert "UNKNOWN SLACK METHOD" in caplog.text
    assert api.ws.unknown_calls == ["chat.scheduleMessage"]


def test_token_is_required_and_checked(api: SlackWebApi) -> None:
    args = {"channel": GENERAL_ID, "text": "x"}
    assert api.call("chat.postMessage", dict(args), None)["error"] == "not_authed"
    assert api.call("chat.postMessage", dict(args), "xoxb-wrong")["error"] == "invalid_auth"
    assert api.call("chat.postMessage", dict(args), TOKEN)["ok"] is True


def test_missing_arguments_and_bad_blocks_are_refused(api: SlackWebApi) -> None:
    assert api.call("chat.postMessage", {"text": "x"}, TOKEN)["error"] == "invalid_arguments"
    assert api.call("chat.postMessage", {"channel": GENERAL_ID}, TOKEN)["error"] == "no_text"
    long_section = [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]
    reply = api.call("chat.postMessage", {"channel": GENERAL_ID, "blocks": long_section}, TOKEN)
    assert reply["error"] == "invalid_blocks"
    assert "3001" in reply["response_metadata"]["messages"][0]
    too_many = [{"type": "divider"}] * 51
    reply = api.call("chat.postMessage", {"channel": GENERAL_ID, "blocks": too_many}, TOKEN)
    assert reply["error"] == "invalid_blocks"


def test_required_arguments_cover_slack_spec() -> None:
    if not SPEC.exists():
        pytest.skip(f"Slack's OpenAPI description not present at {SPEC}")
    paths = json.loads(SPEC.read_text())["paths"]
    for method, ours in api_checks.REQUIRED.items():
        operation = paths.get(f"/{method}")
        if operation is None:
            continue  # newer than the 2020 description (streams, assistant threads)
        spec = next(iter(operation.values()))
        required = {p["name"] for p in spec["parameters"] if p.get("required")} - {"token"}
        assert required <= set(ours), (method, required)


def test_sdk_client_round_trip_over_http(console_factory) -> None:
    """slack_sdk's own WebClient (form and JSON bodies) against the running emulation."""
    running = console_factory()
    client = WebClient(token=running.console.api.token, base_url=f"{running.url}/api/")
    assert client.auth_test()["user_id"] == BOT_USER_ID
    parent = client.chat_postMessage(channel=GENERAL_ID, text="racine")["ts"]
    stream = client.chat_stream(
        channel=GENERAL_ID,
        thread_ts=parent,
        recipient_team_id="T0CONSOLE01",
        recipient_user_id=HUMAN_USER_ID,
        buffer_size=4,
    )
    for piece in ["Bonjour ", "**le** ", "monde"]:
        stream.append(markdown_text=piece)
    stream.stop(blocks=[{"type": "divider"}])
    replies = client.conversations_replies(channel=GENERAL_ID, ts=parent)["messages"]
    assert [m["text"] for m in replies] == ["racine", "Bonjour **le** monde"]
    assert replies[1]["blocks"][-1] == {"type": "divider"}
    with pytest.raises(SlackApiError) as error:
        client.chat_appendStream(channel=GENERAL_ID, ts=replies[1]["ts"], markdown_text="x")
    assert error.value.response["error"] == "message_not_in_streaming_state"
    with pytest.raises(SlackApiError) as error:
        client.api_call("files.upload", params={"x": "1"})
    assert error.value.response["error"] == "unknown_method"
    reply = httpx.post(f"{running.url}/api/chat.postMessage", data={"channel": DM_ID, "text": "x"})
    assert reply.status_code == 200 and reply.json()["error"] == "not_authed"


def test_signature_is_what_bolt_verifies() -> None:
    """Bolt's own request-verification middleware accepts the console's signature."""
    body = json.dumps({"type": "event_callback", "event": {"type": "app_mention", "text": "é"}})
    secret, timestamp = "s3cr3t-console", str(int(time.time()))
    signature = slack_signature(secret, timestamp, body)
    assert signature == SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    middleware = RequestVerification(secret)
    headers = {"x-slack-request-timestamp": timestamp, "x-slack-signature": signature}
    passed = BoltResponse(status=200, body="next")

    def verify(raw: str) -> int:
        request = BoltRequest(body=raw, headers=headers)
        return middleware.process(req=request, resp=passed, next=lambda: passed).status

    assert verify(body) == 200
    assert verify(body.replace("app_mention", "message")) == 401


def test_mrkdwn_is_rendered_and_escaped() -> None:
    html = to_html("*gras* _italique_ `<code>` <https://kilovolt.ca|site> • point")
    assert "<strong>gras</strong>" in html and "<em>italique</em>" in html
    assert "<code>&lt;code&gt;</code>" in html
    assert 'href="https://kilovolt.ca"' in html
    attack = typed_text('<script>alert(1)</script><img src=x onerror="alert(2)">')
    rendered = to_html(attack)
    assert "<script" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;" in rendered
    assert "javascript:" not in to_html("<javascript:alert(1)|clic>")
    markdown = to_html("## Titre\n- **un**\n- deux\n```\n<b>x</b>\n```", markdown=True)
    assert "<h4>Titre</h4>" in markdown and "<li><strong>un</strong></li>" in markdown
    assert "<pre>&lt;b&gt;x&lt;/b&gt;</pre>" in markdown


def test_typed_mention_and_command_channel_become_tokens() -> None:
    assert typed_text("@Kilovolt a & b") == f"<@{BOT_USER_ID}> a &amp; b"
    assert command_text("abonner #général lundi") == f"abonner <#{GENERAL_ID}|général> lundi"


def test_response_url_replace_and_ephemeral(api: SlackWebApi) -> None:
    from bot.console.delivery import Delivery

    delivery = Delivery(api.ws, "secret", "http://127.0.0.1:1")
    original = api.ws.add(Message(GENERAL_ID, api.ws.new_ts(), BOT_USER_ID, "idées"))
    url = delivery.new_response_url({"channel": GENERAL_ID, "kind": "action", "ts": original.ts})
    key = url.rsplit("/", 1)[1]
    assert delivery.respond(key, {"text": "merci"})
    assert api.ws.messages[GENERAL_ID][-1].ephemeral
    assert delivery.respond(key, {"text": "remplacé", "replace_original": True})
    assert original.text == "remplacé"
    assert not delivery.respond("unknown", {"text": "x"})


def test_port_in_use_gives_one_clear_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        with pytest.raises(PortInUseError) as error:
            bind_port(port)
        assert f"--port {port + 1}" in error.value.message
        result = CliRunner().invoke(cli_app, ["console", "--port", str(port)])
    assert result.exit_code == 1
    assert "already in use" in result.output and "Traceback" not in result.output
