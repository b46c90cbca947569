"""Flow details: follow-ups mid-reply, group DMs, forged feedback, critique saved before shown."""

from __future__ import annotations

import threading

import pytest

from bot.slack.gating import BotIdentity, decide
from tests.slack.conftest import Harness
from tests.slack.test_slack_dm import DRAFT
from tests.support.slack_api import wait_for

BOT = BotIdentity(user_id="UBOT", bot_id="BBOT")


def test_follow_up_sent_while_the_bot_is_answering_is_answered(harness: Harness) -> None:
    harness.advisor.gate = threading.Event()  # the first answer is still being written...
    root = harness.mention("Comment parler de nos promotions?")
    wait_for(lambda: harness.advisor.calls)
    harness.message("Et sur LinkedIn?", thread_ts=root["ts"])  # ...when the user adds this
    wait_for(lambda: len(harness.advisor.calls) == 2)
    harness.advisor.gate.set()
    wait_for(lambda: len(harness.api.calls_to("chat.stopStream")) == 2)
    assert [args["question"] for _name, args in harness.advisor.calls] == [
        "Comment parler de nos promotions?",
        "Et sur LinkedIn?",
    ]


def test_group_dms_behave_like_channels() -> None:
    """Decision: in a group DM (mpim) the bot answers when mentioned, not every message."""
    base = {"user": "U1", "channel": "G1", "ts": "1.1", "channel_type": "mpim"}
    plain = decide({**base, "text": "allo"}, event_type="message", team_id="T1", bot=BOT)
    assert plain.action == "ignore"
    mention = {**base, "text": "<@UBOT> allo"}
    assert decide(mention, event_type="app_mention", team_id="T1", bot=BOT).action == "answer"
    limited = decide(
        mention, event_type="app_mention", team_id="T1", bot=BOT, allowed_channels=["C9"]
    )
    assert limited.action == "refuse"  # the channel allow-list applies to group DMs


def test_feedback_on_an_unknown_reply_is_not_stored(harness: Harness) -> None:
    assert harness.click("feedback_up", "forged-value", user="U5").status_code == 200
    thanks = wait_for(lambda: harness.api.calls_to("response_url"))[0].params["text"]
    assert thanks.startswith("Merci")
    assert harness.bot.services.store.list_feedback() == []


def test_critique_is_saved_before_its_buttons_are_shown(harness: Harness, monkeypatch) -> None:
    store = harness.bot.services.store
    posts_before_save: list[int] = []
    save = store.save_reply

    def save_and_count(*args, **kwargs):  # type: ignore[no-untyped-def]
        posts_before_save.append(len(harness.api.calls_to("chat.postMessage")))
        return save(*args, **kwargs)

    monkeypatch.setattr(store, "save_reply", save_and_count)
    harness.message(DRAFT, channel="D1")
    wait_for(lambda: harness.api.calls_to("chat.postMessage"))
    assert posts_before_save == [0]  # a click on the buttons always finds the reply


@pytest.mark.parametrize("settings_overrides", [{"allowed_channels": ["C1"]}])
def test_slash_command_respects_the_channel_allow_list(harness: Harness) -> None:
    refused = harness.command("", channel="C2").text
    assert refused.startswith("Désolé, je ne suis pas activé")
    refused = harness.command("abonner <#C2|autre>", channel="C1").text
    assert refused.startswith("Désolé")  # subscribing a channel outside the list is refused too
    harness.command("", channel="C1")
    wait_for(lambda: harness.api.calls_to("response_url"))
    assert [name for name, _args in harness.advisor.calls] == ["ideas"]
    assert harness.bot.services.store.subscriptions() == []


def test_each_reply_records_its_surface_and_coverage_for_the_report(
    harness: Harness, monkeypatch
) -> None:
    store = harness.bot.services.store
    saved: list[tuple[str, dict]] = []
    save = store.save_reply

    def record(reply_id, kind, **kwargs):  # type: ignore[no-untyped-def]
        saved.append((kind, kwargs.get("payload") or {}))
        return save(reply_id, kind, **kwargs)

    monkeypatch.setattr(store, "save_reply", record)
    root = harness.mention("Comment parler de nos promotions?")
    wait_for(lambda: len(saved) == 1)
    harness.message("Et sur LinkedIn?", thread_ts=root["ts"])
    wait_for(lambda: len(saved) == 2)
    harness.message(DRAFT, channel="D1")
    wait_for(lambda: len(saved) == 3)
    assert [(kind, p.get("surface")) for kind, p in saved] == [
        ("answer", "mention"), ("answer", "thread"), ("critique", "dm")
    ]  # fmt: skip
    assert saved[0][1]["coverage"] in ("covered", "close", "none")
