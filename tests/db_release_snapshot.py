"""Write tests/fixtures/db/release-DATE.{sqlite,postgres}.sql: the durable tables (ledger, send
slots, subscriptions, OAuth installations and states) as the code of this checkout makes them,
with a few rows written through its own API. Run it on a release, keep the files:
tests/test_db_upgrade.py upgrades them with the code of later checkouts and checks every row.

    .venv/bin/python -m tests.db_release_snapshot 2026-12-01
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from slack_sdk.oauth.installation_store import Installation

from bot.publish.ledger import ACTIVE, POSTED, SEEN, PostRecord, open_ledger
from bot.workspaces.oauth import open_oauth_stores
from bot.workspaces.subscriptions import open_subscriptions
from tests.postgres_server import start_postgres

FIXTURES = Path(__file__).parent / "fixtures" / "db"
CLIENT_ID = "111.222"


def write_rows(url: str) -> None:
    """The same rows on every backend (tests/test_db_upgrade.py expects exactly these)."""
    ledger = open_ledger(url)
    ledger.mark_baseline_done()
    ledger.put_post(PostRecord("old", "/p/old.md", 1, 10, SEEN, title="Old", date="2025-01-01"))
    ledger.put_post(
        PostRecord("new", "/p/new.md", 2, 20, ACTIVE, pending=True, reason="why", title="New")
    )
    ledger.add_part("new", "announcement", 0, "")
    ledger.add_part("new", "talk-1", 1, "t1", target="T1/C9")
    ledger.record_sent("new", "announcement", "C1", "1.000100", "hash", POSTED)
    ledger.reserve_send("C1", 1000.0, 1.5)
    subscriptions = open_subscriptions(url)
    subscriptions.subscribe("T1", "C9", "U1", 500.0)
    subscriptions.subscribe("T2", "C8", "U2", 600.0, enterprise_id="E2")
    stores = open_oauth_stores(url, CLIENT_ID)
    stores.installations.save(
        Installation(
            app_id="A1",
            team_id="T1",
            user_id="U1",
            bot_token="xoxb-1",
            bot_id="B1",
            bot_user_id="UB1",
            bot_scopes=["chat:write"],
            installed_at=700.0,
        )
    )
    stores.states.issue()


def main(date: str) -> None:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "release.db"
        write_rows(f"sqlite:///{path}")
        db = sqlite3.connect(path)
        dump = "\n".join(line for line in db.iterdump() if "sqlite_sequence" not in line)
        (FIXTURES / f"release-{date}.sqlite.sql").write_text(dump + "\n")
    server = start_postgres()
    if server is None:
        sys.exit("no PostgreSQL binaries: the .postgres.sql file is not written")
    try:
        url = server.create_database("release")
        write_rows(url)
        dump = subprocess.run(
            [str(server.bin_dir / "pg_dump"), "--no-owner", "--no-privileges", "--inserts", url],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        lines = [line for line in dump.splitlines() if not line.startswith(("\\", "SET "))]
        (FIXTURES / f"release-{date}.postgres.sql").write_text("\n".join(lines) + "\n")
    finally:
        server.stop()


if __name__ == "__main__":
    main(sys.argv[1])
