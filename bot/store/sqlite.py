"""The SQLite backend: one database file, WAL mode, a connection per thread.

Tables: `files` (fingerprint of every post file), `posts` (one meetup), `talks` (the talk as
JSON plus its normalised field texts), `grams` (bigram id -> talk id posting table, WITHOUT ROWID).
A search picks the rarest bigrams of the query to find candidate talks, then checks every term
as a normalised substring (`instr`) and scores in SQL, so only one page of talks is loaded.
Every value reaches SQL as a bound parameter; SQL text is built from fixed fragments only.
"""

from __future__ import annotations

import contextlib
import itertools
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.errors import ConfigError
from bot.model import MeetupRef, Post
from bot.query import Term, grams
from bot.store.base import (
    Change,
    DeleteFile,
    Fingerprint,
    MatchPage,
    PutPost,
    Store,
    StoredTalk,
    TouchFile,
    date_from_text,
    date_to_text,
    normalized_fields,
    sort_key_of,
    talk_from_json,
    talk_to_json,
)

SCHEMA_VERSION = 2

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    file_key TEXT PRIMARY KEY,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    post_id TEXT
);
CREATE TABLE IF NOT EXISTS posts (
    post_id TEXT PRIMARY KEY,
    file_key TEXT NOT NULL UNIQUE,
    slug TEXT NOT NULL,
    title TEXT NOT NULL,
    date TEXT NOT NULL,
    sort_date TEXT NOT NULL,
    url TEXT,
    talk_count INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS posts_by_date ON posts (sort_date);
CREATE TABLE IF NOT EXISTS talks (
    talk_id INTEGER PRIMARY KEY,
    post_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    sort_date TEXT NOT NULL,
    data TEXT NOT NULL,
    n_title TEXT NOT NULL,
    n_speaker TEXT NOT NULL,
    n_impressions TEXT NOT NULL,
    n_notes TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS talks_by_post ON talks (post_id, position);
CREATE TABLE IF NOT EXISTS grams (
    gram INTEGER NOT NULL,
    talk_id INTEGER NOT NULL,
    PRIMARY KEY (gram, talk_id)
) WITHOUT ROWID;
"""

# Field name -> column. Only these fixed names are ever put into SQL text.
COLUMNS = {
    "title": "t.n_title",
    "speaker": "t.n_speaker",
    "impressions": "t.n_impressions",
    "notes": "t.n_notes",
}

DRIVING_GRAMS = 3
"""How many of the rarest query bigrams are intersected in SQL (instr checks the rest)."""
COUNT_CAP = 2000
"""Posting lists are counted up to this length to find the rarest bigrams cheaply."""
CHUNK = 500


def _memory_uri(store_id: int) -> str:
    return f"file:meetup-bot-{store_id}?mode=memory&cache=shared"


class SQLiteStore(Store):
    """A Store in one SQLite file (`:memory:` for a private in-memory database)."""

    def __init__(self, path: str | Path) -> None:
        self._path = str(path)
        self._memory = self._path == ":memory:"
        if not self._memory:
            parent = Path(self._path).parent
            if not parent.is_dir():
                raise ConfigError(f"MEETUP_DATABASE_URL: folder {parent} does not exist")
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()  # guards _connections
        # File: a connection per thread, WAL lets readers run while one thread writes.
        # Memory: one shared connection, every use serialised by one lock.
        self._write_lock = threading.RLock()
        self._read_lock: threading.RLock | contextlib.nullcontext[None] = (
            self._write_lock if self._memory else contextlib.nullcontext()
        )
        self._closed = False
        self._keeper: sqlite3.Connection | None = None
        conn = self._conn()
        if self._memory:
            self._keeper = conn  # keeps the shared in-memory database alive
        self._init_schema(conn)

    # --- connections -----------------------------------------------------------------------
    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self._keeper is not None:
            return self._keeper
        if self._closed:
            raise RuntimeError("store is closed")
        try:
            if self._memory:
                conn = sqlite3.connect(
                    _memory_uri(id(self)),
                    uri=True,
                    check_same_thread=False,
                    isolation_level=None,
                    timeout=30,
                )
            else:
                conn = sqlite3.connect(
                    self._path, check_same_thread=False, isolation_level=None, timeout=30
                )
        except sqlite3.Error as error:
            raise ConfigError(f"cannot open the database {self._path}: {error}") from None
        if not self._memory:
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute("PRAGMA cache_size=-65536")
        self._local.conn = conn
        with self._lock:
            self._connections.append(conn)
        return conn

    def _init_schema(self, conn: sqlite3.Connection) -> None:
        with self._write_lock:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                # The index is derived data: an old layout is dropped and rebuilt by the next sync.
                for table in ("grams", "talks", "posts", "files"):
                    conn.execute(f"DROP TABLE IF EXISTS {table}")
            conn.executescript(SCHEMA)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            connections, self._connections = self._connections, []
        for conn in connections:
            conn.close()
        self._local = threading.local()

    # --- files and posts -----------------------------------------------------------------------
    def file_fingerprints(self) -> dict[str, Fingerprint]:
        rows = self._fetch("SELECT file_key, mtime_ns, size, sha256 FROM files")
        return {key: Fingerprint(mtime, size, sha) for key, mtime, size, sha in rows}

    def apply(self, changes: Sequence[Change]) -> None:
        if not changes:
            return
        conn = self._conn()
        with self._write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                gram_rows: list[tuple[int, int]] = []
                next_id = conn.execute("SELECT coalesce(max(talk_id), 0) + 1 FROM talks")
                talk_id = int(next_id.fetchone()[0])
                for change in changes:
                    if isinstance(change, TouchFile):
                        self._put_file(conn, change.file_key, change.fingerprint, keep_post=True)
                    elif isinstance(change, DeleteFile):
                        self._remove_post(conn, change.file_key)
                        conn.execute("DELETE FROM files WHERE file_key = ?", (change.file_key,))
                    elif isinstance(change, PutPost):
                        self._remove_post(conn, change.file_key)
                        post_id = None
                        if change.post is not None:
                            post_id, talk_id = self._insert_post(
                                conn, change.file_key, change.post, talk_id, gram_rows
                            )
                        self._put_file(conn, change.file_key, change.fingerprint, post_id=post_id)
                    else:  # pragma: no cover - exhaustive
                        raise TypeError(f"unknown change {change!r}")
                gram_rows.sort()
                conn.executemany("INSERT INTO grams (gram, talk_id) VALUES (?, ?)", gram_rows)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise

    @staticmethod
    def _put_file(
        conn: sqlite3.Connection,
        file_key: str,
        fp: Fingerprint,
        *,
        post_id: str | None = None,
        keep_post: bool = False,
    ) -> None:
        if keep_post:
            conn.execute(
                "UPDATE files SET mtime_ns = ?, size = ?, sha256 = ? WHERE file_key = ?",
                (fp.mtime_ns, fp.size, fp.sha256, file_key),
            )
            return
        conn.execute(
            "INSERT INTO files (file_key, mtime_ns, size, sha256, post_id) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (file_key) DO UPDATE SET mtime_ns = excluded.mtime_ns,"
            " size = excluded.size, sha256 = excluded.sha256, post_id = excluded.post_id",
            (file_key, fp.mtime_ns, fp.size, fp.sha256, post_id),
        )

    @staticmethod
    def _remove_post(conn: sqlite3.Connection, file_key: str) -> None:
        row = conn.execute("SELECT post_id FROM posts WHERE file_key = ?", (file_key,)).fetchone()
        if row is None:
            return
        post_id = row[0]
        doomed: list[tuple[int, int]] = []
        for talk_id, *texts in conn.execute(
            "SELECT talk_id, n_title, n_speaker, n_impressions, n_notes FROM talks"
            " WHERE post_id = ?",
            (post_id,),
        ):
            for text in texts:
                doomed.extend((gram, talk_id) for gram in grams(text))
        doomed = sorted(set(doomed))
        conn.executemany("DELETE FROM grams WHERE gram = ? AND talk_id = ?", doomed)
        conn.execute("DELETE FROM talks WHERE post_id = ?", (post_id,))
        conn.execute("DELETE FROM posts WHERE post_id = ?", (post_id,))

    @staticmethod
    def _insert_post(
        conn: sqlite3.Connection,
        file_key: str,
        post: Post,
        talk_id: int,
        gram_rows: list[tuple[int, int]],
    ) -> tuple[str, int]:
        base = post.slug or Path(file_key).stem or "post"
        post_id = base
        for number in itertools.count(2):
            if conn.execute("SELECT 1 FROM posts WHERE post_id = ?", (post_id,)).fetchone() is None:
                break
            post_id = f"{base}-{number}"
        sort_date = sort_key_of(post.date)
        conn.execute(
            "INSERT INTO posts (post_id, file_key, slug, title, date, sort_date, url, talk_count)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                post_id,
                file_key,
                post.slug,
                post.title,
                date_to_text(post.date),
                sort_date,
                post.url,
                len(post.talks),
            ),
        )
        rows = []
        for position, talk in enumerate(post.talks):
            norm = normalized_fields(talk)
            rows.append(
                (
                    talk_id,
                    post_id,
                    position,
                    sort_date,
                    talk_to_json(talk),
                    norm["title"],
                    norm["speaker"],
                    norm["impressions"],
                    norm["notes"],
                )
            )
            ids: set[int] = set()
            for text in norm.values():
                ids |= grams(text)
            gram_rows.extend((gram, talk_id) for gram in ids)
            talk_id += 1
        conn.executemany(
            "INSERT INTO talks (talk_id, post_id, position, sort_date, data, n_title, n_speaker,"
            " n_impressions, n_notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        return post_id, talk_id

    # --- reading -------------------------------------------------------------------------------
    _MEETUP_COLUMNS = "p.post_id, p.title, p.date, p.url, p.talk_count"

    @staticmethod
    def _meetup(row: Sequence[object]) -> MeetupRef:
        post_id, title, date_text, url, count = row
        return MeetupRef(
            post_id=str(post_id),
            title=str(title),
            date=date_from_text(str(date_text)),
            url=None if url is None else str(url),
            talk_count=int(count),  # type: ignore[call-overload]
        )

    def list_meetups(self) -> list[MeetupRef]:
        rows = self._fetch(
            f"SELECT {self._MEETUP_COLUMNS} FROM posts p ORDER BY p.sort_date DESC, p.post_id"
        )
        return [self._meetup(row) for row in rows]

    def get_meetup(self, post_id: str) -> MeetupRef | None:
        rows = self._fetch(
            f"SELECT {self._MEETUP_COLUMNS} FROM posts p WHERE p.post_id = ?", (post_id,)
        )
        return self._meetup(rows[0]) if rows else None

    def _talks(self, where: str, params: Sequence[object]) -> list[StoredTalk]:
        rows = self._fetch(
            f"SELECT t.talk_id, t.position, t.data, {self._MEETUP_COLUMNS}"
            f" FROM talks t JOIN posts p ON p.post_id = t.post_id WHERE {where}",
            params,
        )
        return [
            StoredTalk(talk_id, self._meetup(rest), position, talk_from_json(data))
            for talk_id, position, data, *rest in rows
        ]

    def get_talks(self, talk_ids: Sequence[int]) -> list[StoredTalk]:
        found: dict[int, StoredTalk] = {}
        ids = list(talk_ids)
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            marks = ", ".join("?" * len(chunk))
            for talk in self._talks(f"t.talk_id IN ({marks})", chunk):
                found[talk.talk_id] = talk
        return [found[i] for i in ids if i in found]

    def meetup_talks(self, post_id: str, *, offset: int, limit: int) -> list[StoredTalk]:
        return self._talks(
            "t.post_id = ? ORDER BY t.position LIMIT ? OFFSET ?", (post_id, limit, offset)
        )

    # --- search --------------------------------------------------------------------------------
    def _fetch(self, sql: str, params: Sequence[object] | dict[str, object] = ()) -> list[Any]:
        conn = self._conn()
        with self._read_lock:
            return conn.execute(sql, params).fetchall()

    def _posting_size(self, gram: int) -> int:
        rows = self._fetch(
            "SELECT count(*) FROM (SELECT 1 FROM grams WHERE gram = ? LIMIT ?)", (gram, COUNT_CAP)
        )
        return int(rows[0][0])

    def match(
        self, terms: Sequence[Term], weights: dict[str, int], *, offset: int, limit: int
    ) -> MatchPage:
        if not terms:
            return MatchPage(0)
        params: dict[str, object] = {"limit": limit, "offset": offset}
        all_grams: set[int] = set()
        for term in terms:
            all_grams |= term.grams
        sized = []
        for gram in sorted(all_grams):
            size = self._posting_size(gram)
            if size == 0:
                return MatchPage(0)  # a bigram nobody has: no talk can match
            sized.append((size, gram))
        sized.sort()
        driving = [gram for _, gram in sized[:DRIVING_GRAMS]]
        if driving:
            source = "grams g0"
            for index in range(1, len(driving)):
                source += (
                    f" CROSS JOIN grams g{index} ON g{index}.gram = :g{index}"
                    f" AND g{index}.talk_id = g0.talk_id"
                )
            source += " CROSS JOIN talks t ON t.talk_id = g0.talk_id WHERE g0.gram = :g0"
            for index, gram in enumerate(driving):
                params[f"g{index}"] = gram
        else:
            source = "talks t"  # only one-character terms: a scan, checked by instr
        cases = []
        for index, term in enumerate(terms):
            params[f"t{index}"] = term.text
            fields = sorted(term.fields, key=lambda name: -weights[name])
            whens = " ".join(
                f"WHEN instr({COLUMNS[name]}, :t{index}) > 0 THEN {int(weights[name])}"
                for name in fields
            )
            cases.append(f"CASE {whens} ELSE 0 END AS s{index}")
        score = " + ".join(f"s{index}" for index in range(len(terms)))
        every = " AND ".join(f"s{index} > 0" for index in range(len(terms)))
        inner = (
            "SELECT t.talk_id AS talk_id, t.sort_date AS sort_date, t.post_id AS post_id,"
            f" t.position AS position, {', '.join(cases)} FROM {source}"
        )
        sql = (
            f"SELECT talk_id, {score} AS score, count(*) OVER () AS total FROM ({inner})"
            f" WHERE {every}"
            " ORDER BY score DESC, sort_date DESC, post_id, position LIMIT :limit OFFSET :offset"
        )
        rows = self._fetch(sql, params)
        if rows:
            return MatchPage(
                total=int(rows[0][2]),
                talk_ids=tuple(int(row[0]) for row in rows),
                scores=tuple(float(row[1]) for row in rows),
            )
        if offset == 0:
            return MatchPage(0)
        count_sql = f"SELECT count(*) FROM ({inner}) WHERE {every}"
        params.pop("limit")
        params.pop("offset")
        return MatchPage(int(self._fetch(count_sql, params)[0][0]))
