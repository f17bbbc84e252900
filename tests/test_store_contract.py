"""The Store contract: one suite, run against every backend listed in BACKENDS.

Adding PostgreSQL later is one more entry in BACKENDS (and its factory).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.errors import ConfigError
from bot.query import Term, normalize
from bot.search import FIELD_WEIGHTS
from bot.store import Store, open_store
from bot.store.base import DeleteFile, Fingerprint, PutPost, TouchFile
from tests.search_fixtures import ALL_POSTS, EVENING, HOSTILE, KYOTO, OSAKA_4

StoreFactory = Callable[[], Store]


def _sqlite_file(tmp_path: Path) -> StoreFactory:
    return lambda: open_store(f"sqlite:///{tmp_path / 'meetup.db'}")


def _sqlite_memory(tmp_path: Path) -> StoreFactory:
    return lambda: open_store("sqlite:///:memory:")


BACKENDS: dict[str, Callable[[Path], StoreFactory]] = {
    "sqlite": _sqlite_file,
    "sqlite-memory": _sqlite_memory,
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, StoreFactory]:
    return request.param, BACKENDS[request.param](tmp_path)


@pytest.fixture
def store(backend: tuple[str, StoreFactory]) -> Iterator[Store]:
    s = backend[1]()
    yield s
    s.close()


FP = Fingerprint(1, 10, "a" * 64)


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
    store.upsert_post("kyoto.md", FP, KYOTO)
    assert store.file_fingerprints() == {"kyoto.md": FP}
    meetup = store.get_meetup("container-night-kyoto-2")
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
        "go-meetup-osaka-40",
        "container-night-kyoto-2",
        "cloud-native-evening",
        "go-meetup-osaka-4",
    ]
    assert meetups[2].date == EVENING.date and type(meetups[2].date) is type(EVENING.date)


def test_match_every_term_anywhere_ranked_by_field_then_date(store: Store) -> None:
    fill(store)
    # Title matches in two meetups: the newer first.
    assert ids(store, "cgroup") == [("container-night-kyoto-2", 0), ("cloud-native-evening", 0)]
    # impressions (2) > notes (1); ties newer first, then position.
    assert ids(store, "監視") == [
        ("cloud-native-evening", 1),
        ("container-night-kyoto-2", 1),
        ("container-night-kyoto-2", 2),
    ]
    assert ids(store, "kubernetes", "etcd") == [("container-night-kyoto-2", 1)]
    assert ids(store, "kubernetes", "cgroup") == []
    assert ids(store, "taro", fields=("speaker",)) == [("container-night-kyoto-2", 1)]
    assert ids(store, "kubernetes", fields=("speaker",)) == []


def test_match_short_terms_and_paging(store: Store) -> None:
    fill(store)
    assert ids(store, "楽") == [("go-meetup-osaka-4", 0)]  # one character: no bigram
    assert ids(store, "隔離") == [("container-night-kyoto-2", 0)]
    every = store.match([Term("o")], FIELD_WEIGHTS, offset=0, limit=100)
    page = store.match([Term("o")], FIELD_WEIGHTS, offset=2, limit=2)
    assert page.total == every.total > 4
    assert page.talk_ids == every.talk_ids[2:4]
    beyond = store.match([Term("o")], FIELD_WEIGHTS, offset=1000, limit=2)
    assert (beyond.total, beyond.talk_ids) == (every.total, ())


def test_replace_updates_only_that_post_and_keeps_its_id(store: Store) -> None:
    fill(store)
    changed = KYOTO.__class__(**{**KYOTO.__dict__, "talks": KYOTO.talks[1:]})
    store.upsert_post("2016-03-05-container-night-kyoto-2.md", FP, changed)
    assert ids(store, "cgroup") == [("cloud-native-evening", 0)]
    assert ids(store, "etcd") == [("container-night-kyoto-2", 0)]
    assert store.get_meetup("container-night-kyoto-2").talk_count == 2  # type: ignore[union-attr]
    assert len(store.list_meetups()) == 4


def test_same_slug_in_two_files_gets_two_ids(store: Store) -> None:
    store.apply([PutPost("a/x.md", fp(1), OSAKA_4), PutPost("b/x.md", fp(2), OSAKA_4)])
    assert sorted(m.post_id for m in store.list_meetups()) == [
        "go-meetup-osaka-4",
        "go-meetup-osaka-4-2",
    ]


def test_delete_and_none_post_and_touch(store: Store) -> None:
    fill(store)
    store.delete_post("2016-03-05-container-night-kyoto-2.md")
    assert ids(store, "etcd") == []
    assert store.get_meetup("container-night-kyoto-2") is None
    assert "2016-03-05-container-night-kyoto-2.md" not in store.file_fingerprints()
    # A file recorded without a post (a draft) removes the post it had.
    store.upsert_post("2014-06-01-go-meetup-osaka-4.md", fp(9), None)
    assert store.get_meetup("go-meetup-osaka-4") is None
    assert store.file_fingerprints()["2014-06-01-go-meetup-osaka-4.md"] == fp(9)
    # Touch: fingerprint only.
    store.apply([TouchFile("2017-01-10-go-meetup-osaka-40.md", fp(7))])
    assert store.file_fingerprints()["2017-01-10-go-meetup-osaka-40.md"] == fp(7)
    assert ids(store, "pprof") == [("go-meetup-osaka-40", 0)]
    store.apply([DeleteFile("never-seen.md")])  # no error


def test_apply_is_all_or_nothing(store: Store) -> None:
    with pytest.raises(TypeError):
        store.apply([PutPost("kyoto.md", FP, KYOTO), "not a change"])  # type: ignore[list-item]
    assert store.list_meetups() == []
    assert store.file_fingerprints() == {}
    store.upsert_post("kyoto.md", FP, KYOTO)  # still usable
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
                assert ids(store, "pprof") == [("go-meetup-osaka-40", 0)]
                store.list_meetups()
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    def writer() -> None:
        try:
            for n in range(30):
                store.upsert_post(f"extra-{n % 3}.md", fp(100 + n), OSAKA_4)
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
        assert ids(second, "etcd") == [("container-night-kyoto-2", 1)]
    finally:
        second.close()


def test_open_store_urls(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="PostgreSQL support comes later"):
        open_store("postgresql://user:secret@db/meetup")
    with pytest.raises(ConfigError) as info:
        open_store("mysql://user:secret@db/meetup")
    assert "secret" not in str(info.value)
    with pytest.raises(ConfigError, match="does not exist"):
        open_store(f"sqlite:///{tmp_path}/missing/dir/x.db")
    with open_store(f"sqlite:///{tmp_path}/ok.db") as s:
        assert s.list_meetups() == []
