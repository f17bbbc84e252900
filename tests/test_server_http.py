"""The real HTTP server (waitress + our WSGI app + Bolt) answering signed Slack requests."""

from __future__ import annotations

import json
import shutil
import time
import urllib.parse
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.indexer import sync_index
from bot.store import open_store
from formatters import check_message
from tests.fixtures_slack import RunningBot, blocks_text, buttons, start_bot, write_posts
from tests.slack_api_server import SlackApiServer


def test_healthz(bot: RunningBot) -> None:
    answer = bot.client.get("/healthz")
    assert answer.status == 200
    assert answer.json()["status"] == "ok"
    assert bot.client.get("/nope").status == 404


def test_search_answers_in_the_ack(bot: RunningBot) -> None:
    answer = bot.client.slash("search ruff")
    assert answer.status == 200, answer.text
    message = answer.json()
    assert message["response_type"] == "ephemeral"
    shown = blocks_text(message)
    assert "Fast linters with ruff" in shown
    assert "*ruff*" in shown
    labels = [b["text"]["text"] for b in buttons(message)]
    assert "Slides" in labels and "Share in channel" in labels
    assert bot.api.calls_to("response") == []


def test_bad_signature_is_refused(bot: RunningBot) -> None:
    body = urllib.parse.urlencode(bot.client.command_form("search ruff")).encode()
    assert bot.client.post(body, signed=False).status == 401
    assert bot.client.post(body, headers={"X-Slack-Signature": "v0=" + "0" * 64}).status == 401
    stale = int(time.time()) - 301
    assert bot.client.post(body, timestamp=stale).status == 401
    future = int(time.time()) + 400
    assert bot.client.post(body, timestamp=future).status == 401
    assert [c.method for c in bot.api.calls] == ["auth.test"]  # start-up only


def _ids(message: dict) -> dict[str, dict]:
    return {b["action_id"]: b for b in buttons(message)}


def test_talks_of_the_latest_meetup(bot: RunningBot) -> None:
    message = bot.client.slash("talks").json()
    shown = blocks_text(message)
    assert "Python Tooling Meetup #3" in shown and "2026-11-14" in shown
    assert "Fast linters with ruff" in shown and "Packaging with uv" in shown
    assert check_message(message) == []


@pytest.mark.parametrize("selector", ["docker meetup tokyo #4", "2015-01", "Docker Meetup #4"])
def test_talks_of_one_meetup(bot: RunningBot, selector: str) -> None:
    message = bot.client.slash(f"talks {selector}").json()
    shown = blocks_text(message)
    assert "Docker Meetup Tokyo #4" in shown, shown
    assert "CoreOS basics" in shown and "cgroup" in shown
    assert "Docker networking" not in shown


def test_several_meetups_give_a_pick_list(bot: RunningBot) -> None:
    message = bot.client.slash("talks docker").json()
    picks = [b for b in buttons(message) if b["action_id"].startswith("meetup_pick_")]
    labels = [b["text"]["text"] for b in picks]
    assert len(picks) == 2 and any("#4" in x for x in labels) and any("#5" in x for x in labels)
    chosen = next(b for b in picks if "#5" in b["text"]["text"])
    answer = bot.client.click(chosen, response_id="pick")
    assert answer.status == 200
    [posted] = bot.api.wait_for("response")
    assert posted.response_id == "pick"
    assert posted.json_body["replace_original"] is True
    assert "Docker networking" in blocks_text(posted.json_body)


def test_search_pages_and_share(bot: RunningBot) -> None:
    first = bot.client.slash("search containers").json()
    assert "1–5 of 13" in blocks_text(first)
    bot.client.click(_ids(first)["meetup_next"], response_id="next")
    page2 = bot.api.wait_for("response")[0].json_body
    assert "6–10 of 13" in blocks_text(page2)
    share = _ids(page2)["meetup_share_5"]
    bot.client.click(share, response_id="share")
    shared = bot.api.wait_for("response", 2)[1]
    assert shared.response_id == "share"
    body = shared.json_body
    assert body["response_type"] == "in_channel" and body["replace_original"] is False
    assert "*containers*" in blocks_text(body)
    assert "Shared from `/meetup search containers`" in blocks_text(body)
    assert not any(b["action_id"].startswith("meetup_share") for b in buttons(body))


def test_share_from_talks(bot: RunningBot) -> None:
    message = bot.client.slash("talks 2015-01").json()
    bot.client.click(_ids(message)["meetup_share_1"], response_id="s")
    body = bot.api.wait_for("response")[0].json_body
    assert body["response_type"] == "in_channel"
    assert "Container resource control with cgroup" in blocks_text(body)
    assert "@ten_forward" in blocks_text(body)


def test_no_results_suggests_talks(bot: RunningBot) -> None:
    message = bot.client.slash("search zzzznothing").json()
    assert "No talk matches" in message["text"] and "/meetup talks" in message["text"]
    assert check_message(message) == []
    none = bot.client.slash("talks nosuchmeetup").json()
    assert "No meetup matches" in none["text"]


@pytest.mark.parametrize("text", ["", "help", "HELP"])
def test_help(bot: RunningBot, text: str) -> None:
    message = bot.client.slash(text).json()
    assert "/meetup search WORDS" in blocks_text(message)


def test_unknown_subcommand(bot: RunningBot) -> None:
    message = bot.client.slash("serch cgroup").json()
    shown = blocks_text(message)
    assert "did you mean `/meetup search`?" in shown and "/meetup talks" in shown


