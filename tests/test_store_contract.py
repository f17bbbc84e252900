"""The Store contract: one suite, run against every backend in `tests.store_backends.BACKENDS`
(SQLite file, SQLite in memory, PostgreSQL; PostgreSQL skips where no server binaries exist).
"""

from __future__ import annotations

import concurrent.futures
import json
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.model import LinkKind, Note, NoteKind, Post, Span, Talk
from bot.query import Term, normalize
from bot.search import FIELD_WEIGHTS
from bot.store import Store, open_store
from bot.store.base import (
    DeleteFile,
    Fingerprint,
    PutPost,
    TouchFile,
    talk_from_json,
    talk_to_json,
)
from tests.search_fixtures import ALL_POSTS, EVENING, HOSTILE, KYOTO, OSAKA_4
from tests.store_backends import BACKENDS, backend_url, postgres_server  # noqa: F401

StoreFactory = Callable[[], Store]


@pytest.fixture
def backend(backend_url: tuple[str, str]) -> tuple[str, StoreFactory]:  # noqa: F811
    """(backend name, a factory opening the same empty database each time it is called)."""
    name, url = backend_url
    return name, lambda: open_store(url)


@pytest.fixture
def store(backend: tuple[str, StoreFactory]) -> Iterator[Store]:
    s = backend[1]()
    yield s
    s.close()


FP = Fingerprint(1, 10, "a" * 64)
KYOTO_ID = "2016-03-05-container-night-kyoto-2"


def fp(n: int) -> Fingerprint:
    return Fingerprint(n, n * 10, f"{n:064x}")


def ids(store: Store, *texts: str, fields: tuple[str, ...] | None = None) -> list[tuple[str, int]]:
    terms = [Term(normalize(t)) if fields is None else Term(normalize(t), fields) for t in texts]
    page = store.match(terms, FIELD_WEIGHTS, offset=0, limit=100)
    return [(t.meetup.post_id, t.position) for t in store.get_talks(page.talk_ids)]


def fill(store: Store) -> None:
    store.apply([PutPost(key, fp(i + 1), post) for i, (key, post) in enumerate(ALL_POSTS.items())])


def test_empty_store(store: Store) -> None:
    assert store.file_fingerprints() == {}
    assert store.list_meetups() == []
    assert store.get_meetup("nope") is None
    assert store.meetup_talks("nope", offset=0, limit=10) == []
    assert store.match([Term("cgroup")], FIELD_WEIGHTS, offset=0, limit=5).total == 0
    assert store.get_talks([1, 2, 3]) == []


def test_round_trip_rebuilds_talks_and_meetups(store: Store) -> None:
    store.upsert_post("2016-03-05-container-night-kyoto-2", FP, KYOTO, KYOTO.url)
    assert store.file_fingerprints() == {"2016-03-05-container-night-kyoto-2": FP}
    meetup = store.get_meetup("2016-03-05-container-night-kyoto-2")
    assert meetup is not None
    assert (meetup.title, meetup.date, meetup.url, meetup.talk_count) == (
        KYOTO.title,
        KYOTO.date,
        KYOTO.url,
        3,
    )
    talks = store.meetup_talks(meetup.post_id, offset=0, limit=10)
    assert [t.talk for t in talks] == list(KYOTO.talks)  # notes tree, spans, links, code
    assert [t.position for t in talks] == [0, 1, 2]
    assert store.meetup_talks(meetup.post_id, offset=1, limit=1)[0].talk == KYOTO.talks[1]
    assert store.get_talks([talks[2].talk_id, talks[0].talk_id]) == [talks[2], talks[0]]


def test_list_meetups_newest_first_and_dates_kept(store: Store) -> None:
    fill(store)
    meetups = store.list_meetups()
    assert [m.post_id for m in meetups] == [
        "2017-01-10-go-meetup-osaka-40",
        "2016-03-05-container-night-kyoto-2",
        "2015-11-20-cloud-native-evening",
        "2014-06-01-go-meetup-osaka-4",
    ]
    assert meetups[2].date == EVENING.date and type(meetups[2].date) is type(EVENING.date)


