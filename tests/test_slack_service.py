"""`meetup-bot serve`'s background work: the scheduled index sync and the health state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.catalog import Catalog
from bot.search import search_talks
from bot.slack.service import SYNC_JOB_ID, ServeState, start_scheduler, sync_index_job


def test_sync_job_picks_up_new_posts(meetup_store: Any, posts_dir: Path) -> None:
    state = ServeState(store=meetup_store, catalog=Catalog(posts_dir))
    assert search_talks(meetup_store, "zigzag").total == 0
    (posts_dir / "2027-01-01-new.md").write_text(
        '---\ntitle: "New Meetup"\ndate: 2027-01-01\n---\n\n## @zed Zigzag parsing\n\n* fast\n',
        encoding="utf-8",
    )
    sync_index_job(state)
    assert search_talks(meetup_store, "zigzag").total == 1
    assert state.health()["status"] == "ok" and "1 added" in state.health()["last_sync_summary"]


def test_sync_job_failure_is_logged_not_raised(meetup_store: Any, tmp_path: Path) -> None:
    state = ServeState(store=meetup_store, catalog=Catalog(tmp_path / "gone"))
    sync_index_job(state)
    health = state.health()
    assert "MEETUP_POSTS" in health["last_sync_error"]
    assert health["status"] == "degraded" and "index sync failed" in health["reason"]
    assert search_talks(meetup_store, "ruff").total == 1  # the index is still served


def test_scheduler_runs_the_job_by_id(meetup_store: Any, posts_dir: Path) -> None:
    state = ServeState(store=meetup_store, catalog=Catalog(posts_dir))
    scheduler = start_scheduler(state, interval=0.2)
    try:
        job = scheduler.get_job(SYNC_JOB_ID)
        assert job is not None and job.func is sync_index_job
        import time

        deadline = time.monotonic() + 60  # a condition, not a time limit: busy machines
        while state.last_sync is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert state.last_sync is not None
    finally:
        scheduler.shutdown(wait=True)
