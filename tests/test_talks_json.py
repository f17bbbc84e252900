"""`meetup-bot talks --json`: the meetup once, with the id the preview page, the publisher and its
log use (the file's path without suffix) and the URL the announcement links to; the talks
without the meetup repeated in each. The same id selects the meetup again."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.preview.wiring import make_preview_pages
from bot.settings import Settings
from bot.web.app import WebApp
from tests.browser import serving
from tests.fixtures_slack import write_posts

POST_ID = "2026-10-03-container-night-12"
POST_URL = "https://blog.example.com/2026/10/03/container-night-12/"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A Jekyll site: its `_config.yml` says where the posts are published."""
    root = tmp_path / "blog"
    root.mkdir()
    config = "url: https://blog.example.com\npermalink: /:year/:month/:day/:title/\n"
    (root / "_config.yml").write_text(config, encoding="utf-8")
    posts = write_posts(root / "_posts")
    monkeypatch.setenv("MEETUP_POSTS", str(posts))
    monkeypatch.setenv("MEETUP_DATABASE_URL", f"sqlite:///{tmp_path / 'meetup.db'}")
    for name in ("MEETUP_SITE_URL", "MEETUP_PERMALINK"):
        monkeypatch.delenv(name, raising=False)
    return posts


def _talks_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[str, Any]:
    assert main(["talks", *args, "--json"]) == 0
    out = capsys.readouterr().out
    return out, json.loads(out)


def test_one_meetup_with_the_id_and_url_used_everywhere(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out, doc = _talks_json(capsys, "container", "night")
    meetup = doc["meetup"]
    assert meetup["post_id"] == POST_ID
    assert meetup["url"] == POST_URL
    assert (meetup["title"], meetup["talk_count"]) == ("Container Night #12", 13)
    assert out.count("Container Night #12") == 1  # once, not once per talk
    assert [talk["position"] for talk in doc["talks"]] == list(range(13))
    assert all("meetup" not in talk for talk in doc["talks"])
    assert doc["talks"][0] == {
        "position": 0,
        "speaker": "@speaker1",
        "title": "Lightning talk 1 about containers",
        "slides_url": "https://example.com/slides/1",
        "links": [
            {
                "kind": "slides",
                "url": "https://example.com/slides/1",
                "label": "Lightning talk 1 about containers",
            }
        ],
    }


def test_the_id_opens_the_preview_and_selects_the_meetup_again(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, doc = _talks_json(capsys, "container", "night")
    post_id = doc["meetup"]["post_id"]
    settings = Settings(MEETUP_POSTS=site, MEETUP_DATABASE_URL=f"sqlite:///{tmp_path / 'p.db'}")
    with (
        serving(WebApp(make_preview_pages(settings).routes())) as url,
        urllib.request.urlopen(f"{url}/posts/{post_id}", timeout=30) as response,
    ):
        page = response.read().decode("utf-8")
    assert response.status == 200 and "Container Night #12" in page
    _, again = _talks_json(capsys, post_id)
    assert again["meetup"] == doc["meetup"]


def test_search_json_names_meetups_the_same_way(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["search", "containers", "--limit", "1", "--json"]) == 0
    [hit] = json.loads(capsys.readouterr().out)["hits"]
    assert (hit["meetup"]["post_id"], hit["meetup"]["url"]) == (POST_ID, POST_URL)