def test_query_too_long_is_polite(bot: RunningBot) -> None:
    """(How long the huge one takes, against a short query: bench/bench_limits.py.)"""
    message = bot.client.slash("search " + "x" * 201).json()
    assert "201 characters" in message["text"]
    huge = bot.client.slash("search " + "k" * 10_240)
    assert huge.status == 200 and "10,240 characters" in huge.json()["text"]


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        "*",
        "ruff*",
        "a NEAR b",
        "NEAR(",
        "' OR 1=1 --",
        "100%",
        "%_%",
        "speaker:",
        "-",
        "()",
        "\x00\x01\x7f",
        "\u202eevil",
        "🚀" * 50,
        "<!channel>",
        "&amp;",
    ],
)
def test_hostile_queries(bot: RunningBot, query: str) -> None:
    answer = bot.client.slash(f"search {query}")
    assert answer.status == 200
    message = answer.json()
    assert check_message(message) == [], message
    # Button values may carry the query back to us; nothing people see may hold a live mention.
    assert "<!channel>" not in blocks_text(message) + message.get("text", "")


def test_post_content_never_pings(bot: RunningBot) -> None:
    message = bot.client.slash("search reproducible").json()
    shown = blocks_text(message)
    assert "Packaging with uv" in shown
    assert "&lt;@U123&gt;" in shown and "&amp;" in shown
    assert "<@" not in json.dumps(message) and "<!" not in json.dumps(message)
    assert check_message(message) == []


def test_unknown_and_garbled_actions(bot: RunningBot, caplog: pytest.LogCaptureFixture) -> None:
    c = bot.client
    assert c.click({"action_id": "something_else", "value": "x"}).status == 200
    assert c.click({"action_id": "meetup_next", "value": "{not json"}).status == 200
    assert c.click({"action_id": "meetup_next", "value": '{"k":"rm","q":"x","o":0}'}).status == 200
    assert c.click({"action_id": "meetup_slides_0"}).status == 200
    assert c.payload({"type": "mystery", "team": {"id": "T"}}).status < 500
    assert c.payload("{broken json").status == 400
    assert c.payload("{broken json", signed=False).status == 401
    assert c.payload("[1, 2, 3]").status < 500
    assert c.post(b"payload=%7B%22type%22%3A1%7D").status < 500
    time.sleep(0.3)
    assert bot.api.calls_to("response") == []
    assert bot.client.get("/healthz").status == 200


def test_wrong_content_type_and_method(bot: RunningBot) -> None:
    body = b"<xml/>"
    assert bot.client.post(body, content_type="text/xml").status == 415
    assert bot.client.post(body, content_type="text/xml", signed=False).status == 401
    assert bot.client.post(b"\xff\xfe", signed=True).status == 400
    assert bot.client.get("/slack/events").status == 405
    assert bot.client.post(b"x", path="/healthz").status == 405
    big = b"text=" + b"a" * 1_100_000
    assert bot.client.post(big).status == 413
    assert bot.api.calls_to("response") == []


def test_signed_json_event_is_acked(bot: RunningBot) -> None:
    challenge = json.dumps({"type": "url_verification", "challenge": "abc", "token": "t"})
    answer = bot.client.post(challenge.encode(), content_type="application/json")
    assert answer.status == 200 and "abc" in answer.text
    event = {
        "type": "event_callback",
        "team_id": "T0TEST",
        "api_app_id": "A0APP",
        "event": {"type": "app_mention", "text": "<@U0BOT> hi", "user": "U1", "channel": "C1"},
        "event_id": "Ev1",
        "event_time": 1,
    }
    answer = bot.client.post(json.dumps(event).encode(), content_type="application/json")
    assert answer.status == 200
    assert bot.api.calls_to("chat.postMessage") == []


def test_dry_mode_makes_no_web_api_call(
    meetup_store: object, slack_api: SlackApiServer, posts_dir: Path
) -> None:
    running, server = start_bot(meetup_store, slack_api, posts_dir, bot_token=None)
    try:
        message = running.client.slash("search ruff").json()
        assert "Fast linters with ruff" in blocks_text(message)
        share = _ids(message)["meetup_share_0"]
        running.client.click(share, response_id="dry")
        assert slack_api.wait_for("response")[0].json_body["response_type"] == "in_channel"
        assert [c.method for c in slack_api.calls] == ["response"]
    finally:
        server.close()


def test_relevance_cgroup_on_the_reference_post(tmp_path: Path, slack_api: SlackApiServer) -> None:
    reference = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "seed"
    source = reference / "docker-meetup-tokyo-4.md"
    if not source.is_file():
        pytest.skip("shared corpus not present")
    posts = tmp_path / "posts"
    posts.mkdir()
    shutil.copy(source, posts / "2015-01-17-docker-meetup-tokyo-4.md")
    write_posts(tmp_path / "posts")
    store = open_store(f"sqlite:///{tmp_path / 'ref.db'}")
    assert sync_index(store, Catalog(posts)).ok
    running, server = start_bot(store, slack_api, posts)
    try:
        message = running.client.slash("search cgroup").json()
        first = next(b for b in message["blocks"] if b.get("block_id") == "hit-0")
        assert "@ten_forward" in first["text"]["text"]
        assert "*cgroup*" in first["text"]["text"].lower() or "*cgroup" in first["text"]["text"]
        assert check_message(message) == []
    finally:
        server.close()
        store.close()


def test_the_http_loop_waits_instead_of_spinning() -> None:
    """waitress reads asyncore_loop_timeout with int(): below 1 it becomes 0 and select()
    returns at once, so an idle server burned most of a core (bench/README.md)."""
    from bot.web.server import HttpServer

    server = HttpServer(lambda environ, start_response: [], "127.0.0.1", 0)
    try:
        assert server._server.adj.asyncore_loop_timeout >= 1
    finally:
        server._server.close()
