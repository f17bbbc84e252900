"""MEETUP_GIT_PULL: the scan pulls first when MEETUP_POSTS is inside a git checkout (temp repos)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bot.publish.jobs import git_pull

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
GIT = [
    "git",
    "-c",
    "user.name=t",
    "-c",
    "user.email=t@example.org",
    "-c",
    "init.defaultBranch=main",
]


def git(*args: str, cwd: Path) -> None:
    subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def test_pull_brings_new_posts_and_non_checkouts_are_left_alone(tmp_path: Path) -> None:
    origin, clone = tmp_path / "origin", tmp_path / "clone"
    origin.mkdir()
    git("init", "-q", cwd=origin)
    (origin / "_posts").mkdir()
    (origin / "_posts" / "a.md").write_text("# a\n")
    git("add", ".", cwd=origin)
    git("commit", "-qm", "a", cwd=origin)
    git("clone", "-q", str(origin), str(clone), cwd=tmp_path)
    (origin / "_posts" / "b.md").write_text("# b\n")
    git("add", ".", cwd=origin)
    git("commit", "-qm", "b", cwd=origin)
    assert git_pull(clone / "_posts")
    assert (clone / "_posts" / "b.md").exists()
    plain = tmp_path / "plain"
    plain.mkdir()
    assert not git_pull(plain)


def test_failed_pull_is_logged_not_raised(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    git("remote", "add", "origin", str(tmp_path / "missing"), cwd=repo)
    (repo / "x.md").write_text("# x\n")
    git("add", ".", cwd=repo)
    git("commit", "-qm", "x", cwd=repo)
    git("config", "branch.main.remote", "origin", cwd=repo)
    git("config", "branch.main.merge", "refs/heads/main", cwd=repo)
    assert not git_pull(repo)
    assert any("MEETUP_GIT_PULL" in r.getMessage() for r in caplog.records)
