"""A post file that cannot be read or parsed is warned about once per file version (issue 10,
item 6), not at every index sync and every publishing scan: a real `meetup-bot serve` (dry)
with a binary file from the start and a published post that turns binary later."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from tests.serve_process import Serve, clean_env, wait_until
from tests.slack_faults import write_post

BINARY = b"\x00\x01 not a post \x00" * 8


def _scans(serve: Serve) -> tuple[float, float]:
    """(index syncs, publishing scans) so far, from /metrics."""
    text = serve.request("/metrics").text

    def count(kind: str) -> float:
        found = re.search(rf'^meetup_scan_seconds_count\{{kind="{kind}"\}} (\S+)$', text, re.M)
        return float(found[1]) if found else 0.0

    return count("index"), count("publish")


def _after_more_scans(serve: Serve, more: int = 3) -> bool:
    index, publish = _scans(serve)
    return wait_until(
        lambda: all(n >= m + more for n, m in zip(_scans(serve), (index, publish), strict=True)), 60
    )


def _warnings(serve: Serve, name: str) -> list[str]:
    return [
        str(e["msg"])
        for e in serve.entries()
        if e.get("level") == "WARNING" and name in str(e.get("msg"))
    ]


def test_an_unreadable_file_is_warned_about_once_per_version(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "2026-11-16-binary.md").write_bytes(BINARY)
    published = write_post(posts, "2026-11-14-real", "Real Meetup", 2)
    env = clean_env(
        MEETUP_POSTS=str(posts),
        MEETUP_DATABASE_URL=f"sqlite:///{tmp_path / 'meetup.db'}",
        MEETUP_POLL_INTERVAL="0.1",
    )
    command = [sys.executable, "-m", "bot", "serve", "--host", "127.0.0.1", "--port", "0"]
    serve = Serve(env, [*command, "--sync-interval", "0.1"])
    try:
        serve.wait_ready(60)
        assert wait_until(lambda: len(serve.dry_messages()) == 3, 30)  # the real post went out
        published.write_bytes(BINARY + b"!")  # a published post turns unreadable
        assert _after_more_scans(serve)
        assert len(_warnings(serve, "2026-11-16-binary.md")) == 1, serve.log()
        assert len(_warnings(serve, "2026-11-14-real.md")) == 1, serve.log()
        (posts / "2026-11-16-binary.md").write_bytes(BINARY * 2)  # a new version, still broken
        os.utime(posts / "2026-11-16-binary.md", ns=(1, 1))
        assert _after_more_scans(serve)
        assert len(_warnings(serve, "2026-11-16-binary.md")) == 2, serve.log()
        assert len(_warnings(serve, "2026-11-14-real.md")) == 1, serve.log()
        assert serve.request("/healthz").status == 200
    finally:
        serve.kill()
