"""A real `meetup-bot serve` installed in many workspaces (SLACK_CLIENT_ID/SECRET, no bot token):
the Add-to-Slack page, the OAuth redirect saving the installation, `/meetup subscribe` from the
new workspace with that workspace's token, a new post published to the subscribed channel with
that token exactly once, a workspace that never installed the app sees nothing, and uninstalling
forgets the workspace (installation and subscriptions): nothing is posted there again."""

from __future__ import annotations

import html
import json
import re
import sqlite3
import time
from pathlib import Path

import pytest

import words
from tests.fixtures_slack import SIGNING_SECRET, HttpAnswer, SlackClient
from tests.serve_process import Serve, clean_env, wait_until
from tests.slack_faults import write_post
from tests.workspace_helpers import CLIENT_ID, CLIENT_SECRET, OAuthSlackServer, Workspace

NEW_CHANNEL = "C0NEWS"


@pytest.fixture
def slack() -> OAuthSlackServer:
    with OAuthSlackServer() as server:
        yield server  # type: ignore[misc]


def _env(tmp: Path, slack: OAuthSlackServer) -> dict[str, str]:
    posts = tmp / "posts"
    posts.mkdir()
    write_post(posts, "2026-10-01-existing", "Existing Meetup", 2)
    return clean_env(
        SLACK_CLIENT_ID=CLIENT_ID,
        SLACK_CLIENT_SECRET=CLIENT_SECRET,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack.api_url,
        MEETUP_POSTS=str(posts),
        MEETUP_DATABASE_URL=f"sqlite:///{tmp / 'meetup.db'}",
        MEETUP_POLL_INTERVAL="0.2",
        MEETUP_MESSAGE_INTERVAL="0",
    )


def _uninstall(serve: Serve, slack: OAuthSlackServer, team: str) -> HttpAnswer:
    body = {
        "token": "legacy",
        "team_id": team,
        "api_app_id": "A0APP",
        "type": "event_callback",
        "event_id": "Ev0UNINSTALL",
        "event_time": int(time.time()),
        "event": {"type": "app_uninstalled", "event_ts": str(time.time())},
    }
    return SlackClient(serve.url, slack).post(
        json.dumps(body).encode(), content_type="application/json"
    )


def _rows(tmp: Path, table: str) -> int:
    with sqlite3.connect(tmp / "meetup.db") as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def _metric(serve: Serve, name: str) -> float:
    match = re.search(rf"^{re.escape(name)} (\S+)$", serve.request("/metrics").text, re.M)
    return float(match[1]) if match else 0.0


def _install(serve: Serve, team: str) -> None:
    page = serve.request("/slack/install")
    assert page.status == 200, page.text
    link = html.unescape(re.search(r'href="([^"]*oauth/v2/authorize[^"]+)"', page.text)[1])  # type: ignore[index]
    state = re.search(r"state=([^&]+)", link)[1]  # type: ignore[index]
    cookie = page.headers["Set-Cookie"].split(";")[0]
    done = serve.request(
        f"/slack/oauth_redirect?code=code-{team}&state={state}", headers={"Cookie": cookie}
    )
    assert done.status == 200, done.text + "\n--- serve log ---\n" + serve.log()


def test_install_subscribe_and_publish_with_the_workspace_token(
    tmp_path: Path, slack: OAuthSlackServer
) -> None:
    with Serve(_env(tmp_path, slack)) as serve:
        assert serve.request("/readyz").json() == {"ready": True}
        assert serve.request("/healthz").json()["publishing"] is True
        _install(serve, "T0NEW")
        new = Workspace(SlackClient(serve.url, slack), "T0NEW")
        answer = new.slash("subscribe", NEW_CHANNEL, "news")
        assert answer.status == 200 and words.text("subscribe.done", "en") in answer.text
        assert "Existing Meetup" in new.slash("talks").text

        write_post(tmp_path / "posts", "2026-11-14-new", "New Meetup", 2)
        parts = ("announcement", "talk-1", "talk-2")
        # The subscription's confirmation (no metadata), then the post, each part once.
        expected = {("None", "None"): 1} | {("2026-11-14-new", part): 1 for part in parts}
        assert wait_until(lambda: slack.parts(NEW_CHANNEL) == expected, 30), slack.parts(
            NEW_CHANNEL
        )
        tokens = {call.token for call in slack.calls_to("chat.postMessage")}
        assert tokens == {"xoxb-t0new-token"}
        assert ("2026-10-01-existing", "announcement") not in slack.parts(NEW_CHANNEL)

        stranger = Workspace(SlackClient(serve.url, slack), "T0STRANGER").slash("talks")
        assert "Existing Meetup" not in stranger.text  # not installed there: nothing shown

        assert _uninstall(serve, slack, "T0NEW").status == 200
        # Bolt acks events first, then runs the listener.
        assert wait_until(lambda: _rows(tmp_path, "meetup_subscriptions") == 0, 10)
        assert wait_until(lambda: _rows(tmp_path, "slack_bots") == 0, 10)
        sent = len(slack.calls_to("chat.postMessage"))
        write_post(tmp_path / "posts", "2026-11-21-after", "After Meetup", 1)
        scans = 'meetup_scan_seconds_count{kind="publish"}'
        done = _metric(serve, scans) + 2
        assert wait_until(lambda: _metric(serve, scans) >= done, 30)
        assert len(slack.calls_to("chat.postMessage")) == sent  # nothing to an uninstalled team
        assert "Existing Meetup" not in new.slash("talks").text
    assert serve.process.returncode == 0
