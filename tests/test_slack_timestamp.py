"""A malformed X-Slack-Request-Timestamp is a 401, never a 500 (issue 10, item 5)."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import time
import urllib.parse

import pytest

from tests.fixtures_slack import SIGNING_SECRET, RunningBot


def _signed_with(body: bytes, timestamp: str) -> dict[str, str]:
    """Headers signed over `timestamp` as written (someone who knows the secret)."""
    base = b"v0:" + timestamp.encode() + b":" + body
    digest = hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": f"v0={digest}"}


@pytest.mark.parametrize(
    "timestamp", ["abc", "1e10", "1.5", "", " ", "-1", "+1700000000", "0x10", "1_700_000_000"]
)
def test_a_malformed_timestamp_is_refused_with_401(bot: RunningBot, timestamp: str) -> None:
    body = urllib.parse.urlencode(bot.client.command_form("search ruff")).encode()
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": "v0=" + "0" * 64}
    assert bot.client.post(body, signed=False, headers=headers).status == 401
    # even signed over the odd text as written, it is not a timestamp Slack sends
    signed = bot.client.post(body, signed=False, headers=_signed_with(body, timestamp))
    assert signed.status == 401
    assert [c.method for c in bot.api.calls] == ["auth.test"]  # start-up only


def test_a_malformed_timestamp_on_an_unparsable_body_is_401(bot: RunningBot) -> None:
    headers = {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=" + "0" * 64}
    answer = bot.client.post(b"\xff\xfe", signed=False, headers=headers)
    assert answer.status == 401
    answer = bot.client.post(b"{}", signed=False, headers=headers, content_type="text/plain")
    assert answer.status == 401


def _post_raw_headers(bot: RunningBot, body: bytes, headers: dict[str, bytes]) -> int:
    """POST with header values sent as these bytes (urllib only sends latin-1 text)."""
    host, port = bot.url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.putrequest("POST", "/slack/events")
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(len(body)))
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders(body)
        return connection.getresponse().status
    finally:
        connection.close()


def test_full_width_digits_and_non_ascii_signatures_are_refused_with_401(
    bot: RunningBot,
) -> None:
    """Full-width digits are a number to `int()`; a non-ASCII signature breaks compare_digest."""
    body = urllib.parse.urlencode(bot.client.command_form("search ruff")).encode()
    now = str(int(time.time()))
    full_width = "".join(chr(0xFF10 + int(d)) for d in now)
    signature = _signed_with(body, full_width)["X-Slack-Signature"]
    sent = {
        "X-Slack-Request-Timestamp": full_width.encode(),
        "X-Slack-Signature": signature.encode(),
    }
    assert _post_raw_headers(bot, body, sent) == 401
    odd_signature = ("v0=" + "０" * 64).encode()
    sent = {"X-Slack-Request-Timestamp": now.encode(), "X-Slack-Signature": odd_signature}
    assert _post_raw_headers(bot, body, sent) == 401
    assert bot.client.slash("search ruff").status == 200  # and a real request still works
