"""Relevance on the reference post and the real corpus (`../shared/corpus`), real parser,
on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.indexer import sync_index
from bot.search import find_meetups, search_talks
from bot.store import Store, open_store
from tests.store_backends import persistent_url, postgres_server  # noqa: F401

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

pytestmark = pytest.mark.skipif(
    not (CORPUS / "seed" / "truth.json").is_file(),
    reason=f"the shared corpus is not here ({CORPUS}); it is only in CI and the team's machines",
)


def _index(url: str, tmp_path: Path, files: list[Path]) -> Store:
    pytest.importorskip("bot.parser", reason="bot.parser is not written yet")
    posts = tmp_path / "posts"
    posts.mkdir()
    for file in files:  # a hard link (symbolic links in MEETUP_POSTS are never followed)
        try:
            os.link(file, posts / file.name)
        except OSError:  # another file system: a copy in this test's own tmp folder
            shutil.copyfile(file, posts / file.name)
    store = open_store(url)
    report = sync_index(store, Catalog(posts))
    assert report.failed == 0, report.errors
    return store


@pytest.fixture
def seed(persistent_url: tuple[str, str], tmp_path: Path) -> Iterator[Store]:  # noqa: F811
    store = _index(persistent_url[1], tmp_path, sorted((CORPUS / "seed").glob("*.md")))
    yield store
    store.close()


@pytest.fixture
def everything(persistent_url: tuple[str, str], tmp_path: Path) -> Iterator[Store]:  # noqa: F811
    files = sorted((CORPUS / "seed").glob("*.md")) + sorted((CORPUS / "real").glob("*.md"))
    store = _index(persistent_url[1], tmp_path, files)
    yield store
    store.close()


def _truth() -> dict[str, dict[str, object]]:
    path = CORPUS / "seed" / "truth.json"
    if not path.is_file():
        return {}
    search: dict[str, dict[str, object]] = json.loads(path.read_text("utf-8"))["search"]
    return search


TRUTH = _truth()


@pytest.mark.parametrize("query", sorted(TRUTH) or ["(no corpus)"])
@pytest.mark.parametrize("where", ["seed", "everything"])
def test_truth(
    query: str,
    where: str,
    persistent_url: tuple[str, str],  # noqa: F811 - parametrizes the store fixture by backend
    request: pytest.FixtureRequest,
) -> None:
    store: Store = request.getfixturevalue(where)
    expected = TRUTH[query]
    page = search_talks(store, query, limit=100)
    speakers = [hit.talk.speaker for hit in page.hits]
    assert page.total == len(page.hits)
    if "first" in expected:
        if where == "seed":
            assert speakers[0] == expected["first"]
        else:  # the real corpus has another report of the same meetup: first among title hits
            assert page.hits[0].field == "title"
            assert expected["first"] in speakers[: sum(h.field == "title" for h in page.hits)]
    for speaker in expected.get("includes", []):  # type: ignore[attr-defined]
        assert speaker in speakers, (query, speakers)
    for hit in page.hits:
        assert hit.field and any(span.bold for span in hit.snippet)


def test_width_and_case_variants_agree(seed: Store) -> None:
    results = [
        [(h.meetup.post_id, h.position) for h in search_talks(seed, q, limit=50).hits]
        for q in ("ＣＧＲＯＵＰ", "Cgroup", "cgroup")
    ]
    assert results[0] == results[1] == results[2] != []


def test_speaker_filter(seed: Store) -> None:
    for query in ("speaker:@yugui", "speaker:yugui", "speaker:YUGUI"):
        assert [h.talk.speaker for h in search_talks(seed, query).hits] == ["@yugui"]


def test_find_the_reference_meetup(seed: Store) -> None:
    for selector in ("docker meetup #4", "Docker Meetup Tokyo #4", "2015-01", "2015-01-17", ""):
        found = find_meetups(seed, selector)
        assert found and found[0].title.startswith("Docker Meetup Tokyo #4"), selector
    assert find_meetups(seed, "docker meetup #40") == []


def test_every_talk_is_found_by_its_own_title(everything: Store) -> None:
    checked = 0
    for meetup in everything.list_meetups():
        for stored in everything.meetup_talks(meetup.post_id, offset=0, limit=500):
            title = stored.talk.title
            if not title or '"' in title or len(title) > 200 or not title.strip():
                continue
            page = search_talks(everything, title, limit=100)
            found = {(h.meetup.post_id, h.position) for h in page.hits}
            assert (meetup.post_id, stored.position) in found, title
            checked += 1
    assert checked > 50
