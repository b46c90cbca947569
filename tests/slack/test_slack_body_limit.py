"""The 1 MB body limit is enforced before and while reading, never after reading everything."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit

from bot.slack.http import MAX_BODY_BYTES
from tests.slack.conftest import Harness


def _raw_request(harness: Harness, head: str, body: bytes) -> bytes:
    """Send a raw HTTP request (possibly incomplete) and return what the server answers."""
    address = urlsplit(harness.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(head.encode() + b"\r\n" + body)
        return sock.recv(4096)


def test_declared_length_over_the_limit_is_refused_before_reading(harness: Harness) -> None:
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        f"Content-Length: {50 * MAX_BODY_BYTES}\r\n"
    )
    answer = _raw_request(harness, head, b'{"type": "event_callback", ')  # the rest never comes
    assert answer.startswith(b"HTTP/1.1 413")


def test_chunked_body_is_cut_off_at_the_limit(harness: Harness) -> None:
    head = (
        "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
        "Transfer-Encoding: chunked\r\n"
    )
    chunk = b"x" * 65_536
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(17))  # > 1 MB, no end
    answer = _raw_request(harness, head, chunks)
    assert answer.startswith(b"HTTP/1.1 413")


def test_bad_content_length_is_a_bad_request(harness: Harness) -> None:
    head = "POST /slack/events HTTP/1.1\r\nHost: bot\r\nContent-Length: -5\r\n"
    assert _raw_request(harness, head, b"{}").startswith(b"HTTP/1.1 400")


def test_body_at_the_limit_reaches_signature_checks(harness: Harness) -> None:
    body = '{"pad": "' + "x" * (MAX_BODY_BYTES - 20) + '"}'
    response = harness.post(body, "application/json")
    assert response.status_code != 413
