"""What people see in Slack: the announcement and the per-talk messages (formatters)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest

from bot.model import Note, NoteKind, Post, Span, Talk
from formatters import (
    FormatOptions,
    check_message,
    render_announcement,
    render_post,
    render_talk,
)

JST = timezone(timedelta(hours=9))


def note(kind: NoteKind, text: str, *children: Note, url: str | None = None) -> Note:
    return Note(kind, (Span(text),), tuple(children), url)


def bullet(text: str, *children: Note) -> Note:
    return note(NoteKind.BULLET, text, *children)


def make_talk(**overrides: Any) -> Talk:
    values: dict[str, Any] = {
        "speaker": "@alice",
        "title": "Containers in production",
        "slides_url": "https://slides.example/containers",
        "notes": (bullet("Monitoring matters", bullet("hosts and containers")),),
        "impressions": ("Very practical.",),
        "anchor": "containers-in-production",
    }
    values.update(overrides)
    return Talk(**values)


def make_post(**overrides: Any) -> Post:
    values: dict[str, Any] = {
        "title": "Container Night #4",
        "date": datetime(2015, 1, 17, 20, 30, tzinfo=JST),
        "intro": "Notes from Container Night #4.",
        "event_url": "https://events.example/4",
        "impressions": ("Monitoring was the hot topic.", "Try etcd and fleet."),
        "talks": (
            make_talk(),
            make_talk(speaker="@bob", title="Scheduling 101", slides_url=None, anchor="sched"),
            make_talk(speaker="Carol", title=None, slides_url=None, anchor="lt"),
        ),
        "language": "en",
        "url": "https://blog.example/container-night-4",
    }
    values.update(overrides)
    return Post(**values)


def walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in a payload, depth first."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def block(message: dict[str, Any], block_id: str) -> dict[str, Any]:
    found = [b for b in message["blocks"] if b.get("block_id") == block_id]
    assert len(found) == 1, [b.get("block_id") for b in message["blocks"]]
    return found[0]


def has_block(message: dict[str, Any], block_id: str) -> bool:
    return any(b.get("block_id") == block_id for b in message["blocks"])


def texts(value: Any) -> list[str]:
    return [o["text"] for o in walk(value) if isinstance(o.get("text"), str)]


def joined(value: Any) -> str:
    return "".join(texts(value))


def lists(message: dict[str, Any]) -> list[tuple[str, int, list[str]]]:
    """(style, indent, item texts) of every rich_text_list in the message."""
    return [
        (o["style"], o.get("indent", 0), [joined(item) for item in o["elements"]])
        for o in walk(message["blocks"])
        if o.get("type") == "rich_text_list"
    ]


# --- announcement -------------------------------------------------------------------------


def test_announcement_shows_title_date_event_intro_impressions_and_talks_in_order() -> None:
    message = render_announcement(make_post())
    assert check_message(message) == []
    ids = [b["block_id"] for b in message["blocks"]]
    assert ids == ["header", "meta", "intro", "impressions", "talks", "footer"]
    assert block(message, "header")["text"] == {"type": "plain_text", "text": "Container Night #4"}
    meta = texts(block(message, "meta"))
    assert meta[0] == "2015-01-17 (Sat) 20:30"
    assert "3 talks" in meta
    assert "<https://events.example/4|Event page>" in meta
    assert joined(block(message, "intro")) == "Notes from Container Night #4."
    quote = block(message, "impressions")
    assert "Impressions" in joined(quote)
    assert "Monitoring was the hot topic." in joined(quote)
    assert lists(message) == [
        (
            "ordered",
            0,
            [
                "Containers in production — @alice",
                "Scheduling 101 — @bob",
                "(untitled) — Carol",
            ],
        )
    ]
    assert texts(block(message, "footer")) == [
        "<https://blog.example/container-night-4|Read the full post>"
    ]


def test_announcement_fallback_reads_as_a_notification() -> None:
    assert render_announcement(make_post())["text"] == "Container Night #4 — 3 talks"
    one = make_post(talks=(make_talk(),))
    assert render_announcement(one)["text"] == "Container Night #4 — 1 talk"


def test_announcement_without_optional_parts() -> None:
    post = make_post(
        date=None,
        event_url=None,
        intro="",
        impressions=(),
        url=None,
        talks=(make_talk(speaker=None, title=None),),
    )
    message = render_announcement(post)
    assert check_message(message) == []
    assert [b["block_id"] for b in message["blocks"]] == ["header", "meta", "talks"]
    assert texts(block(message, "meta")) == ["1 talk"]
    assert lists(message) == [("ordered", 0, ["(untitled)"])]


def test_announcement_with_no_talks_is_still_valid() -> None:
    message = render_announcement(make_post(talks=()))
    assert check_message(message) == []
    assert not has_block(message, "talks")
    assert message["text"] == "Container Night #4 — 0 talks"


def test_announcement_groups_talks_by_section_and_keeps_numbering() -> None:
    post = make_post(
        talks=(
            make_talk(title="A", section="Room 1"),
            make_talk(title="B", section="Room 1"),
            make_talk(title="C", section="LT"),
        )
    )
    talks = block(render_announcement(post), "talks")
    kinds = [(e["type"], e.get("offset", 0)) for e in talks["elements"]]
    assert kinds == [
        ("rich_text_section", 0),  # "Talks" / "Room 1"
        ("rich_text_list", 0),
        ("rich_text_section", 0),  # "LT"
        ("rich_text_list", 2),  # numbering goes on: 3.
    ]
    assert joined(talks["elements"][0]) == "Talks\nRoom 1"
    assert texts(talks["elements"][2]) == ["LT"]


def test_date_only_and_naive_datetimes_show_no_clock_conversion() -> None:
    assert texts(block(render_announcement(make_post(date=date(2019, 5, 18))), "meta"))[0] == (
        "2019-05-18 (Sat)"
    )
    utc_late = datetime(2015, 1, 17, 23, 45, tzinfo=UTC)
    assert texts(block(render_announcement(make_post(date=utc_late)), "meta"))[0] == (
        "2015-01-17 (Sat) 23:45"
    )


# --- language -----------------------------------------------------------------------------


def test_language_defaults_to_the_posts_and_options_win() -> None:
    ja_post = make_post(language="ja")
    ja = render_announcement(ja_post)
    meta = texts(block(ja, "meta"))
    assert meta[0] == "2015年1月17日(土) 20:30"
    assert "トーク3件" in meta
    assert "感想" in joined(block(ja, "impressions"))
    assert ja["text"] == "Container Night #4 — トーク3件"
    en = render_announcement(ja_post, FormatOptions(language="en"))
    assert texts(block(en, "meta"))[0] == "2015-01-17 (Sat) 20:30"
    talk_ja = render_talk(make_post(), 0, FormatOptions(language="ja"))
    assert block(talk_ja, "links")["elements"][0]["text"]["text"] == "スライド"
    assert "登壇者: @alice" in texts(block(talk_ja, "meta"))
    assert "記事全文を読む" in joined(block(talk_ja, "footer"))


# --- talk messages ------------------------------------------------------------------------


def test_talk_message_layout() -> None:
    message = render_talk(make_post(), 0)
    assert check_message(message) == []
    ids = [b["block_id"] for b in message["blocks"]]
    assert ids == ["header", "meta", "links", "notes", "impressions", "footer"]
    assert block(message, "header")["text"]["text"] == "Containers in production"
    assert texts(block(message, "meta")) == ["Speaker: @alice", "Container Night #4 · Talk 1 of 3"]
    button = block(message, "links")["elements"][0]
    assert button["type"] == "button"
    assert button["text"] == {"type": "plain_text", "text": "Slides"}
    assert button["url"] == "https://slides.example/containers"
    assert texts(block(message, "footer")) == [
        "<https://blog.example/container-night-4#containers-in-production|Read the full post>"
    ]
    assert message["text"] == "Containers in production — @alice | Container Night #4"


def test_talk_without_title_speaker_slides_or_impressions() -> None:
    post = make_post(
        talks=(make_talk(title=None, speaker=None, slides_url=None, notes=(), impressions=()),),
        url=None,
    )
    message = render_talk(post, 0)
    assert check_message(message) == []
    assert [b["block_id"] for b in message["blocks"]] == ["header", "meta"]
    assert block(message, "header")["text"]["text"] == "(untitled)"
    assert texts(block(message, "meta")) == ["Container Night #4 · Talk 1 of 1"]


def test_untitled_talk_reads_untitled_with_its_speaker_beside() -> None:
    """One rendering of an untitled talk everywhere (issue 10): "(untitled)", not "Carol LT"
    here and "LT — Carol" in the announcement."""
    message = render_talk(make_post(), 2)
    assert block(message, "header")["text"]["text"] == "(untitled)"
    assert message["text"].startswith("(untitled) — Carol | ")
    assert "Speaker: Carol" in texts(block(message, "meta"))


def test_slides_button_only_for_http_urls() -> None:
    def button_url(slides: str | None) -> str | None:
        message = render_talk(make_post(talks=(make_talk(slides_url=slides),)), 0)
        assert check_message(message) == []
        if not has_block(message, "links"):
            return None
        url = block(message, "links")["elements"][0]["url"]
        assert isinstance(url, str)
        return url

    assert button_url("//speakerdeck.com/x/y") == "https://speakerdeck.com/x/y"
    assert button_url("http://www.slideshare.net/a") == "http://www.slideshare.net/a"
    assert button_url("javascript:alert(1)") is None
    assert button_url("") is None
    assert button_url(None) is None


def test_options_post_url_wins_over_post_url() -> None:
    message = render_talk(make_post(), 1, FormatOptions(post_url="https://mirror.example/p"))
    link = "<https://mirror.example/p#sched|Read the full post>"
    assert texts(block(message, "footer")) == [link]


def test_nested_bullets_become_rich_text_lists_with_indent() -> None:
    notes = (
        note(NoteKind.HEADING, "Why", bullet("fast", bullet("really fast")), bullet("small")),
        note(
            NoteKind.HEADING,
            "How",
            note(NoteKind.ORDERED, "build", bullet("cache layers")),
            note(NoteKind.ORDERED, "ship", bullet("registry", bullet("too deep"))),
            note(NoteKind.ORDERED, "run"),
        ),
    )
    message = render_talk(make_post(talks=(make_talk(notes=notes),)), 0)
    assert check_message(message) == []
    elements = block(message, "notes")["elements"]
    assert [e["type"] for e in elements][:1] == ["rich_text_section"]
    assert elements[0]["elements"][0] == {"type": "text", "text": "Why", "style": {"bold": True}}
    assert lists(message) == [
        ("bullet", 0, ["fast"]),
        ("bullet", 1, ["really fast"]),
        ("bullet", 0, ["small"]),
        ("ordered", 0, ["build"]),
        ("bullet", 1, ["cache layers"]),
        ("ordered", 0, ["ship"]),
        ("bullet", 1, ["registry"]),
        ("ordered", 0, ["run"]),
    ]
    offsets = [e.get("offset", 0) for e in elements if e.get("style") == "ordered"]
    assert offsets == [0, 1, 2]  # 1. build, 2. ship, 3. run
    assert "too deep" not in joined(message["blocks"])
    assert texts(block(message, "footer"))[0] == "+1 more"


def test_condensed_note_kinds_are_one_line_each() -> None:
    notes = (
        note(NoteKind.PARAGRAPH, "Some prose\nover two lines."),
        note(NoteKind.CODE, "docker run -it alpine\necho hi\nexit"),
        note(NoteKind.TABLE, "a | b\n1 | 2\n3 | 4"),
        note(NoteKind.IMAGE, "architecture", url="https://img.example/a.png"),
        note(NoteKind.EMBED, "", url="javascript:alert(1)"),
        bullet("see", note(NoteKind.CODE, "make all")),
    )
    message = render_talk(make_post(talks=(make_talk(notes=notes),)), 0)
    assert check_message(message) == []
    section = block(message, "notes")["elements"][0]
    lines = joined(section).split("\n")
    assert lines == [
        "Some prose over two lines.",
        "Code: docker run -it alpine…",
        "Table: a | b (3 rows)",
        "Image: architecture",
        "Embed:",
    ]
    links = [o for o in walk(section) if o.get("type") == "link"]
    assert links == [{"type": "link", "text": "architecture", "url": "https://img.example/a.png"}]
    assert lists(message) == [("bullet", 0, ["see"]), ("bullet", 1, ["Code: make all"])]


def test_span_styles_and_links_are_kept() -> None:
    spans = (
        Span("Use "),
        Span("etcd", bold=True),
        Span(" via "),
        Span("etcdctl", code=True),
        Span(" — "),
        Span("docs", url="https://etcd.io"),
        Span(" x", url="javascript:x"),
    )
    message = render_talk(make_post(talks=(make_talk(notes=(Note(NoteKind.BULLET, spans),)),)), 0)
    item = next(o for o in walk(block(message, "notes")) if o.get("type") == "rich_text_section")
    assert item["elements"] == [
        {"type": "text", "text": "Use "},
        {"type": "text", "text": "etcd", "style": {"bold": True}},
        {"type": "text", "text": " via "},
        {"type": "text", "text": "etcdctl", "style": {"code": True}},
        {"type": "text", "text": " — "},
        {"type": "link", "text": "docs", "url": "https://etcd.io"},
        {"type": "text", "text": " x"},
    ]


def test_more_marker_counts_points_cut_by_max_points() -> None:
    notes = tuple(bullet(f"point {i}") for i in range(30))
    message = render_talk(
        make_post(talks=(make_talk(notes=notes),)), 0, FormatOptions(max_points=5)
    )
    assert lists(message) == [("bullet", 0, [f"point {i}" for i in range(5)])]
    assert texts(block(message, "footer"))[0] == "+25 more"
    ja = render_talk(
        make_post(talks=(make_talk(notes=notes),)), 0, FormatOptions(max_points=5, language="ja")
    )
    assert texts(block(ja, "footer"))[0] == "ほか25件"


def test_impressions_are_a_quote_with_label() -> None:
    message = render_talk(make_post(talks=(make_talk(impressions=("good", "long")),)), 0)
    quote = block(message, "impressions")
    assert quote["elements"][0]["elements"][0] == {
        "type": "text",
        "text": "Impressions",
        "style": {"bold": True},
    }
    assert quote["elements"][1]["type"] == "rich_text_quote"
    assert joined(quote["elements"][1]) == "• good\n• long"
    single = block(render_talk(make_post(), 0), "impressions")
    assert joined(single["elements"][1]) == "Very practical."


def test_render_post_is_announcement_then_each_talk() -> None:
    post = make_post()
    messages = render_post(post)
    assert len(messages) == 4
    assert messages[0] == render_announcement(post)
    assert messages[1:] == [render_talk(post, i) for i in range(3)]
    assert all(check_message(m) == [] for m in messages)
    json.dumps(messages)  # plain JSON, ready for chat.postMessage


# --- nothing from a post notifies anyone ---------------------------------------------------

HOSTILE = "<!channel> <!here> <!everyone> <@U123> <!subteam^S1> <#C1> & @deeeet"


def test_hostile_mentions_show_as_text_everywhere() -> None:
    talk = make_talk(
        speaker=HOSTILE,
        title=HOSTILE,
        slides_url="https://s.example/<!here>",
        notes=(bullet(HOSTILE, bullet(HOSTILE)), note(NoteKind.HEADING, HOSTILE)),
        impressions=(HOSTILE,),
        section=HOSTILE,
        anchor="<!channel>",
    )
    post = make_post(
        title=HOSTILE,
        intro=HOSTILE,
        impressions=(HOSTILE,),
        talks=(talk,),
        url="https://b.example/<@U1>",
    )
    for message in render_post(post):
        assert check_message(message) == []
        assert "<!" not in message["text"] and "<@" not in message["text"]
        assert "&lt;!channel&gt;" in message["text"]
        for obj in walk(message["blocks"]):
            assert obj.get("type") not in ("user", "usergroup", "broadcast", "channel")
            if obj.get("type") == "mrkdwn":
                assert obj.get("verbatim") is True
                for bad in ("<!", "<@", "<#"):
                    assert bad not in obj["text"], obj["text"]
    intro = block(render_announcement(post), "intro")["text"]["text"]
    assert intro.startswith("&lt;!channel&gt; &lt;!here&gt;")
    assert "&amp; @deeeet" in intro
    header = block(render_talk(post, 0), "header")["text"]
    assert header == {"type": "plain_text", "text": HOSTILE}  # plain_text is literal


def test_render_talk_refuses_an_index_outside_the_post() -> None:
    with pytest.raises(IndexError):
        render_talk(make_post(), 3)
    with pytest.raises(IndexError):
        render_talk(make_post(), -1)
