"""Which URLs get the bot token: only Slack's file host for the configured API (or the local
stand-in's own host), never another host, never plain http elsewhere."""

from __future__ import annotations

import pytest

from bot.slack.slack_files import FileDownloadError, download_private, trusted_file_url


@pytest.mark.parametrize(
    ("url", "api", "trusted"),
    [
        ("https://files.slack.com/files-pri/T1-F1/download/a.png", "https://slack.com/api/", True),
        ("https://files.slack-gov.com/files-pri/T1-F1/a.png", "https://slack-gov.com/api/", True),
        ("http://127.0.0.1:3000/files-pri/T1-F1/a.png", "http://127.0.0.1:3000/api/", True),
        ("http://files.slack.com/files-pri/T1-F1/a.png", "https://slack.com/api/", False),
        ("https://files.slack.com.evil.example/a.png", "https://slack.com/api/", False),
        ("https://evil.example/files-pri/a.png", "https://slack.com/api/", False),
        ("http://127.0.0.1:3001/files-pri/a.png", "http://127.0.0.1:3000/api/", False),
        ("file:///etc/passwd", "https://slack.com/api/", False),
        ("", "https://slack.com/api/", False),
    ],
)
def test_only_slacks_file_host_is_trusted(url: str, api: str, trusted: bool) -> None:
    assert trusted_file_url(url, api) is trusted


def test_an_untrusted_url_is_refused_before_any_request() -> None:
    with pytest.raises(FileDownloadError) as refused:
        download_private("https://evil.example/a.png", "xoxb-secret", "https://slack.com/api/", 10)
    assert refused.value.reason == "host"
