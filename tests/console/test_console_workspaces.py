"""Several workspaces in one console: requests carry their own team, history stays per team."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

from bot.console.delivery import Delivery
from bot.console.slack_api import SlackWebApi
from bot.console.teams import ARDOISE, DEMO_TEAMS, PIVOINES, Team
from bot.console.workspace import BOT_USER_ID, Message, Workspace
from tests.console.conftest import wait_for

TOKEN = "xoxb-console-test"


class RecordingDelivery(Delivery):
    """A Delivery that keeps what it would POST to the bot (decoded) instead of sending it."""

    def __init__(self, ws: Workspace) -> None:
        super().__init__(ws, "secret", "http://127.0.0.1:1")
        self.sent: list[dict[str, Any]] = []

    async def post(self, body: str, content_type: str) -> None:
        if content_type == "application/json":
            self.sent.append(json.loads(body))
        else:
            form = dict(parse_qsl(body))
            self.sent.append(json.loads(form["payload"]) if "payload" in form else form)


def _run(coro: Coroutine[Any, Any, None]) -> None:
    """Run `coro` on its own loop (Playwright's sync API may hold this thread's loop)."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, coro).result()


def _teams_of(sent: dict[str, Any]) -> set[str]:
    """Every team id a Slack request names, wherever Slack puts it."""
    found = {sent.get("team_id"), sent.get("context_team_id"), (sent.get("team") or {}).get("id")}
    found |= {a["team_id"] for a in sent.get("authorizations") or []}
    event = sent.get("event") or {}
    found |= {
        event.get("team"),
        (event.get("assistant_thread") or {}).get("context", {}).get("team_id"),
    }
    found |= {(sent.get("user") or {}).get("team_id")}
    return found - {None}


async def _everything_from(delivery: RecordingDelivery, team: Team) -> None:
    """The person does everything once in `team`: DM, mention, command, click, home, agent."""
    ws = delivery.ws
    await delivery.deliver_message(delivery.user_message(team.dm_id, "Mon brouillon", None))
    await delivery.deliver_message(delivery.user_message(team.general_id, "@Kilovolt allô", None))
    await delivery.slash_command(team.general_id, "/idees", "abonner #général lundi")
    button = {"type": "button", "action_id": "up", "text": {"type": "plain_text", "text": "👍"}}
    clicked = ws.add(Message(team.dm_id, ws.new_ts(), BOT_USER_ID, "x", [{"type": "divider"}]))
    await delivery.block_action(clicked, button, "b1")
    await delivery.home_opened(team)
    await delivery.assistant_thread_started(delivery.new_assistant_thread(team))


@pytest.mark.parametrize("team", DEMO_TEAMS, ids=lambda t: t.id)
def test_every_request_carries_the_team_it_comes_from(team: Team) -> None:
    delivery = RecordingDelivery(Workspace(DEMO_TEAMS))
    _run(_everything_from(delivery, team))
    kinds = [
        s.get("event", {}).get("type") or s.get("command") or s.get("type") for s in delivery.sent
    ]
    assert kinds == [
        "message",
        "app_mention",
        "message",
        "/idees",
        "block_actions",
        "app_home_opened",
        "assistant_thread_started",
    ]
    for sent in delivery.sent:
        assert _teams_of(sent) == {team.id}, sent
    people = {s.get("user_id") or (s.get("event") or {}).get("user") for s in delivery.sent}
    assert people - {None} == {team.human_user_id}
    command = delivery.sent[3]
    assert command["team_domain"] == team.domain
    assert command["text"] == f"abonner <#{team.general_id}|général> lundi"
    assert delivery.sent[0]["event"]["channel_type"] == "im"
    assert delivery.sent[2]["event"]["channel_type"] == "channel"