def test_match_every_term_anywhere_ranked_by_field_then_date(store: Store) -> None:
    fill(store)
    # Title matches in two meetups: the newer first.
    assert ids(store, "cgroup") == [
        ("2016-03-05-container-night-kyoto-2", 0),
        ("2015-11-20-cloud-native-evening", 0),
    ]
    # impressions (2) > notes (1); ties newer first, then position.
    assert ids(store, "監視") == [
        ("2015-11-20-cloud-native-evening", 1),
        ("2016-03-05-container-night-kyoto-2", 1),
        ("2016-03-05-container-night-kyoto-2", 2),
    ]
    assert ids(store, "kubernetes", "etcd") == [("2016-03-05-container-night-kyoto-2", 1)]
    assert ids(store, "kubernetes", "cgroup") == []
    assert ids(store, "taro", fields=("speaker",)) == [("2016-03-05-container-night-kyoto-2", 1)]
    assert ids(store, "kubernetes", fields=("speaker",)) == []


def test_match_short_terms_and_paging(store: Store) -> None:
    fill(store)
    assert ids(store, "楽") == [("2014-06-01-go-meetup-osaka-4", 0)]  # one character: no bigram
    assert ids(store, "隔離") == [("2016-03-05-container-night-kyoto-2", 0)]
    every = store.match([Term("o")], FIELD_WEIGHTS, offset=0, limit=100)
    page = store.match([Term("o")], FIELD_WEIGHTS, offset=2, limit=2)
    assert page.total == every.total > 4
    assert page.talk_ids == every.talk_ids[2:4]
    beyond = store.match([Term("o")], FIELD_WEIGHTS, offset=1000, limit=2)
    assert (beyond.total, beyond.talk_ids) == (every.total, ())


def test_replace_updates_only_that_post_and_keeps_its_id(store: Store) -> None:
    fill(store)
    changed = KYOTO.__class__(**{**KYOTO.__dict__, "talks": KYOTO.talks[1:]})
    store.upsert_post("2016-03-05-container-night-kyoto-2", FP, changed)
    assert ids(store, "cgroup") == [("2015-11-20-cloud-native-evening", 0)]
    assert ids(store, "etcd") == [("2016-03-05-container-night-kyoto-2", 0)]
    assert store.get_meetup("2016-03-05-container-night-kyoto-2").talk_count == 2  # type: ignore[union-attr]
    assert len(store.list_meetups()) == 4


def test_one_post_in_two_folders_is_two_meetups_by_their_ids(store: Store) -> None:
    store.apply([PutPost("a/x", fp(1), OSAKA_4), PutPost("b/x", fp(2), OSAKA_4)])
    assert sorted(m.post_id for m in store.list_meetups()) == ["a/x", "b/x"]


def test_delete_and_none_post_and_touch(store: Store) -> None:
    fill(store)
    store.delete_post("2016-03-05-container-night-kyoto-2")
    assert ids(store, "etcd") == []
    assert store.get_meetup("2016-03-05-container-night-kyoto-2") is None
    assert "2016-03-05-container-night-kyoto-2" not in store.file_fingerprints()
    # A file recorded without a post (a draft) removes the post it had.
    store.upsert_post("2014-06-01-go-meetup-osaka-4", fp(9), None)
    assert store.get_meetup("2014-06-01-go-meetup-osaka-4") is None
    assert store.file_fingerprints()["2014-06-01-go-meetup-osaka-4"] == fp(9)
    # Touch: fingerprint only.
    store.apply([TouchFile("2017-01-10-go-meetup-osaka-40", fp(7))])
    assert store.file_fingerprints()["2017-01-10-go-meetup-osaka-40"] == fp(7)
    assert ids(store, "pprof") == [("2017-01-10-go-meetup-osaka-40", 0)]
    store.apply([DeleteFile("never-seen")])  # no error


def test_apply_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(TypeError):
        store.apply([PutPost("2016-03-05-container-night-kyoto-2", FP, KYOTO), "not a change"])  # type: ignore[list-item]
    assert store.list_meetups() == []
    assert store.file_fingerprints() == {}
    store.upsert_post("2016-03-05-container-night-kyoto-2", FP, KYOTO)  # still usable
    assert len(store.list_meetups()) == 1


