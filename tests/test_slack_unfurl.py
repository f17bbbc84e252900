"""Link unfurls through the real path: `link_shared` events signed as Slack signs them, posted to
the running app; slack_sdk's client calls `chat.unfurl` on the fake Slack, which judges every
card. The posts are ours (tests/fixtures_slack.py), on a blog at https://blog.example.org."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.catalog import Catalog
from bot.indexer import sync_index
from bot.post_links import KnownLinks, link_key
from bot.site_url import find_site
from bot.store import open_store
from tests.fixtures_slack import SIGNING_SECRET, SlackClient, blocks_text, buttons, write_posts
from tests.slack_api_server import APP_ID, BOT_USER_ID, TEAM_ID, Fault, SlackApiServer

SITE = "https://blog.example.org"
TOOLS_URL = f"{SITE}/2026/11/14/python-tooling-3/"
NIGHT_URL = f"{SITE}/2026/10/03/container-night-12/"
DOCKER4_URL = f"{SITE}/2015/01/17/docker-meetup-tokyo-4/"
IMPRESSIONS_POST = """\
---
title: "Container Night #12"
date: 2026-10-03 21:15:00 +0900
---

Notes & thoughts.

* Impressions
  * Every talk measured first; <!here> stays text.

## @speaker1 [Lightning talk 1 about containers](https://example.com/slides/1)

* container topic 1

## @speaker2 Lightning talk 2 about cgroup

