"""The preview page says, for each post, what will be posted and why (the `check` verdict),
served over real HTTP; everything from the post is escaped.

An unsure verdict needs the detector to doubt a post: the folder is given a parse that reads
each file with the real parser and then takes the detector's verdict as "unsure" for detected
talk lists (`Catalog(parse=...)`, the catalog's own seam). Posts are our own writing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html import unescape
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.model import LeftOut, Post
from bot.parser import read_post
from bot.preview.routes import PreviewPages
from bot.preview.source import PostFolder
from bot.web.app import WebApp
from formatters import FormatOptions
from tests.browser import serving
from tests.test_preview_page import ALLOWED_TAGS, URL_ATTRS, Elements
from tests.test_preview_page_routes import get

DOUBTED = """---
title: "Fog <script>document.title='pwned'</script> Night"
date: 2026-09-18
---

A foggy evening.

## 詳細

Second floor.

## @kiri さん 霧の中のデプロイ

* canary first
"""

LISTED = """---
title: Lantern Meetup
date: 2026-06-12
talks:
  - speaker: "@lamp_lighter"
    title: Logs for lighthouses
    slides: https://speakerdeck.com/example/lighthouse-logs
---

## Logs for lighthouses

* structured, always
"""

HOSTILE_UNIT = "<img src=x onerror=\"document.title='left'\">"


def doubting_parse(path: Path) -> Post:
    """The real parse, with the detector doubting every detected talk list."""
    post = read_post(path)
    if post.talks_from == "front_matter":
        return post
    left_out = (LeftOut("詳細", "section_word"), LeftOut(HOSTILE_UNIT, "prose"))
    talks = tuple(replace(talk, confidence=0.55) for talk in post.talks)
    return replace(post, talks=talks, confidence=0.38, talks_posted=False, left_out=left_out)


@pytest.fixture
def base(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "2026-09-18-fog.md").write_text(DOUBTED, encoding="utf-8")
    (tmp_path / "2026-06-12-lantern.md").write_text(LISTED, encoding="utf-8")
    pages = PreviewPages(
        PostFolder(Catalog(tmp_path, parse=doubting_parse)),
        options_for=lambda post, path: FormatOptions(language="en"),
    )
    with serving(WebApp(pages.routes())) as url:
        yield url


def text_of(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", html.split("<main>", 1)[1]))


def test_index_shows_each_posts_verdict(base: str) -> None:
    status, _, html = get(base + "/")
    assert status == 200
    assert '<div class="row-verdict unsure">' in html
    assert '<div class="row-verdict front_matter">' in html
    text = text_of(html)
    assert "Unsure: only the announcement will be posted, without the talks." in text
    assert "Listed in the front matter: the announcement and 1 talk will be posted." in text


def test_unsure_post_page_shows_the_verdict_and_only_the_announcement(base: str) -> None:
    status, _, html = get(base + "/posts/2026-09-18-fog")
    assert status == 200
    assert '<section class="verdict unsure" id="verdict"' in html
    assert html.count('class="msg reply"') == 0  # the announcement alone, as it will be posted
    text = text_of(html)
    assert "Unsure: only the announcement will be posted, without the talks." in text
    assert "Found 1 talk (confidence 0.38)" in text
    assert "霧の中のデプロイ — @kiri (confidence 0.55)" in " ".join(text.split())
    assert "「詳細」: a section word, not a talk" in text
    assert f"“{HOSTILE_UNIT}”: prose, not a talk" in text
    assert "talks:\n  - speaker: '@kiri'\n    title: 霧の中のデプロイ" in text
    assert "The talks are not listed here: read the full post for them." in text


def test_the_verdict_is_escaped(base: str) -> None:
    _, _, html = get(base + "/posts/2026-09-18-fog")
    elements = Elements()
    elements.feed(html)
    assert {tag for tag, _ in elements.found} <= ALLOWED_TAGS
    assert not [name for _, attrs in elements.found for name, _ in attrs if name.startswith("on")]
    urls = [v or "" for _, attrs in elements.found for name, v in attrs if name in URL_ATTRS]
    assert all(url.startswith(("https://", "http://", "/")) for url in urls)
    assert "&lt;img src=x onerror=" in html and "<img src=x" not in html
    assert "Fog &lt;script&gt;" in html


def test_listed_post_page_shows_the_talks_with_their_links(base: str) -> None:
    status, _, html = get(base + "/posts/2026-06-12-lantern")
    assert status == 200
    assert '<section class="verdict front_matter" id="verdict"' in html
    assert html.count('class="msg reply"') == 1
    text = " ".join(text_of(html).split())
    assert "1 talk listed in the front matter (talks:)" in text
    assert "Logs for lighthouses — @lamp_lighter (confidence 1.00)" in text
    assert "slides https://speakerdeck.com/example/lighthouse-logs" in text
    assert "talks:" not in text.split("(talks:)", 1)[1]  # no fix offered for a sure post
