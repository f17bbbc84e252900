"""A PostgreSQL server for the whole test session (tests/postgres_server.py), and a fresh
database per test. Tests that use it skip with SKIP_REASON where no server binaries exist."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from tests.postgres_server import SKIP_REASON, PostgresServer, start_postgres

_names = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PostgresServer]:
    server = start_postgres()
    if server is None:
        pytest.skip(SKIP_REASON)
    yield server
    server.stop()


def fresh_database(server: PostgresServer, prefix: str = "t") -> str:
    return server.create_database(f"{prefix}_{next(_names)}")
