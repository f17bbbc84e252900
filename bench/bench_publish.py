"""Publishing benchmarks, against the fake Slack Web API (real HTTP) and a real SQLite ledger.

1. latency: a new post lands in the folder, a signed GitHub push hits POST /webhooks/github
   (bot.publish.webhook over wsgiref), the APScheduler job scans; time until the fake server has
   accepted the post's announcement. p50 / p99 over --rounds posts.
2. unchanged scan: --posts files already in the ledger; one scan (stat + fingerprint compare,
   nothing parsed). Target: <= 2 s for 10,000.

Run: `.venv/bin/python bench/bench_publish.py [--rounds 40] [--posts 10000]`
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, make_server

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from apscheduler.schedulers.background import BackgroundScheduler  # noqa: E402

from bot.catalog import Catalog  # noqa: E402
from bot.publish import jobs  # noqa: E402
from bot.publish.ledger import open_ledger  # noqa: E402
from bot.publish.poster import Poster, RetryPolicy, make_client  # noqa: E402
from bot.publish.publisher import PublishConfig, Publisher  # noqa: E402
from bot.publish.webhook import webhook_route  # noqa: E402
from bot.web.app import WebApp  # noqa: E402
from tests.slack_faults import CHANNEL, TOKEN, PublishSlackServer, write_post  # noqa: E402

SECRET = "bench-webhook-secret"


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _publisher(root: Path, slack: PublishSlackServer) -> Publisher:
    poster = Poster(make_client(TOKEN, slack.api_url), RetryPolicy(rate_interval=0))
    ledger = open_ledger(f"sqlite:///{root / 'bench.db'}")
    return Publisher(ledger, poster, PublishConfig(CHANNEL), Catalog(root / "posts"))


def bench_latency(rounds: int) -> list[float]:
    with tempfile.TemporaryDirectory() as tmp, PublishSlackServer() as slack:
        root = Path(tmp)
        (root / "posts").mkdir()
        publisher = _publisher(root, slack)
        publisher.run_once()  # first run: baseline
        scheduler = BackgroundScheduler()
        scheduler.start()
        later = datetime.now(UTC) + timedelta(hours=1)
        jobs.install_publishing(
            scheduler, publisher, interval=3600, posts_dir=root / "posts", start_at=later
        )
        app = WebApp([webhook_route(lambda: SECRET, lambda: jobs.trigger_scan(scheduler))])
        httpd = make_server("127.0.0.1", 0, app, handler_class=_Quiet)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{httpd.server_port}/webhooks/github"
        body = b'{"ref": "refs/heads/main"}'
        signature = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
        samples = []
        try:
            for number in range(rounds):
                seen = len(slack.calls_to("chat.postMessage"))
                started = time.perf_counter()
                write_post(root / "posts", f"2026-11-14-bench-{number}", f"Bench {number}", 1)
                request = urllib.request.Request(
                    url,
                    data=body,
                    method="POST",
                    headers={"X-Hub-Signature-256": signature, "X-GitHub-Event": "push"},
                )
                urllib.request.urlopen(request, timeout=10).read()
                slack.wait_for("chat.postMessage", seen + 1, timeout=30)
                samples.append(time.perf_counter() - started)
                slack.wait_for("chat.postMessage", seen + 2, timeout=30)  # its talk too
        finally:
            httpd.shutdown()
            scheduler.shutdown(wait=True)
    return samples


def bench_unchanged_scan(count: int) -> tuple[float, float]:
    """(seconds of the first run that records them, seconds of a scan with nothing changed)."""
    with tempfile.TemporaryDirectory() as tmp, PublishSlackServer() as slack:
        root = Path(tmp)
        posts = root / "posts"
        for shard in range(count // 1000 + 1):
            (posts / f"{shard:02d}").mkdir(parents=True)
        for number in range(count):
            write_post(
                posts / f"{number // 1000:02d}", f"2020-01-01-post-{number}", f"Post {number}", 2
            )
        publisher = _publisher(root, slack)
        started = time.perf_counter()
        publisher.run_once()
        first = time.perf_counter() - started
        started = time.perf_counter()
        report = publisher.run_once()
        unchanged = time.perf_counter() - started
        assert report.read == 0 and not slack.calls_to("chat.postMessage")
    return first, unchanged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--posts", type=int, default=10_000)
    args = parser.parse_args()
    samples = sorted(bench_latency(args.rounds))
    p99 = samples[min(len(samples) - 1, round(0.99 * (len(samples) - 1)))]
    print(
        f"new post -> announcement accepted (webhook path), {len(samples)} posts: "
        f"p50 {statistics.median(samples) * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms"
    )
    first, unchanged = bench_unchanged_scan(args.posts)
    verdict = "OK" if unchanged <= 2.0 else "OVER the 2 s target"
    print(
        f"{args.posts} posts: first run (parse + record) {first:.2f} s; "
        f"scan with nothing changed {unchanged:.3f} s ({verdict})"
    )


if __name__ == "__main__":
    main()
