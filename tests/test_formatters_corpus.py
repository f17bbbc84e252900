"""Formatters on posts parsed by bot.parser: our own example, and the shared corpus if present."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from formatters import FormatOptions, check_message, render_post

parser = pytest.importorskip("bot.parser", reason="bot.parser is not available")

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
POSTS = sorted(CORPUS.glob("real/*.md")) + sorted(CORPUS.glob("seed/*.md"))

OWN_POST = """---
title: "Sample Meetup #1 <!channel>"
date: 2021-03-06 19:00:00 +0900
---

Notes from [Sample Meetup #1](https://events.example/1) & friends.

## @alice [Shipping containers](//slides.example/alice)

### Why
* fast
  * really fast
* small

### Impressions
* Worth trying. <@U123>

## @bob Logging at scale

* structured logs
"""


def kinds(message: dict[str, Any]) -> list[str]:
    return [block["block_id"] for block in message["blocks"]]


def test_a_parsed_post_renders_as_expected() -> None:
    post = parser.parse_post(OWN_POST, source="2021-03-06-sample.md")
    messages = render_post(post, FormatOptions(post_url="https://blog.example/sample"))
    assert [check_message(m) for m in messages] == [[]] * len(messages)
    assert len(messages) == 1 + len(post.talks)
    assert messages[0]["text"].startswith("Sample Meetup #1 &lt;!channel&gt; — ")
    first = messages[1]
    assert "links" in kinds(first)
    slides = next(b for b in first["blocks"] if b["block_id"] == "links")
    assert slides["elements"][0]["url"] == "https://slides.example/alice"
    notes = next(b for b in first["blocks"] if b["block_id"] == "notes")
    indents = [e.get("indent") for e in notes["elements"] if e["type"] == "rich_text_list"]
    assert 1 in indents


@pytest.mark.skipif(not POSTS, reason="the shared corpus (../shared/corpus) is not present")
@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.name)
@pytest.mark.parametrize("language", [None, "ja", "en"])
def test_every_corpus_post_renders_valid_messages(path: Path, language: str | None) -> None:
    post = parser.read_post(path)
    messages = render_post(post, FormatOptions(language=language))
    for message in messages:
        assert check_message(message) == [], message["text"]
