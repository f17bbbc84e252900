"""The App Home tab through the real path: `app_home_opened` and the Home's block actions signed
as Slack signs them, posted to the running app; slack_sdk's client publishes the view on the
fake Slack, which judges it (100 blocks, slack_sdk's Block Kit models). Admins (MEETUP_ADMINS)
also see the sources as /healthz knows them. In OAuth mode each workspace's view is published
with its own installation's token."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.catalog import Catalog
from bot.model import (
    HeldPost,
    HomePage,
    MeetupRef,
    MeetupTalks,
    OperatorStatus,
    ResultPage,
    SourceStatus,
    Talk,
    TalkHit,
)
from bot.slack.operator import operator_status
from bot.slack.service import ServeState
from formatters.home import MAX_BLOCKS, home_view
from tests.fixtures_slack import SIGNING_SECRET, SlackClient, blocks_text, buttons
from tests.slack_api_server import APP_ID, TEAM_ID, SlackApiServer
from tests.slack_judge import judge_view
from tests.test_slack_unfurl import envelope

ADMIN = "U0ADMIN"


def home_opened(user: str = "U0ALICE") -> dict[str, Any]:
    return {"type": "app_home_opened", "user": user, "channel": "D0HOME", "tab": "home"}


def block_action(
    user: str, action_id: str, value: str, view_hash: str = "", team: str = TEAM_ID
) -> dict[str, Any]:
    action: dict[str, Any] = {"action_id": action_id, "block_id": "b", "action_ts": "1.2"}
    if action_id == "home_search":
        action |= {"type": "plain_text_input", "value": value}
    else:
        action |= {"type": "button", "value": value, "text": {"type": "plain_text", "text": "x"}}
    return {
        "type": "block_actions",
        "user": {"id": user, "team_id": team},
        "api_app_id": APP_ID,
        "team": {"id": team},
        "container": {"type": "view", "view_id": "V1"},
        "trigger_id": "1.2.abc",
        "view": {"id": "V1", "type": "home", "hash": view_hash, "team_id": team},
        "actions": [action],
    }


class Home:
    def __init__(self, client: SlackClient, api: SlackApiServer, state: ServeState) -> None:
        self.client, self.api, self.state = client, api, state

    def open(self, user: str = "U0ALICE") -> dict[str, Any]:
        count = len(self.api.calls_to("views.publish")) + 1
        answer = self.client.post(envelope(home_opened(user)), content_type="application/json")
        assert answer.status == 200, answer.text
        return self.published(count, user)

    def act(self, user: str, action_id: str, value: str) -> dict[str, Any]:
        count = len(self.api.calls_to("views.publish")) + 1
        view_hash = self.api.home_views[user]["hash"]
        answer = self.client.payload(block_action(user, action_id, value, view_hash))
        assert answer.status == 200, answer.text
        return self.published(count, user)

    def published(self, count: int, user: str) -> dict[str, Any]:
        call = self.api.wait_for("views.publish", count)[count - 1]
        assert call.params["user_id"] == user
        deadline = time.monotonic() + 5
        while user not in self.api.home_views:  # refused: the judge's errors say why
            assert time.monotonic() < deadline, f"view refused: {call.params}"
            time.sleep(0.02)
        view = self.api.home_views[user]
        assert view["blocks"] == call.params["view"]["blocks"], "the view was refused"
        return view


@pytest.fixture
def home(meetup_store: Any, posts_dir: Path) -> Iterator[Home]:
    from bot.slack.app import build_app
    from bot.slack.routes import slack_routes
    from bot.web.app import WebApp
    from bot.web.server import HttpServer

    state = ServeState(store=meetup_store, catalog=Catalog(posts_dir))
    state.sync()
    with SlackApiServer() as api:
        app = build_app(
            meetup_store,
            bot_token="xoxb-test-token",
            signing_secret=SIGNING_SECRET,
            api_url=api.api_url,
            admins=frozenset({ADMIN}),
            operator=lambda: operator_status(state),
        )
        server = HttpServer(WebApp(slack_routes(app, SIGNING_SECRET)), "127.0.0.1", 0).start()
        yield Home(SlackClient(f"http://127.0.0.1:{server.port}", api), api, state)
        server.close()


def test_opening_home_shows_the_latest_meetups_with_their_talks(home: Home) -> None:
    view = home.open()
    text = blocks_text(view)
    order = [text.index(t) for t in ("Python Tooling Meetup #3", "Container Night #12")]
    assert order == sorted(order)  # newest first
    assert "Fast linters with ruff" in text and "Packaging with uv" in text
    assert "+5 more talks" in text  # Container Night has 13 talks, 8 are listed
    (box,) = [b for b in view["blocks"] if b["type"] == "input"]
    assert box["dispatch_action"] is True and box["element"]["action_id"] == "home_search"
    assert "Sources" not in text  # not an admin


def test_meetups_are_paged(home: Home, posts_dir: Path) -> None:
    for n in range(1, 4):
        post = f'---\ntitle: "Extra {n}"\ndate: 2010-01-0{n}\n---\n\n## @x Talk {n}\n\n* a\n'
        (posts_dir / f"2010-01-0{n}-extra-{n}.md").write_text(post, encoding="utf-8")
    home.state.sync()
    first = home.open()
    assert "Extra 3" in blocks_text(first) and "Extra 2" not in blocks_text(first)
    (following,) = [b for b in buttons(first) if b["action_id"] == "home_page_meetups_next"]
    second = home.act("U0ALICE", following["action_id"], following["value"])
    text = blocks_text(second)
    assert "Extra 1" in text and "Extra 2" in text and "Python Tooling" not in text
    assert "Meetups 6–7" in text
    assert [b for b in buttons(second) if b["action_id"] == "home_page_meetups_prev"]


def test_the_search_box_runs_the_meetup_search(home: Home) -> None:
    home.open()
    view = home.act("U0ALICE", "home_search", "cgroup")
    text = blocks_text(view)
    assert "Container resource control with cgroup" in text
    (box,) = [b for b in view["blocks"] if b["type"] == "input"]
    assert box["element"]["initial_value"] == "cgroup"
    (clear,) = [b for b in buttons(view) if b["action_id"] == "home_page_clear"]
    cleared = home.act("U0ALICE", clear["action_id"], clear["value"])
    assert not [b for b in cleared["blocks"] if b["block_id"].startswith("hit-")]
    (box,) = [b for b in cleared["blocks"] if b["type"] == "input"]
    assert "initial_value" not in box["element"]


def test_search_results_are_paged(home: Home) -> None:
    home.open()
    first = home.act("U0ALICE", "home_search", "container")
    (following,) = [b for b in buttons(first) if b["action_id"] == "home_page_results_next"]
    second = home.act("U0ALICE", following["action_id"], following["value"])
    assert "1–5 of 14 talks matching “container”" in blocks_text(first)
    assert "6–10 of 14 talks matching “container”" in blocks_text(second)


@pytest.mark.parametrize(
    ("query", "said"),
    [("x" * 300, "200 characters or fewer"), ('""', "Type some words to search for")],
)
def test_a_bad_query_is_answered_in_the_view(home: Home, query: str, said: str) -> None:
    home.open()
    view = home.act("U0ALICE", "home_search", query)
    assert said in blocks_text(view)
    (box,) = [b for b in view["blocks"] if b["type"] == "input"]
    assert len(box["element"].get("initial_value", "")) <= 200


def test_garbled_home_buttons_show_the_first_page(home: Home) -> None:
    home.open()
    for value in ("not json", '{"q": 5, "o": -1, "m": "x"}', json.dumps({"o": 10**9})):
        view = home.act("U0ALICE", "home_page_x", value)
        assert "Python Tooling Meetup #3" in blocks_text(view)


def test_admins_see_the_sources_and_their_errors(home: Home, posts_dir: Path) -> None:
    view = home.open(ADMIN)
    text = blocks_text(view)
    assert "Sources (admins only)" in text and "Everything is fine." in text
    assert str(posts_dir) in text and "Last read: " in text and "No post is held." in text
    home.state.last_sync_error = "MEETUP_POSTS: /gone is not a folder of posts"
    text = blocks_text(home.open(ADMIN))
    assert "Degraded: index sync failed" in text and "/gone is not a folder" in text
    assert "Sources" not in blocks_text(home.open("U0ALICE"))


def _largest_page() -> HomePage:
    long = "長い" * 400 + " <!channel>"
    meetup = MeetupRef("p" * 300, long, date(2026, 1, 1), "https://x.org/" + "a" * 1990, 500)
    talk = Talk(long, long, "https://x.org/s", impressions=(long,))
    hits = tuple(TalkHit(meetup, talk, n) for n in range(8))
    results = ResultPage("q" * 200, hits[:5], 10_000, 5, 5, total_exact=False)
    sources = tuple(SourceStatus(long, "feed", None, long, 9) for _ in range(200))
    held = tuple(HeldPost(long, long, "pending", long) for _ in range(50))
    operator = OperatorStatus(long, sources, held)
    meetups = tuple(MeetupTalks(meetup, hits) for _ in range(5))
    return HomePage(meetups, 5, True, "q" * 200, results, operator=operator)


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_largest_view_keeps_slacks_limits(lang: str) -> None:
    view = home_view(_largest_page(), lang)
    assert len(view["blocks"]) <= MAX_BLOCKS
    assert judge_view(view) is None, judge_view(view)
    assert "<!channel>" not in json.dumps(view, ensure_ascii=False)


def test_the_judge_refuses_a_view_past_100_blocks() -> None:
    block = {"type": "divider"}
    refusal = judge_view({"type": "home", "blocks": [block] * 101})
    assert refusal is not None and "101 > 100" in refusal.problems[0]


def test_each_workspace_gets_its_view_with_its_own_token(tmp_path: Path, meetup_store: Any) -> None:
    from bot.workspaces.oauth import oauth_settings, open_oauth_stores
    from bot.workspaces.subscriptions import open_subscriptions
    from tests.test_oauth import Running
    from tests.workspace_helpers import CLIENT_ID, CLIENT_SECRET, OAuthSlackServer, start_app

    url = f"sqlite:///{tmp_path / 'ws.db'}"
    stores, subs = open_oauth_stores(url, CLIENT_ID), open_subscriptions(url)
    with OAuthSlackServer() as api:
        settings = oauth_settings(CLIENT_ID, CLIENT_SECRET, ["commands"], stores)
        base, server = start_app(meetup_store, api, subs, bot_token=None, oauth=settings)
        running = Running(base, stores, api, subs)
        for team in ("T0ONE", "T0TWO"):
            state, cookie = running.install_page()
            done = running.get(f"/slack/oauth_redirect?code=code-{team}&state={state}", cookie)
            assert done.status == 200, done.text
        client = SlackClient(base, api)
        for count, (team, user) in enumerate((("T0TWO", "U0BOB"), ("T0ONE", "U0ALICE")), 1):
            body = envelope(home_opened(user), team=team)
            assert client.post(body, content_type="application/json").status == 200
            call = api.wait_for("views.publish", count)[count - 1]
            assert (call.params["user_id"], call.token) == (user, f"xoxb-{team.lower()}-token")
            assert "Python Tooling Meetup #3" in blocks_text(call.params["view"])
        server.close()


@pytest.mark.parametrize(("lang", "pending"), [("en", "pending"), ("ja", "送信待ち")])
def test_held_posts_say_why(lang: str, pending: str) -> None:
    held = (
        HeldPost("a", "Night <b>", "pending", "channel_not_found"),
        HeldPost("b", "", "invalid"),
    )
    status = OperatorStatus("", (SourceStatus("https://blog.example.org/feed", "feed"),), held)
    text = blocks_text(home_view(HomePage((), operator=status), lang))
    assert f"• Night &lt;b&gt; — {pending}: channel_not_found" in text
    assert "• b — " in text and "https://blog.example.org/feed" in text


def test_admins_see_a_failing_feed_source_as_the_sources_report_it(
    home: Home, posts_dir: Path, tmp_path: Path
) -> None:
    """The real sources of MEETUP_SOURCES (a folder and a feed answering 500), read the way
    serve reads them, reach the admin's Home tab: which source, how often it failed, and why."""
    from bot.settings import load_settings
    from bot.sources.refresh import Sources
    from tests.feed_server import Feed, FeedServer

    with FeedServer() as feeds:
        feeds.feeds["/feed"] = Feed(b"oops", status=500)
        env = {
            "MEETUP_SOURCES": f"{posts_dir} {feeds.url('/feed')}",
            "MEETUP_DATA_DIR": str(tmp_path / "data"),
        }
        now = [1_000_000.0]
        sources = Sources.from_settings(load_settings(env), clock=lambda: now[0])
        for _ in range(3):
            sources.refresh()
            now[0] += 100_000
        home.state.sources = sources
        text = blocks_text(home.open(ADMIN))
    feed = sources.states[1].spec.name
    assert f"{feed}* (feed)" in text and "(3 in a row): HTTP 500" in text
    assert str(posts_dir) in text
    assert feed not in blocks_text(home.open("U0ALICE"))
