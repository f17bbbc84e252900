"""check_message reports every rule a Slack message breaks; builder_url round-trips."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from formatters import builder_url, check_message

Message = dict[str, Any]


def good() -> Message:
    return {
        "text": "Meetup — 2 talks",
        "blocks": [
            {"type": "header", "block_id": "h", "text": {"type": "plain_text", "text": "Meetup"}},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": "<https://a.b|link>"}]},
            {"type": "section", "text": {"type": "mrkdwn", "text": "a &lt;!here&gt; &amp; b"}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "action_id": "go",
                        "text": {"type": "plain_text", "text": "Slides"},
                        "url": "https://s.example",
                    }
                ],
            },
            {"type": "divider"},
            {
                "type": "rich_text",
                "elements": [
                    {
                        "type": "rich_text_list",
                        "style": "bullet",
                        "indent": 1,
                        "elements": [
                            {
                                "type": "rich_text_section",
                                "elements": [
                                    {"type": "text", "text": "<!channel> as text"},
                                    {"type": "link", "url": "https://x.y", "text": "x"},
                                ],
                            },
                        ],
                    },
                    {"type": "rich_text_quote", "elements": [{"type": "text", "text": "q"}]},
                ],
            },
        ],
    }


def test_a_good_message_passes() -> None:
    assert check_message(good()) == []
    assert check_message({"text": "only text"}) == []


def _set(path: str, value: Any) -> Callable[[Message], None]:
    def change(message: Message) -> None:
        target: Any = message
        keys = [int(k) if k.isdigit() else k for k in path.split(".")]
        for key in keys[:-1]:
            target = target[key]
        target[keys[-1]] = value

    return change


RICH_ITEM = "blocks.5.elements.0.elements.0.elements.0"
BAD: dict[str, tuple[Callable[[Message], None], str]] = {
    "no text": (_set("text", ""), "fallback text"),
    "blank text": (_set("text", "   "), "fallback text"),
    "huge text": (_set("text", "x" * 40_001), "> 40000"),
    "mention in text": (_set("text", "hi <!channel>"), "unescaped mention"),
    "51 blocks": (_set("blocks", [{"type": "divider"}] * 51), "51 blocks > 50"),
    "long header": (_set("blocks.0.text.text", "x" * 151), "151 chars > 150"),
    "mrkdwn header": (_set("blocks.0.text.type", "mrkdwn"), "must be plain_text"),
    "empty header": (_set("blocks.0.text.text", ""), "must not be empty"),
    "emoji header": (_set("blocks.0.text.text", "😀" * 76), "152 chars > 150"),
    "long section": (_set("blocks.2.text.text", "x" * 3001), "3001 chars > 3000"),
    "here": (_set("blocks.2.text.text", "<!here>"), "unescaped mention"),
    "user": (_set("blocks.2.text.text", "hi <@U123>"), "unescaped mention"),
    "subteam": (_set("blocks.2.text.text", "<!subteam^S1>"), "unescaped mention"),
    "channel link": (_set("blocks.2.text.text", "<#C123>"), "unescaped mention"),
    "bare lt": (_set("blocks.2.text.text", "a < b"), "unescaped '<'"),
    "11 context": (
        _set("blocks.1.elements", [{"type": "plain_text", "text": "a"}] * 11),
        "11 elements > 10",
    ),
    "empty context": (_set("blocks.1.elements", []), "non-empty list"),
    "26 actions": (
        _set(
            "blocks.3.elements",
            [{"type": "button", "text": {"type": "plain_text", "text": str(i)}} for i in range(26)],
        ),
        "26 elements > 25",
    ),
    "long button": (_set("blocks.3.elements.0.text.text", "x" * 76), "76 chars > 75"),
    "js button": (_set("blocks.3.elements.0.url", "javascript:alert(1)"), "must be http(s)"),
    "long url": (_set("blocks.3.elements.0.url", "https://a.b/" + "x" * 3000), "> 3000"),
    "dup block_id": (_set("blocks.2.block_id", "h"), "duplicate block_id"),
    "long block_id": (_set("blocks.2.block_id", "b" * 256), "1..255"),
    "bad indent": (_set("blocks.5.elements.0.indent", 9), "must be 0..8"),
    "bad style": (_set("blocks.5.elements.0.style", "dashed"), "bullet or ordered"),
    "broadcast": (_set(RICH_ITEM, {"type": "broadcast", "range": "channel"}), "broadcast element"),
    "user element": (_set(RICH_ITEM, {"type": "user", "user_id": "U1"}), "user element"),
    "usergroup": (_set(RICH_ITEM, {"type": "usergroup", "usergroup_id": "S1"}), "usergroup"),
    "empty rich text": (_set(RICH_ITEM, {"type": "text", "text": ""}), "must not be empty"),
    "js link": (
        _set("blocks.5.elements.0.elements.0.elements.1.url", "javascript:x"),
        "http(s)/mailto",
    ),
    "empty rich_text": (_set("blocks.5.elements", []), "non-empty list"),
    "unknown block": (_set("blocks.4.type", "banner"), "unknown block type"),
    "lone surrogate": (_set("blocks.2.text.text", "a\ud800"), "lone surrogate"),
    "too much text": (
        _set(
            "blocks", [{"type": "section", "text": {"type": "plain_text", "text": "x" * 2500}}] * 5
        ),
        "12500 chars of text in all blocks > 12000",
    ),
    "rich text counts": (
        _set(RICH_ITEM, {"type": "text", "text": "y" * 12_100}),
        "chars of text in all blocks",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_check_message_catches(case: str) -> None:
    change, expected = BAD[case]
    message = copy.deepcopy(good())
    change(message)
    problems = check_message(message)
    assert any(expected in problem for problem in problems), problems


def test_check_message_accepts_date_tokens_and_plain_text_mentions() -> None:
    message = good()
    message["blocks"][2]["text"]["text"] = "<!date^1392734382^{date}|Feb 18>"
    message["blocks"][0]["text"]["text"] = "<!channel> in plain_text is literal"
    assert check_message(message) == []


def test_check_message_rejects_non_objects() -> None:
    assert check_message([]) == ["message: not an object"]  # type: ignore[arg-type]


def test_builder_url_round_trips() -> None:
    message = good()
    url = builder_url(message)
    assert url.startswith("https://app.slack.com/block-kit-builder/#")
    fragment = urlsplit(url).fragment
    assert " " not in url and "\n" not in url
    assert json.loads(unquote(fragment)) == {"blocks": message["blocks"]}


def test_builder_url_round_trips_japanese_and_emoji() -> None:
    message = {
        "text": "t",
        "blocks": [{"type": "section", "text": {"type": "plain_text", "text": "感想 😀 #&?%"}}],
    }
    fragment = builder_url(message).split("#", 1)[1]
    assert json.loads(unquote(fragment))["blocks"] == message["blocks"]