* cgroup topic
"""


def link_event(urls: list[str], **fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "type": "link_shared",
        "channel": "C0GENERAL",
        "is_bot_user_member": True,
        "user": "U0ALICE",
        "message_ts": "1700000000.000100",
        "links": [{"domain": "blog.example.org", "url": url} for url in urls],
        "event_ts": "1700000000.000200",
    }
    event.update(fields)
    return event


def envelope(event: Any, team: str = TEAM_ID) -> bytes:
    body = {
        "token": "deprecated",
        "team_id": team,
        "api_app_id": APP_ID,
        "event": event,
        "type": "event_callback",
        "event_id": f"Ev{time.monotonic_ns()}",
        "event_time": int(time.time()),
        "authorizations": [{"team_id": team, "user_id": BOT_USER_ID, "is_bot": True}],
    }
    return json.dumps(body).encode()


class Bot:
    def __init__(self, client: SlackClient, api: SlackApiServer, caplog: Any) -> None:
        self.client, self.api, self.caplog = client, api, caplog

    def send(self, event: Any) -> None:
        answer = self.client.post(envelope(event), content_type="application/json")
        assert answer.status == 200, answer.text

    def wait_log(self, text: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in r.getMessage() for r in self.caplog.records):
            assert time.monotonic() < deadline, f"no log line with {text!r}"
            time.sleep(0.02)

    def unfurls(self, count: int = 1) -> dict[str, Any]:
        call = self.api.wait_for("chat.unfurl", count)[count - 1]
        return dict(call.params)


@pytest.fixture
def bot(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> Iterator[Bot]:
    from bot.slack.app import build_app
    from bot.slack.routes import slack_routes
    from bot.web.app import WebApp
    from bot.web.server import HttpServer

    caplog.set_level(logging.INFO, logger="bot.slack")
    posts = write_posts(tmp_path / "posts")
    (posts / "2026-10-03-container-night-12.md").write_text(IMPRESSIONS_POST, encoding="utf-8")
    catalog = Catalog(posts, find_site(posts, SITE, "/:year/:month/:day/:title/"))
    store = open_store(f"sqlite:///{tmp_path / 'meetup.db'}")
    assert sync_index(store, catalog).ok
    with SlackApiServer() as api:
        app = build_app(
            store,
            bot_token="xoxb-test-token",
            signing_secret=SIGNING_SECRET,
            api_url=api.api_url,
            catalog=catalog,
        )
        server = HttpServer(WebApp(slack_routes(app, SIGNING_SECRET)), "127.0.0.1", 0).start()
        url = f"http://127.0.0.1:{server.port}"
        yield Bot(SlackClient(url, api), api, caplog)
        server.close()
    store.close()


def test_a_pasted_post_link_unfurls_as_the_meetup_card(bot: Bot) -> None:
    bot.send(link_event([NIGHT_URL]))
    params = bot.unfurls()
    assert (params["channel"], params["ts"]) == ("C0GENERAL", "1700000000.000100")
    card = params["unfurls"][NIGHT_URL]
    text = blocks_text(card)
    assert "Container Night #12" in text and "2026" in text
    assert "Lightning talk 1 about containers" in text and "Lightning talk 2 about cgroup" in text
    assert "Every talk measured first; <!here> stays text." in text  # rich text: never a ping
    (show,) = [b for b in buttons(card) if b.get("action_id") == "meetup_show_talks"]
    assert show["text"]["text"] == "Show talks"


def test_show_talks_answers_the_clicker_alone(bot: Bot) -> None:
    bot.send(link_event([NIGHT_URL]))
    card = bot.unfurls()["unfurls"][NIGHT_URL]
    (show,) = [b for b in buttons(card) if b.get("action_id") == "meetup_show_talks"]
    clicked = bot.client.click(show, response_id="unfurl1")
    assert clicked.status == 200
    deadline = time.monotonic() + 10
    while not bot.api.responses.get("unfurl1"):
        assert time.monotonic() < deadline, "no answer through response_url"
        time.sleep(0.02)
    (answer,) = bot.api.responses["unfurl1"]
    assert answer["response_type"] == "ephemeral" and answer["replace_original"] is False
    text = blocks_text(answer)
    assert "Lightning talk 1 about containers" in text and "Talks 1–2 of 2" in text


def test_an_unknown_url_is_not_unfurled(bot: Bot) -> None:
    bot.send(link_event([f"{SITE}/2026/11/14/no-such-post/", "https://elsewhere.example/x"]))
    bot.wait_log("no known post among 2 link(s)")
    assert bot.api.calls_to("chat.unfurl") == []


@pytest.mark.parametrize(
    "pasted",
    [
        TOOLS_URL.replace("https://", "http://"),
        TOOLS_URL.rstrip("/"),
        TOOLS_URL + "#talk-2",
        TOOLS_URL + "?utm_source=slack&utm_medium=chat",
        "https://WWW.Blog.Example.org:443/2026/11/14/python-tooling-3/index.html",
    ],
)
def test_the_same_post_by_another_spelling_unfurls_under_the_pasted_url(
    bot: Bot, pasted: str
) -> None:
    bot.send(link_event([pasted]))
    params = bot.unfurls()
    assert list(params["unfurls"]) == [pasted]
    assert "Python Tooling Meetup #3" in blocks_text(params["unfurls"][pasted])


@pytest.mark.parametrize(
    "pasted",
    [
        TOOLS_URL + "?p=2",  # another query names another page
        "ftp://blog.example.org/2026/11/14/python-tooling-3/",
        "https://user:pw@blog.example.org/2026/11/14/python-tooling-3/",
        "https://blog.example.org:8443/2026/11/14/python-tooling-3/",
        TOOLS_URL + "x" * 3000,
    ],
)
def test_urls_that_are_not_the_post_are_not_unfurled(bot: Bot, pasted: str) -> None:
    bot.send(link_event([pasted]))
    bot.wait_log("no known post among 1 link(s)")
    assert bot.api.calls_to("chat.unfurl") == []


def test_too_many_links_unfurl_the_first_known_ones_only(bot: Bot) -> None:
    spellings = [TOOLS_URL, NIGHT_URL, DOCKER4_URL]
    known = [u.replace("https://", s) for s in ("https://", "http://") for u in spellings]
    known += [TOOLS_URL + "#a", NIGHT_URL + "#b"]
    unknown = [f"{SITE}/nothing/{n}/" for n in range(30)]
    bot.send(link_event(known + unknown + [DOCKER4_URL + "#late"]))
    cards = bot.unfurls()["unfurls"]
    assert list(cards) == known[:5]


def test_links_in_the_composer_unfurl_by_unfurl_id(bot: Bot) -> None:
    event = link_event([TOOLS_URL], channel="COMPOSER", message_ts="Uxx-1", unfurl_id="Uxx-1-abc")
    event["source"] = "composer"
    bot.send(event)
    params = bot.unfurls()
    assert (params["unfurl_id"], params["source"]) == ("Uxx-1-abc", "composer")
    assert "channel" not in params and "ts" not in params


@pytest.mark.parametrize(
    "event",
    [
        link_event([TOOLS_URL], links="not a list"),
        link_event([TOOLS_URL], links=[None, 3, {"url": 5}, {"domain": "x"}]),
        link_event([TOOLS_URL], channel=None, message_ts=None),
        link_event([TOOLS_URL], unfurl_id="abc", source="elsewhere", channel=""),
    ],
    ids=["links-not-a-list", "links-garbled", "no-message", "bad-source"],
)
def test_a_malformed_event_is_acknowledged_and_ignored(bot: Bot, event: dict[str, Any]) -> None:
    bot.send(event)
    bot.wait_log("ignored a link_shared event")
    bot.send(link_event([NIGHT_URL]))  # the app still unfurls the next one
    assert list(bot.unfurls()["unfurls"]) == [NIGHT_URL]
    assert len(bot.api.calls_to("chat.unfurl")) == 1


def test_a_refused_unfurl_is_logged_and_the_next_one_works(bot: Bot) -> None:
    bot.api.inject("chat.unfurl", Fault.api_error("cannot_unfurl_message"))
    bot.send(link_event([TOOLS_URL]))
    bot.wait_log("chat.unfurl refused 1 card(s): cannot_unfurl_message")
    bot.send(link_event([NIGHT_URL]))
    assert list(bot.unfurls(2)["unfurls"]) == [NIGHT_URL]


def test_link_keys_and_domains(tmp_path: Path) -> None:
    assert link_key("https://Blog.example.org/a/?utm_campaign=x#top") == "blog.example.org/a"
    assert link_key("http://blog.example.org/a?b=2&a=1") == "blog.example.org/a?a=1&b=2"
    for bad in (None, 3, "", " https://x.org/", "mailto:a@b", "https://", "https://[::1"):
        assert link_key(bad) is None
    posts = write_posts(tmp_path / "posts")
    store = open_store(f"sqlite:///{tmp_path / 'm.db'}")
    assert sync_index(store, Catalog(posts, find_site(posts, SITE, "/:title/"))).ok
    known = KnownLinks.of(store)
    assert known.domains() == ["blog.example.org"]
    found = known.find("http://blog.example.org/docker-meetup-tokyo-5")
    assert found is not None and found.title == "Docker Meetup Tokyo #5"
    store.close()


def test_the_largest_card_keeps_slacks_limits() -> None:
    from bot.model import Post, Talk
    from formatters.unfurl import unfurl_card
    from tests.slack_judge import judge_unfurls

    long = "長い<!channel>" * 300
    talks = tuple(Talk(long, long, None, impressions=(long,)) for _ in range(500))
    post = Post(long, None, intro=long, impressions=(long,) * 50, talks=talks)
    url = "https://blog.example.org/" + "a" * 2900
    card = unfurl_card(post, url, "p" * 300)
    assert judge_unfurls({url: card}) is None, judge_unfurls({url: card})
    assert buttons(card)[-1]["action_id"] == "meetup_show_talks"
