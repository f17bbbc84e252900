"""`meetup-bot serve`: start-up checks (one line naming the bad setting) and an end-to-end run
as a subprocess answering signed requests on a real port."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import main
from tests.fixtures_slack import (
    BOT_TOKEN,
    SIGNING_SECRET,
    SlackClient,
    blocks_text,
    buttons,
    write_posts,
)
from tests.serve_process import wait_until
from tests.slack_api_server import SlackApiServer

ROOT = Path(__file__).resolve().parents[1]
SETTINGS = (
    "MEETUP_POLL_INTERVAL",
    "MEETUP_MESSAGE_INTERVAL",
    "MEETUP_LAYOUT",
    "MEETUP_LOG_LEVEL",
    "MEETUP_PREVIEW",
    "MEETUP_CHANNEL",
    "MEETUP_WEBHOOK_SECRET",
    "SLACK_CLIENT_ID",
    "SLACK_CLIENT_SECRET",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "MEETUP_POSTS",
    "MEETUP_DATABASE_URL",
    "PORT",
)


@pytest.fixture
def env(tmp_path: Path, slack_api: SlackApiServer, monkeypatch: pytest.MonkeyPatch) -> dict:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    values = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": slack_api.api_url,
        "MEETUP_POSTS": str(write_posts(tmp_path / "posts")),
        "MEETUP_DATABASE_URL": f"sqlite:///{tmp_path / 'meetup.db'}",
    }
    return values


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"SLACK_SIGNING_SECRET": None}, "SLACK_SIGNING_SECRET: missing"),
        ({"SLACK_SIGNING_SECRET": ""}, "SLACK_SIGNING_SECRET: missing"),
        ({"SLACK_BOT_TOKEN": "not-a-token"}, "SLACK_BOT_TOKEN: must be a bot token"),
        ({"SLACK_APP_TOKEN": "xoxb-wrong"}, "SLACK_APP_TOKEN: must be an app-level token"),
        ({"PORT": "http"}, "PORT:"),
        ({"PORT": "70000"}, "PORT:"),
        ({"SLACK_API_URL": "ftp://example"}, "SLACK_API_URL:"),
        ({"MEETUP_DATABASE_URL": "mysql://x"}, "MEETUP_DATABASE_URL:"),
        ({"MEETUP_POSTS": "/nonexistent/posts"}, "MEETUP_POSTS:"),
        ({"SLACK_BOT_TOKEN": "xoxb-invalid"}, "SLACK_BOT_TOKEN: Slack refused it (invalid_auth)"),
        ({"SLACK_API_URL": "http://127.0.0.1:9/api/"}, "SLACK_API_URL: cannot reach"),
        ({"MEETUP_POLL_INTERVAL": "0"}, "MEETUP_POLL_INTERVAL: Input should be greater than 0"),
        ({"MEETUP_POLL_INTERVAL": "soon"}, "MEETUP_POLL_INTERVAL:"),
        ({"MEETUP_POLL_INTERVAL": "-5"}, "MEETUP_POLL_INTERVAL:"),
        ({"MEETUP_MESSAGE_INTERVAL": "-1"}, "MEETUP_MESSAGE_INTERVAL:"),
        ({"MEETUP_LAYOUT": "grid"}, "MEETUP_LAYOUT:"),
        ({"MEETUP_LAYOUT": ""}, "MEETUP_LAYOUT:"),
        ({"MEETUP_LOG_LEVEL": "loud"}, "MEETUP_LOG_LEVEL: Value error, must be one of DEBUG"),
        ({"MEETUP_LOG_LEVEL": ""}, "MEETUP_LOG_LEVEL:"),
        ({"MEETUP_PREVIEW": "maybe"}, "MEETUP_PREVIEW:"),
        ({"SLACK_CLIENT_ID": "1.2"}, "SLACK_CLIENT_SECRET"),
        (
            {"SLACK_BOT_TOKEN": None, "SLACK_CLIENT_ID": "1.2", "SLACK_CLIENT_SECRET": "s"}
            | {"SLACK_SIGNING_SECRET": None},
            "SLACK_SIGNING_SECRET: missing",
        ),
    ],
)
def test_bad_settings_stop_start_up_with_one_line(
    env: dict,
    changes: dict,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    env.update(changes)
    for name, value in env.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert main(["serve", "--host", "127.0.0.1", "--port", "0"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert expected in err[0]
    assert SIGNING_SECRET not in err[0] and "xoxb-test" not in err[0]


@pytest.fixture
def serve(env: dict, slack_api: SlackApiServer) -> Iterator[tuple[subprocess.Popen, str, list]]:
    yield from _serve(env)


def _serve(env: dict) -> Iterator[tuple[subprocess.Popen, str, list]]:
    full = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    full.update({k: v for k, v in env.items() if v is not None})
    full["PYTHONPATH"] = str(ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", "0"],
        cwd=ROOT,
        env=full,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            match = re.search(r'"msg": "serving \(\w+ mode\) on .*"url": "(http://[^"]+)"', line)
            if match:
                found.append(match.group(1))
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    ready.wait(30)
    try:
        assert found, "".join(lines)
        yield process, found[0], lines
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        reader.join(5)


def test_serve_end_to_end(serve: tuple, slack_api: SlackApiServer) -> None:
    process, url, lines = serve
    client = SlackClient(url, slack_api)
    health = client.get("/healthz").json()
    assert (
        health["status"] == "ok"
        and health["mode"] == "http"
        and "4 added" in health["last_sync_summary"]
    )
    message = client.slash("search ruff").json()
    assert "Fast linters with ruff" in blocks_text(message)
    share = next(b for b in buttons(message) if b["action_id"] == "meetup_share_0")
    client.click(share, response_id="e2e")
    assert slack_api.wait_for("response")[0].json_body["response_type"] == "in_channel"
    body = urllib.parse.urlencode(client.command_form("search ruff")).encode()
    assert client.post(body, signed=False).status == 401
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0
    assert wait_until(lambda: "stopped" in "".join(lines), 30)  # the reader has the last line
    log = "".join(lines)
    assert "stopped" in log and SIGNING_SECRET not in log and BOT_TOKEN not in log


def test_serve_dry_without_tokens(env: dict, slack_api: SlackApiServer) -> None:
    env.update({"SLACK_BOT_TOKEN": None})
    for _process, url, _lines in _serve(env):
        client = SlackClient(url, slack_api)
        assert client.get("/healthz").json()["mode"] == "dry"
        assert "Fast linters" in blocks_text(client.slash("search ruff").json())
    assert slack_api.calls == []
    env.update({"SLACK_SIGNING_SECRET": None})
    for _process, url, _lines in _serve(env):
        client = SlackClient(url, slack_api)
        assert client.get("/healthz").status == 200
        assert client.slash("search ruff").status == 503


def test_serve_socket_mode(env: dict, slack_api: SlackApiServer) -> None:
    from tests.fixtures_slack import APP_TOKEN
    from tests.slack_api_server import SocketModeServer

    with SocketModeServer() as socket:
        slack_api.socket_url = socket.url
        env.update({"SLACK_APP_TOKEN": APP_TOKEN, "SLACK_SIGNING_SECRET": None})
        for _process, url, _lines in _serve(env):
            assert socket.connected.wait(10)
            client = SlackClient(url, slack_api)
            health = client.get("/healthz").json()
            assert health["mode"] == "socket" and health["socket_connected"] is True
            assert client.slash("search ruff").status == 404  # no HTTP endpoint in this mode
            socket.send(
                {
                    "envelope_id": "e1",
                    "type": "slash_commands",
                    "accepts_response_payload": True,
                    "payload": client.command_form("search cgroup"),
                }
            )
            answer = socket.ack_for("e1", timeout=10)["payload"]
            assert "Container resource control with cgroup" in blocks_text(answer)
