"""`/meetup` text parsing, button values, and the Block Kit answers (pure functions)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from bot.model import MeetupRef, ResultPage, Span, Talk, TalkHit
from bot.slack.actions import parse_action
from bot.slack.commands import parse_command
from formatters import check_message
from formatters.hits import action_value, snippet_mrkdwn
from formatters.results import (
    notice_answer,
    pick_answer,
    search_answer,
    shared_answer,
    talks_answer,
    usage_answer,
)

MEETUP = MeetupRef("docker-4", "Docker Meetup Tokyo #4", date(2015, 1, 17), None, 2)


def hit(n: int, *, snippet: tuple[Span, ...] = (), slides: str | None = None) -> TalkHit:
    talk = Talk(speaker=f"@speaker{n}", title=f"Talk {n}", slides_url=slides)
    return TalkHit(meetup=MEETUP, talk=talk, position=n, field="title", snippet=snippet)


@pytest.mark.parametrize(
    ("text", "subcommand", "argument"),
    [
        ("", "help", ""),
        ("   ", "help", ""),
        ("help", "help", ""),
        ("HELP me", "help", ""),
        ("talks", "talks", ""),
        ("talks docker meetup #4", "talks", "docker meetup #4"),
        ("Talks   2015-01 ", "talks", "2015-01"),
        ("search cgroup", "search", "cgroup"),
        ("search  a\tb\nc", "search", "a b c"),
        ("search a\x00b\x1bc\u202ed", "search", "a b c d"),
        ("search &lt;!channel&gt; &amp; co", "search", "<!channel> & co"),
    ],
)
def test_parse_command(text: str, subcommand: str, argument: str) -> None:
    request = parse_command(text)
    assert (request.subcommand, request.argument, request.error) == (subcommand, argument, None)


def test_unknown_subcommand_suggests_the_closest() -> None:
    request = parse_command("serch cgroup")
    assert request.subcommand == "unknown"
    assert request.error is not None and "did you mean `/meetup search`?" in request.error
    other = parse_command("kubernetes &lt;!here&gt;")
    assert other.error is not None and "/meetup search kubernetes" in other.error
    assert "<!here>" not in other.error and "&lt;!here&gt;" in other.error


def test_search_needs_a_short_query() -> None:
    assert parse_command("search").error
    long = parse_command("search " + "x" * 201)
    assert long.error is not None and "201" in long.error and "200" in long.error
    assert parse_command("search " + "x" * 200).error is None
    huge = parse_command("search " + "y" * 10_000)
    assert huge.error is not None and len(huge.argument) <= 200


def test_button_values_round_trip() -> None:
    value = action_value(k="search", q="cgroup v2", o=5)
    request = parse_action("meetup_next", value)
    assert request is not None and (request.kind, request.query, request.offset) == (
        "page",
        "cgroup v2",
        5,
    )
    share = parse_action("meetup_share_3", action_value(k="search", p="x", i=3, q="q"))
    assert share is not None and (share.kind, share.post_id, share.position) == ("share", "x", 3)
    pick = parse_action("meetup_pick_0", action_value(k="pick", p="docker-4"))
    assert pick is not None and pick.post_id == "docker-4"


@pytest.mark.parametrize(
    ("action_id", "value"),
    [
        ("meetup_next", "not json"),
        ("meetup_next", "[1, 2]"),
        ("meetup_next", json.dumps({"k": "search", "q": "x", "o": -1})),
        ("meetup_next", json.dumps({"k": "search", "q": "x", "o": 10**9})),
        ("meetup_next", json.dumps({"k": "search", "q": "x", "o": "5"})),
        ("meetup_next", json.dumps({"k": "search", "q": "x", "o": True})),
        ("meetup_next", json.dumps({"k": "delete", "q": "x", "o": 0})),
        ("meetup_share_1", json.dumps({"k": "search", "p": 5, "i": 0})),
        ("meetup_pick_1", json.dumps({"k": "pick"})),
        ("meetup_other", action_value(k="search", q="x", o=0)),
        ("meetup_next", None),
        (None, "{}"),
        ("meetup_next", "x" * 3000),
    ],
)
def test_garbled_button_values_are_refused(action_id: object, value: object) -> None:
    assert parse_action(action_id, value) is None


def test_snippet_bold_and_escaped() -> None:
    spans = (Span("uses "), Span("cgroup", bold=True), Span(" & <!channel> <@U1>"))
    text = snippet_mrkdwn(spans)
    assert "*cgroup*" in text
    assert "&amp; &lt;!channel&gt; &lt;@U1&gt;" in text
    assert "<!" not in text and "<@" not in text
    japanese = snippet_mrkdwn((Span("コンテナの"), Span("cgroup", bold=True), Span("設定")))
    assert "\u200b*cgroup*\u200b" in japanese
    starry = snippet_mrkdwn((Span("a "), Span("*", bold=True), Span(" b")))
    assert starry == "a * b"


def test_search_answer_shape() -> None:
    snippet = (Span("about "), Span("cgroup", bold=True), Span(" limits"))
    page = ResultPage(
        "cgroup",
        (hit(0, snippet=snippet, slides="https://speakerdeck.com/x"), hit(1)),
        total=7,
        offset=0,
        limit=2,
    )
    message = search_answer(page)
    assert check_message(message) == []
    blob = json.dumps(message, ensure_ascii=False)
    assert "Talk 0" in blob and "@speaker0" in blob and "Docker Meetup Tokyo #4" in blob
    assert "2015-01-17" in blob and "*cgroup*" in blob
    ids = [
        e["action_id"] for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert "meetup_slides_0" in ids and "meetup_share_0" in ids and "meetup_next" in ids
    assert "meetup_prev" not in ids
    second = search_answer(ResultPage("cgroup", (hit(2),), total=3, offset=2, limit=2))
    ids = [
        e["action_id"] for b in second["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert "meetup_prev" in ids and "meetup_next" not in ids


def test_hostile_text_never_mentions() -> None:
    talk = Talk(speaker="<!channel>", title="<@U123> & <!here|here>", slides_url="javascript:x")
    meetup = MeetupRef("p", "<!everyone> *bold* `code`", None)
    bad = TalkHit(meetup, talk, 0, snippet=(Span("<!subteam^S1>", bold=True),))
    for message in (
        search_answer(ResultPage("<!channel>", (bad,), total=1, limit=5)),
        talks_answer(ResultPage("p", (bad,), total=1), meetup),
        shared_answer(bad, "<!channel>"),
        pick_answer("<!here>", [meetup, MEETUP]),
        notice_answer("<!channel>"),
    ):
        assert check_message(message) == [], message
        assert "javascript:" not in json.dumps(message)


def test_many_and_long_results_fit() -> None:
    long_talk = Talk(speaker="s" * 500, title="t" * 2000, slides_url="https://x.test/" + "a" * 2900)
    long = TalkHit(MEETUP, long_talk, 0, snippet=(Span("w" * 5000, bold=True),))
    page = ResultPage("q" * 200, tuple(long for _ in range(10)), total=100, offset=50, limit=10)
    assert check_message(search_answer(page)) == []
    refs = [MeetupRef(f"m{i}", "M" * 300, date(2020, 1, 1)) for i in range(30)]
    picked = pick_answer("m", refs)
    assert check_message(picked) == []
    assert "20 more" in json.dumps(picked)


def test_usage() -> None:
    assert check_message(usage_answer()) == []
    hinted = usage_answer("I don't know `/meetup serch`: did you mean `/meetup search`?")
    assert check_message(hinted) == []
    assert "did you mean" in hinted["text"]
