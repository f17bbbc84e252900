"""Upgrading a database made by an earlier release keeps every row, on SQLite and PostgreSQL.

The release's databases are SQL files of ours (tests/fixtures/db, written by
tests/db_release_snapshot.py on that release); the code of this checkout opens them as a
started bot does (ledger, subscriptions, OAuth stores), which migrates them (bot/migrations).
"""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from bot.migrations import VERSION_TABLE
from bot.publish.ledger import POSTED, SEEN, open_ledger
from bot.tables import METADATA
from bot.workspaces.oauth import bot_token_for, open_oauth_stores
from bot.workspaces.subscriptions import Subscription, open_subscriptions
from tests.pg_fixture import fresh_database, pg_server  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures" / "db"
RELEASES = sorted(path.name.split(".")[0] for path in FIXTURES.glob("release-*.sqlite.sql"))
CLIENT_ID = "111.222"  # as tests/db_release_snapshot.py wrote them
TABLES = sorted(METADATA.tables)

Rows = dict[str, list[tuple[Any, ...]]]


def _rows(query: Callable[[str], list[tuple[Any, ...]]]) -> Rows:
    return {table: sorted(query(f"SELECT * FROM {table}"), key=repr) for table in TABLES}


def _load_sqlite(tmp_path: Path, release: str) -> tuple[str, Callable[[], Rows]]:
    path = tmp_path / "bot.db"
    db = sqlite3.connect(path)
    db.executescript((FIXTURES / f"{release}.sqlite.sql").read_text())
    db.close()

    def rows() -> Rows:
        with sqlite3.connect(path) as reader:
            return _rows(lambda sql: reader.execute(sql).fetchall())

    return f"sqlite:///{path}", rows


def _load_postgres(url: str, release: str) -> Callable[[], Rows]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute((FIXTURES / f"{release}.postgres.sql").read_text().encode())

    def rows() -> Rows:
        with psycopg.connect(url) as reader:
            return _rows(lambda sql: reader.execute(sql.encode()).fetchall())

    return rows


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def release_db(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, Callable[[], Rows]]]:
    release = RELEASES[-1]
    if backend == "postgres":
        url = fresh_database(request.getfixturevalue("pg_server"), "upgrade")
        yield url, _load_postgres(url, release)
    else:
        yield _load_sqlite(tmp_path, release)


def _head() -> str:
    config = Config()
    config.set_main_option("script_location", "bot:migrations")
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def _revision(url: str) -> str | None:
    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
            return context.get_current_revision()
    finally:
        engine.dispose()


def test_there_is_a_release_fixture_for_each_backend() -> None:
    assert RELEASES, "tests/fixtures/db has no release-*.sqlite.sql"
    for release in RELEASES:
        assert (FIXTURES / f"{release}.postgres.sql").is_file()


def test_upgrading_the_last_release_keeps_every_row(
    release_db: tuple[str, Callable[[], Rows]], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "bot.migrations")
    url, rows = release_db
    before = rows()
    assert all(before[table] for table in TABLES), "the fixture has a row in every table"
    assert _revision(url) is None

    ledger = open_ledger(url)
    subscriptions = open_subscriptions(url)
    stores = open_oauth_stores(url, CLIENT_ID)

    assert rows() == before
    assert _revision(url) == _head()
    assert [r.getMessage() for r in caplog.records] == [
        f"migrated the durable tables from revision none to {_head()}"
        " (opening the publishing ledger)"
    ]
    posts = ledger.posts()
    assert (posts["old"].state, posts["new"].pending, posts["new"].reason) == (SEEN, True, "why")
    [sent] = ledger.parts("new")
    assert (sent.state, sent.channel, sent.ts) == (POSTED, "C1", "1.000100")
    assert ledger.targets("new") == ["", "T1/C9"]
    assert ledger.baseline_done()
    assert ledger.reserve_send("C1", 1000.0, 1.5) == 1001.5  # the release's slot is kept
    assert subscriptions.for_team("T2") == [Subscription("T2", "C8", "E2", "U2", 600.0)]
    assert bot_token_for(stores, "T1", None) == "xoxb-1"


START = (
    "import sys; from bot.publish.ledger import open_ledger;"
    " from bot.workspaces.subscriptions import open_subscriptions;"
    " from bot.workspaces.oauth import open_oauth_stores;"
    " url = sys.argv[1]; open_ledger(url).mark_baseline_done('started');"
    " open_subscriptions(url); open_oauth_stores(url, '111.222')"
)


def test_replicas_starting_together_migrate_once_and_keep_every_row(
    release_db: tuple[str, Callable[[], Rows]],
) -> None:
    url, rows = release_db
    before = rows()
    starts = [
        subprocess.Popen([sys.executable, "-c", START, url], stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    errors = [start.communicate(timeout=120)[1] for start in starts]
    assert [start.returncode for start in starts] == [0] * 4, errors
    after = rows()
    assert after.pop("publish_meta") == sorted([*before.pop("publish_meta"), ("started", "1")])
    assert after == before
    assert _revision(url) == _head()


def test_the_migrated_layout_is_the_one_the_code_uses(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    if backend == "postgres":
        url = fresh_database(request.getfixturevalue("pg_server"), "layout")
    else:
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
    open_ledger(url)
    engine = sqlalchemy.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
            )
            assert compare_metadata(context, METADATA) == []
    finally:
        engine.dispose()
