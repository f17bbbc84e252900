"""`meetup-bot parse` / `preview` as a user runs them: a real subprocess, real files."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from formatters import check_message
from tests.cli_runner import run_cli

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "posts"
JA_POST = EXAMPLES / "2026-10-03-container-night-12.md"
EN_POST = EXAMPLES / "2026-11-14-python-tooling-meetup.md"
DRAFT_POST = EXAMPLES / "2026-12-05-rust-tokyo-draft.md"


def test_parse_prints_the_post_as_json() -> None:
    result = run_cli("parse", str(JA_POST))
    assert result.returncode == 0, result.stderr
    post = json.loads(result.stdout)
    assert post["title"] == "Container Night #12 に行ってきた"
    assert post["date"] == "2026-10-03T21:15:00+09:00"
    assert post["draft"] is False
    assert post["impressions"] == [
        "eBPF の話題が多く、監視の主役がエージェントからカーネルに移りつつあると感じた。",
        "どの発表も「まず計測する」で一貫していて良かった。",
        "来月もまた参加したい。",
    ]
    assert [(t["speaker"], t["title"]) for t in post["talks"]] == [
        ("@kumo_ops", "eBPF でコンテナのレイテンシを覗く"),
        ("@haruka_dev", "cgroup v2 移行で踏んだ地雷"),
        ("Sakura", None),
    ]
    assert post["talks"][0]["slides_url"] == "https://speakerdeck.com/example/ebpf-latency"
    assert post["talks"][0]["impressions"] == ["本番でも試せそうな手軽さ。権限周りは要確認。"]
    assert post["talks"][1]["slides_url"] is None


def test_parse_english_toml_post() -> None:
    result = run_cli("parse", str(EN_POST))
    assert result.returncode == 0, result.stderr
    post = json.loads(result.stdout)
    assert post["date"] == "2026-11-14T19:00:00+01:00"
    assert [(t["speaker"], t["title"]) for t in post["talks"]] == [
        ("@lin_builds", "Fast lockfiles without the drama"),
        ("Marta Okafor", "Typed settings for twelve-factor apps"),
        ("Devon", "Ruff rules we turned off (and why)"),
        ("@sam_perf", "Profiling a CLI in five minutes"),
    ]
    assert post["talks"][0]["slides_url"] == "https://slides.example.org/fast-lockfiles"
    assert post["impressions"] == [
        "Start-up time is a feature.",
        "Everybody wants one command to set up a project.",
    ]


def test_parse_draft_is_marked_draft() -> None:
    result = run_cli("parse", str(DRAFT_POST))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["draft"] is True


def test_preview_prints_valid_messages_announcement_first() -> None:
    result = run_cli("preview", str(JA_POST))
    assert result.returncode == 0, result.stderr
    messages = json.loads(result.stdout)
    assert len(messages) == 1 + 3
    for message in messages:
        assert message["text"]
        assert check_message(message) == []
    announcement = json.dumps(messages[0], ensure_ascii=False)
    assert "Container Night #12" in announcement
    assert "eBPF でコンテナのレイテンシを覗く" in announcement
    assert "https://speakerdeck.com/example/ebpf-latency" in json.dumps(messages[1])


def _builder_labels(*args: str) -> list[str]:
    result = run_cli("preview", "--builder-url", *args)
    assert result.returncode == 0, result.stderr
    return [
        line.split(": https://app.slack.com/block-kit-builder/")[0]
        for line in result.stdout.splitlines()
    ]


def test_preview_builder_url_prints_one_labelled_link_per_message() -> None:
    assert _builder_labels("--language", "en", str(JA_POST)) == [
        "Announcement",
        "Talk 1 of 3 · eBPF でコンテナのレイテンシを覗く — @kumo_ops",
        "Talk 2 of 3 · cgroup v2 移行で踏んだ地雷 — @haruka_dev",
        "Talk 3 of 3 · (untitled) — Sakura",
    ]


def test_preview_builder_url_labels_speak_the_messages_language() -> None:
    """A Japanese post's messages are in Japanese (no --language): so are their labels."""
    assert _builder_labels(str(JA_POST)) == [
        "告知",
        "トーク 1/3 · eBPF でコンテナのレイテンシを覗く — @kumo_ops",
        "トーク 2/3 · cgroup v2 移行で踏んだ地雷 — @haruka_dev",
        "トーク 3/3 · （無題） — Sakura",
    ]


def test_preview_builder_url_names_the_last_message_past_the_cap() -> None:
    env = {**os.environ, "MEETUP_MAX_TALK_MESSAGES": "3"}
    result = run_cli("preview", "--builder-url", str(EN_POST), env=env)
    assert result.returncode == 0, result.stderr
    labels = [line.split(": https://")[0] for line in result.stdout.splitlines()]
    assert labels[0] == "Announcement" and labels[-1] == "Last message (2 more talks)"
    assert len(labels) == 1 + 2 + 1


