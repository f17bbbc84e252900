"""The CLI as a new user meets it in a terminal and in pipes (issue 10, item 10): a closed
stdout, `publish` runs, the `talks`/`search` lists on a narrow terminal, the indexing progress bar.
Each runs the real command (tests/cli_runner.py)."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from tests.cli_runner import REPO, cli_command, cli_env, run_cli

EXAMPLES = REPO / "examples" / "posts"
JA_POST = EXAMPLES / "2026-10-03-container-night-12.md"
LONG_URL = "https://speakerdeck.com/example/" + "a-rather-long-deck-name-" * 3 + "end"
POST = f"""---
title: "Tracing Night #3"
date: 2024-05-10
---

Notes.

## @kei さん 分散トレーシング入門

* スライド: [分散トレーシング入門]({LONG_URL})
* サンプリングが肝
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    posts = tmp_path / "posts"
    posts.mkdir()
    for post in EXAMPLES.iterdir():
        shutil.copy(post, posts / post.name)
    (posts / "2024-05-10-tracing-night-3.md").write_text(POST, encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "MEETUP_"))}
    return {
        **environ,
        "MEETUP_POSTS": str(posts),
        "MEETUP_DATABASE_URL": f"sqlite:///{tmp_path / 'meetup.db'}",
        "COLUMNS": "40",
    }


@pytest.mark.parametrize(
    "args",
    [
        ("parse", str(JA_POST)),
        ("preview", str(JA_POST)),
        ("preview", "--builder-url", str(JA_POST)),
        ("check", str(JA_POST)),
        ("talks",),
        ("search", "トレーシング"),
        ("talks", "--json"),
        ("publish", "--once"),
    ],
    ids=lambda args: "-".join(a for a in args if "/" not in a),
)
def test_a_closed_stdout_ends_quietly(env: dict[str, str], args: tuple[str, ...]) -> None:
    """`meetup-bot parse FILE | head -3`: the reader is gone before the command writes."""
    read, write = os.pipe()
    os.close(read)
    with subprocess.Popen(
        cli_command(*args), stdout=write, stderr=subprocess.PIPE, env=cli_env(env), text=True
    ) as process:
        os.close(write)
        _, err = process.communicate(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception" not in err, err
    assert process.returncode == 1


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("--backfill", "0"),
        ("--backfill", "-1"),
        ("--once", "--backfill", "1"),
        ("--once", "--watch"),
    ],
)
def test_publish_without_once_or_backfill_is_an_error_with_a_hint(
    env: dict[str, str], args: tuple[str, ...]
) -> None:
    result = run_cli("publish", *args, env=env)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("usage: meetup-bot publish")
    assert "Traceback" not in result.stderr


def test_publish_without_a_mode_says_which_to_use(env: dict[str, str]) -> None:
    result = run_cli("publish", env=env)
    assert "--once" in result.stderr and "--backfill N" in result.stderr
    assert "--watch" in result.stderr and "meetup-bot serve" in result.stderr


def _posted(stdout: str) -> list[str]:
    lines = [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]
    return [
        line["metadata"]["event_payload"]["post_id"]
        for line in lines
        if line.get("dry_run") and line["metadata"]["event_payload"]["part"] == "announcement"
    ]


def test_backfill_posts_only_the_newest_n_by_post_date(env: dict[str, str]) -> None:
    result = run_cli("publish", "--backfill", "1", env=env)
    assert result.returncode == 0, result.stderr
    assert _posted(result.stdout) == ["2026-11-14-python-tooling-meetup"]
    result = run_cli("publish", "--backfill", "2", env=env)
    assert sorted(_posted(result.stdout)) == [
        "2026-10-03-container-night-12",
        "2026-11-14-python-tooling-meetup",
    ]


def test_publish_ends_with_one_summary_line_on_stderr(env: dict[str, str]) -> None:
    result = run_cli("publish", "--backfill", "1", env=env)
    assert result.returncode == 0
    assert result.stderr.splitlines()[-1] == (
        "publish: DRY, nothing sent (no SLACK_BOT_TOKEN): would post 1"
        " (2026-11-14-python-tooling-meetup); pending 0; held 1 (drafts, scheduled);"
        " skipped 2 older than the first run (--backfill N posts them), 0 unreadable"
    )
    once = run_cli("publish", "--once", env=env)
    assert once.stderr.splitlines()[-1].startswith(
        "publish: DRY, nothing sent (no SLACK_BOT_TOKEN): would post 3 ("
    )


