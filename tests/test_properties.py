"""Property: any markdown, however odd, parses and becomes valid Slack messages that ping no one."""

from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.errors import PostError
from bot.parser import parse_post
from formatters import FormatOptions, check_message, render_post

HOSTILE = [
    "<!channel>",
    "<!here>",
    "<!everyone>",
    "<@U123ABC>",
    "<!subteam^S1|team>",
    "&",
    "<",
    ">",
]
PIECES = [
    "# ",
    "## ",
    "### ",
    "#### ",
    "- ",
    "* ",
    "1. ",
    "  ",
    "    ",
    "\n",
    "\n\n",
    "> ",
    "```\n",
    "| a | b |\n|---|---|\n",
    "[",
    "](",
    ")",
    "[]()",
    "<https://x.example/s>",
    "@handle",
    "さん",
    "感想",
    "まとめ",
    "Thoughts",
    "「",
    "」",
    " - ",
    " by ",
    ": ",
    "(",
    "---\n",
    "+++\n",
    '<iframe src="//www.slideshare.net/x"></iframe>',
    "![img](a.png)",
    "`code`",
    "**b**",
    "テスト",
    "👩‍💻",
    "e\u0301",
    "ク\u3099",
    *HOSTILE,
]
markdown = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=60).map(
    "".join
)

# A live mention in mrkdwn: `<` followed by `!` or `@` or `#` (escaped text has `&lt;` instead).
LIVE_MENTION = re.compile(r"<[!@#]")


def _mrkdwn_texts(node: object) -> list[str]:
    found: list[str] = []
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            found.append(node["text"])
        for value in node.values():
            found.extend(_mrkdwn_texts(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_mrkdwn_texts(value))
    return found


def _element_types(node: object) -> set[str]:
    """The `type` of every object in a payload (a post may say `broadcast` in its text)."""
    if isinstance(node, dict):
        own = {node["type"]} if isinstance(node.get("type"), str) else set()
        return own.union(*(_element_types(value) for value in node.values()))
    if isinstance(node, list):
        return set().union(*(_element_types(value) for value in node))
    return set()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=markdown, language=st.sampled_from([None, "ja", "en"]))
@example(text="broadcast", language=None)  # a word in the text, not a broadcast element
def test_any_markdown_becomes_valid_messages_without_mentions(
    text: str, language: str | None
) -> None:
    try:
        post = parse_post(text, source="2026-01-01-fuzz.md")
    except PostError:
        return  # broken front matter is reported as such, which is fine
    messages = render_post(post, FormatOptions(language=language))
    assert len(messages) == 1 + (len(post.talks) if post.talks_posted else 0)
    for message in messages:
        assert check_message(message) == [], json.dumps(message, ensure_ascii=False)[:2000]
        for text_value in _mrkdwn_texts(message["blocks"]):
            assert not LIVE_MENTION.search(text_value), text_value
        assert not _element_types(message) & {"broadcast", "usergroup", "user"}


def test_the_mention_check_tells_a_broadcast_element_from_the_word() -> None:
    word = {"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "broadcast"}}]}
    element = {
        "blocks": [
            {
                "type": "rich_text",
                "elements": [
                    {
                        "type": "rich_text_section",
                        "elements": [{"type": "broadcast", "range": "channel"}],
                    }
                ],
            }
        ]
    }
    assert "broadcast" not in _element_types(word)
    assert "broadcast" in _element_types(element)
