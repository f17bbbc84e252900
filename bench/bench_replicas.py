"""Slash-command throughput and latency: one `meetup-bot serve` replica against three, all on
one PostgreSQL, with a bare Bolt app that only acks as the baseline, measured in one run.

A throwaway PostgreSQL 15 (tests/postgres_server.py) gets the index of the bundled example
posts plus --posts synthetic ones (bench/bench_search.py's generator, 12-18 talks each). Three
real `meetup-bot serve` processes share that database, configured as in production: a bot
token (auth.test answered by the fake Slack Web API, tests/slack_api_server.py; /meetup needs
no other Web API call, it is answered in the ack), a signing secret and MEETUP_CHANNEL (the
first scan records the posts as already there; nothing is posted). Dry mode would not do: it
prints every post as would-be messages at each start, which keeps a replica busy for minutes.
A fourth process serves a bare Bolt app that only acks, through the same waitress + WSGI layer.
--clients threads here send signed `/meetup search QUERY` requests back to back, each over
keep-alive connections (closed loop), to:
  - `1 replica`: replica 1 only;
  - `3 replicas`: replicas 1-3, round-robin request by request, as a load balancer would;
  - `bare ack`: the bare Bolt app (what Bolt + the server cost without any search).
The configurations take turns, --seconds each, for --rounds rounds (the order rotates);
the server processes a turn does not use are paused (SIGSTOP) during it.

Run: `.venv/bin/python bench/bench_replicas.py [--posts 300] [--rounds 8] [--seconds 4]`
(about 2.5 minutes with the defaults). Nothing here is a test assertion.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_search import make_post  # noqa: E402
from bench_slash import SECRET, bare_app, percentile, signed_body  # noqa: E402

import words  # noqa: E402
from bot.catalog import Catalog  # noqa: E402
from bot.indexer import sync_index  # noqa: E402
from bot.store import open_store  # noqa: E402
from tests.postgres_server import SKIP_REASON, PostgresServer, start_postgres  # noqa: E402
from tests.serve_process import clean_env, free_port  # noqa: E402
from tests.slack_api_server import SlackApiServer  # noqa: E402
from tests.slack_faults import CHANNEL, TOKEN  # noqa: E402

QUERIES = (
    "cgroup",
    "docker",
    "kubernetes",
    "監視",
    "python",
    "etcd",
    "rails",
    "死活監視",
    "grafana",
    "serverless production",
)


class Process:
    """A server subprocess on a known port; its output goes to a log file, not to us."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.log = name, log
        self.port = int(command[command.index("--port") + 1])
        with log.open("w") as out:
            self.popen = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT
            )

    def wait_ready(self, path: str, timeout: float = 120) -> Process:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.popen.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=2):
                    return self
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"{self.name} did not get ready:\n{self.log.read_text()[-3000:]}")

    def cpu_seconds(self) -> float:
        return process_cpu(self.popen.pid)

    def pause(self, paused: bool) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGSTOP if paused else signal.SIGCONT)

    def stop(self) -> None:
        self.pause(False)
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            self.popen.wait(15)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait(5)


def build_corpus(folder: Path, count: int) -> Path:
    posts = folder / "posts"
    shutil.copytree(REPO / "examples" / "posts", posts)
    rng = random.Random(42)
    for number in range(count):
        name, text = make_post(rng, number)
        (posts / name).write_text(text, encoding="utf-8")
    return posts


def index(url: str, posts: Path) -> str:
    store = open_store(url)
    try:
        started = time.perf_counter()
        report = sync_index(store, Catalog(posts))
        talks = sum(meetup.talk_count for meetup in store.list_meetups())
    finally:
        store.close()
    return f"{report.summary()}; {talks} talks; {time.perf_counter() - started:.1f} s"


def start_replicas(
    count: int, url: str, posts: Path, slack: SlackApiServer, started: list[Process]
) -> Configs:
    """One at a time, each ready (migrations, first index sync, auth.test) before the next;
    the first one's first scan records every post as already there (nothing is posted).
    Each process goes into `started` at once, for the caller to stop whatever happens."""
    env = clean_env(
        MEETUP_DATABASE_URL=url,
        MEETUP_POSTS=str(posts),
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_API_URL=slack.api_url,
        MEETUP_CHANNEL=CHANNEL,
    )
    replicas = []
    for number in range(1, count + 1):
        command = [sys.executable, "-m", "bot", "serve"]
        command += ["--host", "127.0.0.1", "--port", str(free_port())]
        replica = Process(f"replica {number}", command, env, posts.parent / f"r{number}.log")
        started.append(replica)
        replicas.append(replica.wait_ready("/readyz"))
        wait_for_baseline(url)
    return {"1 replica": replicas[:1], "3 replicas": replicas}


