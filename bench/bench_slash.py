"""Slash-command round trip over HTTP: `/meetup search` on the real app against a bare Bolt app
that only acks, both served by the same production server (waitress, our WSGI app), measured
side by side in one run (interleaved request by request, so machine noise hits both alike).

Each request is signed as Slack signs it and sent over a keep-alive connection from this
process; the index holds the bundled example posts plus the shared corpus when present.
Run: `.venv/bin/python bench/bench_slash.py [--requests 400]`. Target: p99 <= 2x the bare app.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.client
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from slack_bolt import Ack, App  # noqa: E402

from bot.catalog import Catalog  # noqa: E402
from bot.indexer import sync_index  # noqa: E402
from bot.slack.app import _dry_authorize, build_app  # noqa: E402
from bot.slack.routes import slack_routes  # noqa: E402
from bot.store import open_store  # noqa: E402
from bot.web.app import WebApp  # noqa: E402
from bot.web.server import HttpServer  # noqa: E402

SECRET = "bench-signing-secret"
CORPUS = REPO.parent / "shared" / "corpus"
QUERIES = ("cgroup", "docker", "kubernetes", "go", "rails", "監視", "python", "etcd", "ruby", "ml")


def bare_app() -> App:
    app = App(signing_secret=SECRET, authorize=_dry_authorize, token_verification_enabled=False)

    @app.command("/meetup")
    def ack_only(ack: Ack) -> None:
        ack()

    return app


def signed_body(text: str) -> tuple[bytes, dict[str, str]]:
    form = {
        "team_id": "T1",
        "channel_id": "C1",
        "user_id": "U1",
        "command": "/meetup",
        "text": text,
        "api_app_id": "A1",
        "response_url": "http://127.0.0.1:9/response/x",
        "trigger_id": "1.2.3",
    }
    body = urllib.parse.urlencode(form).encode()
    ts = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    return body, {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
    }


def one(conn: http.client.HTTPConnection, text: str) -> float:
    body, headers = signed_body(text)
    started = time.perf_counter()
    conn.request("POST", "/slack/events", body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise SystemExit(f"HTTP {response.status}: {data[:200]!r}")
    return elapsed


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--requests", type=int, default=400, help="per app")
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        posts = Path(folder) / "posts"
        shutil.copytree(REPO / "examples" / "posts", posts)
        for sub in ("seed", "real"):
            for path in sorted((CORPUS / sub).glob("*.md")) if (CORPUS / sub).is_dir() else []:
                shutil.copy(path, posts / f"{sub}-{path.name}")
        store = open_store(f"sqlite:///{folder}/bench.db")
        report = sync_index(store, Catalog(posts))
        real = build_app(
            store, bot_token=None, signing_secret=SECRET, api_url="http://127.0.0.1:9/"
        )
        servers = {
            "meetup search": HttpServer(WebApp(slack_routes(real, SECRET)), "127.0.0.1", 0).start(),
            "bare ack": HttpServer(
                WebApp(slack_routes(bare_app(), SECRET)), "127.0.0.1", 0
            ).start(),
        }
        conns = {
            name: http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            for name, server in servers.items()
        }
        times: dict[str, list[float]] = {name: [] for name in servers}
        for i in range(20):  # warm-up
            for conn in conns.values():
                one(conn, f"search {QUERIES[i % len(QUERIES)]}")
        for i in range(args.requests):
            query = f"search {QUERIES[i % len(QUERIES)]}"
            order = list(conns.items()) if i % 2 == 0 else list(reversed(conns.items()))
            for name, conn in order:
                times[name].append(one(conn, query))
        for conn in conns.values():
            conn.close()
        for server in servers.values():
            server.close()
        store.close()
    print(report.summary())
    print(f"{args.requests} requests per app, interleaved, one keep-alive connection each")
    print(f"{'app':<15} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'mean ms':>8}")
    rows = {}
    for name, values in times.items():
        ms = [v * 1000 for v in values]
        rows[name] = (percentile(ms, 50), percentile(ms, 90), percentile(ms, 99))
        p50, p90, p99 = rows[name]
        print(f"{name:<15} {p50:8.2f} {p90:8.2f} {p99:8.2f} {statistics.fmean(ms):8.2f}")
    ratio = rows["meetup search"][2] / rows["bare ack"][2]
    print(f"p99 ratio (search / bare): {ratio:.2f} (target <= 2.0)")


if __name__ == "__main__":
    main()
