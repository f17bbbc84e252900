"""A PostgreSQL MEETUP_DATABASE_URL in an install without the `postgres` extra: every command
that opens the database, and `serve` at start-up, stop with one line naming the fix (exit 1),
never a traceback.

The real CLI runs in a subprocess whose Python cannot import psycopg: a `psycopg` package first
on PYTHONPATH raises the very error an uninstalled module raises."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.cli_runner import run_cli
from tests.fixtures_slack import BOT_TOKEN, write_posts
from tests.serve_process import clean_env

# Nothing listens there: reaching the network would be a different failure than the one tested.
DATABASE_URL = "postgresql://meetup:secret-password@127.0.0.1:9/meetup"
FIX = "pip install 'meetup-bot[postgres]'"


@pytest.fixture
def no_psycopg(tmp_path: Path) -> Path:
    """A PYTHONPATH folder whose `psycopg` fails to import as a missing module does."""
    package = tmp_path / "without_psycopg" / "psycopg"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'psycopg'\", name='psycopg')\n",
        encoding="utf-8",
    )
    return package.parent


def _run(no_psycopg: Path, posts: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    settings = {"MEETUP_POSTS": str(posts), "MEETUP_DATABASE_URL": DATABASE_URL} | env
    return run_cli(*args, env=clean_env(**settings), first_on_path=no_psycopg)


def _assert_one_line_naming_the_fix(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("meetup-bot: MEETUP_DATABASE_URL:")
    assert FIX in lines[0] and "container image" in lines[0]
    assert "secret-password" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("talks",), {}),
        (("talks", "--json"), {}),
        (("search", "cgroup"), {}),
        (("publish", "--once"), {"SLACK_BOT_TOKEN": BOT_TOKEN, "MEETUP_CHANNEL": "C0123456789"}),
    ],
    ids=["talks", "talks-json", "search", "publish"],
)
def test_cli_commands_name_the_missing_driver(
    no_psycopg: Path, tmp_path: Path, args: tuple[str, ...], env: dict[str, str]
) -> None:
    posts = write_posts(tmp_path / "posts")
    _assert_one_line_naming_the_fix(_run(no_psycopg, posts, *args, **env))


def test_serve_start_up_names_the_missing_driver(no_psycopg: Path, tmp_path: Path) -> None:
    posts = write_posts(tmp_path / "posts")
    result = _run(no_psycopg, posts, "serve", "--host", "127.0.0.1", "--port", "0")
    _assert_one_line_naming_the_fix(result)


def test_sqlite_needs_no_driver(no_psycopg: Path, tmp_path: Path) -> None:
    """The default database works in the same install: only PostgreSQL needs psycopg."""
    posts = write_posts(tmp_path / "posts")
    url = f"sqlite:///{tmp_path / 'meetup.db'}"
    environment = {"MEETUP_DATABASE_URL": url}
    result = _run(no_psycopg, posts, "search", "cgroup", "--json", **environment)
    assert result.returncode == 0, result.stderr
    assert "cgroup" in result.stdout
