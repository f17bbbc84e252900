"""The preview page of real posts: parser -> formatters -> page, as `preview --html` writes it."""

from __future__ import annotations

import json
import os
import re
from datetime import UTC, date, datetime
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.model import Post
from bot.parser import read_post
from bot.preview.pages import messages_for, post_html
from bot.preview.source import PostFolder, local_status
from tests.cli_runner import run_cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "posts"
CORPUS = REPO.parent / "shared" / "corpus"
REFERENCE = CORPUS / "seed" / "docker-meetup-tokyo-4.md"
TRUTH = CORPUS / "seed" / "truth.json"

HOSTILE_POST = """---
title: "Hostile <script>document.title='pwned'</script> night"
date: 2026-01-10
---

Intro with <img src=x onerror="document.title='img'"> and <!channel> and \\<!here>.

* 感想
  * <script>document.body.appendChild(document.createElement('hr'))</script> was fun
  * `<img src=x onerror=document.title='img'>` shown as code

## @mallory さん [Evil talk](javascript:alert(1))

* [x](javascript:alert(1)) and <a href="javascript:alert(2)">y</a> and [ok](https://example.org/ok)
* `<!channel>` ping <@U123> &lt;b&gt;
  * nested <iframe src="https://evil.example"></iframe>

## @bob さん Plain talk

* <svg onload=alert(3)>
* \\<script>document.title='pwned'\\</script>
"""


ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "main",
    "nav",
    "span",
    "section",
    "div",
    "h1",
    "article",
    "b",
    "i",
    "s",
    "code",
    "pre",
    "br",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "details",
    "summary",
    "hr",
}
URL_ATTRS = {"href", "src", "action", "formaction", "srcset", "data"}


class Elements(HTMLParser):
    """Every element of a page with its attributes, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def write_hostile(folder: Path) -> Path:
    path = folder / "2026-01-10-hostile.md"
    path.write_text(HOSTILE_POST, encoding="utf-8")
    return path


def page_body(html: str) -> str:
    return html.split("<main>", 1)[1]


def test_preview_html_writes_the_page_of_one_post(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    post = EXAMPLES / "2026-10-03-container-night-12.md"
    result = run_cli("preview", str(post), "--html", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    html = out.read_text(encoding="utf-8")
    assert html.count('class="msg reply"') == 3
    text = unescape(re.sub(r"<[^>]+>", "", page_body(html)))
    assert "eBPF でコンテナのレイテンシを覗く" in text
    assert "サイドカー方式の監視はオーバーヘッドが大きい" in text
    assert "スライド" in text  # the Slides button, in the post's language
    assert 'href="https://speakerdeck.com/example/ebpf-latency"' in html


def test_preview_html_shows_the_same_payloads_as_json(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    post = EXAMPLES / "2026-11-14-python-tooling-meetup.md"
    as_json = run_cli("preview", str(post))
    as_html = run_cli("preview", str(post), "--html", str(out))
    assert as_json.returncode == 0 and as_html.returncode == 0
    payloads = json.loads(as_json.stdout)
    shown = re.findall(
        r'<details class="json"><summary>[^<]*</summary><pre>(.*?)</pre>',
        out.read_text(encoding="utf-8"),
        re.DOTALL,
    )
    assert [json.loads(unescape(p)) for p in shown] == payloads


def test_preview_html_unwritable_is_one_clear_line(tmp_path: Path) -> None:
    post = EXAMPLES / "2026-10-03-container-night-12.md"
    result = run_cli("preview", str(post), "--html", str(tmp_path / "no" / "such" / "x.html"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "cannot write the preview page" in result.stderr


def test_hostile_post_renders_as_text_and_runs_nothing(tmp_path: Path) -> None:
    path = write_hostile(tmp_path)
    post = read_post(path)
    html = post_html(post, messages_for(post, path))
    body = page_body(html)
    elements = Elements()
    elements.feed(html)
    assert {tag for tag, _ in elements.found} <= ALLOWED_TAGS
    attributes = {name for _, attrs in elements.found for name, _ in attrs}
    assert not {name for name in attributes if name.startswith("on")}
    urls = [v or "" for _, attrs in elements.found for name, v in attrs if name in URL_ATTRS]
    assert urls and all(url.startswith(("https://", "http://")) for url in urls)
    text = unescape(re.sub(r"<[^>]+>", "", body))
    assert "<script>document.title='pwned'</script>" in text
    assert "<img src=x onerror=document.title='img'>" in text
    assert "<!channel> ping" in text
    assert '<span class="mention">' not in body  # the formatters escaped every mention


@pytest.mark.skipif(not REFERENCE.is_file(), reason=f"reference corpus absent: {REFERENCE}")
def test_reference_post_page_has_its_15_talks() -> None:
    post = read_post(REFERENCE)
    html = post_html(post, messages_for(post, REFERENCE))
    replies = re.findall(
        r'<article class="msg reply" id="talk-(\d+)">(.*?)</article>', html, re.DOTALL
    )
    assert [int(n) for n, _ in replies] == list(range(1, 16))
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))
    for (_, reply), talk in zip(replies, truth["talks"], strict=True):
        header = re.search(r'<div class="blk header">(.*?)</div>', reply, re.DOTALL)
        assert header is not None
        assert (talk["title"] or "") in unescape(header.group(1))
        if talk["slides_url"]:
            assert "btn" in reply  # the Slides button
    assert html.count('class="rt-list bullet indent-1"') > 0  # nested notes keep their indent


def test_the_page_follows_the_file_on_reload(tmp_path: Path) -> None:
    folder = PostFolder(Catalog(tmp_path))
    path = write_hostile(tmp_path)
    first = folder.find("2026-01-10-hostile")
    assert first is not None and first.post is not None and len(first.post.talks) == 2
    path.write_text(HOSTILE_POST + "\n## @carol さん Third talk\n\n* more\n", encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    again = folder.find("2026-01-10-hostile")
    assert again is not None and again.post is not None and len(again.post.talks) == 3


def test_folder_lists_newest_first_and_finds_by_slug() -> None:
    folder = PostFolder(Catalog(EXAMPLES))
    ids = [p.post_id for p in folder.posts()]
    assert ids == sorted(ids, reverse=True) and len(ids) == 3
    found = folder.find("container-night-12")
    assert found is not None and found.post_id == "2026-10-03-container-night-12"
    assert folder.find("../README") is None and folder.find("nope") is None


@pytest.mark.parametrize(
    ("draft", "day", "state"),
    [
        (True, date(2020, 1, 1), "draft"),
        (False, date(2030, 5, 1), "scheduled"),
        (False, date(2020, 1, 1), "pending"),
    ],
)
def test_local_status(draft: bool, day: date, state: str) -> None:
    post = Post(title="t", date=day, draft=draft)
    now = datetime(2026, 1, 1, tzinfo=UTC).timestamp()
    status = local_status(post, Path("x.md"), now=now)
    assert status.state == state
    if state == "scheduled":
        assert "Scheduled for 2030-05-01" in status.label
