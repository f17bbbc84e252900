"""Git sources against a real bare repository reached by file://: a push posts the new post
once, a force-push is followed without re-posting anything, a deleted repository keeps what
was read and degrades health, and the other sources go on."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.publish.ledger import DELETED, SEEN
from tests.slack_faults import PublishSlackServer, post_text, write_post
from tests.sources_harness import SourceBot

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture
def slack() -> Iterator[PublishSlackServer]:
    with PublishSlackServer() as server:
        yield server


def git(folder: Path, *args: str) -> str:
    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "HOME": str(folder),
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    done = subprocess.run(
        ["git", "-C", str(folder), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout.strip()


class Blog:
    """A bare repository and a working clone that pushes to it."""

    def __init__(self, tmp: Path) -> None:
        self.bare, self.work = tmp / "blog.git", tmp / "work"
        self.bare.mkdir()
        git(self.bare, "init", "--quiet", "--bare", "--initial-branch=main")
        self.work.mkdir()
        git(self.work, "init", "--quiet", "--initial-branch=main")
        git(self.work, "remote", "add", "origin", self.bare.as_uri())
        (self.work / "_posts").mkdir()
        (self.work / "README.md").write_text("not a post: outside _posts\n")

    def post(self, name: str, title: str, talks: int = 2, message: str = "post") -> None:
        write_post(self.work / "_posts", name, title, talks)
        self.commit(message)

    def commit(self, message: str) -> None:
        git(self.work, "add", "-A")
        git(self.work, "commit", "--quiet", "-m", message)
        git(self.work, "push", "--quiet", "--force", "origin", "main")

    @property
    def url(self) -> str:
        return self.bare.as_uri() + "#_posts"


@pytest.fixture
def blog(tmp_path: Path) -> Blog:
    b = Blog(tmp_path)
    b.post("2026-10-01-first", "First Meetup")
    return b


def test_a_push_is_posted_once_and_the_ids_carry_the_repository(
    tmp_path: Path, slack: PublishSlackServer, blog: Blog
) -> None:
    b = SourceBot(tmp_path, slack, MEETUP_SOURCES=blog.url, MEETUP_POLL_INTERVAL="60")
    b.scan()
    key = blog.bare.as_posix().lstrip("/").replace("/", "-") + "-_posts"
    first = f"{key}:2026-10-01-first"
    assert b.post_ids() == [first]
    assert b.record(first).state == SEEN and b.announced() == []  # the first read: a baseline
    blog.post("2026-11-01-second", "Second Meetup")
    b.scan()  # not due yet: one MEETUP_POLL_INTERVAL between two fetches
    assert b.announced() == []
    b.advance(60)
    b.scan()
    assert b.announced() == [f"{key}:2026-11-01-second"]
    blog.post("2026-11-02-third", "Third Meetup")
    b.scan(force=True)  # the GitHub webhook fetches at once
    assert sorted(b.announced()) == [f"{key}:2026-11-01-second", f"{key}:2026-11-02-third"]
    b.restart()
    b.advance(60)
    b.scan()
    assert len(b.announced()) == 2


def test_a_force_push_is_followed_without_posting_anything_twice(
    tmp_path: Path, slack: PublishSlackServer, blog: Blog
) -> None:
    b = SourceBot(tmp_path, slack, MEETUP_SOURCES=blog.url)
    b.scan()
    blog.post("2026-11-01-second", "Second Meetup")
    b.scan(force=True)
    (second,) = b.announced()
    # history rewritten: the last commit amended (the post edited), the first one untouched
    (blog.work / "_posts" / "2026-11-01-second.md").write_text(
        post_text("Second Meetup", 3), encoding="utf-8"
    )
    git(blog.work, "add", "-A")
    git(blog.work, "commit", "--quiet", "--amend", "-m", "rewritten")
    git(blog.work, "push", "--quiet", "--force", "origin", "main")
    report = b.scan(force=True)
    assert b.announced() == [second]
    assert slack.calls_to("chat.update")  # the edit reached the channel
    assert slack.message(second, "talk-3")
    assert report.read == 1  # only the changed post was read again
    # a force-push that drops a post: its record is marked deleted, nothing is re-posted
    git(blog.work, "reset", "--quiet", "--hard", "HEAD~1")
    git(blog.work, "push", "--quiet", "--force", "origin", "main")
    b.scan(force=True)
    assert b.record(second).state == DELETED
    assert b.announced() == [second]


def test_a_deleted_repository_keeps_its_posts_degrades_health_and_the_others_go_on(
    tmp_path: Path, slack: PublishSlackServer, blog: Blog
) -> None:
    folder = tmp_path / "posts"
    folder.mkdir()
    b = SourceBot(tmp_path, slack, MEETUP_SOURCES=f"{folder},{blog.url}")
    b.scan()
    ids = b.post_ids()
    shutil.rmtree(blog.bare)
    for _ in range(3):
        b.advance(100_000)
        b.scan()
    state = b.sources.states[1]
    assert state.failures == 3 and "git fetch failed" in state.last_error
    assert [r for r in b.sources.degraded_reasons() if "failing (3 times in a row)" in r]
    assert b.post_ids() == ids and all(b.record(i).state == SEEN for i in ids)
    write_post(folder, "2026-12-01-local", "Local Meetup", 1)
    b.scan()
    assert b.announced() == ["2026-12-01-local"]


def test_a_repository_that_cannot_be_cloned_is_no_baseline_until_it_can(
    tmp_path: Path, slack: PublishSlackServer
) -> None:
    missing = tmp_path / "later.git"
    b = SourceBot(tmp_path, slack, MEETUP_SOURCES=missing.as_uri())
    b.scan()
    assert b.sources.states[0].failures == 1 and b.post_ids() == []
    later = Blog.__new__(Blog)
    later.bare, later.work = missing, tmp_path / "later-work"
    missing.mkdir()
    git(missing, "init", "--quiet", "--bare", "--initial-branch=main")
    later.work.mkdir()
    git(later.work, "init", "--quiet", "--initial-branch=main")
    git(later.work, "remote", "add", "origin", missing.as_uri())
    later.work.joinpath("posts").mkdir()
    write_post(later.work, "2026-09-01-old", "Old Meetup", 1)
    later.commit("old")
    b.advance(100_000)
    b.scan()
    assert b.post_ids() and b.announced() == []  # its first read is the baseline


def test_git_failures_hide_the_token_of_the_url(tmp_path: Path, slack: PublishSlackServer) -> None:
    url = "http://bot:s3cret@127.0.0.1:9/blog.git"  # port 9: nothing listens
    b = SourceBot(tmp_path, slack, MEETUP_SOURCES=url, MEETUP_SOURCE_TIMEOUT="10")
    b.scan()
    state = b.sources.states[0]
    assert state.failures == 1 and "git clone failed" in state.last_error
    assert "s3cret" not in state.last_error and "s3cret" not in str(b.sources.views())


def test_a_folder_the_repository_lacks_is_an_error_and_a_stale_lock_is_cleared(
    tmp_path: Path, slack: PublishSlackServer, blog: Blog
) -> None:
    b = SourceBot(tmp_path, slack, MEETUP_SOURCES=blog.bare.as_uri() + "#_post")  # a typo
    b.scan()
    state = b.sources.states[0]
    assert state.failures == 1 and "has no folder _post" in state.last_error
    good = SourceBot(tmp_path / "good", slack, MEETUP_SOURCES=blog.url, MEETUP_SOURCE_TIMEOUT="1")
    good.scan()
    lock = next((tmp_path / "good" / "data" / "sources").glob("*/repo/.git")) / "index.lock"
    lock.write_text("")  # a git killed during a reset
    os.utime(lock, (1, 1))
    blog.post("2026-11-01-second", "Second Meetup")
    good.scan(force=True)
    assert good.sources.states[0].failures == 0 and not lock.exists()
    assert [p for p in good.announced() if p.endswith(":2026-11-01-second")]
