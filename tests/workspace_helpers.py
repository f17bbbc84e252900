"""Test support for many workspaces: the fake Slack with oauth.v2.access (a subclass: the shared
fake server is not edited), a bot with subscriptions (and OAuth) on real HTTP, slash commands
from any workspace, and database URLs for both backends."""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures_slack import BOT_TOKEN, SIGNING_SECRET, HttpAnswer, SlackClient
from tests.pg_fixture import fresh_database
from tests.slack_faults import PublishSlackServer

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "test-client-secret"


class OAuthSlackServer(PublishSlackServer):
    """The fake Slack, also answering oauth.v2.access: code `code-TEAM` installs in TEAM."""

    def api(self, method: str, params: dict[str, Any], token: str | None) -> tuple[int, Any]:
        if method == "oauth.v2.access":  # client credentials come as Basic auth, not a token
            return 200, self.oauth_access(params)
        return super().api(method, params, token)

    def oauth_access(self, params: dict[str, Any]) -> dict[str, Any]:
        code = str(params.get("code") or "")
        if not code.startswith("code-"):
            return {"ok": False, "error": "invalid_code"}
        team = code[len("code-") :]
        return {
            "ok": True,
            "app_id": "A0APP",
            "authed_user": {"id": "U0ALICE"},
            "scope": "commands,chat:write",
            "token_type": "bot",
            "access_token": f"xoxb-{team.lower()}-token",
            "bot_user_id": f"U0BOT{team}",
            "team": {"id": team, "name": f"Team {team}"},
            "enterprise": None,
            "is_enterprise_install": False,
        }


def database_url(kind: str, request: pytest.FixtureRequest, tmp: Path) -> str:
    if kind == "postgres":
        return fresh_database(request.getfixturevalue("pg_server"), "ws")
    return f"sqlite:///{tmp / 'meetup.db'}"


@dataclass
class Workspace:
    """Sends `/meetup` as Slack would from one workspace's channel."""

    client: SlackClient
    team_id: str

    def slash(
        self, text: str, channel: str = "C0GENERAL", channel_name: str = "general"
    ) -> HttpAnswer:
        form = self.client.command_form(text)
        form.update(team_id=self.team_id, channel_id=channel, channel_name=channel_name)
        return self.client.post(urllib.parse.urlencode(form).encode())


def answer_text(answer: HttpAnswer) -> str:
    assert answer.status == 200, answer.text
    body = answer.json()
    return str(body.get("text")) + "\n" + str(body.get("blocks"))


def start_app(
    store: Any,
    api: PublishSlackServer,
    subscriptions: Any,
    *,
    bot_token: str | None = BOT_TOKEN,
    oauth: Any = None,
) -> tuple[str, Any]:
    """build_app and its Slack routes (the OAuth pages too when `oauth`) under waitress."""
    from bot.slack.app import build_app
    from bot.slack.routes import slack_routes
    from bot.web.app import WebApp
    from bot.web.server import HttpServer

    app = build_app(
        store,
        bot_token=bot_token,
        signing_secret=SIGNING_SECRET,
        api_url=api.api_url,
        subscriptions=subscriptions,
        oauth_settings=oauth,
    )
    server = HttpServer(WebApp(slack_routes(app, SIGNING_SECRET)), "127.0.0.1", 0).start()
    return f"http://127.0.0.1:{server.port}", server
