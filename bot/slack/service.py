"""What `meetup-bot serve` keeps running: the store, the periodic index sync, the publisher, and
the state GET /healthz (alive: `ok` or `degraded`) and GET /readyz (ready for traffic) report.
The scheduler's jobs are module-level functions (`sync_index_job` here, bot.publish.jobs's scan).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import words
from bot import native
from bot.catalog import Catalog
from bot.errors import MeetupBotError
from bot.indexer import SyncReport, sync_index
from bot.observability import SCAN_SECONDS
from bot.publish.publisher import Publisher
from bot.publish.status import health_reason
from bot.sources.refresh import Sources
from bot.store import Store

log = logging.getLogger("bot.serve")

SYNC_JOB_ID = "sync_index"
SYNC_INTERVAL_SECONDS = 60
SYNC_STUCK_SECONDS = 300.0
"""An index sync running longer than this makes /healthz degraded (it may never finish)."""
STARTING, READY, STOPPING = "starting", "ready", "stopping"


@dataclass
class ServeState:
    """Shared by the listeners, the scheduler jobs, /healthz and /readyz."""

    store: Store | None
    catalog: Catalog
    """The posts the index is kept in line with."""
    mode: str = "http"
    """`http`, `socket` or `dry`."""
    phase: str = READY
    """`starting` (opening the database: migrations, first index sync), `ready`, `stopping`."""
    step: str = ""
    """What start-up is doing now (shown by /readyz while starting)."""
    publisher: Publisher | None = None
    slack_auth: str = "dry"
    """`ok` once auth.test succeeded at start-up, `dry` without a bot token, else why not."""
    started: float = field(default_factory=time.monotonic)
    last_sync: datetime | None = None
    last_sync_summary: str = ""
    last_sync_error: str | None = None
    sync_started: float | None = None
    """time.monotonic() when the running index sync started; None when none runs."""
    sync_stuck_after: float = SYNC_STUCK_SECONDS
    sources: Sources | None = None
    """The sources of MEETUP_SOURCES, read on their own clocks (bot/sources/refresh.py)."""
    socket_connected: Any = None
    """For Socket Mode: a callable telling whether the WebSocket is connected."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def starting(self, step: str) -> None:
        self.phase, self.step = STARTING, step
        log.info("start-up: %s", step)

    def sync(self) -> SyncReport:
        """Sync the index now (raises ConfigError when MEETUP_POSTS is not a folder)."""
        assert self.store is not None
        with self.lock, SCAN_SECONDS.labels(kind="index").time():
            self.sync_started = time.monotonic()
            try:
                report = sync_index(self.store, self.catalog)
            finally:
                self.sync_started = None
            self.last_sync = datetime.now(UTC)
            self.last_sync_summary = report.summary()
            self.last_sync_error = None
        for line in report.new_errors[:20]:  # once per file version, not at every sync
            log.warning("%s", line)
        log.info("%s", report.summary())
        return report

    def health(self) -> dict[str, Any]:
        """Liveness: `status` is `ok` or `degraded` (with `reason`); both mean the process
        answers (HTTP 200): degraded needs a person, not a restart."""
        reasons = self.degraded_reasons()
        out: dict[str, Any] = {"status": "degraded" if reasons else "ok"}
        if reasons:
            out["reason"] = "; ".join(reasons)
        out |= {
            "mode": self.mode,
            "phase": self.phase,
            "uptime_seconds": round(time.monotonic() - self.started, 1),
            "last_sync": self.last_sync.isoformat() if self.last_sync else None,
            "last_sync_summary": self.last_sync_summary,
            "publishing": self.publisher is not None,
            "parser": native.state(),
        }
        if self.last_sync_error:
            out["last_sync_error"] = self.last_sync_error
        if self.sources is not None:
            out["sources"] = self.sources.views()
        if callable(self.socket_connected):
            out["socket_connected"] = bool(self.socket_connected())
        return out

    def degraded_reasons(self) -> list[str]:
        reasons: list[str] = []
        started = self.sync_started
        if started is not None and time.monotonic() - started > self.sync_stuck_after:
            reasons.append(words.said("index.sync_stuck", seconds=time.monotonic() - started))
        if self.last_sync_error:
            reasons.append(f"index sync failed: {self.last_sync_error}")
        if self.publisher is not None:
            try:
                reason = health_reason(self.publisher.ledger)
            except Exception as error:  # the ledger's database is down: say so, stay alive
                reason = f"publishing ledger unreadable: {type(error).__name__}"
            if reason:
                reasons.append(reason)
        if self.sources is not None:
            reasons += self.sources.degraded_reasons()
        if callable(self.socket_connected) and not self.socket_connected():
            reasons.append("the Socket Mode connection is down (reconnecting)")
        return reasons

    def readiness(self) -> str | None:
        """None when ready for traffic; else why not (GET /readyz answers 503 with it)."""
        if self.phase == STARTING:
            return f"starting: {self.step or 'start-up'}"
        if self.phase == STOPPING:
            return "shutting down"
        if self.slack_auth not in ("ok", "dry"):
            return f"Slack auth: {self.slack_auth}"
        if self.store is None:
            return "no database"
        try:
            self.store.list_meetups(limit=1)
        except Exception as error:
            return f"database unreachable: {type(error).__name__}: {str(error)[:200]}"
        return None


def sync_index_job(state: ServeState) -> None:
    """The periodic re-sync: never raises (a failure is logged and shown on /healthz)."""
    try:
        state.sync()
    except (MeetupBotError, OSError) as error:
        state.last_sync_error = str(error)
        log.error("index sync failed: %s", error)
    except Exception as error:
        state.last_sync_error = f"{type(error).__name__}: {error}"
        log.exception("index sync failed")


def make_scheduler() -> Any:
    """An APScheduler BackgroundScheduler (not started: add the jobs, then `start()`)."""
    from apscheduler.schedulers.background import (  # type: ignore[import-untyped]
        BackgroundScheduler,
    )

    return BackgroundScheduler(timezone="UTC")


def add_sync_job(scheduler: Any, state: ServeState, interval: float) -> None:
    """`sync_index_job` every `interval` seconds (first run one interval from now: start-up
    has just synced)."""
    scheduler.add_job(
        sync_index_job,
        "interval",
        seconds=interval,
        args=[state],
        id=SYNC_JOB_ID,
        name="sync the search index from MEETUP_POSTS",
        replace_existing=True,
        max_instances=1,
        coalesce=True,
    )


def sync_now(scheduler: Any) -> None:
    """Run the index sync at once (a webhook push); merged with a running one."""
    scheduler.modify_job(SYNC_JOB_ID, next_run_time=datetime.now(UTC))


def start_scheduler(state: ServeState, interval: float = SYNC_INTERVAL_SECONDS) -> Any:
    """A started scheduler with the index sync alone (tests, benchmark)."""
    scheduler = make_scheduler()
    add_sync_job(scheduler, state, interval)
    scheduler.start()
    return scheduler