def test_publish_watch_says_what_it_does_and_what_each_scan_posted(env: dict[str, str]) -> None:
    env = {**env, "MEETUP_POLL_INTERVAL": "0.2"}
    with subprocess.Popen(
        cli_command("publish", "--watch"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=cli_env(env),
        text=True,
    ) as process:
        stopper = threading.Timer(60, process.kill)  # a hang fails the test, never blocks it
        stopper.start()
        try:
            assert process.stderr is not None
            first, second = process.stderr.readline(), process.stderr.readline()
        finally:
            process.kill()
            stopper.cancel()
    assert first == (
        f"publish: scanning {env['MEETUP_POSTS']} every 0.2 s until stopped (Ctrl-C);"
        " each scan that posts something says so here\n"
    )
    assert second.startswith("publish: DRY, nothing sent (no SLACK_BOT_TOKEN): would post 3 (")


def test_talks_and_search_never_wrap_a_url_on_a_narrow_terminal(env: dict[str, str]) -> None:
    for args in (("talks", "tracing"), ("search", "サンプリング")):
        result = run_cli(*args, env=env)
        assert result.returncode == 0, result.stderr
        lines = [line.strip() for line in result.stdout.splitlines()]
        assert f"Slides: {LONG_URL}" in lines, result.stdout


def test_talks_and_search_say_drafts_are_left_out(env: dict[str, str]) -> None:
    for args in (("talks",), ("search", "rust")):
        result = run_cli(*args, env=env)
        assert result.returncode == 0, result.stderr
        last = result.stdout.splitlines()[-1]
        assert last == "Drafts (draft: true, published: false, _drafts/) are left out."


def test_search_counts_one_talk_in_the_singular(env: dict[str, str]) -> None:
    result = run_cli("search", "サンプリング", env=env)
    assert result.stdout.splitlines()[0] == "1 talk matching “サンプリング”"


HOSTILE = """---
title: "Night \\e]0;pwned\\a #4"
date: 2024-06-01
talks:
  - speaker: "@mallory\\x9b31m"
    title: "\\e[2Jwiped clean"
    slides: https://example.com/deck
---

Notes.
"""


def test_talks_and_search_show_terminal_escapes_from_a_post_safely(env: dict[str, str]) -> None:
    """A post cannot drive the terminal: its control characters (ESC, BEL, the one-byte CSI)
    never reach stdout, in the talk list as in search hits (as `check` prints them)."""
    posts = Path(env["MEETUP_POSTS"])
    (posts / "2024-06-01-night-4.md").write_text(HOSTILE, encoding="utf-8")
    for args in (("talks", "2024-06-01"), ("search", "wiped")):
        result = run_cli(*args, env=env)
        assert result.returncode == 0, result.stderr
        assert "wiped" in result.stdout and "pwned" in result.stdout, result.stdout
        assert not any(ch in result.stdout for ch in "\x1b\x07\x9b"), repr(result.stdout)


def test_talks_of_a_meetup_without_talks_says_so(env: dict[str, str]) -> None:
    """Not `Talks 1–0 of 0`: the Slack answer's words (a post whose talks are unsure)."""
    posts = Path(env["MEETUP_POSTS"])
    post = "---\ntitle: Quiet Night\ndate: 2024-07-01\n---\n\nWe talked over dinner.\n"
    (posts / "2024-07-01-quiet-night.md").write_text(post, encoding="utf-8")
    result = run_cli("talks", "2024-07-01", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "Quiet Night has no talks listed.", result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("search", "x", "--limit", "0"),
            "argument --limit: '0' is not a whole number of 1 or more",
        ),
        (
            ("search", "x", "--limit", "-1"),
            "argument --limit: '-1' is not a whole number of 1 or more",
        ),
        (
            ("search", "x", "--limit", "ten"),
            "argument --limit: 'ten' is not a whole number of 1 or more",
        ),
        (
            ("search", "x", "--offset", "-1"),
            "argument --offset: '-1' is not a whole number of 0 or more",
        ),
        (("talks", "--offset", "-5"), "argument --offset: '-5' is not a whole number of 0 or more"),
    ],
)
def test_counts_out_of_range_are_refused(
    env: dict[str, str], args: tuple[str, ...], message: str
) -> None:
    result = run_cli(*args, env=env)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines()[-1].endswith(message)


def _many_posts(folder: Path, count: int) -> None:
    for n in range(count):
        body = f"---\ntitle: Night {n}\ndate: 2020-01-01\n---\n\n## @a{n} さん Talk {n}\n\n* note\n"
        (folder / f"2020-01-01-night-{n}.md").write_text(body, encoding="utf-8")


def test_indexing_shows_a_progress_bar_on_a_terminal(env: dict[str, str]) -> None:
    _many_posts(Path(env["MEETUP_POSTS"]), 200)
    controller, terminal = pty.openpty()
    with subprocess.Popen(
        cli_command("search", "note", "--json"),
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=cli_env({**env, "TERM": "xterm-256color", "COLUMNS": "100"}),
    ) as process:
        os.close(terminal)
        seen = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the process closed its end of the terminal
                break
            if not chunk:
                break
            seen += chunk
        out, _ = process.communicate(timeout=60)
    os.close(controller)
    assert process.returncode == 0
    assert b"Indexing MEETUP_POSTS" in seen
    assert json.loads(out)["total"] > 0


def test_no_progress_bar_when_stderr_is_not_a_terminal(env: dict[str, str]) -> None:
    _many_posts(Path(env["MEETUP_POSTS"]), 200)
    result = run_cli("search", "note", "--json", env=env)
    assert result.returncode == 0
    assert result.stderr == ""
