"""Estimated totals, end to end: past EXACT_CAP candidates the answer says "about N talks" (within
10 % of the real count), and a Next past the last real match says there are no more (with a way
back), on SQLite and PostgreSQL.

The generated corpus: MATCHES talks titled "Docker tips N" and DECOYS talks whose notes hold every
trigram of "docker" but not the word ("a dock by the locker"). All of them are candidates for
`docker` (more than EXACT_CAP); the total is estimated from a sample of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.model import MeetupRef, Post, ResultPage, Talk, TalkHit
from bot.search import search_talks
from bot.slack.actions import parse_action
from bot.slack.answers import Message, answer_action, answer_command
from bot.slack.commands import parse_command
from bot.store import Store, open_store
from bot.store.base import Fingerprint, PutPost
from bot.store.matcher import EXACT_CAP
from formatters import check_message
from formatters.hits import action_value
from formatters.results import search_answer
from tests.search_fixtures import ALL_POSTS, bullet, talk
from tests.store_backends import PERSISTENT, fresh_postgres_url, postgres_server  # noqa: F401

MATCHES = 1500
DECOYS = 400
PER_POST = 111


def estimate_posts() -> dict[str, Post]:
    talks = [talk(f"@s{n}", f"Docker tips {n}") for n in range(MATCHES)]
    talks += [talk(f"@d{n}", f"Talk {n}", (bullet("a dock by the locker"),)) for n in range(DECOYS)]
    posts: dict[str, Post] = {}
    for number, start in enumerate(range(0, len(talks), PER_POST), start=1):
        day = date(2020, 1, number)
        chunk = tuple(talks[start : start + PER_POST])
        post = Post(title=f"Meetup {number}", date=day, slug=f"m{number}", talks=chunk)
        posts[f"{day}-m{number}"] = post
    return posts


def fill(store: Store, posts: dict[str, Post]) -> None:
    store.apply(
        [
            PutPost(key, Fingerprint(i, i, str(i)), post)
            for i, (key, post) in enumerate(posts.items())
        ]
    )


@pytest.fixture(scope="module", params=PERSISTENT)
def big_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database with the generated corpus, built once per backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('estimate') / 'meetup.db'}"
    else:
        url = fresh_postgres_url(request)
    with open_store(url) as store:
        fill(store, estimate_posts())
    return url


@pytest.fixture
def big(big_url: str) -> Iterator[Store]:
    with open_store(big_url) as store:
        yield store


@pytest.fixture
def small(tmp_path: Path) -> Iterator[Store]:
    with open_store(f"sqlite:///{tmp_path / 'small.db'}") as store:
        fill(store, ALL_POSTS)
        yield store


def texts(message: Message) -> str:
    return json.dumps(message, ensure_ascii=False)


def buttons(message: Message) -> dict[str, dict[str, Any]]:
    """The Next/Previous buttons by action_id, their values decoded."""
    found = [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]
    nav = ("meetup_next", "meetup_prev")
    return {e["action_id"]: json.loads(e["value"]) for e in found if e["action_id"] in nav}


def press(store: Store, action_id: str, value: str) -> Message:
    """What a click on a button with this value answers (through the real parse)."""
    request = parse_action(action_id, value)
    assert request is not None
    reply = answer_action(store, request)
    assert check_message(reply.message) == [] and reply.replace_original
    return reply.message


def click(store: Store, message: Message, action_id: str) -> Message:
    value = buttons(message)[action_id]
    return press(store, action_id, action_value(**value))


def test_an_estimated_total_is_flagged_and_said_about(big: Store) -> None:
    page = search_talks(big, "docker")
    assert MATCHES > EXACT_CAP * 1.3
    assert not page.total_exact and len(page.hits) == 5
    assert abs(page.total - MATCHES) <= MATCHES / 10
    message = answer_command(big, parse_command("search docker"))
    assert check_message(message) == []
    summary = f"1–5 of about {page.total:,} talks matching “docker”"
    assert summary in message["text"] and summary in texts(message)
    assert set(buttons(message)) == {"meetup_next"}


def test_next_past_the_last_match_says_no_more_and_offers_previous(big: Store) -> None:
    last = press(big, "meetup_next", action_value(k="search", q="docker", o=MATCHES - 5))
    assert f"{MATCHES - 4}–{MATCHES} of about" in last["text"]  # the last real matches
    past = press(big, "meetup_next", action_value(k="search", q="docker", o=MATCHES))
    assert past["text"] == (
        f"No more results: all {MATCHES:,} talks matching “docker” are on the earlier pages."
    )
    assert set(buttons(past)) == {"meetup_prev"}
    back = click(big, past, "meetup_prev")
    assert f"{MATCHES - 4}–{MATCHES} of " in back["text"]


def test_the_terminal_says_about_and_no_more(
    big_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("bot.cli_search.synced_store", lambda *_: open_store(big_url))
    assert main(["search", "docker"]) == 0
    assert "1–10 of about " in capsys.readouterr().out
    assert main(["search", "docker", "--json", "--limit", "5"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["total_exact"] is False and abs(doc["total"] - MATCHES) <= MATCHES / 10
    assert doc["summary"] == f"1–5 of about {doc['total']:,} talks matching “docker”"
    assert main(["search", "docker", "--offset", str(MATCHES)]) == 0
    out = capsys.readouterr().out
    assert f"No more results: all {MATCHES:,} talks matching “docker”" in out


def test_an_exact_total_is_said_exactly(small: Store) -> None:
    message = answer_command(small, parse_command("search cgroup"))
    assert check_message(message) == []
    assert message["text"].startswith("1–2 of 2 talks matching “cgroup”")
    assert "about" not in texts(message) and buttons(message) == {}
    assert search_talks(small, "cgroup").total_exact


def test_one_match_is_one_talk_in_slack_and_in_the_terminal(
    small: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not "1 of 1 talks": the Slack answer and `meetup-bot search` count alike (one wording,
    formatters.paging.search_summary), in both languages."""
    message = answer_command(small, parse_command("search etcd"))
    assert message["text"].startswith("1 talk matching “etcd”: ")
    ja = answer_command(small, parse_command("search etcd"), lang="ja")
    assert ja["text"].startswith("「etcd」に合うトーク 1件: ")
    monkeypatch.setattr("bot.cli_search.synced_store", lambda *_: small)
    assert main(["search", "etcd"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "1 talk matching “etcd”"


def test_a_stale_next_on_exact_results_goes_back_to_the_last_page(small: Store) -> None:
    stale = press(small, "meetup_next", action_value(k="search", q="cgroup", o=15))
    assert "No more results: all 2 talks" in stale["text"]
    assert buttons(stale) == {"meetup_prev": {"k": "search", "o": 0, "q": "cgroup"}}


def test_no_next_after_a_short_page_even_with_an_estimate() -> None:
    meetup = MeetupRef("m", "Meetup", date(2020, 1, 1))
    hits = tuple(TalkHit(meetup, Talk("@s", f"Docker {n}", None), n) for n in range(3))
    short = ResultPage("docker", hits, total=900, offset=10, limit=5, total_exact=False)
    message = search_answer(short)
    assert check_message(message) == []
    assert "11–13 of about 900 talks" in message["text"]
    assert set(buttons(message)) == {"meetup_prev"}
    full = ResultPage("docker", hits, total=900, offset=10, limit=3, total_exact=False)
    assert set(buttons(search_answer(full))) == {"meetup_prev", "meetup_next"}
