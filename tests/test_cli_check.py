"""`meetup-bot check FILE`: what will be posted for a post, why, and how to fix an unsure one.

Exit 0 and 1 are checked as a user runs the command (a subprocess on real files). An unsure
verdict needs the detector to doubt a post, so those tests build the parsed `Post` directly (as
the detector would return it) and call `check_post`, the function `check` runs after parsing;
the fix it suggests is then pasted into a real file and checked by the real command.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli_check import check_post
from bot.model import LeftOut, LinkKind, Post, Talk, TalkLink
from tests.cli_runner import run_cli

REPO = Path(__file__).resolve().parents[1]
JA_EXAMPLE = REPO / "examples" / "posts" / "2026-10-03-container-night-12.md"

LISTED_POST = """---
title: "Lantern Meetup #3"
date: 2026-06-12
talks:
  - speaker: "@lamp_lighter"
    title: Logs for lighthouses
    slides: https://speakerdeck.com/example/lighthouse-logs
    video: https://www.youtube.com/watch?v=abc123
  - speaker: [Mio, Ren]
    title: Pairing in pairs
    talk_page: https://conf.example/talk/pairs
---

An evening of lighthouse people.
"""

BODY = """
A foggy evening of ops talks.

## 詳細

Second floor.

## 霧の中のデプロイ