def test_history_info_and_users_answer_per_workspace() -> None:
    api = SlackWebApi(Workspace(DEMO_TEAMS), TOKEN)
    for team in DEMO_TEAMS:
        reply = api.call("chat.postMessage", {"channel": team.general_id, "text": team.name}, TOKEN)
        assert reply["message"]["team"] == team.id
        history = api.call("conversations.history", {"channel": team.general_id}, TOKEN)
        assert [m["text"] for m in history["messages"]] == [team.name]
        info = api.call("conversations.info", {"channel": team.dm_id}, TOKEN)["channel"]
        assert info["user"] == team.human_user_id and info["context_team_id"] == team.id
        user = api.call("users.info", {"user": team.human_user_id}, TOKEN)["user"]
        assert user["team_id"] == team.id
        mine = api.call("users.conversations", {"user": team.human_user_id}, TOKEN)["channels"]
        assert [c["id"] for c in mine] == [team.general_id]
        dm = api.call("chat.postMessage", {"channel": team.human_user_id, "text": "x"}, TOKEN)
        assert dm["channel"] == team.dm_id
    wrong_person = {"channel": ARDOISE.general_id, "user": PIVOINES.human_user_id, "text": "x"}
    assert api.call("chat.postEphemeral", wrong_person, TOKEN)["error"] == "user_not_in_channel"
    assert api.call("auth.test", {}, TOKEN)["team_id"] == PIVOINES.id  # one token, one identity


def test_app_home_is_published_per_workspace() -> None:
    ws = Workspace(DEMO_TEAMS)
    api = SlackWebApi(ws, TOKEN)
    events = ws.subscribe()
    for team in DEMO_TEAMS:
        view = {"type": "home", "blocks": [{"type": "divider"}], "private_metadata": team.id}
        assert api.call("views.publish", {"user_id": team.human_user_id, "view": view}, TOKEN)["ok"]
        assert events.get_nowait()["team"] == team.id
    assert {team: view["private_metadata"] for team, view in ws.home_views.items()} == {
        PIVOINES.id: PIVOINES.id,
        ARDOISE.id: ARDOISE.id,
    }
    nobody = {"user_id": "U0NOBODY", "view": {"type": "home", "blocks": []}}
    assert api.call("views.publish", nobody, TOKEN)["error"] == "user_not_found"


def _first_snapshot(url: str, workspace: str | None) -> dict[str, Any]:
    params = {"workspace": workspace} if workspace else {}
    with httpx.stream("GET", f"{url}/ui/events", params=params, timeout=10) as reply:
        assert reply.status_code == 200
        for line in reply.iter_lines():
            if line.startswith("data: "):
                return dict(json.loads(line[6:]))
    raise AssertionError("no snapshot")


def test_switcher_api_feeds_and_bot_see_each_workspace(console_factory: Any) -> None:
    running = console_factory(teams=DEMO_TEAMS)
    assert running.wait_bot() == "ready"
    listed = httpx.get(f"{running.url}/ui/workspaces").json()
    assert listed["default"] == PIVOINES.id
    assert [(w["id"], w["name"], w["dm"]) for w in listed["workspaces"]] == [
        (t.id, t.name, t.dm_id) for t in DEMO_TEAMS
    ]
    for team in DEMO_TEAMS:
        data = {"workspace": team.id, "channel": team.dm_id, "text": f"Brouillon de {team.name}"}
        assert httpx.post(f"{running.url}/ui/send", json=data).json()["ok"]
    for team in DEMO_TEAMS:
        line = f"TEAMS message {team.id} {team.id} {team.id}"
        wait_for(lambda line=line: line in running.console.bot.tail, 60, line)  # slow under load
        wait_for(lambda team=team: len(running.messages(team.dm_id)) == 2, 20, "the bot's reply")

    snapshot = _first_snapshot(running.url, ARDOISE.id)
    assert snapshot["workspace"] == ARDOISE.id
    channels = {m["channel"] for m in snapshot["messages"]}
    assert channels == {ARDOISE.dm_id}
    assert any("Logiciels Ardoise" in m["html"] for m in snapshot["messages"])
    assert not any("Pivoines" in m["html"] for m in snapshot["messages"])
    assert _first_snapshot(running.url, None)["workspace"] == PIVOINES.id

    unknown = httpx.get(f"{running.url}/ui/events", params={"workspace": "T0NOBODY"})
    assert unknown.status_code == 404 and unknown.json()["error"] == "espace de travail inconnu"
    crossed = {"workspace": ARDOISE.id, "channel": PIVOINES.dm_id, "text": "x"}
    reply = httpx.post(f"{running.url}/ui/send", json=crossed)
    assert reply.status_code == 400 and "pas dans cet espace" in reply.json()["error"]
    started = httpx.post(f"{running.url}/ui/assistant", json={"workspace": ARDOISE.id}).json()
    assert started["channel"] == ARDOISE.dm_id
    assert httpx.post(f"{running.url}/ui/home", json={"workspace": "T0NOBODY"}).status_code == 404
