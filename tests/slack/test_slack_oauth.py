"""OAuth v2 end to end over HTTP: install two workspaces, answer each with its own token, rotate a
token near expiry, uninstall one (its data deleted, the other's untouched)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select, update

from bot.slack.app import build_bot
from bot.slack.http import create_web_app
from bot.slack.scheduler import WeeklyScheduler
from bot.state.models import SLACK_BOTS, SLACK_INSTALLATIONS, Base, Subscription
from bot.state.tenants import departed_teams, purge_departed
from tests.slack.conftest import ServerThread
from tests.slack.doubles import FakeAdvisor
from tests.slack.oauth_harness import (
    CLIENT_ID,
    CLIENT_SECRET,
    FLORIST,
    PLUMBER,
    OAuthHarness,
    add_two_workspaces,
    oauth_settings,
)
from tests.support.slack_api import SlackApiStandIn, wait_for


@pytest.fixture
def overrides() -> dict[str, Any]:
    return {}


@pytest.fixture
def oauth(tmp_path: Path, overrides: dict[str, Any]) -> Iterator[OAuthHarness]:
    api = SlackApiStandIn().start()
    add_two_workspaces(api)
    settings = oauth_settings(tmp_path / "data", api.base_url, **overrides)
    bot = build_bot(settings, advisor=FakeAdvisor())
    bot.services.stream_flush_seconds = 0.0
    with ServerThread(create_web_app(bot)) as server, httpx.Client(timeout=10) as http:
        url = f"http://127.0.0.1:{server.port}"
        api.auth.register_app(CLIENT_ID, CLIENT_SECRET, f"{url}/slack/oauth_redirect", True)
        yield OAuthHarness(api, bot, url, http)
    bot.services.store.close()
    api.stop()


def _rows(oauth: OAuthHarness, table: str, team: str) -> int:
    target = Base.metadata.tables[table]
    with oauth.bot.services.store.engine.connect() as conn:
        query = select(func.count()).select_from(target).where(target.c.team_id == team)
        return int(conn.scalar(query) or 0)


def test_install_page_is_french_and_sets_the_state_cookie(oauth: OAuthHarness) -> None:
    authorize_url, state, page = oauth.start_install()
    assert "Ajouter à Slack" in page.text and 'lang="fr-CA"' in page.text
    assert authorize_url.startswith(f"{oauth.api.url}/oauth/v2/authorize?")
    assert f"client_id={CLIENT_ID}" in authorize_url and f"state={state}" in authorize_url
    assert "scope=app_mentions:read," in authorize_url
    assert "HttpOnly" in page.headers["set-cookie"]


def test_two_workspaces_installed_each_answered_with_its_own_token(oauth: OAuthHarness) -> None:
    for team in (FLORIST, PLUMBER):
        done = oauth.install(team)
        assert done.status_code == 200 and "est installé" in done.text
        installed = oauth.installation(team)
        assert installed is not None and installed.bot_refresh_token
    florist, plumber = oauth.installation(FLORIST), oauth.installation(PLUMBER)
    assert florist and plumber and florist.bot_token != plumber.bot_token
    assert florist.bot_user_id == "UBOTFLEUR" and plumber.bot_user_id == "UBOTPLOMB"

    asked_f = oauth.mention(FLORIST, "CFLEUR", "Comment animer notre page Facebook?")
    asked_p = oauth.mention(PLUMBER, "CPLOMB", "Comment animer notre page Facebook?")
    oauth.final_reply("CFLEUR", asked_f["ts"])
    oauth.final_reply("CPLOMB", asked_p["ts"])
    assert oauth.tokens_in("CFLEUR") == {florist.bot_token}
    assert oauth.tokens_in("CPLOMB") == {plumber.bot_token}
    # Each workspace's rows carry its team: the thread joined in one is not the other's.
    florist_store = oauth.bot.services.store.for_team(FLORIST)
    plumber_store = oauth.bot.services.store.for_team(PLUMBER)
    assert florist_store.is_joined("CFLEUR", asked_f["ts"])
    assert not plumber_store.is_joined("CFLEUR", asked_f["ts"])
    assert _rows(oauth, "replies", FLORIST) == 1 and _rows(oauth, "replies", PLUMBER) == 1


def test_a_token_near_expiry_is_refreshed_and_the_new_one_answers(oauth: OAuthHarness) -> None:
    oauth.install(FLORIST)
    old = oauth.installation(FLORIST)
    assert old is not None and old.bot_token
    first = oauth.mention(FLORIST, "CFLEUR", "Comment répondre aux avis négatifs?")
    oauth.final_reply("CFLEUR", first["ts"])
    assert oauth.tokens_in("CFLEUR") == {old.bot_token}  # far from expiry: no refresh
    soon = datetime.now(UTC).replace(tzinfo=None) + timedelta(minutes=5)  # within the 120 min
    with oauth.bot.services.store.engine.begin() as conn:
        for table in (SLACK_INSTALLATIONS, SLACK_BOTS):
            conn.execute(update(table).values(bot_token_expires_at=soon))

    asked = oauth.mention(FLORIST, "CFLEUR", "Combien de mots-clics sur Instagram?")
    oauth.final_reply("CFLEUR", asked["ts"])
    [refresh] = oauth.api.calls_to("oauth.v2.access")[1:]  # after the install's code exchange
    assert refresh.params["grant_type"] == "refresh_token" and refresh.result["ok"]
    new = oauth.installation(FLORIST)
    assert new is not None and new.bot_token == refresh.result["access_token"] != old.bot_token
    assert oauth.tokens_in("CFLEUR") == {old.bot_token, new.bot_token}
    second_reply = [
        c.token
        for c in oauth.api.calls_to("chat.startStream", "chat.postMessage")
        if c.params.get("thread_ts") == asked["ts"]
    ]
    assert second_reply and set(second_reply) == {new.bot_token}
    assert oauth.api.auth.token_error(old.bot_token) == "token_expired"


@pytest.mark.parametrize("overrides", [{"forget_on_uninstall": True}])
def test_uninstall_forgets_that_workspace_at_once(oauth: OAuthHarness) -> None:
    for team, channel in ((FLORIST, "CFLEUR"), (PLUMBER, "CPLOMB")):
        oauth.install(team)
        asked = oauth.mention(team, channel, "Une idée de publication pour la semaine?")
        oauth.final_reply(channel, asked["ts"])
    assert oauth.event(FLORIST, {"type": "app_uninstalled"}).status_code == 200
    wait_for(lambda: oauth.installation(FLORIST) is None, what="the installation deleted")
    wait_for(lambda: _rows(oauth, "replies", FLORIST) == 0, what="the florist's rows deleted")
    assert _rows(oauth, "joined_threads", FLORIST) == 0
    assert oauth.installation(PLUMBER) is not None
    assert _rows(oauth, "replies", PLUMBER) == 1 and _rows(oauth, "joined_threads", PLUMBER) == 1


def test_uninstall_keeps_the_data_until_retention_ends(oauth: OAuthHarness) -> None:
    oauth.install(FLORIST)
    asked = oauth.mention(FLORIST, "CFLEUR", "Une idée de publication pour la semaine?")
    oauth.final_reply("CFLEUR", asked["ts"])
    oauth.event(FLORIST, {"type": "app_uninstalled"})
    wait_for(lambda: FLORIST in departed_teams(oauth.bot.services.store.engine))
    assert oauth.installation(FLORIST) is None and _rows(oauth, "replies", FLORIST) == 1
    engine, days = oauth.bot.services.store.engine, oauth.bot.services.settings.retention_days
    now = datetime.now(UTC)
    assert purge_departed(engine, days, now + timedelta(days=days - 1)) == {}
    assert purge_departed(engine, days, now + timedelta(days=days + 1))[FLORIST] >= 2
    assert _rows(oauth, "replies", FLORIST) == 0 and departed_teams(engine) == {}


def test_installing_again_keeps_the_data(oauth: OAuthHarness) -> None:
    oauth.install(FLORIST)
    oauth.event(FLORIST, {"type": "app_uninstalled"})
    wait_for(lambda: FLORIST in departed_teams(oauth.bot.services.store.engine))
    assert oauth.install(FLORIST).status_code == 200
    assert departed_teams(oauth.bot.services.store.engine) == {}


def test_weekly_post_goes_out_with_the_subscriptions_workspace_token(oauth: OAuthHarness) -> None:
    oauth.install(FLORIST)
    oauth.install(PLUMBER)
    store = oauth.bot.services.store
    store.for_team(PLUMBER).subscribe("CPLOMB", 0, 9, 0, "America/Toronto", "U1")
    with store.engine.begin() as conn:
        conn.execute(update(Subscription).values(created_at=datetime(2020, 1, 1)))
    scheduler = WeeklyScheduler(
        oauth.bot.services, oauth.bot.app.client, clients=oauth.bot.client_for_team
    )
    monday_10 = datetime(2025, 1, 13, 15, 0, tzinfo=UTC)
    assert scheduler.run_due(monday_10) == [("CPLOMB", "2025-W03")]
    plumber = oauth.installation(PLUMBER)
    assert plumber is not None and oauth.tokens_in("CPLOMB") == {plumber.bot_token}


def test_weekly_post_of_an_uninstalled_workspace_waits(oauth: OAuthHarness) -> None:
    store = oauth.bot.services.store
    store.for_team(FLORIST).subscribe("CFLEUR", 0, 9, 0, "America/Toronto", "U1")
    with store.engine.begin() as conn:
        conn.execute(update(Subscription).values(created_at=datetime(2020, 1, 1)))
    scheduler = WeeklyScheduler(
        oauth.bot.services, oauth.bot.app.client, clients=oauth.bot.client_for_team
    )
    assert scheduler.run_due(datetime(2025, 1, 13, 15, 0, tzinfo=UTC)) == []
    assert store.for_team(FLORIST).weekly_posts() == [(1, "2025-W03", "retry")]
    assert not oauth.api.calls_to("chat.postMessage")


@pytest.mark.parametrize("overrides", [{"allowed_teams": [FLORIST]}])
def test_allowed_teams_refuses_to_install_another_workspace(oauth: OAuthHarness) -> None:
    refused = oauth.install(PLUMBER)
    assert refused.status_code == 403 and "n'est pas autorisé" in refused.text
    assert oauth.installation(PLUMBER) is None
    [revoke] = oauth.api.calls_to("auth.revoke")
    assert revoke.team_id == PLUMBER and oauth.api.auth.token_error(revoke.token) == "token_revoked"
    assert oauth.install(FLORIST).status_code == 200


def test_a_reused_state_or_missing_cookie_fails_in_french(oauth: OAuthHarness) -> None:
    authorize_url, _cookie, _page = oauth.start_install()
    redirect = oauth.approve(authorize_url, FLORIST)
    assert oauth.finish(redirect, "forged").status_code == 400  # another browser
    second_url, second_cookie, _page = oauth.start_install()
    assert oauth.finish(oauth.approve(second_url, FLORIST), second_cookie).status_code == 200
    replay = oauth.finish(oauth.approve(second_url, FLORIST), second_cookie)
    assert replay.status_code == 401 and "expiré ou a déjà servi" in replay.text


def test_revoked_bot_token_counts_as_leaving(oauth: OAuthHarness) -> None:
    oauth.install(FLORIST)
    oauth.install(PLUMBER)
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOTFLEUR"]}}
    assert oauth.event(FLORIST, revoked).status_code == 200
    engine = oauth.bot.services.store.engine
    wait_for(lambda: FLORIST in departed_teams(engine), what="the florist's departure")
    assert oauth.installations.find_bot(enterprise_id=None, team_id=FLORIST) is None
    assert oauth.installation(PLUMBER) is not None and PLUMBER not in departed_teams(engine)


def test_allowed_teams_refuses_a_workspace_taken_off_the_list(oauth: OAuthHarness) -> None:
    oauth.install(FLORIST)
    oauth.install(PLUMBER)
    oauth.bot.services.settings.allowed_teams = [FLORIST]  # as after a restart with the list
    asked = oauth.mention(PLUMBER, "CPLOMB", "Comment animer notre page?")
    refusal = wait_for(lambda: oauth.api.calls_to("chat.postEphemeral"), what="the refusal")
    plumber = oauth.installation(PLUMBER)
    assert plumber is not None and refusal[0].token == plumber.bot_token
    assert refusal[0].params["thread_ts"] == asked["ts"]
    assert oauth.api.bot_messages("CPLOMB") == []
    answered = oauth.mention(FLORIST, "CFLEUR", "Comment animer notre page?")
    oauth.final_reply("CFLEUR", answered["ts"])
