"""A minimal real Bolt app over HTTP, used to prove the console's emulation without the full bot.

Run as `python tests/console/stub_bot.py PORT`; reads SLACK_API_URL, SLACK_BOT_TOKEN and
SLACK_SIGNING_SECRET like the real bot. Exits at once with code 3 when STUB_BOT_CRASH is set.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import uvicorn
from slack_bolt import App
from slack_bolt.adapter.starlette import SlackRequestHandler
from slack_sdk import WebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route


def _button(action_id: str, label: str) -> dict[str, Any]:
    return {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": label}}


FEEDBACK = [
    {
        "type": "actions",
        "block_id": "feedback",
        "elements": [_button("stub_up", "👍"), _button("stub_down", "👎")],
    }
]


def build_app() -> App:
    client = WebClient(token=os.environ["SLACK_BOT_TOKEN"], base_url=os.environ["SLACK_API_URL"])
    app = App(client=client, signing_secret=os.environ["SLACK_SIGNING_SECRET"])

    @app.event("app_mention")
    def mention(event: dict[str, Any], client: WebClient, set_status: Any, say_stream: Any) -> None:
        set_status("réfléchit…")
        stream = say_stream(buffer_size=8)
        for word in ["Réponse ", "en ", "*direct* ", "à : ", event["text"]]:
            stream.append(markdown_text=word)
        sources = {"type": "context", "elements": [{"type": "mrkdwn", "text": "Sources : [1] Doc"}]}
        stream.stop(blocks=[sources, *FEEDBACK])

    @app.event("message")
    def message(event: dict[str, Any], body: dict[str, Any], context: Any, say: Any) -> None:
        print(f"TEAMS message {body['team_id']} {context.team_id} {event.get('team')}", flush=True)
        if event.get("channel_type") == "im" and not event.get("bot_id"):
            thread_ts = event.get("thread_ts") or event["ts"]
            say(text=f"Reçu : {event.get('text', '')}", thread_ts=thread_ts)

    @app.action("stub_up")
    def thumbs_up(ack: Any, body: dict[str, Any], respond: Any) -> None:
        ack()
        respond(text="Merci pour votre avis 👍", response_type="ephemeral", replace_original=False)
        print(f"FEEDBACK up {body['container']['message_ts']}", flush=True)

    @app.command("/idees")
    def ideas(ack: Any, command: dict[str, Any], respond: Any) -> None:
        ack()
        print(f"TEAMS command {command['team_id']}", flush=True)
        text = {"type": "mrkdwn", "text": f"*Idées* {command['text']}"}
        respond(blocks=[{"type": "section", "text": text}])

    @app.event("app_home_opened")
    def home(event: dict[str, Any], client: WebClient) -> None:
        blocks = [{"type": "header", "text": {"type": "plain_text", "text": "Accueil du bot"}}]
        client.views_publish(user_id=event["user"], view={"type": "home", "blocks": blocks})

    @app.event("reaction_added")
    def unknown(client: WebClient) -> None:
        client.api_call("bogus.method")

    return app


def main() -> None:
    if os.environ.get("STUB_BOT_CRASH"):
        print("stub bot: configured to crash at start-up", flush=True)
        sys.exit(3)
    handler = SlackRequestHandler(build_app())

    async def events(request: Request) -> Any:
        return await handler.handle(request)

    async def healthz(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok")

    routes = [Route("/slack/events", events, methods=["POST"]), Route("/healthz", healthz)]
    uvicorn.run(Starlette(routes=routes), host="127.0.0.1", port=int(sys.argv[1]), log_level="info")


if __name__ == "__main__":
    main()
