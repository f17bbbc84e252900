"""The ledger contract, on both backends: SQLite, and PostgreSQL (a throwaway server from
tests/postgres_server.py; those cases skip with its SKIP_REASON when there is none)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.publish.ledger import (
    ACTIVE,
    NEW,
    POSTED,
    POSTING,
    REMOVED,
    SEEN,
    Ledger,
    PostRecord,
    open_ledger,
)
from tests.pg_fixture import fresh_database, pg_server  # noqa: F401
from tests.postgres_server import PostgresServer


def sqlite_file(tmp: Path) -> str:
    return f"sqlite:///{tmp / 'ledger.db'}"


BACKENDS: dict[str, Callable[[Path], str]] = {"sqlite": sqlite_file}


@pytest.fixture(params=["postgres", "sqlite"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        return fresh_database(request.getfixturevalue("pg_server"), "ledger")
    return BACKENDS[request.param](tmp_path)


@pytest.fixture
def ledger(url: str) -> Iterator[Ledger]:
    yield open_ledger(url)


def record(post_id: str = "p", **changes: object) -> PostRecord:
    base = PostRecord(post_id, f"/posts/{post_id}.md", 1, 10, ACTIVE, title="T", date="2026")
    return PostRecord(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_baseline_flag_is_durable(url: str, ledger: Ledger) -> None:
    assert not ledger.baseline_done()
    ledger.mark_baseline_done()
    ledger.mark_baseline_done()
    assert open_ledger(url).baseline_done()


def test_posts_round_trip_and_put_if_absent(url: str, ledger: Ledger) -> None:
    first = record(pending=True, reason="why", error=True, due_at=12.5, layout="thread")
    ledger.put_post(first)
    assert open_ledger(url).get_post("p") == first
    assert not ledger.put_post_if_absent(record(state=SEEN))
    assert ledger.put_post_if_absent(record("q", state=SEEN))
    assert set(ledger.posts()) == {"p", "q"}
    ledger.set_pending("p", False)
    ledger.set_permalink("p", "https://x/p1")
    got = ledger.get_post("p")
    assert got is not None and (got.pending, got.reason, got.error) == (False, "", False)
    assert got.permalink == "https://x/p1" and ledger.get_post("missing") is None


def test_conditional_and_narrow_post_updates(ledger: Ledger) -> None:
    ledger.put_post(record(state=SEEN))
    assert not ledger.put_post_if_state(record(state=ACTIVE, pending=True), ACTIVE)
    assert ledger.put_post_if_state(record(state=ACTIVE, pending=True, layout="flat"), SEEN)
    assert not ledger.put_post_if_state(record(state=ACTIVE, layout=None), SEEN)  # stale
    ledger.set_permalink("p", "https://x/p1")
    ledger.update_file("p", 99, 1234, "New title", "2026-11-14T00:00:00+00:00")
    got = ledger.get_post("p")
    assert got is not None and (got.mtime_ns, got.size, got.title) == (99, 1234, "New title")
    assert (got.state, got.pending, got.layout, got.permalink) == (
        ACTIVE,
        True,
        "flat",
        "https://x/p1",
    )
    assert not ledger.put_post_if_state(record("missing", state=SEEN), SEEN)


def test_parts_lifecycle(ledger: Ledger) -> None:
    ledger.put_post(record())
    ledger.add_part("p", "talk-1", 1, "a|x")
    ledger.add_part("p", "announcement", 0, "")
    ledger.add_part("p", "talk-1", 2, "a|y")  # exists: only position and ident change
    assert [(p.part, p.position, p.ident, p.state) for p in ledger.parts("p")] == [
        ("announcement", 0, "", NEW),
        ("talk-1", 2, "a|y", NEW),
    ]
    ledger.mark_attempt("p", "talk-1", "C1")
    assert ledger.parts("p")[1].state == POSTING
    ledger.record_sent("p", "talk-1", "C1", "1.1", "h1", POSTED)
    ledger.mark_attempt("p", "talk-1", "C2")  # posted parts never go back to posting
    part = ledger.parts("p")[1]
    assert (part.state, part.channel, part.ts, part.content_hash) == (POSTED, "C1", "1.1", "h1")
    ledger.record_sent("p", "talk-1", "C1", "1.1", "h2", REMOVED)
    assert ledger.parts("p")[1].state == REMOVED


def test_claims_are_exclusive_expire_and_can_be_taken_over(ledger: Ledger) -> None:
    ledger.add_part("p", "announcement", 0, "")
    assert ledger.claim("p", "announcement", "a", now=100, ttl=10)
    assert ledger.claim("p", "announcement", "a", now=105, ttl=10)  # renewal
    assert not ledger.claim("p", "announcement", "b", now=110, ttl=10)
    assert ledger.claim("p", "announcement", "b", now=116, ttl=10)  # a's claim expired
    assert not ledger.take_over("p", "announcement", "a", "c", now=117, ttl=10)
    assert ledger.take_over("p", "announcement", "b", "c", now=117, ttl=10)
    ledger.release("p", "announcement", "b")  # not the holder: no effect
    assert not ledger.claim("p", "announcement", "a", now=118, ttl=10)
    ledger.release("p", "announcement", "c")
    assert ledger.claim("p", "announcement", "a", now=118, ttl=10)


def test_concurrent_claims_one_winner(url: str) -> None:
    open_ledger(url).add_part("p", "announcement", 0, "")
    winners: list[str] = []
    barrier = threading.Barrier(8)

    def contend(name: str) -> None:
        mine = open_ledger(url)
        barrier.wait()
        if mine.claim("p", "announcement", name, now=1, ttl=60):
            winners.append(name)

    threads = [threading.Thread(target=contend, args=(f"w{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1


def test_send_slots_are_spaced_per_channel(ledger: Ledger) -> None:
    assert [ledger.reserve_send("C1", 100.0, 1.0) for _ in range(3)] == [100.0, 101.0, 102.0]
    assert ledger.reserve_send("C2", 100.0, 1.0) == 100.0  # another channel: its own slots
    assert ledger.reserve_send("C1", 100.5, 1.0) == 103.0  # still queued behind the others
    assert ledger.reserve_send("C1", 200.0, 1.0) == 200.0  # idle since: at once


def test_concurrent_send_slots_are_all_different(url: str) -> None:
    open_ledger(url).reserve_send("C1", 0.0, 1.0)
    starts: list[float] = []
    barrier = threading.Barrier(6)

    def reserve() -> None:
        mine = open_ledger(url)
        barrier.wait()
        starts.append(mine.reserve_send("C1", 1000.0, 1.0))

    threads = [threading.Thread(target=reserve) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(starts) == [1000.0, 1001.0, 1002.0, 1003.0, 1004.0, 1005.0]


def test_values_are_bound_not_spliced(ledger: Ledger) -> None:
    evil = "x'); DROP TABLE publish_parts; --"
    ledger.put_post(record(evil, title=evil))
    ledger.add_part(evil, evil, 0, evil)
    assert ledger.parts(evil)[0].part == evil and ledger.get_post(evil).title == evil  # type: ignore[union-attr]


@pytest.mark.parametrize("bad", ["mysql://x", "sqlite:///", "postgresql://u:pw@127.0.0.1:1/db"])
def test_unsupported_urls_are_config_errors(bad: str) -> None:
    with pytest.raises(ConfigError) as error:
        open_ledger(bad)
    assert "pw" not in str(error.value)


def test_parts_are_kept_per_target(ledger: Ledger) -> None:
    ledger.add_part("p", "announcement", 0, "")
    ledger.add_part("p", "announcement", 0, "", target="T1/C9")
    assert ledger.targets("p") == ["", "T1/C9"] and ledger.targets("q") == []
    assert ledger.claim("p", "announcement", "a", now=1, ttl=10)
    assert ledger.claim("p", "announcement", "b", now=1, ttl=10, target="T1/C9")
    ledger.mark_attempt("p", "announcement", "C9", target="T1/C9")
    ledger.record_sent("p", "announcement", "C1", "1.1", "h", POSTED)
    [default], [other] = ledger.parts("p"), ledger.parts("p", target="T1/C9")
    assert (default.state, default.channel, default.claim_owner) == (POSTED, "C1", "a")
    assert (other.state, other.channel, other.claim_owner, other.target) == (
        POSTING,
        "C9",
        "b",
        "T1/C9",
    )
    ledger.release("p", "announcement", "b", target="T1/C9")
    assert ledger.take_over("p", "announcement", "a", "c", now=2, ttl=10)
    assert ledger.parts("p", target="T1/C9")[0].claim_owner is None


def test_migrations_are_idempotent_and_safe_when_replicas_start_at_once(url: str) -> None:
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def start() -> None:
        barrier.wait()
        try:
            open_ledger(url).mark_baseline_done()
        except BaseException as error:  # collected: asserted below
            errors.append(error)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and open_ledger(url).baseline_done()


def test_a_sqlite_ledger_from_before_targets_is_migrated(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE publish_parts (post_id TEXT NOT NULL, part TEXT NOT NULL,
          position INTEGER NOT NULL, ident TEXT NOT NULL, state TEXT NOT NULL, channel TEXT,
          ts TEXT, content_hash TEXT NOT NULL, claim_owner TEXT, claim_expires REAL NOT NULL,
          PRIMARY KEY (post_id, part));
        INSERT INTO publish_parts VALUES ('p', 'announcement', 0, '', 'posted', 'C1', '1.1',
          'h', NULL, 0);""")
    db.close()
    ledger = open_ledger(f"sqlite:///{path}")
    [part] = ledger.parts("p")
    assert (part.state, part.ts, part.target) == (POSTED, "1.1", "")
    ledger.add_part("p", "announcement", 0, "", target="T/C")
    assert ledger.targets("p") == ["", "T/C"]


def test_a_postgres_ledger_reconnects_after_the_server_closed_its_connection(
    pg_server: PostgresServer,  # noqa: F811
) -> None:
    url = fresh_database(pg_server, "ledger")
    ledger = open_ledger(url)
    ledger.put_post(record())
    psycopg = pytest.importorskip("psycopg")
    with psycopg.connect(pg_server.url, autocommit=True) as admin:
        closed = admin.execute(
            "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE datname = %s",
            (url.rsplit("/", 1)[1],),
        ).fetchall()
    assert closed == [(True,)]  # the ledger's idle connection, e.g. a server restart or failover
    assert ledger.get_post("p") == record()
    assert ledger.claim("p", "announcement", "a", now=1, ttl=10) is False  # no such part
    ledger.close()
