"""The console's conversations.replies pages like Slack's (limit, cursor), so long threads work."""

from __future__ import annotations

from bot.console.slack_api import SlackWebApi
from bot.console.workspace import BOT_USER_ID, GENERAL_ID, Message, Workspace

TOKEN = "xoxb-console-test"


def test_replies_are_paged_with_a_cursor() -> None:
    api = SlackWebApi(Workspace(), TOKEN)
    root = api.ws.add(Message(GENERAL_ID, api.ws.new_ts(), BOT_USER_ID, "racine"))
    for n in range(4):
        reply = Message(GENERAL_ID, api.ws.new_ts(), BOT_USER_ID, f"réponse {n}")
        reply.thread_ts = root.ts
        api.ws.add(reply)
    texts: list[str] = []
    args = {"channel": GENERAL_ID, "ts": root.ts, "limit": "2"}
    for _page in range(5):
        result = api.call("conversations.replies", dict(args), TOKEN)
        assert result["ok"] is True
        texts += [m["text"] for m in result["messages"]]
        cursor = result["response_metadata"]["next_cursor"]
        if not result["has_more"]:
            assert cursor == ""
            break
        args["cursor"] = cursor
    assert texts == ["racine"] + [f"réponse {n}" for n in range(4)]
    bad = api.call("conversations.replies", {**args, "cursor": "nope"}, TOKEN)
    assert bad["ok"] is False and bad["error"] == "invalid_cursor"
