"""Slash command (ack first, then ideas), subcommands, feedback and share buttons, App Home."""

from __future__ import annotations

import json
import threading

from typer.testing import CliRunner

from tests.slack.conftest import Harness
from tests.support.slack_api import wait_for


def _responses(harness: Harness) -> list[dict]:
    return [c.params for c in harness.api.calls_to("response_url")]


def test_ack_arrives_before_the_ideas_are_ready(harness: Harness) -> None:
    harness.advisor.gate = threading.Event()  # ideas() blocks until released
    response = harness.command("")
    assert response.status_code == 200
    wait_for(lambda: harness.advisor.calls)  # the work has started...
    assert _responses(harness) == []  # ...and is not finished, yet Slack already has its ack
    harness.advisor.gate.set()
    delivered = wait_for(lambda: _responses(harness))[0]
    assert delivered["response_type"] == "ephemeral"
    assert "Idées de contenu" in delivered["blocks"][0]["text"]["text"]
    assert sum(1 for b in delivered["blocks"] if b["type"] == "section") == 5
    feedback, share = delivered["blocks"][-2:]
    assert feedback["type"] == "context_actions"
    assert [e["action_id"] for e in share["elements"]] == ["share_ideas"]


def test_theme_is_passed_to_the_advisor(harness: Harness) -> None:
    harness.command("rentrée scolaire")
    wait_for(lambda: _responses(harness))
    assert harness.advisor.calls[0][1]["theme"] == "rentrée scolaire"


def test_help_is_the_ack_itself(harness: Harness) -> None:
    response = harness.command("aide")
    assert "abonner" in response.json()["text"]
    response = harness.command("abonner #general")  # plain channel name: unusable → help with why
    assert "Choisissez le canal" in response.json()["text"]
    assert harness.advisor.calls == []


def test_subscribe_and_unsubscribe(harness: Harness) -> None:
    harness.command("abonner <#C777|marketing> mercredi 14h30")
    text = wait_for(lambda: _responses(harness))[0]["text"]
    assert "<#C777>" in text and "mercredi" in text and "14 h 30" in text
    [sub] = harness.bot.services.store.subscriptions()
    assert (sub.channel, sub.weekday, sub.hour, sub.minute, sub.tz) == (
        "C777",
        2,
        14,
        30,
        "America/Toronto",
    )
    assert sub.language == "fr"  # the weekly post and any pause notice use it after a restart
    harness.command("desabonner <#C777|marketing>")
    wait_for(lambda: len(_responses(harness)) == 2)
    assert "annulé" in _responses(harness)[1]["text"]
    assert harness.bot.services.store.subscriptions() == []


def test_subscribe_defaults_to_current_channel_monday_nine(harness: Harness) -> None:
    harness.command("abonner", channel="C42")
    wait_for(lambda: _responses(harness))
    [sub] = harness.bot.services.store.subscriptions()
    assert (sub.channel, sub.weekday, sub.hour, sub.minute) == ("C42", 0, 9, 0)


def test_feedback_click_is_stored_and_exported(harness: Harness, monkeypatch, tmp_path) -> None:
    mention = harness.mention("Comment parler de nos promotions?")
    harness.final_reply("C1", mention["ts"])
    stop = harness.api.calls_to("chat.stopStream")[0]
    vote = stop.params["blocks"][-1]["elements"][0]["negative_button"]["value"]
    reply_id = vote.removeprefix("down:")
    assert harness.click("feedback_down", reply_id, user="U5").status_code == 200  # legacy button
    wait_for(lambda: harness.bot.services.store.list_feedback())
    [row] = harness.bot.services.store.list_feedback()
    assert (row["reply_id"], row["user"], row["value"], row["kind"]) == (
        reply_id,
        "U5",
        "down",
        "answer",
    )
    assert row["question"] == "Comment parler de nos promotions?"
    assert row["sources"][0]["source"] == "doctrine/pas-d-inondation-promotionnelle.md"
    assert "Merci" in wait_for(lambda: _responses(harness))[0]["text"]

    from bot.cli import app
    from bot.config import get_settings

    monkeypatch.setenv("KILOVOLT_DATA_DIR", str(harness.bot.services.settings.data_dir))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["feedback", "--json"])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["value"] == "down"


def test_share_button_posts_ideas_in_channel(harness: Harness) -> None:
    harness.command("")
    delivered = wait_for(lambda: _responses(harness))[0]
    reply_id = delivered["blocks"][-1]["elements"][0]["value"]  # the share button
    harness.click("share_ideas", reply_id, user="U7")
    wait_for(lambda: len(_responses(harness)) == 3)
    shared, deleted = _responses(harness)[1:]
    assert shared["response_type"] == "in_channel"
    assert "<@U7>" in json.dumps(shared["blocks"])
    assert "share_ideas" not in json.dumps(shared["blocks"])
    assert deleted["delete_original"] is True


def test_app_home_lists_subscriptions(harness: Harness) -> None:
    harness.bot.services.store.subscribe("C555", 0, 9, 0, "America/Toronto", "U1")
    harness.api.members = {"C555": {"U1"}}  # listed only for channels the viewer is in
    harness.event({"type": "app_home_opened", "user": "U1", "channel": "D1", "tab": "home"})
    view = wait_for(lambda: harness.api.calls_to("views.publish"))[0].params["view"]
    assert view["type"] == "home"
    assert "<#C555> — lundi à 9 h 00" in json.dumps(view, ensure_ascii=False)
