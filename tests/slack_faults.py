"""Publishing test support: the fake Slack server with two more faults, and post writers.

`PublishSlackServer` extends `tests.slack_api_server.SlackApiServer` (not edited) with:
- `Fault("store_then_drop")`: Slack accepts and stores the message, then the connection drops
  before the answer (the duplicate trap: the caller cannot know the post went through);
- `Fault("store_then_stall", retry_after=N)`: stores, then holds the answer N seconds and drops
  (a window for kill -9 between Slack accepting and the ledger recording);
- `chat.getPermalink`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.slack_api_server import Call, Fault, SlackApiServer

CHANNEL = "C0MEETUP"
TOKEN = "xoxb-test-token"


class PublishSlackServer(SlackApiServer):
    def record(self, call: Call) -> Fault | None:
        fault = super().record(call)
        if fault is not None and fault.kind in ("store_then_drop", "store_then_stall"):
            self.api(call.method, call.params, call.token)
            if fault.kind == "store_then_stall":
                time.sleep(fault.retry_after)
            return Fault.drop()
        return fault

    def m_chat_getPermalink(self, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        channel, ts = params.get("channel"), str(params.get("message_ts") or "")
        return {
            "ok": True,
            "channel": channel,
            "permalink": f"https://test.slack.com/archives/{channel}/p{ts.replace('.', '')}",
        }

    def parts(self, channel: str = CHANNEL) -> Counter[tuple[str, str]]:
        """How many messages the channel holds per (post id, part), from their metadata."""
        with self.lock:
            stored = list(self.messages.get(channel, []))
        out: Counter[tuple[str, str]] = Counter()
        for message in stored:
            payload = (message.metadata or {}).get("event_payload") or {}
            out[(str(payload.get("post_id")), str(payload.get("part")))] += 1
        return out

    def message(self, post_id: str, part: str, channel: str = CHANNEL) -> Any:
        with self.lock:
            return next(
                m
                for m in self.messages.get(channel, [])
                if (m.metadata or {}).get("event_payload", {}).get("post_id") == post_id
                and m.metadata["event_payload"].get("part") == part
            )


def store_then_drop() -> Fault:
    return Fault("store_then_drop")


def store_then_stall(seconds: int) -> Fault:
    return Fault("store_then_stall", retry_after=seconds)


def post_text(
    title: str,
    talks: int,
    date: str = "2026-11-14 19:00:00 +0900",
    extra: str = "",
    body_suffix: str = "",
) -> str:
    """A post of our own writing with `talks` talks."""
    lines = [
        "---",
        f'title: "{title}"',
        f"date: {date}",
        *([extra] if extra else []),
        "---",
        "",
        f"Notes from {title}.",
        "",
    ]
    for number in range(1, talks + 1):
        lines += [
            f"## @speaker{number} Talk number {number}",
            "",
            f"* point one of talk {number}",
            f"* point two of talk {number}",
            "",
        ]
    return "\n".join(lines) + body_suffix


def write_post(folder: Path, name: str, title: str, talks: int = 2, **kwargs: Any) -> Path:
    path = folder / f"{name}.md"
    path.write_text(post_text(title, talks, **kwargs), encoding="utf-8")
    return path


@pytest.fixture
def slack() -> Iterator[PublishSlackServer]:
    """The fake Slack Web API the publishing tests post to (a file's own `slack` fixture wins)."""
    with PublishSlackServer() as server:
        yield server
