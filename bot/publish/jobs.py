"""The scheduled scan: an APScheduler interval job (explicit id, replace_existing=True) and
`trigger_scan` for the webhook. Job functions live at module level; the publisher they use is
installed once with `install_publishing`. Scans never overlap: a scan asked for while one runs
is run right after it.
"""

from __future__ import annotations

import logging
import subprocess
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import words
from bot.publish.publisher import Publisher, ScanReport

log = logging.getLogger("bot.publish")
SCAN_JOB_ID = "meetup-publish-scan"
NOW_JOB_ID = "meetup-publish-now"


@dataclass
class _Runner:
    publisher: Publisher | None = None
    posts_dir: Path | None = None
    pull: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)
    again: threading.Event = field(default_factory=threading.Event)


_RUNNER = _Runner()


def install_publishing(
    scheduler: Any,
    publisher: Publisher,
    *,
    interval: float,
    posts_dir: Path,
    pull: bool = False,
    start_at: datetime | None = None,
) -> None:
    """Register the interval scan on `scheduler` (first run at `start_at`, default now)."""
    _RUNNER.publisher, _RUNNER.posts_dir, _RUNNER.pull = publisher, posts_dir, pull
    scheduler.add_job(
        scan_job,
        "interval",
        seconds=interval,
        id=SCAN_JOB_ID,
        replace_existing=True,
        max_instances=2,  # a tick during a long publish merges into it (not "skipped" warnings)
        coalesce=True,
        next_run_time=start_at or datetime.now(UTC),
    )


def trigger_scan(scheduler: Any, now: datetime | None = None) -> None:
    """Scan at once (the webhook calls this); merged with a scan already running."""
    scheduler.add_job(
        scan_job,
        "date",
        run_date=now or datetime.now(UTC),
        id=NOW_JOB_ID,
        replace_existing=True,
        misfire_grace_time=None,
        max_instances=4,
    )


def scan_job(now: float | None = None) -> ScanReport | None:
    """One scan (git pull first when enabled); None when it was merged into a running one."""
    if _RUNNER.publisher is None:
        return None
    report = None
    _RUNNER.again.set()
    while _RUNNER.again.is_set():  # a request that came while we released is not lost
        if not _RUNNER.lock.acquire(blocking=False):
            return report  # the running scan will run once more for us
        try:
            while _RUNNER.again.is_set():
                _RUNNER.again.clear()
                if _RUNNER.pull and _RUNNER.posts_dir is not None:
                    git_pull(_RUNNER.posts_dir)
                report = _RUNNER.publisher.run_once(now if now is not None else time.time())
                now = None
        finally:
            _RUNNER.lock.release()
    return report


def git_pull(posts_dir: Path, timeout: float = 60) -> bool:
    """`git pull --ff-only` in `posts_dir` when it is inside a git checkout; False on failure."""
    folder = str(posts_dir)
    inside = subprocess.run(
        ["git", "-C", folder, "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return False
    try:
        pulled = subprocess.run(
            ["git", "-C", folder, "pull", "--ff-only", "--quiet"],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        log.warning(words.said("publish.git_pull_failed", path=folder, reason="timed out"))
        return False
    if pulled.returncode != 0:
        reason = (pulled.stderr.strip().splitlines() or ["exit status"])[-1][:200]
        log.warning(words.said("publish.git_pull_failed", path=folder, reason=reason))
        return False
    return True
