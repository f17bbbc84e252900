"""MEETUP_DATABASE_URL is read one way by the index, the ledger and the subscriptions: the
SQLite file, PostgreSQL, and one clear line without the password for anything else."""

from __future__ import annotations

import pytest

from bot.db import acquire, release
from bot.dburl import is_postgres, redact, sqlalchemy_url, sqlite_path, unknown_scheme
from bot.errors import ConfigError
from bot.publish.ledger import open_ledger
from bot.store import open_store
from bot.workspaces.oauth import open_oauth_stores
from bot.workspaces.subscriptions import open_subscriptions


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///meetup.db", "meetup.db"),
        ("sqlite:////var/lib/meetup/meetup.db", "/var/lib/meetup/meetup.db"),
        ("sqlite:///:memory:", ":memory:"),
        ("sqlite:///with%20space.db", "with space.db"),
        ("sqlite:///", None),
        ("sqlite://meetup.db", None),
        ("postgresql://u:p@h/db", None),
    ],
)
def test_sqlite_path(url: str, path: str | None) -> None:
    assert sqlite_path(url) == path


def test_postgres_urls_and_their_sqlalchemy_form() -> None:
    assert is_postgres("postgresql://h/db") and is_postgres("postgres://h/db")
    assert not is_postgres("sqlite:///x.db")
    assert sqlalchemy_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert sqlalchemy_url("sqlite:///x.db") == "sqlite:///x.db"


@pytest.mark.parametrize("opener", [open_store, open_ledger, open_subscriptions])
@pytest.mark.parametrize("url", ["mysql://root:hunter2@db/meetup", "sqlite:///", "meetup.db"])
def test_every_opener_refuses_an_unknown_url_without_the_password(opener, url: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as caught:
        opener(url)
    assert "MEETUP_DATABASE_URL" in str(caught.value)
    assert "hunter2" not in str(caught.value)
    assert str(caught.value) == str(unknown_scheme(url))


def test_redact_keeps_the_host_only() -> None:
    assert redact("postgresql://meetup:s3cret@db.internal:5432/meetup") == (
        "postgresql://db.internal:5432/meetup"
    )


@pytest.mark.parametrize(
    ("opener", "what"),
    [(open_ledger, "the publishing ledger"), (open_subscriptions, "the subscriptions")],
)
def test_a_file_that_cannot_be_opened_is_one_line_naming_it(opener, what: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as caught:
        opener(f"sqlite:///{tmp_path}")  # a folder, not a database file
    assert str(caught.value).startswith(f"MEETUP_DATABASE_URL: cannot open {what} at {tmp_path}")


@pytest.mark.parametrize("opener", [open_store, open_ledger, open_subscriptions])
def test_every_opener_creates_a_missing_sqlite_folder(opener, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """One rule for `sqlite:///no/dir/x.db` everywhere: the folder is created (it used to be an
    error for the index and fine for the ledger)."""
    path = tmp_path / "no" / "dir" / "x.db"
    opener(f"sqlite:///{path}").close()
    assert path.is_file()


def test_one_engine_per_url_until_the_last_user_releases_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite:///{tmp_path / 'm.db'}"
    first, second = acquire(url), acquire(url)
    assert first is second
    release(first)
    assert acquire(url) is second  # still in use once
    release(second)
    release(second)
    third = acquire(url)
    assert third is not first  # the last user gone: a new engine for a new user
    release(third)
    memory = acquire("sqlite:///:memory:")
    assert memory is not acquire("sqlite:///:memory:")  # :memory: is private to its opener


def test_subscriptions_and_installations_are_opened_once_per_url(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """`serve` asks for them twice (the publisher's fan-out and the Slack app): one store."""
    url = f"sqlite:///{tmp_path / 'm.db'}"
    publisher_side, slack_side = open_subscriptions(url), open_subscriptions(url)
    assert publisher_side is slack_side
    publisher_side.subscribe("T1", "C1", "U1", 1.0)
    publisher_side.close()  # one user gone: the other still reads
    assert [s.channel_id for s in slack_side.for_team("T1")] == ["C1"]
    slack_side.close()
    assert open_oauth_stores(url, "cid") is open_oauth_stores(url, "cid")
