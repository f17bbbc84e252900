"""The store backends every store and search test runs on: SQLite (file and memory) and
PostgreSQL (a throwaway server for the session, a fresh database per test; skipped when the
machine has no PostgreSQL server binaries). Import `backend_url` into a test module."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.postgres_server import SKIP_REASON, PostgresServer, start_postgres

BACKENDS = ("sqlite", "sqlite-memory", "postgres")
"""Backend names, the `backend_url` fixture's parameters."""
PERSISTENT = ("sqlite", "postgres")
"""Backends whose data outlives the store object."""

_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = start_postgres()
    if server is None:
        pytest.skip(SKIP_REASON)
    yield server
    server.stop()


def fresh_postgres_url(request: pytest.FixtureRequest) -> str:
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.create_database(f"meetup_test_{next(_numbers)}")


def url_for(name: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A URL for an empty database of the named backend."""
    if name == "sqlite":
        return f"sqlite:///{tmp_path / 'meetup.db'}"
    if name == "sqlite-memory":
        return "sqlite:///:memory:"
    if name == "postgres":
        return fresh_postgres_url(request)
    raise ValueError(name)


@pytest.fixture(params=BACKENDS)
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(backend name, URL of an empty database)."""
    name: str = request.param
    return name, url_for(name, tmp_path, request)


@pytest.fixture(params=PERSISTENT)
def persistent_url(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(backend name, URL of an empty database) for the backends that keep data on disk."""
    name: str = request.param
    return name, url_for(name, tmp_path, request)