def test_preview_html_says_what_it_wrote_where(tmp_path: Path) -> None:
    out = tmp_path / "page.html"
    result = run_cli("preview", "--html", str(out), str(EN_POST))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == f"wrote {out}: the preview page of 5 messages (open it in a browser)\n"
    assert "Fast lockfiles without the drama" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["parse", "preview", "check"])
@pytest.mark.parametrize(
    ("fence", "text"), [("---", "title: Hi\n\n# Hi\n"), ("+++", "title = 'Hi'\n")]
)
def test_front_matter_never_closed_is_one_line_exit_1(
    tmp_path: Path, command: str, fence: str, text: str
) -> None:
    post = _write(tmp_path / "open.md", f"{fence}\n{text}\nSome notes.\n".encode())
    result = run_cli(command, str(post))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        f"meetup-bot: {post}: the front matter opened by {fence} on line 1 is never closed: add a"
        f" {fence} line after its last key (or remove the first line if the post has no front"
        " matter)\n"
    )


@pytest.mark.parametrize(
    ("front", "where"),
    [
        (
            "title: Hi\ntags: [a, b\ndate: 2024-01-01\n",
            "at line 4, column 5: while parsing a flow sequence (line 3, column 7): ",
        ),
        ("title: Hi\nx: b: c\n", "at line 3, column 5: mapping values are not allowed"),
    ],
    ids=["unclosed-bracket", "two-colons"],
)
def test_yaml_error_names_the_files_line_and_column(tmp_path: Path, front: str, where: str) -> None:
    post = _write(tmp_path / "bad.md", f"---\n{front}---\n# x\n".encode())
    result = run_cli("parse", str(post))
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith(f"meetup-bot: {post}: front matter is not valid YAML {where}")
    assert result.stderr.count("\n") == 1 and "<unicode string>" not in result.stderr


def test_toml_error_names_the_files_line(tmp_path: Path) -> None:
    post = _write(tmp_path / "bad.md", b"+++\ntitle = 'x'\ndate = \n+++\n# x\n")
    result = run_cli("parse", str(post))
    assert result.returncode == 1
    assert "front matter is not valid TOML: Invalid value (at line 3, column 8)" in result.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make_input", "expected"),
    [
        (lambda tmp: tmp / "missing.md", "no such file"),
        (lambda tmp: tmp, "is a directory"),
        (lambda tmp: _write(tmp / "latin1.md", "# Café\n".encode("latin-1")), "not UTF-8"),
        (lambda tmp: _write(tmp / "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary"),
        (lambda tmp: _write(tmp / "empty.md", b""), "empty"),
        (lambda tmp: _write(tmp / "bad.md", b"---\ntitle: [unclosed\n---\n# x\n"), "front matter"),
        (lambda tmp: _write(tmp / "bad.toml.md", b"+++\ntitle = \n+++\n# x\n"), "front matter"),
        (lambda tmp: _write(tmp / "huge.md", b"- x\n" * (10 * 1024 * 1024 // 4)), "bytes"),
    ],
    ids=["missing", "directory", "not-utf8", "binary", "empty", "bad-yaml", "bad-toml", "10MB"],
)
@pytest.mark.parametrize("command", ["parse", "preview"])
def test_bad_input_is_one_clear_line_and_nonzero_exit(
    tmp_path: Path, make_input, expected: str, command: str
) -> None:
    target = make_input(tmp_path)
    result = run_cli(command, str(target))
    assert result.returncode != 0
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


def test_list_nested_ten_thousand_deep_previews_without_traceback(tmp_path: Path) -> None:
    deep = "".join("  " * level + "- level\n" for level in range(10_000))
    post = tmp_path / "deep.md"
    post.write_text("# Deep\n\n## @someone Deep lists\n\n" + deep, encoding="utf-8")
    result = run_cli("preview", str(post))
    assert "Traceback" not in result.stderr
    if result.returncode == 0:
        assert all(check_message(m) == [] for m in json.loads(result.stdout))
    else:
        assert len(result.stderr.strip().splitlines()) == 1


def test_post_without_talks_previews_a_valid_announcement(tmp_path: Path) -> None:
    post = tmp_path / "2026-01-02-notes.md"
    post.write_text("Just a paragraph about the evening, no talks.\n", encoding="utf-8")
    result = run_cli("preview", str(post))
    assert result.returncode == 0, result.stderr
    messages = json.loads(result.stdout)
    assert len(messages) == 1
    assert check_message(messages[0]) == []


def test_no_subcommand_prints_usage_and_fails() -> None:
    result = run_cli()
    assert result.returncode == 2
    assert "parse" in result.stderr and "preview" in result.stderr
