"""Property: whatever a post holds, every message is valid for Slack and mentions no one."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.model import Note, NoteKind, Post, Span, Talk
from formatters import FormatOptions, check_message, render_post
from formatters.condense import text_size

HOSTILE = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U123>",
    "<!subteam^S1|@team>",
    "<#C1>",
    "&",
    "&amp;",
    "<",
    ">",
    "@deeeet",
    "*",
    "_",
    "`",
    "|",
    "\n",
    "\r\n",
    " ",
    "\t",
]
UNICODE = [
    "😀",
    "👨\u200d👩\u200d👧",
    "❤\ufe0f",
    "👍🏽",
    "🇯🇵",
    "\u30af\u3099",
    "e\u0301",
    "\u3099",
    "\u200d",
    "\ufe0f",
    "ｶﾞ",
    "感想",
    "\x00",
    "\ud83d",
]

pieces = st.one_of(
    st.text(max_size=20),
    st.sampled_from(HOSTILE + UNICODE),
    st.builds(
        lambda c, n: c * n, st.sampled_from(["a", "あ", "😀", "&", "<"]), st.integers(0, 4000)
    ),
)
texts = st.lists(pieces, max_size=6).map("".join)
urls = st.one_of(
    st.none(),
    st.sampled_from(
        [
            "https://ex.com/a",
            "//cdn.ex.com/x",
            "javascript:alert(1)",
            "",
            "http://",
            "https://ex.com/<!here>|x",
            "ftp://x",
            "https://ex.com/?a=1&b=<2>",
        ]
    ),
    texts,
)
spans = st.builds(Span, text=texts, url=urls, code=st.booleans(), bold=st.booleans())
notes = st.recursive(
    st.builds(
        Note, kind=st.sampled_from(NoteKind), spans=st.lists(spans, max_size=3).map(tuple), url=urls
    ),
    lambda children: st.builds(
        Note,
        kind=st.sampled_from(NoteKind),
        spans=st.lists(spans, max_size=3).map(tuple),
        children=st.lists(children, max_size=5).map(tuple),
        url=urls,
    ),
    max_leaves=30,
)
talks = st.builds(
    Talk,
    speaker=st.one_of(st.none(), texts),
    title=st.one_of(st.none(), texts),
    slides_url=urls,
    notes=st.lists(notes, max_size=8).map(tuple),
    impressions=st.lists(texts, max_size=5).map(tuple),
    section=st.one_of(st.none(), texts),
    anchor=texts,
)
dates = st.one_of(
    st.none(),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=9))])),
)
posts = st.builds(
    Post,
    title=texts,
    date=dates,
    intro=texts,
    event_url=urls,
    impressions=st.lists(texts, max_size=5).map(tuple),
    talks=st.lists(talks, max_size=6).map(tuple),
    language=st.sampled_from(["en", "ja", "fr", ""]),
    url=urls,
)
options = st.builds(
    FormatOptions,
    language=st.sampled_from([None, "en", "ja"]),
    post_url=urls,
    max_points=st.integers(0, 200),
    max_depth=st.integers(1, 9),
    max_point_chars=st.integers(10, 3000),
)


def mentions(value: Any) -> list[str]:
    """Anything in a payload that could notify someone."""
    found: list[str] = []
    if isinstance(value, dict):
        if value.get("type") in ("user", "usergroup", "broadcast", "channel"):
            found.append(value["type"])
        if value.get("type") == "mrkdwn":
            found += [bad for bad in ("<!", "<@", "<#") if bad in value["text"]]
        for item in value.values():
            found += mentions(item)
    elif isinstance(value, list):
        for item in value:
            found += mentions(item)
    return found


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(post=posts, opts=options)
def test_every_rendered_message_is_valid(post: Post, opts: FormatOptions) -> None:
    messages = render_post(post, opts)
    assert len(messages) == 1 + len(post.talks)
    for message in messages:
        json.dumps(message).encode("utf-8")  # plain JSON, encodable for the wire
        assert check_message(message) == []
        assert text_size(message["blocks"]) <= opts.text_budget
        assert mentions(message["blocks"]) == []
        for bad in ("<!", "<@", "<#"):
            assert bad not in message["text"]
        assert 0 < len(message["text"]) <= opts.max_fallback_chars


def test_dates_are_shown_for_every_date_kind() -> None:
    for value in (
        date(2024, 2, 29),
        datetime(2024, 2, 29, 9, 5),
        datetime(2024, 2, 29, 9, 5, tzinfo=UTC),
    ):
        meta = render_post(Post(title="t", date=value))[0]["blocks"][1]
        assert meta["elements"][0]["text"].startswith("2024-02-29 (Thu)")
