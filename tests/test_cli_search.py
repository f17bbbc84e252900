"""`meetup-bot talks` and `meetup-bot search` end to end, with the real parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main

pytest.importorskip("bot.parser", reason="bot.parser is not written yet")

POST_A = """---
title: "Container Night Kyoto #2 に行ってきた"
date: 2016-03-05 19:00:00 +0900
---

Container Night の参加メモ。

## @hanako さん cgroup と namespace を手で触る

* プロセスの隔離の仕組み
* memory cgroup で上限を設定

## @taro さん Kubernetes 運用の一年

* 死活監視は Prometheus に寄せた
* etcd のバックアップが大事
"""

POST_B = """---
title: "Go Meetup Osaka #4"
date: 2014-06-01
---

Notes from the meetup.

## @emi Goroutines 101

* channels and select
"""


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "2016-03-05-container-night-kyoto-2.md").write_text(POST_A, encoding="utf-8")
    (posts / "2014-06-01-go-meetup-osaka-4.md").write_text(POST_B, encoding="utf-8")
    monkeypatch.setenv("MEETUP_POSTS", str(posts))
    monkeypatch.setenv("MEETUP_DATABASE_URL", f"sqlite:///{tmp_path / 'meetup.db'}")
    return posts


def test_search_json(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "監視", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["total"] == 1 and doc["query"] == "監視" and doc["total_exact"] is True
    assert doc["summary"] == "1 talk matching “監視”"
    hit = doc["hits"][0]
    assert hit["speaker"] == "@taro"
    assert hit["meetup"]["title"] == "Container Night Kyoto #2 に行ってきた"
    assert hit["meetup"]["date"].startswith("2016-03-05")
    assert hit["field"] == "notes" and "監視" in hit["snippet"] and hit["matched"] == ["監視"]
    assert "slides_url" in hit


def test_search_text_with_several_words(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "kubernetes", "etcd"]) == 0
    out = capsys.readouterr().out
    assert "1 talk matching “kubernetes etcd”" in out
    assert "@taro" in out and "Container Night Kyoto #2" in out


def test_search_no_hits(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "zzzz"]) == 0
    assert "No talks match" in capsys.readouterr().out


@pytest.mark.parametrize("query", ['"', "x" * 10_000])
def test_bad_query_is_one_line_exit_1(
    env: Path, capsys: pytest.CaptureFixture[str], query: str
) -> None:
    assert main(["search", query]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("meetup-bot: ") and captured.err.count("\n") == 1


def test_talks_latest_and_selected(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["talks", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["meetup"]["title"] == "Container Night Kyoto #2 に行ってきた"
    assert [t["speaker"] for t in doc["talks"]] == ["@hanako", "@taro"]
    assert main(["talks", "go", "meetup", "osaka", "#4"]) == 0
    out = capsys.readouterr().out
    assert "Go Meetup Osaka #4" in out and "Goroutines 101" in out and "@emi" in out
    assert main(["talks", "2014-06"]) == 0
    assert "Goroutines 101" in capsys.readouterr().out


def test_talks_unknown_meetup(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["talks", "nothing like this"]) == 1
    assert "No meetup matches" in capsys.readouterr().err


def test_broken_post_is_a_warning(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (env / "broken.md").write_bytes(b"\x00\x01\x02 binary")
    assert main(["search", "goroutines", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["total"] == 1
    assert "warning" in captured.err and "broken.md" in captured.err


POST_LINKS = """---
title: "Tracing Night #3"
date: 2024-05-10
---

Notes.

## @kei さん 分散トレーシング入門

* 動画: [録画はこちら](https://www.youtube.com/watch?v=trace3)
* スライド: [分散トレーシング入門](https://speakerdeck.com/kei/tracing)
* [発表ページ](https://fortee.jp/tracing-night-3/proposal/77)
* サンプリングが肝
"""


def test_search_shows_the_links_by_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "2024-05-10-tracing-night-3.md").write_text(POST_LINKS, encoding="utf-8")
    monkeypatch.setenv("MEETUP_POSTS", str(posts))
    monkeypatch.setenv("MEETUP_DATABASE_URL", f"sqlite:///{tmp_path / 'meetup.db'}")
    assert main(["search", "サンプリング", "--json"]) == 0
    hit = json.loads(capsys.readouterr().out)["hits"][0]
    assert hit["slides_url"] == "https://speakerdeck.com/kei/tracing"
    assert [(link["kind"], link["url"]) for link in hit["links"]] == [
        ("video", "https://www.youtube.com/watch?v=trace3"),
        ("slides", "https://speakerdeck.com/kei/tracing"),
        ("talk_page", "https://fortee.jp/tracing-night-3/proposal/77"),
    ]
    assert main(["search", "サンプリング"]) == 0
    out = capsys.readouterr().out
    lines = [line.strip() for line in out.splitlines() if ": http" in line]
    assert lines == [
        "Slides: https://speakerdeck.com/kei/tracing",
        "Video: https://www.youtube.com/watch?v=trace3",
        "Talk page: https://fortee.jp/tracing-night-3/proposal/77",
    ]
