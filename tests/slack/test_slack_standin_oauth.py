"""The Slack stand-in's OAuth is as strict as Slack's (a test double must not accept what Slack
refuses), and the bot's redirect URL setting goes through the whole exchange."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.slack.app import build_bot
from bot.slack.http import create_web_app
from tests.slack.conftest import ServerThread
from tests.slack.doubles import FakeAdvisor
from tests.slack.oauth_harness import (
    CLIENT_ID,
    CLIENT_SECRET,
    FLORIST,
    OAuthHarness,
    add_two_workspaces,
    oauth_settings,
)
from tests.support.slack_api import SlackApiStandIn
from tests.support.slack_oauth import redirect_target

REDIRECT = "https://bot.example.com/slack/oauth_redirect"


@pytest.fixture
def api() -> Iterator[SlackApiStandIn]:
    stand_in = SlackApiStandIn().start()
    add_two_workspaces(stand_in)
    stand_in.auth.register_app(CLIENT_ID, CLIENT_SECRET, REDIRECT, rotation=True)
    yield stand_in
    stand_in.stop()


def _code(api: SlackApiStandIn, redirect_uri: str | None = REDIRECT) -> str:
    query = {"client_id": CLIENT_ID, "scope": "chat:write", "state": "s", "team": FLORIST}
    if redirect_uri:
        query["redirect_uri"] = redirect_uri
    consent = httpx.get(f"{api.url}/oauth/v2/authorize", params=query, follow_redirects=False)
    assert consent.status_code == 302, consent.text
    return redirect_target(consent.headers["location"])[1]["code"]


def _error(call: object) -> str:
    with pytest.raises(SlackApiError) as refused:
        call()  # type: ignore[operator]
    return str(refused.value.response["error"])


def test_code_exchange_is_as_strict_as_slack(api: SlackApiStandIn) -> None:
    client = WebClient(base_url=api.base_url)
    code = _code(api)
    assert (
        _error(lambda: client.oauth_v2_access(client_id=CLIENT_ID, client_secret="nope", code=code))
        == "invalid_client"
    )
    code = _code(api)
    assert (
        _error(
            lambda: client.oauth_v2_access(
                client_id=CLIENT_ID,
                client_secret=CLIENT_SECRET,
                code=code,
                redirect_uri="https://evil.example.com/cb",
            )
        )
        == "bad_redirect_uri"
    )
    code = _code(api)
    granted = client.oauth_v2_access(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code, redirect_uri=REDIRECT
    )
    assert granted["team"]["id"] == FLORIST and granted["expires_in"] == 43_200
    again = lambda: client.oauth_v2_access(  # noqa: E731
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=code, redirect_uri=REDIRECT
    )
    assert _error(again) == "invalid_code"
    unknown = lambda: client.oauth_v2_access(  # noqa: E731
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code="T0FLEUR01.999.x"
    )
    assert _error(unknown) == "invalid_code"


def test_refresh_gives_a_new_token_and_the_old_one_stops(api: SlackApiStandIn) -> None:
    client = WebClient(base_url=api.base_url)
    granted = client.oauth_v2_access(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, code=_code(api), redirect_uri=REDIRECT
    )
    old = granted["access_token"]
    assert WebClient(token=old, base_url=api.base_url).auth_test()["user_id"] == "UBOTFLEUR"
    refreshed = client.oauth_v2_access(
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        grant_type="refresh_token",
        refresh_token=granted["refresh_token"],
    )
    assert refreshed["access_token"] != old and refreshed["refresh_token"]
    assert _error(lambda: WebClient(token=old, base_url=api.base_url).auth_test()) == (
        "token_expired"
    )
    reuse = lambda: client.oauth_v2_access(  # noqa: E731
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        grant_type="refresh_token",
        refresh_token=granted["refresh_token"],
    )
    assert _error(reuse) == "invalid_refresh_token"
    assert _error(lambda: WebClient(token="xoxb-made-up", base_url=api.base_url).auth_test()) == (
        "invalid_auth"
    )
    [test] = [c for c in api.calls_to("auth.test") if c.result.get("ok")]
    assert (test.token, test.team_id) == (old, FLORIST)


def test_authorize_page_refuses_an_unregistered_redirect(api: SlackApiStandIn) -> None:
    query = {"client_id": CLIENT_ID, "scope": "chat:write", "redirect_uri": "https://evil/cb"}
    refused = httpx.get(f"{api.url}/oauth/v2/authorize", params=query, follow_redirects=False)
    assert refused.status_code == 400 and refused.text == "bad_redirect_uri"


def test_configured_redirect_url_goes_through_the_exchange(
    tmp_path: Path, api: SlackApiStandIn
) -> None:
    settings = oauth_settings(tmp_path / "data", api.base_url, slack_redirect_uri=REDIRECT)
    bot = build_bot(settings, advisor=FakeAdvisor())
    with ServerThread(create_web_app(bot)) as server, httpx.Client(timeout=10) as http:
        oauth = OAuthHarness(api, bot, f"http://127.0.0.1:{server.port}", http)
        authorize_url, cookie, _page = oauth.start_install()
        assert f"redirect_uri={REDIRECT}" in authorize_url
        redirect = oauth.approve(authorize_url, FLORIST)
        assert redirect.startswith(REDIRECT)
        assert oauth.finish(redirect, cookie).status_code == 200
        [exchange] = api.calls_to("oauth.v2.access")
        assert exchange.params["redirect_uri"] == REDIRECT and exchange.result["ok"]
    bot.services.store.close()
