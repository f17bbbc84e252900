"""Installing in many workspaces, for real: GET /slack/install (the Add-to-Slack page and its
state cookie), then /slack/oauth_redirect with code + state -> the fake Slack's oauth.v2.access
-> the installation in the database (SQLite and PostgreSQL). Bad or expired state is refused.
Then a command from the new workspace is answered with that workspace's token."""

from __future__ import annotations

import html
import re
import sqlite3
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy

import words
from bot.errors import ConfigError
from bot.workspaces.oauth import OAuthStores, oauth_configured, oauth_settings, open_oauth_stores
from bot.workspaces.subscriptions import open_subscriptions
from tests.fixtures_slack import HttpAnswer, SlackClient
from tests.pg_fixture import pg_server  # noqa: F401
from tests.workspace_helpers import (
    CLIENT_ID,
    CLIENT_SECRET,
    OAuthSlackServer,
    Workspace,
    answer_text,
    database_url,
    start_app,
)


class Running:
    def __init__(self, url: str, stores: OAuthStores, api: OAuthSlackServer, subs: Any) -> None:
        self.url, self.stores, self.api, self.subs = url, stores, api, subs

    def get(self, path: str, cookie: str | None = None) -> HttpAnswer:
        request = urllib.request.Request(self.url + path, method="GET")
        if cookie:
            request.add_header("Cookie", cookie)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return HttpAnswer(response.status, response.read(), dict(response.headers))
        except urllib.error.HTTPError as error:
            return HttpAnswer(error.code, error.read(), dict(error.headers))

    def install_page(self) -> tuple[str, str]:
        """(state from the Add-to-Slack link, the Set-Cookie it came with)."""
        page = self.get("/slack/install")
        assert page.status == 200, page.text
        link = html.unescape(
            re.search(r'href="(https://slack.com/oauth/v2/authorize[^"]+)"', page.text)[1]
        )  # type: ignore[index]
        assert f"client_id={CLIENT_ID}" in link and "scope=commands" in link
        state = re.search(r"state=([^&]+)", link)[1]  # type: ignore[index]
        cookie = page.headers["Set-Cookie"].split(";")[0]
        assert cookie == f"slack-app-oauth-state={state}"
        return state, cookie


@pytest.fixture(params=["postgres", "sqlite"])
def running(request: pytest.FixtureRequest, tmp_path: Path, meetup_store: Any) -> Iterator[Running]:
    url = database_url(request.param, request, tmp_path)
    stores = open_oauth_stores(url, CLIENT_ID)
    open_oauth_stores(url, CLIENT_ID)  # a second start: tables already there
    subs = open_subscriptions(url)
    with OAuthSlackServer() as api:
        settings = oauth_settings(CLIENT_ID, CLIENT_SECRET, ["commands", "chat:write"], stores)
        base, server = start_app(meetup_store, api, subs, bot_token=None, oauth=settings)
        yield Running(base, stores, api, subs)
        server.close()


def test_install_then_redirect_saves_the_installation(running: Running) -> None:
    state, cookie = running.install_page()
    done = running.get(f"/slack/oauth_redirect?code=code-T0NEW&state={state}", cookie)
    assert done.status == 200, done.text
    [call] = running.api.calls_to("oauth.v2.access")
    assert call.params["code"] == "code-T0NEW"
    bot = running.stores.installations.find_bot(enterprise_id=None, team_id="T0NEW")
    assert bot is not None and bot.bot_token == "xoxb-t0new-token"
    again = running.get(f"/slack/oauth_redirect?code=code-T0NEW&state={state}", cookie)
    assert again.status in (400, 401)  # a state is good once
    new = Workspace(SlackClient(running.url, running.api), "T0NEW")
    assert words.text("subscribe.done", "en") in answer_text(
        new.slash("subscribe", "C0NEWS", "news")
    )
    posted = running.api.calls_to("chat.postMessage")
    assert [c.token for c in posted] == ["xoxb-t0new-token"]
    assert [s.team_id for s in running.subs.all()] == ["T0NEW"]


@pytest.mark.parametrize("how", ["unknown", "no_cookie", "other_cookie"])
def test_bad_state_is_refused(running: Running, how: str) -> None:
    state, cookie = running.install_page()
    query, sent = f"code=code-T0BAD&state={state}", cookie
    if how == "unknown":
        query, sent = "code=code-T0BAD&state=forged", "slack-app-oauth-state=forged"
    elif how == "no_cookie":
        sent = ""
    else:
        sent = "slack-app-oauth-state=" + running.install_page()[0]
    answer = running.get(f"/slack/oauth_redirect?{query}", sent or None)
    assert answer.status in (400, 401)
    assert not running.api.calls_to("oauth.v2.access")
    assert running.stores.installations.find_bot(enterprise_id=None, team_id="T0BAD") is None


def test_expired_state_is_refused(running: Running) -> None:
    state, cookie = running.install_page()
    states = running.stores.states
    with states.engine.begin() as connection:  # ten minutes later
        connection.execute(
            sqlalchemy.update(states.oauth_states).values(
                expire_at=sqlalchemy.func.now() - sqlalchemy.text("INTERVAL '1 hour'")
                if states.engine.dialect.name == "postgresql"
                else sqlalchemy.text("datetime('now', '-1 hour')")
            )
        )
    answer = running.get(f"/slack/oauth_redirect?code=code-T0LATE&state={state}", cookie)
    assert answer.status in (400, 401) and not running.api.calls_to("oauth.v2.access")


def test_client_id_and_secret_go_together() -> None:
    assert not oauth_configured(None, None) and oauth_configured("1.2", "s")
    with pytest.raises(ConfigError, match="SLACK_CLIENT_ID"):
        oauth_configured("1.2", None)


def test_a_state_is_consumed_while_another_connection_writes(tmp_path: Path) -> None:
    """The publisher writes to the same SQLite file every few seconds; a state looked up, then
    deleted, in one transaction must wait its turn rather than fail as if it were invalid."""
    path = tmp_path / "busy.db"
    stores = open_oauth_stores(f"sqlite:///{path}", CLIENT_ID)
    stop = threading.Event()

    def write_meanwhile() -> None:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
        db.execute("CREATE TABLE IF NOT EXISTS noise (n INTEGER)")
        while not stop.is_set():
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO noise VALUES (1)")
            db.execute("COMMIT")
        db.close()

    writer = threading.Thread(target=write_meanwhile)
    writer.start()
    try:
        states = [stores.states.issue() for _ in range(60)]
        consumed = [stores.states.consume(state) for state in states]
        again = [stores.states.consume(state) for state in states[:10]]
    finally:
        stop.set()
        writer.join()
    assert consumed.count(False) == 0
    assert again == [False] * 10  # each state once
