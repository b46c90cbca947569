"""deploy/slack-manifest.yaml matches what the code needs: events, command, buttons, scopes."""

from __future__ import annotations

import yaml

from bot.config import PROJECT_ROOT, Settings

MANIFEST = yaml.safe_load(
    (PROJECT_ROOT / "deploy" / "slack-manifest.yaml").read_text(encoding="utf-8")
)


def test_events_command_and_interactivity() -> None:
    settings = MANIFEST["settings"]
    events = set(settings["event_subscriptions"]["bot_events"])
    assert {
        "app_mention",
        "message.im",
        "message.channels",
        "app_home_opened",
        "assistant_thread_started",
    } <= events
    assert settings["interactivity"]["is_enabled"] is True
    assert settings["socket_mode_enabled"] is True
    [command] = MANIFEST["features"]["slash_commands"]
    assert command["command"] == Settings(_env_file=None).slash_command
    assert command["should_escape"] is True


def test_agent_messaging_experience() -> None:
    """docs.slack.dev/ai/migrating-to-agent-messaging: agent_view with agent_description."""
    features = MANIFEST["features"]
    assert "assistant_view" not in features
    assert features["agent_view"]["agent_description"]
    assert features["app_home"]["messages_tab_enabled"] is True


def test_scopes_are_exactly_the_needed_ones() -> None:
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read", "assistant:write", "channels:history", "groups:history", "im:history",
        "channels:read", "groups:read",
        "chat:write", "chat:write.public", "commands", "reactions:write", "users:read",
        "files:read", "im:write",
    }  # fmt: skip
