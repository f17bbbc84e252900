"""`meetup-bot` run as a real process (`python -m bot ...`), for the tests of its commands."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_cli(
    *args: str,
    cwd: Path = REPO,
    env: Mapping[str, str] | None = None,
    first_on_path: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `meetup-bot ARGS` with this checkout's code; stdout and stderr captured as text.
    `env` replaces the environment (default: this one); `first_on_path` is imported from before
    the checkout (a stand-in package, say)."""
    return subprocess.run(
        cli_command(*args),
        capture_output=True,
        text=True,
        cwd=cwd,
        env=cli_env(env, first_on_path),
        timeout=60,
    )


def cli_command(*args: str) -> list[str]:
    """The argv of `meetup-bot ARGS` (for a test that wires stdout itself: a pipe, a pty)."""
    return [sys.executable, "-m", "bot", *args]


def cli_env(
    env: Mapping[str, str] | None = None, first_on_path: Path | None = None
) -> dict[str, str]:
    """`env` (default: this one) with this checkout, after `first_on_path`, on PYTHONPATH."""
    path = [str(first_on_path)] if first_on_path is not None else []
    return {**(os.environ if env is None else env), "PYTHONPATH": ":".join([*path, str(REPO)])}
