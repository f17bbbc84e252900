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
    path = [str(first_on_path)] if first_on_path is not None else []
    env = {**(os.environ if env is None else env), "PYTHONPATH": ":".join([*path, str(REPO)])}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
    )