* canary
"""


def unsure_post(source: str, language: str = "en") -> Post:
    """A post as the detector returns it when it doubts the talk list."""
    return Post(
        title="Fog Ops Night #2",
        date=None,
        language=language,
        source=source,
        confidence=0.41,
        talks_posted=False,
        talks=(
            Talk(
                "@kiri",
                "霧の中のデプロイ",
                "https://slides.example/fog",
                confidence=0.81,
                links=(
                    TalkLink(LinkKind.SLIDES, "https://slides.example/fog", "Slides"),
                    TalkLink(LinkKind.VIDEO, "https://video.example/fog", "Video"),
                ),
            ),
            Talk(None, "Second floor", None, confidence=0.3),
        ),
        left_out=(LeftOut("詳細", "section_word"), LeftOut("After Party", "break")),
    )


def check(post: Post, **kwargs: object) -> tuple[int, str]:
    out = io.StringIO()
    code = check_post(post, out, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue()


def test_talks_listed_in_front_matter_exit_0_talk_by_talk(tmp_path: Path) -> None:
    path = tmp_path / "2026-06-12-lantern.md"
    path.write_text(LISTED_POST, encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Lantern Meetup #3  {path}",
        "2 talks listed in the front matter (talks:)",
        "  1. Logs for lighthouses — @lamp_lighter  (confidence 1.00)",
        "       slides: https://speakerdeck.com/example/lighthouse-logs",
        "       video: https://www.youtube.com/watch?v=abc123",
        "  2. Pairing in pairs — Mio, Ren  (confidence 1.00)",
        "       talk_page: https://conf.example/talk/pairs",
        "Listed in the front matter: the announcement and 2 talks will be posted.",
    ]
    assert "\x1b[" not in result.stdout  # piped: no terminal styling


def test_a_confident_post_exit_0_in_its_own_language() -> None:
    result = run_cli("check", str(JA_EXAMPLE))
    assert result.returncode == 0, result.stderr
    assert "トーク3件を検出" in result.stdout
    assert "確信あり: 告知とトーク3件を投稿します。" in result.stdout
    assert "slides: https://speakerdeck.com/example/ebpf-latency" in result.stdout
    english = run_cli("check", "--language", "en", str(JA_EXAMPLE))
    assert "Confident: the announcement and 3 talks will be posted." in english.stdout


def test_a_closing_section_beside_labelled_talks_is_left_out_and_says_why() -> None:
    fixture = REPO / "tests" / "fixtures" / "talks" / "en-closing-section-beside-labelled-talks.md"
    result = run_cli("check", str(fixture))
    assert result.returncode == 0, result.stderr
    assert "Found 3 talks" in result.stdout
    assert (
        "  \u201cMy take\u201d: a section beside talks that all name their speaker; it names none"
        " and links no talk" in result.stdout
    )


def test_json_verdict(tmp_path: Path) -> None:
    path = tmp_path / "2026-06-12-lantern.md"
    path.write_text(LISTED_POST, encoding="utf-8")
    result = run_cli("check", "--json", str(path))
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["verdict"] == "front_matter" and verdict["talks_posted"] is True
    assert verdict["talks_from"] == "front_matter" and verdict["fix"] is None
    assert verdict["talks"][1] == {
        "speaker": "Mio, Ren",
        "title": "Pairing in pairs",
        "confidence": 1.0,
        "links": [{"kind": "talk_page", "url": "https://conf.example/talk/pairs", "label": ""}],
    }


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("missing.md", None, "no such file"),
        ("broken.md", "---\ntitle: [unclosed\n---\n\nBody\n", "front matter is not valid YAML"),
        ("bad-talk.md", "---\ntalks:\n  - title: [a, b]\n---\n", "talks[1].title: expected text"),
    ],
)
def test_an_unreadable_file_exit_1_with_one_line(
    tmp_path: Path, name: str, content: str | None, expected: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert result.stdout == "" and result.stderr.count("\n") == 1
    assert expected in result.stderr and "Traceback" not in result.stderr


def test_unsure_exit_2_says_what_was_left_out_and_how_to_fix_it() -> None:
    code, text = check(unsure_post("posts/2026-09-18-fog.md"))
    assert code == 2
    lines = text.splitlines()
    assert lines[:6] == [
        "Fog Ops Night #2  posts/2026-09-18-fog.md",
        "Found 2 talks (confidence 0.41)",
        "  1. 霧の中のデプロイ — @kiri  (confidence 0.81)",
        "       slides: https://slides.example/fog",
        "       video: https://video.example/fog",
        "  2. Second floor — (speaker not named)  (confidence 0.30)",
    ]
    assert lines[6:10] == [
        "Left out",
        "  「詳細」: a section word, not a talk",
        "  “After Party”: a break, opening or party slot, not a talk",
        "Unsure: only the announcement will be posted, without the talks.",
    ]
    assert "list them in the post's front matter" in lines[10]
    assert lines[11:] == [
        "talks:",
        "  - speaker: '@kiri'",
        "    title: 霧の中のデプロイ",
        "    slides: https://slides.example/fog",
        "    video: https://video.example/fog",
        "  - title: Second floor",
    ]


def test_unsure_in_japanese() -> None:
    code, text = check(unsure_post("fog.md", language="ja"))
    assert code == 2
    assert "「詳細」: セクション名で、発表ではありません" in text
    assert "確信なし: 告知だけを投稿し、発表は投稿しません。" in text
    assert "フロントマターに talks: で発表を書いてください" in text


def test_the_suggested_yaml_fix_makes_check_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "2026-09-18-fog.md"
    code, out = check(unsure_post(str(path)), as_json=True)
    fix = json.loads(out)["fix"]
    assert code == 2 and fix["front_matter"].startswith("talks:\n")
    path.write_text(f"---\ntitle: Fog Ops Night 2\n{fix['front_matter']}---\n{BODY}", "utf-8")
    result = run_cli("check", "--language", "en", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "  1. 霧の中のデプロイ — @kiri  (confidence 1.00)" in result.stdout
    assert "       video: https://video.example/fog" in result.stdout
    posted = json.loads(run_cli("parse", str(path)).stdout)
    assert [note["text"] for note in posted["talks"][0]["notes"]] == ["canary"]


def test_the_suggested_toml_fix_goes_last_and_makes_check_exit_0(tmp_path: Path) -> None:
    path = tmp_path / "2026-09-18-fog.md"
    code, text = check(unsure_post(str(path)), kind="TOML")
    assert code == 2
    assert "the [[talks]] tables go last" in text
    example = text[text.index("\n[[talks]]") + 1 :]
    assert 'speaker = "@kiri"' in example
    path.write_text(f'+++\ntitle = "Fog Ops Night #2"\n\n{example}+++\n{BODY}', "utf-8")
    result = run_cli("check", "--language", "en", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 talks listed in the front matter (talks:)" in result.stdout


def test_an_unsure_post_with_no_talks_found_gets_an_example_to_fill_in() -> None:
    post = unsure_post("fog.md", language="ja")
    code, text = check(Post(**{**post.__dict__, "talks": ()}))
    assert code == 2
    assert "  - speaker: 登壇者名\n    title: 発表タイトル" in text


def test_terminal_escapes_in_a_post_are_not_passed_to_the_terminal() -> None:
    post = unsure_post("fog.md")
    hostile = Talk("\x1b]0;pwned\x07@eve", "\x1b[31mred [bold]title[/bold]", None)
    units = (LeftOut("\x1b[2Jcleared", "prose"),)
    code, text = check(Post(**{**post.__dict__, "talks": (hostile,), "left_out": units}))
    assert code == 2
    assert "\x1b" not in text and "\x07" not in text
    assert "  1. [31mred [bold]title[/bold] — ]0;pwned@eve" in text
    assert "“?[2Jcleared”: prose, not a talk" in text