def wait_for_baseline(url: str, timeout: float = 120) -> None:
    """Until the publishing ledger says the first scan is done (then the replicas are idle)."""
    import psycopg

    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            try:
                if conn.execute("SELECT 1 FROM publish_meta WHERE key = 'baseline'").fetchone():
                    return
            except psycopg.errors.UndefinedTable:
                pass
            time.sleep(0.2)
    raise SystemExit("the first publishing scan did not finish")


def start_bare(logs: Path) -> Process:
    command = [sys.executable, __file__, "--serve-bare-ack", "--port", str(free_port())]
    return Process("bare ack", command, clean_env(), logs / "bare.log")


def serve_bare_ack(port: int) -> None:
    """The baseline server process: the bare Bolt app behind our WSGI layer and waitress."""
    from bot.slack.routes import slack_routes
    from bot.web.app import WebApp
    from bot.web.server import HttpServer

    HttpServer(WebApp(slack_routes(bare_app(), SECRET)), "127.0.0.1", port).serve_forever()


def ask(conn: http.client.HTTPConnection, query: str) -> bytes:
    body, headers = signed_body(f"search {query}")
    conn.request("POST", "/slack/events", body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {data[:200]!r}")
    return data


def check_answers(port: int) -> None:
    """Every query answers with result blocks, never the 'answering failed' notice."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for query in QUERIES:
        data = ask(conn, query)
        blocks = json.loads(data).get("blocks") or []
        if not blocks or words.text("answer.failed", "en").encode() in data:
            raise SystemExit(f"{query!r} was not answered: {data[:300]!r}")
    conn.close()


def process_cpu(pid: int) -> float:
    """User + system CPU seconds of one process, from /proc (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def children_cpu(parent: int) -> dict[int, float]:
    """CPU seconds of each child of `parent` (PostgreSQL's backends under the postmaster)."""
    out = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if ppid == parent:
            out[int(stat.parent.name)] = process_cpu(int(stat.parent.name))
    return out


def machine_times() -> tuple[float, float]:
    """(busy, total) CPU seconds of all cores since boot, from /proc/stat."""
    line = Path("/proc/stat").read_text().split("\n", 1)[0]
    values = [int(v) for v in line.split()[1:8]]  # user .. softirq; guest is inside user
    tick = os.sysconf("SC_CLK_TCK")
    return (sum(values) - values[3] - values[4]) / tick, sum(values) / tick


@dataclass
class Snapshot:
    """CPU seconds so far: the servers of one configuration, PostgreSQL (per backend), this
    process (the clients), and the whole machine (busy, and busy + idle)."""

    server: float
    postgres: dict[int, float]
    client: float
    busy: float
    total: float

    @classmethod
    def take(cls, servers: list[Process], postmaster: int) -> Snapshot:
        busy, total = machine_times()
        return cls(
            sum(server.cpu_seconds() for server in servers),
            {postmaster: process_cpu(postmaster)} | children_cpu(postmaster),
            time.process_time(),
            busy,
            total,
        )


@dataclass
class Cpu:
    """CPU seconds used during one turn, by whom."""

    server: float = 0.0
    postgres: float = 0.0
    client: float = 0.0
    machine: float = 0.0
    """Everything busy on the machine, the above included."""
    available: float = 0.0
    """All cores x the turn's wall time."""

    @property
    def other(self) -> float:
        """Busy, but not the servers, PostgreSQL or the clients: other people's work."""
        return self.machine - self.server - self.postgres - self.client

    @classmethod
    def between(cls, before: Snapshot, after: Snapshot) -> Cpu:
        postgres = sum(v - before.postgres.get(pid, 0.0) for pid, v in after.postgres.items())
        return cls(
            after.server - before.server,
            postgres,
            after.client - before.client,
            after.busy - before.busy,
            after.total - before.total,
        )


Configs = dict[str, list["Process"]]
"""Configuration name -> the servers its requests go to, round-robin."""


@dataclass
class Turn:
    """One configuration's share of one round."""

    latencies: list[float]
    seconds: float
    cpu: Cpu


def client(ports: list[int], offset: int, stop_at: float, out: list[float]) -> None:
    """Closed loop: one request at a time, round-robin over `ports`, until `stop_at`."""
    conns = {port: http.client.HTTPConnection("127.0.0.1", port, timeout=30) for port in ports}
    number = offset
    while time.perf_counter() < stop_at:
        port = ports[number % len(ports)]
        started = time.perf_counter()
        ask(conns[port], QUERIES[number % len(QUERIES)])
        out.append(time.perf_counter() - started)
        number += 1
    for conn in conns.values():
        conn.close()


def load(configs: Configs, name: str, clients: int, seconds: float, postmaster: int) -> Turn:
    """One turn of configuration `name`; the servers of the others are paused meanwhile."""
    servers = configs[name]
    for process in {p for group in configs.values() for p in group} - set(servers):
        process.pause(True)
    for process in servers:
        process.pause(False)
    ports = [server.port for server in servers]
    results: list[list[float]] = [[] for _ in range(clients)]
    before = Snapshot.take(servers, postmaster)
    started = time.perf_counter()
    threads = [
        threading.Thread(target=client, args=(ports, i, started + seconds, results[i]))
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    cpu = Cpu.between(before, Snapshot.take(servers, postmaster))
    return Turn([v for result in results for v in result], elapsed, cpu)


def describe(turn: Turn) -> str:
    count = max(1, len(turn.latencies))
    return (
        f"{len(turn.latencies) / turn.seconds:6.1f} req/s, "
        f"p99 {percentile(turn.latencies, 99) * 1000:6.1f} ms, "
        f"server CPU {turn.cpu.server * 1000 / count:4.1f} ms/req, "
        f"machine busy {turn.cpu.machine / turn.cpu.available * 100:3.0f} %, "
        f"others' load {turn.cpu.other / turn.seconds:.2f} cores"
    )


def run_rounds(
    configs: Configs, args: argparse.Namespace, postmaster: int
) -> dict[str, list[Turn]]:
    turns: dict[str, list[Turn]] = {name: [] for name in configs}
    names = list(configs)
    for name in names:  # warm-up: connections, caches, first queries
        load(configs, name, args.clients, args.warmup, postmaster)
    for number in range(args.rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            turn = load(configs, name, args.clients, args.seconds, postmaster)
            turns[name].append(turn)
            print(f"round {number + 1} {name:<10}: {describe(turn)}", flush=True)
    return turns


@dataclass
class Summary:
    throughput: float
    rounds: list[float]
    p50: float
    p90: float
    p99: float
    cpu_ms: dict[str, float]
    """CPU ms per request: server, postgres, client, other (the rest of the machine)."""
    busy: float
    """Share of all cores busy."""


def summarize(turns: list[Turn]) -> Summary:
    latencies = [v * 1000 for turn in turns for v in turn.latencies]
    seconds = sum(turn.seconds for turn in turns)
    cpu = {
        key: sum(getattr(turn.cpu, key) for turn in turns)
        for key in ("server", "postgres", "client", "machine", "available")
    }
    cpu["other"] = sum(turn.cpu.other for turn in turns)
    return Summary(
        throughput=len(latencies) / seconds,
        rounds=[len(turn.latencies) / turn.seconds for turn in turns],
        p50=percentile(latencies, 50),
        p90=percentile(latencies, 90),
        p99=percentile(latencies, 99),
        cpu_ms={key: 1000 * value / len(latencies) for key, value in cpu.items()},
        busy=cpu["machine"] / cpu["available"],
    )


QUIET = 0.25
"""Cores of other people's work below which a turn counts as quiet."""


def report(turns: dict[str, list[Turn]], args: argparse.Namespace) -> None:
    print(
        f"\n{args.clients} clients, closed loop, {args.rounds} rounds x {args.seconds:g} s "
        f"per configuration; {os.cpu_count()} CPUs"
    )
    print_summary({name: summarize(values) for name, values in turns.items()})
    quiet = [
        number
        for number in range(args.rounds)
        if all(
            values[number].cpu.other / values[number].seconds < QUIET for values in turns.values()
        )
    ]
    if not quiet:
        print(f"\nno quiet round (other people's work over {QUIET} cores): read with care")
    elif len(quiet) < args.rounds:
        print(
            f"\nquiet rounds only ({len(quiet)} of {args.rounds}: other people's work under "
            f"{QUIET} cores in each of their turns)"
        )
        print_summary(
            {name: summarize([values[n] for n in quiet]) for name, values in turns.items()}
        )


def print_summary(rows: dict[str, Summary]) -> None:
    print(
        f"{'config':<11} {'req/s':>7} {'per round':>9} {'p50 ms':>7} {'p90 ms':>7} "
        f"{'p99 ms':>7} | CPU ms/req: {'server':>6} {'pg':>5} {'client':>6} {'other':>5} "
        f"| {'busy':>4}"
    )
    for name, row in rows.items():
        spread = f"{min(row.rounds):.0f}-{max(row.rounds):.0f}"
        ms = row.cpu_ms
        print(
            f"{name:<11} {row.throughput:7.1f} {spread:>9} {row.p50:7.1f} {row.p90:7.1f} "
            f"{row.p99:7.1f} | {ms['server']:18.1f} {ms['postgres']:5.1f} {ms['client']:6.1f} "
            f"{ms['other']:5.1f} | {row.busy * 100:3.0f}%"
        )
    print("(other: the kernel and anything else running on the machine)")
    print_ratio("3 replicas", "1 replica", rows)
    if "bare ack" in rows:
        print_ratio("1 replica", "bare ack", rows)


def print_ratio(top: str, bottom: str, rows: dict[str, Summary]) -> None:
    """Throughput and latency ratios over the whole run, and the throughput ratio round by
    round (each round's turns ran back to back: the machine's other load hits both alike)."""
    a, b = rows[top], rows[bottom]
    paired = sorted(x / y for x, y in zip(a.rounds, b.rounds, strict=True))
    print(
        f"{top} vs {bottom}: throughput x{a.throughput / b.throughput:.2f} "
        f"(per round: median x{statistics.median(paired):.2f}, "
        f"x{paired[0]:.2f}-x{paired[-1]:.2f}), "
        f"p50 x{a.p50 / b.p50:.2f}, p99 x{a.p99 / b.p99:.2f}"
    )


def parse_args() -> argparse.Namespace:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--posts", type=int, default=300, help="synthetic posts to index")
    options.add_argument("--clients", type=int, default=6)
    options.add_argument("--rounds", type=int, default=8)
    options.add_argument("--seconds", type=float, default=4.0, help="per configuration and round")
    options.add_argument("--warmup", type=float, default=2.0, help="seconds per configuration")
    options.add_argument("--no-bare", action="store_true", help="skip the bare-ack baseline")
    options.add_argument("--serve-bare-ack", action="store_true", help=argparse.SUPPRESS)
    options.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    return options.parse_args()


def main() -> None:
    args = parse_args()
    if args.serve_bare_ack:
        serve_bare_ack(args.port)  # until SIGTERM
        return
    server = start_postgres()
    if server is None:
        raise SystemExit(SKIP_REASON)
    folder = Path(tempfile.mkdtemp(prefix="bench-replicas-"))
    started: list[Process] = []
    try:
        with SlackApiServer() as slack:
            configs = start_all(server, folder, slack, args, started)
            postmaster = int((server.data_dir / "postmaster.pid").read_text().split()[0])
            report(run_rounds(configs, args, postmaster), args)
            methods = sorted({call.method for call in slack.calls})
            print(f"Slack Web API calls during the run: {len(slack.calls)} ({', '.join(methods)})")
    finally:
        for process in started:
            process.stop()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)


def start_all(
    server: PostgresServer,
    folder: Path,
    slack: SlackApiServer,
    args: argparse.Namespace,
    started: list[Process],
) -> Configs:
    posts = build_corpus(folder, args.posts)
    url = server.create_database("bench")
    print(index(url, posts), flush=True)
    configs = start_replicas(3, url, posts, slack, started)
    if not args.no_bare:
        started.append(start_bare(folder))
        configs["bare ack"] = [started[-1].wait_ready("/healthz")]
    check_answers(configs["1 replica"][0].port)
    return configs


if __name__ == "__main__":
    main()
