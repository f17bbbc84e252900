"""App Home load time: from the signed `app_home_opened` event (and a search typed in the Home
tab) reaching `meetup-bot`'s HTTP server to the `views.publish` call arriving at a local Slack
Web API (tests/slack_api_server.py), end to end: Bolt, the index, the view, slack_sdk, HTTP.

The index holds the bundled example posts, the shared corpus when present, and `--posts`
generated posts of our own (10 talks each), so the latest-meetups page reads a big index.
The admin's view (sources and held posts) is measured too. Slack shows an error after 3 s.
Run: `.venv/bin/python bench/bench_home.py [--opens 100] [--posts 2000]`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.catalog import Catalog  # noqa: E402
from bot.slack.app import build_app  # noqa: E402
from bot.slack.operator import operator_status  # noqa: E402
from bot.slack.routes import slack_routes  # noqa: E402
from bot.slack.service import ServeState  # noqa: E402
from bot.store import open_store  # noqa: E402
from bot.web.app import WebApp  # noqa: E402
from bot.web.server import HttpServer  # noqa: E402
from tests.fixtures_slack import sign  # noqa: E402
from tests.slack_api_server import SlackApiServer  # noqa: E402

SECRET = "test-signing-secret-0123456789abcdef"
CORPUS = REPO.parent / "shared" / "corpus"
QUERIES = ("cgroup", "docker", "kubernetes", "監視", "python", "rust")


def generated(n: int) -> str:
    talks = "\n".join(f"## @speaker{t} Talk {t} of meetup {n}\n\n* point {t}\n" for t in range(10))
    return f'---\ntitle: "Generated Meetup {n}"\ndate: 2020-01-01\n---\n\nIntro.\n\n{talks}'


def fill(posts: Path, count: int) -> None:
    shutil.copytree(REPO / "examples" / "posts", posts)
    for sub in ("seed", "real"):
        for path in sorted((CORPUS / sub).glob("*.md")) if (CORPUS / sub).is_dir() else []:
            shutil.copy(path, posts / f"{sub}-{path.name}")
    for n in range(count):
        (posts / f"gen-{n:05d}.md").write_text(generated(n), encoding="utf-8")


def post(url: str, body: bytes, content_type: str) -> None:
    headers = {"Content-Type": content_type, **sign(body, secret=SECRET)}
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200


def opened(user: str) -> tuple[bytes, str]:
    event = {"type": "app_home_opened", "user": user, "channel": "D1", "tab": "home"}
    body = {"team_id": "T0TEST", "api_app_id": "A0APP", "type": "event_callback", "event": event}
    return json.dumps(body | {"event_id": f"Ev{time.monotonic_ns()}"}).encode(), "application/json"


def searched(user: str, query: str) -> tuple[bytes, str]:
    payload = {
        "type": "block_actions",
        "user": {"id": user, "team_id": "T0TEST"},
        "team": {"id": "T0TEST"},
        "api_app_id": "A0APP",
        "view": {"id": "V1", "type": "home"},
        "actions": [{"action_id": "home_search", "type": "plain_text_input", "value": query}],
    }
    body = urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()
    return body, "application/x-www-form-urlencoded"


def measure(api: SlackApiServer, url: str, request: tuple[bytes, str]) -> float:
    count = len(api.calls_to("views.publish")) + 1
    started = time.perf_counter()
    post(url, *request)
    api.wait_for("views.publish", count, timeout=30)
    return time.perf_counter() - started


def report(name: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    print(
        f"{name:<22} n={len(seconds):4d}  median {statistics.median(seconds) * 1000:7.1f} ms"
        f"  p99 {p99 * 1000:7.1f} ms  max {max(seconds) * 1000:7.1f} ms"
    )


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--opens", type=int, default=100)
    options.add_argument("--posts", type=int, default=2000)
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as folder, SlackApiServer() as api:
        posts = Path(folder) / "posts"
        fill(posts, args.posts)
        store = open_store(f"sqlite:///{folder}/bench.db")
        state = ServeState(store=store, catalog=Catalog(posts))
        print(state.sync().summary())
        app = build_app(
            store,
            bot_token="xoxb-test-token",
            signing_secret=SECRET,
            api_url=api.api_url,
            admins=frozenset({"U0ADMIN"}),
            operator=lambda: operator_status(state),
        )
        server = HttpServer(WebApp(slack_routes(app, SECRET)), "127.0.0.1", 0).start()
        url = f"http://127.0.0.1:{server.port}/slack/events"
        times: dict[str, list[float]] = {"open (member)": [], "open (admin)": [], "search": []}
        for n in range(args.opens):
            times["open (member)"].append(measure(api, url, opened("U0ALICE")))
            times["open (admin)"].append(measure(api, url, opened("U0ADMIN")))
            query = QUERIES[n % len(QUERIES)]
            times["search"].append(measure(api, url, searched("U0ALICE", query)))
        for name, seconds in times.items():
            report(name, seconds)
        server.close()
        store.close()


if __name__ == "__main__":
    main()
