"""One catalog of words (`words/`), in English and Japanese, and MEETUP_LANGUAGE reaching every
place a person reads them: the `/meetup` answers of a real `serve`, the CLI's errors and the
preview page. Issue 10: a Japanese search answer said "Slides" under a talk whose own message
said "スライド"."""

from __future__ import annotations

import ast
import re
import string
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

import words
from bot.preview.wiring import make_preview_pages
from bot.settings import Settings, load_settings
from bot.web.app import WebApp
from tests.browser import serving
from tests.cli_runner import run_cli
from tests.fixtures_slack import BOT_TOKEN, SIGNING_SECRET, SlackClient, buttons, write_posts
from tests.serve_process import Serve, clean_env
from tests.slack_api_server import SlackApiServer
from words.catalog import CATALOG

ROOT = Path(__file__).resolve().parents[1]
SAME_IN_BOTH: set[str] = set()
"""Keys whose Japanese is rightly the English word."""


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


@pytest.mark.parametrize("key", sorted(CATALOG))
def test_every_message_has_both_languages_with_the_same_placeholders(key: str) -> None:
    entry = CATALOG[key]
    assert entry.en.strip() and entry.ja.strip()
    assert _fields(entry.en) == _fields(entry.ja)
    if key not in SAME_IN_BOTH:
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", entry.ja), f"{key}: not Japanese"


def test_said_renders_later_in_either_language_with_nested_messages() -> None:
    reason = words.Said("talks_key.expected_text").format(got="a list")
    message = words.said("post.bad_talks", path="p.md", key="talks[1].title", reason=reason)
    assert message == "p.md: front matter talks[1].title: expected text, got a list"
    assert message.text("ja") == (
        "p.md: フロントマターの talks[1].title: テキストが必要ですが、a list が書かれています"
    )
    assert words.language("ja-JP") == "ja" and words.language(None) == "en"


def _string_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_there_is_one_catalog() -> None:
    assert not (ROOT / "formatters" / "labels.py").exists()
    # bot/errors.py keeps the error classes and catalog keys (for bot/parser), no words
    keys = [text for text in _string_literals(ROOT / "bot" / "errors.py") if text]
    assert all(key in CATALOG for key in keys), keys
    for path in [*(ROOT / "formatters").glob("*.py"), *(ROOT / "words").glob("*.py")]:
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from bot.errors|from bot import errors)", source, re.M), path
    for path in (ROOT / "words").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import) (bot|formatters)\b", source, re.M), path


@pytest.fixture
def japanese_bot(tmp_path: Path, slack_api: SlackApiServer) -> Any:
    env = clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=slack_api.api_url,
        MEETUP_POSTS=str(write_posts(tmp_path / "posts")),
        MEETUP_DATABASE_URL=f"sqlite:///{tmp_path / 'meetup.db'}",
        MEETUP_LANGUAGE="ja",
    )
    with Serve(env) as serve:
        yield SlackClient(serve.url, slack_api)


def test_a_japanese_bot_answers_search_in_japanese(japanese_bot: SlackClient) -> None:
    answer = japanese_bot.slash("search coreos")
    assert answer.status == 200
    message = answer.json()
    labels = [b["text"]["text"] for b in buttons(message)]
    assert "スライド" in labels and "チャンネルに共有" in labels
    assert "Slides" not in labels and "Share in channel" not in labels
    summary = message["blocks"][0]["elements"][0]["text"]
    assert summary.startswith("「coreos」に合うトーク")
    nothing = japanese_bot.slash("search zzzqqq").json()
    assert nothing["text"].startswith("「zzzqqq」に合うトークはありません。")
    assert "/meetup の使い方" in japanese_bot.slash("help").json()["blocks"][0]["text"]["text"]


def test_the_cli_says_its_errors_in_the_configured_language(tmp_path: Path) -> None:
    missing = str(tmp_path / "missing.md")
    ja = run_cli("parse", missing, env=clean_env(MEETUP_LANGUAGE="ja"))
    assert ja.returncode == 1
    assert ja.stderr.strip() == f"meetup-bot: {missing}: ファイルがありません"
    en = run_cli("parse", missing, env=clean_env())
    assert en.stderr.strip() == f"meetup-bot: {missing}: no such file"
    env = clean_env(
        MEETUP_LANGUAGE="ja",
        MEETUP_POSTS=str(write_posts(tmp_path / "posts")),
        MEETUP_DATABASE_URL=f"sqlite:///{tmp_path / 'meetup.db'}",
    )
    unknown = run_cli("talks", "no such meetup anywhere", env=env)
    assert unknown.returncode == 1
    assert "「no such meetup anywhere」に合うミートアップはありません。" in unknown.stderr


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _preview_settings(tmp_path: Path, **more: str) -> Settings:
    return load_settings(
        {
            "MEETUP_POSTS": str(write_posts(tmp_path / "posts")),
            "MEETUP_DATABASE_URL": f"sqlite:///{tmp_path / 'meetup.db'}",
            **more,
        }
    )


def test_the_preview_page_speaks_the_configured_language(tmp_path: Path) -> None:
    settings = _preview_settings(tmp_path, MEETUP_LANGUAGE="ja")
    with serving(WebApp(make_preview_pages(settings).routes())) as base:
        status, index = _get(base + "/")
        assert status == 200
        assert '<html lang="ja">' in index and "新しい順" in index and "トーク3件" in index
        assert "newest first" not in index and "Search talks" not in index
        posts = settings.MEETUP_POSTS
        post_id = next(p.relative_to(posts).with_suffix("").as_posix() for p in posts.rglob("*.md"))
        status, page = _get(f"{base}/posts/{urllib.parse.quote(post_id)}")
        assert status == 200 and "通知" in page and "Notification" not in page
        _, found = _get(base + "/?q=coreos")
        assert "「coreos」のトーク1件" in found
        status, missing = _get(base + "/posts/nothing-here")
        assert status == 404 and "記事のフォルダに「nothing-here」はありません。" in missing
    english = make_preview_pages(_preview_settings(tmp_path / "en"))
    with serving(WebApp(english.routes())) as base:
        _, index = _get(base + "/")
        assert '<html lang="en">' in index and "newest first" in index
