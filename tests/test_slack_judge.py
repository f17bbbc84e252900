"""The fake Slack's independent judge (tests/slack_judge.py): it refuses each broken limit as
Slack does, accepts what our formatters make of real posts, and owes nothing to formatters/."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from formatters import FormatOptions, render_post
from tests.slack_api_server import SlackApiServer
from tests.slack_judge import judge

HERE = Path(__file__).resolve().parent
EXAMPLES = sorted((HERE.parent / "examples" / "posts").glob("*.md"))
CORPUS = HERE.parents[1] / "shared" / "corpus"
CORPUS_POSTS = sorted(CORPUS.glob("real/*.md")) + sorted(CORPUS.glob("seed/*.md"))


def mrkdwn(text: str) -> dict[str, Any]:
    return {"type": "mrkdwn", "text": text}


def plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text}


def section(text: str = "fine") -> dict[str, Any]:
    return {"type": "section", "text": mrkdwn(text)}


def button(text: str = "Slides", url: str = "https://slides.example/1") -> dict[str, Any]:
    return {"type": "button", "text": plain(text), "url": url, "action_id": "open"}


def rich_list(style: str = "bullet", indent: int = 0) -> dict[str, Any]:
    item = {"type": "rich_text_section", "elements": [{"type": "text", "text": "a point"}]}
    listing = {"type": "rich_text_list", "style": style, "indent": indent, "elements": [item]}
    return {"type": "rich_text", "elements": [listing]}


def message(*blocks: dict[str, Any], text: str = "fallback") -> dict[str, Any]:
    return {"text": text, "blocks": list(blocks)}


# (limit, the payload just within it, the payload just past it, Slack's error)
LIMITS: dict[str, tuple[dict[str, Any], dict[str, Any], str]] = {
    "message text 40,000": (
        {"text": "x" * 40_000},
        {"text": "x" * 40_001},
        "msg_too_long",
    ),
    "50 blocks": (
        message(*[section()] * 50),
        message(*[section()] * 51),
        "invalid_blocks",
    ),
    "12,000 chars of text in all blocks": (
        message(*[section("x" * 2_400)] * 5),
        message(*[section("x" * 2_400)] * 5, section("x")),
        "msg_blocks_too_long",
    ),
    "section text 3,000": (
        message(section("x" * 3_000)),
        message(section("x" * 3_001)),
        "invalid_blocks",
    ),
    "section text not empty": (
        message(section("x")),
        message(section("")),
        "invalid_blocks",
    ),
    "section fields 10": (
        message({"type": "section", "fields": [mrkdwn("f")] * 10}),
        message({"type": "section", "fields": [mrkdwn("f")] * 11}),
        "invalid_blocks",
    ),
    "section field 2,000": (
        message({"type": "section", "fields": [mrkdwn("f" * 2_000)]}),
        message({"type": "section", "fields": [mrkdwn("f" * 2_001)]}),
        "invalid_blocks",
    ),
    "header 150": (
        message({"type": "header", "text": plain("h" * 150)}),
        message({"type": "header", "text": plain("h" * 151)}),
        "invalid_blocks",
    ),
    "header plain_text only": (
        message({"type": "header", "text": plain("h")}),
        message({"type": "header", "text": mrkdwn("h")}),
        "invalid_blocks",
    ),
    "context elements 10": (
        message({"type": "context", "elements": [mrkdwn("c")] * 10}),
        message({"type": "context", "elements": [mrkdwn("c")] * 11}),
        "invalid_blocks",
    ),
    "context text 3,000": (
        message({"type": "context", "elements": [mrkdwn("c" * 3_000)]}),
        message({"type": "context", "elements": [mrkdwn("c" * 3_001)]}),
        "invalid_blocks",
    ),
    "actions elements 25": (
        message({"type": "actions", "elements": [button()] * 25}),
        message({"type": "actions", "elements": [button()] * 26}),
        "invalid_blocks",
    ),
    "button text 75": (
        message({"type": "actions", "elements": [button("b" * 75)]}),
        message({"type": "actions", "elements": [button("b" * 76)]}),
        "invalid_blocks",
    ),
    "button url 3,000": (
        message({"type": "actions", "elements": [button(url="https://e.x/" + "u" * 2_988)]}),
        message({"type": "actions", "elements": [button(url="https://e.x/" + "u" * 2_989)]}),
        "invalid_blocks",
    ),
    "block_id 255": (
        message({**section(), "block_id": "i" * 255}),
        message({**section(), "block_id": "i" * 256}),
        "invalid_blocks",
    ),
    "block_id unique": (
        message({**section(), "block_id": "a"}, {**section(), "block_id": "b"}),
        message({**section(), "block_id": "a"}, {**section(), "block_id": "a"}),
        "invalid_blocks",
    ),
    "rich_text_list style": (
        message(rich_list("ordered")),
        message(rich_list("dashed")),
        "invalid_blocks",
    ),
    "rich_text_list indent 0..8": (
        message(rich_list(indent=8)),
        message(rich_list(indent=9)),
        "invalid_blocks",
    ),
    "markdown blocks 12,000 together": (
        message(
            {"type": "markdown", "text": "m" * 6_000}, {"type": "markdown", "text": "m" * 6_000}
        ),
        message(
            {"type": "markdown", "text": "m" * 6_000}, {"type": "markdown", "text": "m" * 6_001}
        ),
        "invalid_blocks",
    ),
    "a block with its required fields": (
        message(
            {"type": "image", "image_url": "https://e.x/a.png", "alt_text": "a"},
            {"type": "divider"},
        ),
        message({"type": "carousel"}),
        "invalid_blocks",
    ),
    "known block types": (
        message({"type": "divider"}),
        message({"type": "kanban"}),
        "invalid_blocks",
    ),
    "no field slack_sdk does not know": (
        message(section()),
        message({**section(), "colour": "red"}),
        "invalid_blocks",
    ),
    "text or blocks": (
        {"text": "hello"},
        {"text": "  "},
        "no_text",
    ),
    "no mention in mrkdwn": (
        message(section("&lt;!channel&gt; and @alice")),
        message(section("<!channel> and <@U123>")),
        "would_notify",
    ),
    "no broadcast element": (
        message(rich_list()),
        message(
            {
                "type": "rich_text",
                "elements": [
                    {
                        "type": "rich_text_section",
                        "elements": [{"type": "broadcast", "range": "here"}],
                    }
                ],
            }
        ),
        "would_notify",
    ),
}


@pytest.mark.parametrize("limit", LIMITS)
def test_the_judge_refuses_a_payload_past_each_limit_and_accepts_one_at_it(limit: str) -> None:
    within, past, error = LIMITS[limit]
    assert judge(within) is None
    refusal = judge(past)
    assert refusal is not None and refusal.error == error
    assert refusal.problems


def test_the_fake_slack_answers_a_refused_message_as_slack_does() -> None:
    with SlackApiServer() as slack:
        client = WebClient(token="xoxb-test", base_url=slack.api_url)
        with pytest.raises(SlackApiError) as refused:
            client.chat_postMessage(channel="C1", **message(*[section()] * 51))
        assert refused.value.response["error"] == "invalid_blocks"
        with pytest.raises(SlackApiError) as too_long:
            client.chat_postMessage(channel="C1", text="x" * 40_001)
        assert too_long.value.response["error"] == "msg_too_long"
        assert slack.messages == {}
        client.chat_postMessage(channel="C1", **message(section()))
        assert len(slack.messages["C1"]) == 1


def _judged(path: Path) -> list[str]:
    parser = pytest.importorskip("bot.parser")
    post = parser.read_post(path)
    errors = []
    for language in (None, "ja", "en"):
        options = FormatOptions(language=language, post_url="https://blog.example/post")
        for rendered in render_post(post, options):
            refusal = judge(rendered)
            if refusal is not None:
                errors.append(f"{refusal.error}: {refusal.problems[:3]}")
    return errors


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_judge_accepts_what_our_formatters_make_of_the_examples(path: Path) -> None:
    assert _judged(path) == []


@pytest.mark.skipif(not CORPUS_POSTS, reason="the shared corpus (../shared/corpus) is not present")
def test_the_judge_accepts_what_our_formatters_make_of_the_corpus() -> None:
    refused = {path.name: errors for path in CORPUS_POSTS if (errors := _judged(path))}
    assert refused == {}


@pytest.mark.parametrize("module", ["slack_judge.py", "slack_api_server.py"])
def test_the_judge_owes_nothing_to_formatters(module: str) -> None:
    tree = ast.parse((HERE / module).read_text(encoding="utf-8"))
    imported = {
        name
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    }
    assert imported, "no imports found: the check itself is broken"
    assert not {name for name in imported if name.split(".")[0] in ("formatters", "bot")}
