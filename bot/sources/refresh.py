"""Bringing the sources up to date, each on its own clock, and what /healthz says of them.

`Sources.refresh()` reads every source that is due: a repository every MEETUP_POLL_INTERVAL
(and at once on the GitHub webhook: `refresh(force=True)`), a feed every MEETUP_FEED_INTERVAL
or its own `#interval=`, a local folder is only checked to be there. The due ones are read side
by side (a slow or failing one never holds the others past MEETUP_SOURCE_TIMEOUT). A source
that fails is retried after its interval, then twice as long each time (at most an hour, or
its interval when longer); after DEGRADED_AFTER failures in a row it makes /healthz degraded.
What it had before stays readable meanwhile.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

import words
from bot.observability import SOURCE_READS
from bot.settings import Settings
from bot.sources.errors import SourceError
from bot.sources.feed import FeedSource
from bot.sources.git import GitSource
from bot.sources.spec import FEED, GIT, SourceSpec

log = logging.getLogger("bot.sources")
DEGRADED_AFTER = 3
"""Failures in a row after which a source makes /healthz degraded."""
MAX_BACKOFF = 3600.0


class Reader(Protocol):
    def refresh(self) -> bool: ...


class FolderSource:
    """A local folder: read in place; it only has to be there."""

    def __init__(self, spec: SourceSpec) -> None:
        self.folder = Path(spec.location)

    def refresh(self) -> bool:
        if not self.folder.is_dir():
            raise SourceError(words.said("source.not_a_folder", path=self.folder))
        return False


@dataclass
class SourceState:
    """One source and how its reads went."""

    spec: SourceSpec
    reader: Reader
    interval: float
    due: float = 0.0
    failures: int = 0
    last_read: float | None = None
    last_error: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def view(self) -> dict[str, Any]:
        """What /healthz shows of it."""
        out: dict[str, Any] = {"source": self.spec.name, "kind": self.spec.kind}
        out["last_read"] = _iso(self.last_read)
        if self.last_error:
            out |= {"last_error": self.last_error, "failures": self.failures}
        return out


class Sources:
    """Every source of the settings, with its state."""

    def __init__(self, states: list[SourceState], clock: Callable[[], float] = time.time):
        self.states, self.clock = states, clock

    @classmethod
    def from_settings(cls, settings: Settings, clock: Callable[[], float] = time.time) -> Sources:
        return cls([state_of(spec, settings) for spec in settings.source_specs()], clock)

    @property
    def tick(self) -> float:
        """How often `refresh` should be called (the shortest interval)."""
        return min(state.interval for state in self.states)

    def refresh(self, force: bool = False) -> bool:
        """Read the sources that are due (`force`: every repository too); True when one
        changed. Never raises: a failure is logged and counted."""
        now = self.clock()
        due = [s for s in self.states if s.due <= now or (force and s.spec.kind == GIT)]
        if not due:
            return False
        with ThreadPoolExecutor(max_workers=min(4, len(due))) as pool:
            return any(list(pool.map(self._read, due)))

    def _read(self, state: SourceState) -> bool:
        if not state.lock.acquire(blocking=False):
            return False  # being read by another job right now
        try:
            changed = state.reader.refresh()
        except (SourceError, OSError) as error:
            self._failed(state, str(error))
            return False
        except Exception as error:  # a bug in one source must not stop the others
            log.exception("source %s: reading failed", state.spec.name)
            self._failed(state, f"{type(error).__name__}: {error}")
            return False
        finally:
            state.lock.release()
        if state.failures:
            back = words.said("source.back", source=state.spec.name, failures=state.failures)
            log.info(back, extra={"source": state.spec.name})
        state.failures, state.last_error = 0, ""
        state.last_read = self.clock()
        state.due = state.last_read + state.interval
        return changed

    def _failed(self, state: SourceState, reason: str) -> None:
        SOURCE_READS.labels(kind=state.spec.kind, outcome="failed").inc()
        state.failures += 1
        state.last_error = reason
        wait = min(state.interval * 2 ** (state.failures - 1), max(state.interval, MAX_BACKOFF))
        state.due = self.clock() + wait
        name = state.spec.name
        extra = {"source": name, "failures": state.failures, "retry_in": round(wait, 1)}
        line = words.said(
            "source.failed", source=name, reason=reason, failures=state.failures, wait=wait
        )
        log.warning(line, extra=extra)

    def degraded_reasons(self) -> list[str]:
        """One line per source failing DEGRADED_AFTER times or more in a row."""
        return [
            words.said(
                "source.degraded", source=s.spec.name, failures=s.failures, reason=s.last_error
            )
            for s in self.states
            if s.failures >= DEGRADED_AFTER
        ]

    def views(self) -> list[dict[str, Any]]:
        return [state.view() for state in self.states]


def state_of(spec: SourceSpec, settings: Settings) -> SourceState:
    """The reader of one source and its interval."""
    data, timeout = settings.MEETUP_DATA_DIR, settings.MEETUP_SOURCE_TIMEOUT
    if spec.kind == FEED:
        interval = spec.interval or settings.MEETUP_FEED_INTERVAL
        return SourceState(spec, FeedSource(spec, data, timeout), interval)
    if spec.kind == GIT:
        return SourceState(spec, GitSource(spec, data, timeout), settings.MEETUP_POLL_INTERVAL)
    return SourceState(spec, FolderSource(spec), settings.MEETUP_POLL_INTERVAL)


def _iso(moment: float | None) -> str | None:
    return None if moment is None else datetime.fromtimestamp(moment, UTC).isoformat()


@dataclass
class _Runner:
    sources: Sources | None = None
    on_change: Callable[[], None] = lambda: None


_RUNNER = _Runner()
REFRESH_JOB_ID, REFRESH_NOW_ID = "meetup-sources", "meetup-sources-now"


def install_sources(scheduler: Any, sources: Sources, on_change: Callable[[], None]) -> None:
    """Read the sources every `sources.tick` seconds (first now); `on_change` (scan and
    re-index at once) after a read that changed a source."""
    _RUNNER.sources, _RUNNER.on_change = sources, on_change
    scheduler.add_job(
        refresh_job,
        "interval",
        seconds=sources.tick,
        id=REFRESH_JOB_ID,
        name="read the sources of MEETUP_SOURCES",
        replace_existing=True,
        max_instances=1,
        coalesce=True,
        next_run_time=datetime.now(UTC),
    )


def refresh_now(scheduler: Any) -> None:
    """Read every repository now, then scan (the GitHub webhook)."""
    scheduler.add_job(
        refresh_job,
        "date",
        kwargs={"force": True},
        run_date=datetime.now(UTC),
        id=REFRESH_NOW_ID,
        replace_existing=True,
        misfire_grace_time=None,
    )


def refresh_job(force: bool = False) -> None:
    """One read of the due sources (`force`: and every repository, then scan anyway)."""
    if _RUNNER.sources is None:
        return
    if _RUNNER.sources.refresh(force) or force:
        _RUNNER.on_change()
