"""Fan-out: each new post goes to MEETUP_CHANNEL and every subscribed channel exactly once per
channel, with that workspace's token; a later subscriber never receives old posts. Real HTTP
(fake Slack), real SQLite and PostgreSQL, the publisher as `build_publisher` makes it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from slack_sdk.oauth.installation_store import Installation

from bot.publish.factory import build_publisher
from bot.publish.publisher import Publisher
from bot.settings import load_settings
from bot.workspaces.oauth import open_oauth_stores
from bot.workspaces.subscriptions import open_subscriptions
from tests.pg_fixture import pg_server  # noqa: F401
from tests.slack_faults import CHANNEL, TOKEN, write_post
from tests.workspace_helpers import CLIENT_ID, CLIENT_SECRET, OAuthSlackServer, database_url

NOW = time.time()
POST = "2026-11-14-new"
PARTS = {(POST, p): 1 for p in ("announcement", "talk-1", "talk-2")}


@pytest.fixture(params=["postgres", "sqlite"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return database_url(request.param, request, tmp_path)


@pytest.fixture
def slack() -> Iterator[OAuthSlackServer]:
    with OAuthSlackServer() as server:
        yield server


def publisher(tmp: Path, slack: OAuthSlackServer, db_url: str, **env: str) -> Publisher:
    (tmp / "posts").mkdir(exist_ok=True)
    settings = load_settings(
        {
            "SLACK_API_URL": slack.api_url,
            "MEETUP_POSTS": str(tmp / "posts"),
            "MEETUP_DATABASE_URL": db_url,
            "MEETUP_MESSAGE_INTERVAL": "0",
            **env,
        }
    )
    return build_publisher(settings)


def test_single_workspace_posts_once_per_channel_and_late_subscribers_get_no_old_posts(
    tmp_path: Path, slack: OAuthSlackServer, db_url: str
) -> None:
    subs = open_subscriptions(db_url)
    subs.subscribe("T0TEST", "C0SUB", "U1", NOW)
    subs.subscribe("T0TEST", CHANNEL, "U1", NOW)  # MEETUP_CHANNEL itself: no second copy
    pub = publisher(tmp_path, slack, db_url, SLACK_BOT_TOKEN=TOKEN, MEETUP_CHANNEL=CHANNEL)
    write_post(tmp_path / "posts", "2026-10-01-old", "Old", 1)
    pub.run_once(NOW)  # the baseline: nothing posted anywhere
    assert not slack.calls_to("chat.postMessage")
    path = write_post(tmp_path / "posts", POST, "New", 2)
    pub.run_once(NOW)
    assert slack.parts(CHANNEL) == PARTS and slack.parts("C0SUB") == PARTS
    subs.subscribe("T0TEST", "C0LATE", "U2", NOW)
    path.write_text(path.read_text().replace("point one of talk 2", "a corrected point"))
    pub.run_once(NOW)
    publisher(tmp_path, slack, db_url, SLACK_BOT_TOKEN=TOKEN, MEETUP_CHANNEL=CHANNEL).run_once(
        NOW
    )  # another process on the same database
    assert slack.parts("C0LATE") == {} and len(slack.calls_to("chat.postMessage")) == 6
    updated = {c.params["channel"] for c in slack.calls_to("chat.update")}
    assert updated == {CHANNEL, "C0SUB"}
    write_post(tmp_path / "posts", "2026-11-15-next", "Next", 1)
    pub.run_once(NOW)
    assert slack.parts("C0LATE") == {
        ("2026-11-15-next", "announcement"): 1,
        ("2026-11-15-next", "talk-1"): 1,
    }


def test_a_broken_subscribed_channel_does_not_stop_the_others(
    tmp_path: Path, slack: OAuthSlackServer, db_url: str
) -> None:
    subs = open_subscriptions(db_url)
    subs.subscribe("T0TEST", "C0GONE", "U1", NOW)
    pub = publisher(tmp_path, slack, db_url, SLACK_BOT_TOKEN=TOKEN, MEETUP_CHANNEL=CHANNEL)
    pub.run_once(NOW)
    write_post(tmp_path / "posts", POST, "New", 2)
    calls = []
    original = slack.api

    def refuse_gone(
        method: str, params: dict[str, object], token: str | None
    ) -> tuple[int, object]:
        if method == "chat.postMessage" and params.get("channel") == "C0GONE":
            calls.append(params)
            return 200, {"ok": False, "error": "channel_not_found"}
        return original(method, params, token)

    slack.api = refuse_gone  # type: ignore[method-assign]
    report = pub.run_once(NOW)
    assert slack.parts(CHANNEL) == PARTS and not report.stopped
    record = pub.ledger.get_post(POST)
    assert record is not None and record.pending and "C0GONE" in record.reason
    assert not record.error  # one workspace's channel does not make /healthz degraded
    slack.api = original  # type: ignore[method-assign]
    pub.run_once(NOW)
    assert slack.parts("C0GONE") == PARTS and slack.parts(CHANNEL) == PARTS


def test_oauth_mode_posts_with_each_workspaces_own_token(
    tmp_path: Path, slack: OAuthSlackServer, db_url: str
) -> None:
    stores = open_oauth_stores(db_url, CLIENT_ID)
    for team in ("T0ONE", "T0TWO"):
        stores.installations.save(
            Installation(
                app_id="A0APP",
                team_id=team,
                user_id="U0ALICE",
                bot_token=f"xoxb-{team}-token",
                bot_id="B0BOT",
                bot_user_id="U0BOT",
                bot_scopes="commands,chat:write",
            )
        )
    subs = open_subscriptions(db_url)
    subs.subscribe("T0ONE", "C0ONE", "U1", NOW)
    subs.subscribe("T0TWO", "C0TWO", "U2", NOW)
    subs.subscribe("T0GONE", "C0NOINSTALL", "U3", NOW)  # no installation: skipped, logged
    pub = publisher(
        tmp_path, slack, db_url, SLACK_CLIENT_ID=CLIENT_ID, SLACK_CLIENT_SECRET=CLIENT_SECRET
    )
    pub.run_once(NOW)
    write_post(tmp_path / "posts", POST, "New", 2)
    pub.run_once(NOW)
    pub.run_once(NOW)
    assert slack.parts("C0ONE") == PARTS and slack.parts("C0TWO") == PARTS
    tokens = {(c.params["channel"], c.token) for c in slack.calls_to("chat.postMessage")}
    assert tokens == {("C0ONE", "xoxb-T0ONE-token"), ("C0TWO", "xoxb-T0TWO-token")}
