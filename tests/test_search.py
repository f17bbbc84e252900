"""search_talks / find_meetups / meetup_talks over hand-written posts, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.errors import MeetupBotError
from bot.model import Span
from bot.search import QueryError, find_meetups, meetup_talks, search_talks, snippet
from bot.store import Store, open_store
from bot.store.base import Fingerprint, PutPost
from tests.search_fixtures import ALL_POSTS, HOSTILE
from tests.store_backends import persistent_url, postgres_server  # noqa: F401


@pytest.fixture
def store(persistent_url: tuple[str, str]) -> Iterator[Store]:  # noqa: F811
    s = open_store(persistent_url[1])
    s.apply(
        [
            PutPost(key, Fingerprint(i, i, str(i)), post)
            for i, (key, post) in enumerate(ALL_POSTS.items())
        ]
    )
    yield s
    s.close()


def speakers(store: Store, query: str, limit: int = 50) -> list[str | None]:
    return [hit.talk.speaker for hit in search_talks(store, query, limit=limit).hits]


def bold(spans: tuple[Span, ...]) -> list[str]:
    return [span.text for span in spans if span.bold]


def test_title_beats_lower_fields_newer_first_on_ties(store: Store) -> None:
    page = search_talks(store, "cgroup")
    assert [h.talk.speaker for h in page.hits] == ["@hanako", "@jiro"]
    assert page.total == 2 and page.query == "cgroup" and page.limit == 5 and page.total_exact
    first = page.hits[0]
    assert first.field == "title"
    assert first.meetup.post_id == "2016-03-05-container-night-kyoto-2" and first.position == 0
    assert bold(first.snippet) == ["cgroup"]
    assert "".join(s.text for s in first.snippet) == "cgroup と namespace を手で触る"
    assert bold(page.hits[1].snippet) == ["ＣＧＲＯＵＰ"]  # shown as written
    assert first.score > 0


@pytest.mark.parametrize("query", ["ＣＧＲＯＵＰ", "Cgroup", "CGROUP", "cgroup"])
def test_case_and_width_insensitive(store: Store, query: str) -> None:
    assert speakers(store, query) == ["@hanako", "@jiro"]


def test_impressions_beat_notes_and_japanese_inside_words(store: Store) -> None:
    page = search_talks(store, "監視")
    assert [(h.talk.speaker, h.field) for h in page.hits] == [
        ("@mika", "impressions"),
        ("@taro", "notes"),
        ("Owl Works", "notes"),
    ]
    assert "".join(s.text for s in page.hits[1].snippet) == "死活監視は Prometheus に寄せた"
    assert bold(page.hits[1].snippet) == ["監視"]


def test_two_and_one_character_words(store: Store) -> None:
    assert speakers(store, "隔離") == ["@hanako"]
    assert speakers(store, "楽") == ["@emi"]


def test_all_words_must_match_phrases_and_speaker(store: Store) -> None:
    assert speakers(store, "kubernetes etcd") == ["@taro"]
    assert speakers(store, "kubernetes cgroup") == []
    assert speakers(store, '"quoted phrase"') == ["@mika"]
    assert speakers(store, '"phrase quoted"') == []
    assert speakers(store, "phrase quoted") == ["@mika"]
    assert speakers(store, "speaker:@taro") == ["@taro"]
    assert speakers(store, "speaker:TARO") == ["@taro"]
    assert speakers(store, "speaker:kubernetes") == []
    assert speakers(store, "speaker:@hanako cgroup") == ["@hanako"]
    hit = search_talks(store, "speaker:@taro").hits[0]
    assert hit.field == "speaker" and bold(hit.snippet) == ["taro"]


def test_decomposed_and_half_width_kana(store: Store) -> None:
    assert speakers(store, "がな") == ["@sho"]  # stored decomposed: か + U+3099
    assert speakers(store, "ハンカクガナ") == ["@sho"]  # stored half-width
    hit = search_talks(store, "ハンカクガナ").hits[0]
    assert bold(hit.snippet) == ["ﾊﾝｶｸｶﾞﾅ"]


def test_notes_tree_searched_including_children(store: Store) -> None:
    hit = search_talks(store, "上限").hits[0]
    assert (hit.talk.speaker, hit.field) == ("@hanako", "notes")
    assert "".join(s.text for s in hit.snippet) == "memory cgroup で上限を設定"


def test_paging(store: Store) -> None:
    every = search_talks(store, "o", limit=50)
    assert every.total == len(every.hits) > 4
    page = search_talks(store, "o", offset=2, limit=2)
    assert (page.offset, page.limit, page.total) == (2, 2, every.total)
    assert page.hits == every.hits[2:4]
    assert search_talks(store, "o", offset=999).hits == ()
    assert search_talks(store, "o", offset=-5, limit=0).offset == 0  # clamped


@pytest.mark.parametrize("query", ["", "   ", "\x00\x01", '"', '""', "speaker:", "\u3000"])
def test_empty_queries_are_refused_politely(store: Store, query: str) -> None:
    with pytest.raises(QueryError) as info:
        search_talks(store, query)
    assert isinstance(info.value, MeetupBotError)
    assert "\n" not in str(info.value) and str(info.value)


def test_long_queries_are_refused(store: Store) -> None:
    search_talks(store, "x" * 200)
    for size in (201, 10_000):
        with pytest.raises(QueryError, match="200 characters"):
            search_talks(store, "x" * size)


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_data(store: Store, query: str) -> None:
    try:
        page = search_talks(store, query)
    except QueryError:
        return
    for hit in page.hits:  # any hit really contains the text
        assert hit.field
    assert len(store.list_meetups()) == 4
    assert speakers(store, "cgroup") == ["@hanako", "@jiro"]


def test_hostile_literals_match_literally(store: Store) -> None:
    assert speakers(store, "%") == []
    assert speakers(store, "_") == []
    assert speakers(store, "OR 1=1") == []
    assert speakers(store, "\x00cgroup") == ["@hanako", "@jiro"]  # control chars dropped


def test_snippet_cuts_long_lines_around_the_match() -> None:
    text = "前置き " * 30 + "ここで cgroup の話 " + "後書き " * 30
    spans = snippet(text, ["cgroup"])
    joined = "".join(s.text for s in spans)
    assert joined.startswith("…") and joined.endswith("…")
    assert bold(spans) == ["cgroup"] and len(joined) <= 125


def test_find_meetups(store: Store) -> None:
    assert [m.post_id for m in find_meetups(store, "")] == ["2017-01-10-go-meetup-osaka-40"]
    assert [m.post_id for m in find_meetups(store, "go meetup osaka #4")] == [
        "2014-06-01-go-meetup-osaka-4"
    ]
    assert [m.post_id for m in find_meetups(store, "Go Meetup Osaka #40")] == [
        "2017-01-10-go-meetup-osaka-40"
    ]
    assert [m.post_id for m in find_meetups(store, "go meetup")] == [
        "2017-01-10-go-meetup-osaka-40",
        "2014-06-01-go-meetup-osaka-4",
    ]
    assert [m.post_id for m in find_meetups(store, "2015-11")] == [
        "2015-11-20-cloud-native-evening"
    ]
    assert [m.post_id for m in find_meetups(store, "2016/03/05")] == [
        "2016-03-05-container-night-kyoto-2"
    ]
    assert [m.post_id for m in find_meetups(store, "ＣＯＮＴＡＩＮＥＲ night")] == [
        "2016-03-05-container-night-kyoto-2"
    ]
    assert [m.post_id for m in find_meetups(store, "2015-11-20-cloud-native-evening")] == [
        "2015-11-20-cloud-native-evening"
    ]
    assert [m.post_id for m in find_meetups(store, "cloud-native-evening")] == [
        "2015-11-20-cloud-native-evening"
    ]
    assert find_meetups(store, "no such meetup") == []
    assert find_meetups(store, "1999") == []
    assert find_meetups(store, "' OR 1=1 --") == []


def test_meetup_talks(store: Store) -> None:
    page = meetup_talks(store, "2016-03-05-container-night-kyoto-2")
    assert [h.talk.speaker for h in page.hits] == ["@hanako", "@taro", "Owl Works"]
    assert [h.position for h in page.hits] == [0, 1, 2]
    assert page.total == 3 and page.query == "2016-03-05-container-night-kyoto-2"
    assert page.hits[0].meetup.title == "Container Night Kyoto #2 に行ってきた"
    second = meetup_talks(store, "2016-03-05-container-night-kyoto-2", offset=1, limit=1)
    assert [h.talk.speaker for h in second.hits] == ["@taro"] and second.total == 3
    assert meetup_talks(store, "nope").total == 0


def test_empty_store(persistent_url: tuple[str, str]) -> None:  # noqa: F811
    with open_store(persistent_url[1]) as empty:
        assert find_meetups(empty, "") == []
        assert search_talks(empty, "cgroup").total == 0
