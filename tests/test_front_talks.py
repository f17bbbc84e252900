"""Front matter `talks:`: the author lists the talks, and that list replaces detection.

Posts are our own writing; the CLI runs as a user runs it (a subprocess on real files).
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
import yaml

from bot.errors import PostError
from bot.model import LinkKind, Talk, TalkLink
from bot.parser import parse_post
from bot.parser.front_talks import dump_talks, front_talks, talk_entry
from tests.cli_runner import run_cli

REPO = Path(__file__).resolve().parents[1]

YAML_POST = """---
title: "Lantern Meetup #3"
date: 2026-06-12 19:00:00 +0900
talks:
  - speaker: "@lamp_lighter"
    title: 灯台のログ設計
    slides: https://speakerdeck.com/example/lighthouse-logs
    video: https://www.youtube.com/watch?v=abc123
  - speaker: [Mio, Ren]
    title: 二人でペアプロ
    talk_page: /2026/06/12/pair/
  - title: 飛び入り LT
---

灯台好きの集まりに行ってきました。

## 詳細

会場は港の倉庫。

## 灯台のログ設計（@lamp_lighter さん）

* ログは構造化して残す
  * JSON 一行一件
* 感想
  * すぐ真似できそう

## 二人でペアプロ

* 交代は 15 分ごと

## 懇親会

ピザが美味しかった。
"""

TOML_POST = """+++
title = "Harbor Talks 7"
date = 2026-07-03T19:00:00+02:00

[[talks]]
speaker = "Jane Doe"
title = "Tracing the tide"
slides = "https://slides.example.org/tide.pdf"

[[talks]]
speaker = ["Ola", "Per"]
title = "Two keels"
+++

A small evening by the water.

## Tracing the tide, by Jane Doe

- spans everywhere
- Thoughts
  - clear and calm
"""


def write(tmp_path: Path, text: str, name: str = "2026-06-12-lantern.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_talks_replace_detection(tmp_path: Path) -> None:
    result = run_cli("parse", str(write(tmp_path, YAML_POST)))
    assert result.returncode == 0, result.stderr
    post = json.loads(result.stdout)
    assert post["talks_from"] == "front_matter"
    assert post["talks_posted"] is True and post["confidence"] == 1.0
    assert [(t["speaker"], t["title"]) for t in post["talks"]] == [
        ("@lamp_lighter", "灯台のログ設計"),
        ("Mio, Ren", "二人でペアプロ"),
        (None, "飛び入り LT"),
    ]  # 詳細 and 懇親会 are not talks: the author said so
    first = post["talks"][0]
    assert first["confidence"] == 1.0
    assert first["slides_url"] == "https://speakerdeck.com/example/lighthouse-logs"
    assert [(link["kind"], link["url"]) for link in first["links"]] == [
        ("slides", "https://speakerdeck.com/example/lighthouse-logs"),
        ("video", "https://www.youtube.com/watch?v=abc123"),
    ]
    assert post["talks"][1]["links"] == [
        {"kind": "talk_page", "url": "/2026/06/12/pair/", "label": ""}
    ]
    assert post["talks"][1]["slides_url"] is None


def test_notes_and_impressions_come_from_the_heading_holding_the_title() -> None:
    post = parse_post(YAML_POST)
    first, second, third = post.talks
    assert [note.text for note in first.notes] == ["ログは構造化して残す"]
    assert [note.text for note in first.notes[0].children] == ["JSON 一行一件"]
    assert first.impressions == ("すぐ真似できそう",)
    assert first.heading == "灯台のログ設計（@lamp_lighter さん）"
    assert [note.text for note in second.notes] == ["交代は 15 分ごと"]
    assert third.notes == () and third.heading == ""  # no heading names it: no notes
    assert len({talk.anchor for talk in post.talks}) == 3


def test_toml_talks_replace_detection() -> None:
    post = parse_post(TOML_POST, source="2026-07-03-harbor.md")
    assert post.talks_from == "front_matter" and post.talks_posted
    assert [(t.speaker, t.title) for t in post.talks] == [
        ("Jane Doe", "Tracing the tide"),
        ("Ola, Per", "Two keels"),
    ]
    assert post.talks[0].links == (
        TalkLink(LinkKind.SLIDES, "https://slides.example.org/tide.pdf"),
    )
    assert [note.text for note in post.talks[0].notes] == ["spans everywhere"]
    assert post.talks[0].impressions == ("clear and calm",)


def test_a_post_without_talks_key_is_detected_as_before() -> None:
    post = parse_post(YAML_POST.replace("talks:", "not_talks:"))
    assert post.talks_from == "detected"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        (
            "talks:\n  - title: A\n  - speaker: B\n    title: [x, y]\n",
            "front matter talks[2].title: expected text, got a list",
        ),
        ("talks: just one talk\n", "front matter talks: expected a list of talks, got text"),
        ("talks:\n  - Alice on testing\n", "front matter talks[1]: expected a mapping"),
        ("talks:\n  - slides: https://x.example/s\n", "talks[1]: needs a speaker or a title"),
        ("talks:\n  - title: A\n    slide: https://x.example/s\n", "talks[1].slide: unknown key"),
        (
            "talks:\n  - title: A\n    slides: javascript:alert(1)\n",
            'talks[1].slides: expected an http(s) or site-relative (/...) URL, got "javascript',
        ),
        (
            "talks:\n  - title: A\n    speaker: [Ann, {name: Bo}]\n",
            "talks[1].speaker[2]: expected text, got a mapping",
        ),
    ],
)
def test_a_bad_entry_is_one_line_naming_the_key_and_exit_1(
    tmp_path: Path, front: str, expected: str
) -> None:
    path = write(tmp_path, f"---\ntitle: Bad\n{front}---\n\n## A\n")
    result = run_cli("parse", str(path))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert str(path) in result.stderr and expected in result.stderr


def test_a_bad_toml_entry_names_the_key(tmp_path: Path) -> None:
    text = '+++\ntitle = "Bad"\n\n[[talks]]\ntitle = "A"\nvideo = 42\n+++\n\nBody.\n'
    result = run_cli("parse", str(write(tmp_path, text)))
    assert result.returncode == 1
    assert "talks[1].video: expected an http(s) or site-relative (/...) URL, got a number" in (
        result.stderr
    )


def test_the_suggested_entries_read_back_as_the_same_talks() -> None:
    talks = [
        Talk("@a「b」", 'Quotes " and \\ and: colons', "https://s.example/1"),
        Talk(
            None,
            "Only title",
            None,
            links=(
                TalkLink(LinkKind.VIDEO, "https://v.example/2"),
                TalkLink(LinkKind.TALK_PAGE, "/talks/2"),
            ),
        ),
    ]
    entries = [talk_entry(talk) for talk in talks]
    from_yaml = front_talks(yaml.safe_load(dump_talks(entries, "YAML")))
    from_toml = front_talks(tomllib.loads(dump_talks(entries, "TOML")))
    assert from_yaml == from_toml
    assert from_yaml is not None
    assert [(t.speaker, t.title, t.slides, t.video, t.talk_page) for t in from_yaml] == [
        ("@a「b」", 'Quotes " and \\ and: colons', "https://s.example/1", None, None),
        (None, "Only title", None, "https://v.example/2", "/talks/2"),
    ]


def test_errors_are_post_errors_for_the_library_too() -> None:
    with pytest.raises(PostError, match=r"<text>: front matter talks\[1\]: needs"):
        parse_post("---\ntalks:\n  - {}\n---\n")
