"""Files users share in Slack: `files.info`, then the private URL with the bot token, in memory.

Shared by knowledge uploads (stored afterwards) and draft images (never stored). The token is
only ever sent to Slack's own file host (files.<api host>, or the API host itself for a local
stand-in such as the console); redirects are not followed, and a sign-in page (Slack's answer to
a bad token or a missing scope) or a body over the limit is refused."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

import httpx
from slack_sdk import WebClient

DOWNLOAD_TIMEOUT_S = 30.0


class FileDownloadError(ValueError):
    """A shared file that could not be fetched: `reason` is 'host', 'signin', 'size' or 'http'."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


def file_info(client: WebClient, file_id: str) -> dict[str, Any]:
    """The file's `files.info` record (SlackApiError propagates: missing_scope, not found...)."""
    return dict(client.files_info(file=file_id)["file"])


def trusted_file_url(url: str, api_url: str) -> bool:
    """True for Slack's file host: https on files.<API host>, or the API host itself (local)."""
    where, api = urlparse(url), urlparse(api_url or "https://slack.com/api/")
    if not where.hostname:
        return False
    if where.netloc == api.netloc and where.scheme == api.scheme:
        return True
    return where.scheme == "https" and where.hostname == f"files.{api.hostname}"


def download_private(url: str, token: str, api_url: str, limit: int) -> bytes:
    """The bytes behind a file's private URL, read with the bot token (never logged), at most
    `limit` bytes; FileDownloadError otherwise."""
    if not trusted_file_url(url, api_url):
        raise FileDownloadError("host", "not a Slack file URL")
    headers = {"Authorization": f"Bearer {token}"}
    try:
        with httpx.stream(
            "GET", url, headers=headers, timeout=DOWNLOAD_TIMEOUT_S, follow_redirects=False
        ) as response:
            if response.status_code != 200:
                raise FileDownloadError("http", f"HTTP {response.status_code}")
            if "text/html" in response.headers.get("Content-Type", ""):
                raise FileDownloadError("signin", "Slack answered with a sign-in page")
            data = bytearray()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > limit:
                    raise FileDownloadError("size", "over the size limit")
    except httpx.HTTPError as exc:
        raise FileDownloadError("http", type(exc).__name__) from exc
    return bytes(data)
