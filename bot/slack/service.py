"""What `meetup-bot serve` keeps running: the store, the periodic index sync, and the health
state that GET /healthz reports. The scheduler's job is the module-level `sync_index_job`."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.errors import MeetupBotError
from bot.indexer import SyncReport, sync_index
from bot.store import Store

log = logging.getLogger("bot.serve")

SYNC_JOB_ID = "sync_index"
SYNC_INTERVAL_SECONDS = 60


@dataclass
class ServeState:
    """Shared by the listeners, the scheduler job and /healthz."""

    store: Store
    posts_dir: Path
    mode: str = "http"
    """`http`, `socket` or `dry`."""
    started: float = field(default_factory=time.monotonic)
    last_sync: datetime | None = None
    last_sync_summary: str = ""
    last_sync_error: str | None = None
    socket_connected: Any = None
    """For Socket Mode: a callable telling whether the WebSocket is connected."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def sync(self) -> SyncReport:
        """Sync the index now (raises ConfigError when MEETUP_POSTS is not a folder)."""
        with self.lock:
            report = sync_index(self.store, self.posts_dir)
            self.last_sync = datetime.now(UTC)
            self.last_sync_summary = report.summary()
            self.last_sync_error = None
        for line in report.errors[:20]:
            log.warning("%s", line)
        log.info("%s", report.summary())
        return report

    def health(self) -> dict[str, Any]:
        ok = True
        out: dict[str, Any] = {
            "mode": self.mode,
            "uptime_seconds": round(time.monotonic() - self.started, 1),
            "last_sync": self.last_sync.isoformat() if self.last_sync else None,
            "last_sync_summary": self.last_sync_summary,
        }
        if self.last_sync_error:
            out["last_sync_error"] = self.last_sync_error
        if callable(self.socket_connected):
            connected = bool(self.socket_connected())
            out["socket_connected"] = connected
            ok = ok and connected
        out["ok"] = ok
        return out


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


def start_scheduler(state: ServeState, interval: float = SYNC_INTERVAL_SECONDS) -> Any:
    """An APScheduler BackgroundScheduler running `sync_index_job` every `interval` seconds."""
    from apscheduler.schedulers.background import (  # type: ignore[import-untyped]
        BackgroundScheduler,
    )

    scheduler = BackgroundScheduler(timezone="UTC")
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
    scheduler.start()
    return scheduler