@pytest.mark.parametrize("text", [*HOSTILE, "x" * 10_000])
def test_hostile_term_text_is_only_data(store: Store, text: str) -> None:
    fill(store)
    norm = normalize(text)
    if norm:
        store.match([Term(norm)], FIELD_WEIGHTS, offset=0, limit=5)
        store.match([Term(norm, ("speaker",))], FIELD_WEIGHTS, offset=0, limit=5)
    assert len(store.list_meetups()) == 4
    assert ids(store, "cgroup")


def test_concurrent_readers_and_writer(store: Store) -> None:
    fill(store)
    errors: list[BaseException] = []

    def reader() -> None:
        try:
            for _ in range(30):
                assert ids(store, "pprof") == [("2017-01-10-go-meetup-osaka-40", 0)]
                store.list_meetups()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    def writer() -> None:
        try:
            for n in range(30):
                store.upsert_post(f"extra-{n % 3}", fp(100 + n), OSAKA_4)
        except BaseException as error:  # pragma: no cover
            errors.append(error)

    threads = [threading.Thread(target=reader) for _ in range(4)] + [
        threading.Thread(target=writer)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(store.list_meetups()) == 7


def test_data_survives_reopen(backend: tuple[str, StoreFactory]) -> None:
    name, factory = backend
    if "memory" in name:
        pytest.skip("an in-memory store does not outlive close()")
    first = factory()
    fill(first)
    first.close()
    second = factory()
    try:
        assert len(second.list_meetups()) == 4
        assert len(second.file_fingerprints()) == 4
        assert ids(second, "etcd") == [("2016-03-05-container-night-kyoto-2", 1)]
    finally:
        second.close()


def test_open_store_urls(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        open_store("mysql://user:secret@db/meetup")
    assert "secret" not in str(info.value)
    with open_store(f"sqlite:///{tmp_path}/ok.db") as s:
        assert s.list_meetups() == []


def test_list_meetups_filters(store: Store) -> None:
    fill(store)
    assert [m.post_id for m in store.list_meetups(limit=1)] == ["2017-01-10-go-meetup-osaka-40"]
    osaka = store.list_meetups(contains=["go", "osaka"])
    assert [m.post_id for m in osaka] == [
        "2017-01-10-go-meetup-osaka-40",
        "2014-06-01-go-meetup-osaka-4",
    ]
    assert [m.post_id for m in store.list_meetups(day_prefix="2015-11")] == [
        "2015-11-20-cloud-native-evening"
    ]
    assert store.list_meetups(contains=["' or 1=1 --"]) == []


def _many_talks(count: int, word: str) -> Post:
    talks = tuple(
        Talk(
            f"@s{n}",
            f"{word} in the title {n}" if n % 100 == 0 else f"talk {n}",
            None,
            (Note(NoteKind.BULLET, (Span(f"we use {word} every day"),)),),
        )
        for n in range(count)
    )
    return Post(title="Big", date=date(2020, 1, 1), slug="big", talks=talks)


def test_huge_matches_rank_the_page_and_estimate_the_total(store: Store) -> None:
    store.upsert_post("big", FP, _many_talks(1500, "kafkaesque"))
    page = store.match([Term("kafkaesque")], FIELD_WEIGHTS, offset=0, limit=5)
    talks = store.get_talks(page.talk_ids)
    assert [t.position for t in talks] == [0, 100, 200, 300, 400]  # title hits, post order
    assert page.scores == (8.0,) * 5
    assert 1000 < page.total <= 1500  # about 1,500: not every candidate was checked
    second = store.match([Term("kafkaesque")], FIELD_WEIGHTS, offset=13, limit=5)
    positions = [t.position for t in store.get_talks(second.talk_ids)]
    assert positions == [1300, 1400, 1, 2, 3]  # the last title hits, then notes in order
    exact = store.match([Term("kafkaesque"), Term("title")], FIELD_WEIGHTS, offset=0, limit=50)
    assert (exact.total, exact.exact, len(exact.talk_ids)) == (15, True, 15)


def test_one_character_japanese_uses_the_index(store: Store) -> None:
    fill(store)
    assert ids(store, "視") == ids(store, "監視")
    assert ids(store, "o", "楽") == [("2014-06-01-go-meetup-osaka-4", 0)]


def _open_close(url: str) -> None:
    open_store(url).close()


def test_fresh_postgres_opened_by_many_at_once(request: pytest.FixtureRequest) -> None:
    """Replicas starting together: the schema migration runs once, under an advisory lock."""
    from tests.store_backends import fresh_postgres_url

    url = fresh_postgres_url(request)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def start() -> None:
        try:
            barrier.wait()
            _open_close(url)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    with concurrent.futures.ProcessPoolExecutor(2) as processes:
        launched = [processes.submit(_open_close, url) for _ in range(2)]
        threads = [threading.Thread(target=start) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for future in launched:
            future.result(timeout=60)
    assert errors == []
    with open_store(url) as s:
        s.upsert_post("2016-03-05-container-night-kyoto-2", FP, KYOTO)
        assert ids(s, "etcd") == [("2016-03-05-container-night-kyoto-2", 1)]


def test_bad_postgres_url_is_a_config_error_without_the_password() -> None:
    with pytest.raises(ConfigError) as info:
        open_store("postgresql://user:s3cret@127.0.0.1:1/meetup")
    assert "s3cret" not in str(info.value)


def test_links_by_kind_survive_the_round_trip(store: Store) -> None:
    store.upsert_post("2016-03-05-container-night-kyoto-2", FP, KYOTO)
    first = store.meetup_talks("2016-03-05-container-night-kyoto-2", offset=0, limit=1)[0].talk
    assert first.links == KYOTO.talks[0].links
    assert [link.kind for link in first.links] == [
        LinkKind.VIDEO,
        LinkKind.SLIDES,
        LinkKind.TALK_PAGE,
        LinkKind.OTHER,
    ]
    assert first.slides_url == "https://slides.example/hanako/cgroup"


def test_a_talk_row_of_the_first_layout_reads_without_links() -> None:
    """Rows written before talks had links (layout 1) still read: no links, slides kept."""
    old = json.dumps([1, "@a", "Title", "https://s.example/d", [], ["good"], None, "h", "a1"])
    talk = talk_from_json(old)
    assert (talk.speaker, talk.slides_url, talk.links, talk.impressions) == (
        "@a",
        "https://s.example/d",
        (),
        ("good",),
    )
    assert talk_from_json(talk_to_json(talk)) == talk


def test_an_index_of_an_older_layout_is_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The index is derived data: one of another layout is dropped on opening (the log says
    so), and the next sync parses every post again; never a crash."""
    import sqlite3

    url = f"sqlite:///{tmp_path / 'old.db'}"
    store = open_store(url)
    store.upsert_post(KYOTO_ID, FP, KYOTO)
    store.close()
    with sqlite3.connect(tmp_path / "old.db") as conn:
        conn.execute("UPDATE notes SET value = '3' WHERE key = 'index layout'")
    with caplog.at_level("WARNING"), open_store(url) as reopened:
        assert reopened.file_fingerprints() == {}
        assert reopened.list_meetups() == []
        reopened.upsert_post(KYOTO_ID, FP, KYOTO)
        assert [hit[1] for hit in ids(reopened, "etcd")] == [1]
    assert "layout 3, this release uses" in caplog.text and "rebuilding it" in caplog.text


def test_an_index_of_the_previous_release_is_rebuilt(tmp_path: Path) -> None:
    """A database of the release with our own postings (`grams`, `PRAGMA user_version` 5, no
    layout note) opens as an empty index of the new layout."""
    import sqlite3

    path = tmp_path / "previous.db"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE files (post_id TEXT PRIMARY KEY, mtime_ns INTEGER, size INTEGER,"
            " sha256 TEXT);"
            "INSERT INTO files VALUES ('kyoto', 1, 2, 'x');"
            "CREATE TABLE grams (gram INTEGER, talk_id INTEGER, fields INTEGER, sort_key INTEGER,"
            " PRIMARY KEY (gram, talk_id)) WITHOUT ROWID;"
            "CREATE TABLE notes (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "PRAGMA user_version=5;"
        )
    with open_store(f"sqlite:///{path}") as store:
        assert store.file_fingerprints() == {}
        store.upsert_post(KYOTO_ID, FP, KYOTO)
        assert [hit[1] for hit in ids(store, "etcd")] == [1]
