"""A post's public URL from Jekyll / Hugo site config, or MEETUP_SITE_URL + MEETUP_PERMALINK."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.parser import read_post
from bot.site_url import find_site, post_url
from tests.slack_faults import write_post


def url_of(
    posts: Path,
    name: str,
    site_url: str | None = None,
    permalink: str = "/:year/:month/:day/:title/",
    **kwargs: object,
) -> str | None:
    path = write_post(posts, name, "My Post Title", 1, **kwargs)  # type: ignore[arg-type]
    return post_url(find_site(posts, site_url, permalink), read_post(path), path)


@pytest.mark.parametrize(
    ("permalink", "expected"),
    [
        (None, "/blog/meetups/tokyo/2026/11/14/great-night.html"),
        ("pretty", "/blog/meetups/tokyo/2026/11/14/great-night/"),
        ("none", "/blog/meetups/tokyo/great-night.html"),
        ("/:year/:title/", "/blog/2026/great-night/"),
    ],
)
def test_jekyll_config(tmp_path: Path, permalink: str | None, expected: str) -> None:
    config = 'url: "https://blog.example.org"\nbaseurl: "/blog"\n'
    if permalink:
        config += f"permalink: {permalink}\n"
    (tmp_path / "_config.yml").write_text(config)
    posts = tmp_path / "_posts"
    posts.mkdir()
    got = url_of(
        posts,
        "2026-11-14-great-night",
        extra="categories: [Meetups, Tokyo]",
        date="2026-11-14 19:00:00 +0900",
    )
    assert got == "https://blog.example.org" + expected


def test_jekyll_post_permalink_wins(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text('url: "https://b.example"\n')
    posts = tmp_path / "_posts"
    posts.mkdir()
    assert (
        url_of(posts, "2026-11-14-x", extra="permalink: /special/") == "https://b.example/special/"
    )


def test_hugo_config(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text(
        'baseURL = "https://h.example/"\n[permalinks]\nposts = "/:year/:month/:slug/"\n'
    )
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    assert url_of(posts, "my-post", date="2026-11-14 19:00:00 +0900") == (
        "https://h.example/2026/11/my-post-title/"
    )
    assert url_of(posts, "other", extra='slug: "custom"') == "https://h.example/2026/11/custom/"


def test_hugo_default_is_section_and_file_name(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text('baseURL = "https://h.example"\n')
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    assert url_of(posts, "Night-Out") == "https://h.example/posts/night-out/"


def test_settings_fallback_and_none(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    posts.mkdir()
    assert (
        url_of(
            posts,
            "2026-11-14-plain",
            site_url="https://s.example/",
            date="2026-11-14 19:00:00 +0900",
        )
        == "https://s.example/2026/11/14/plain/"
    )
    assert url_of(posts, "2026-11-14-none") is None


def test_broken_config_does_not_crash(tmp_path: Path) -> None:
    (tmp_path / "hugo.toml").write_text("baseURL = [broken")
    posts = tmp_path / "content" / "posts"
    posts.mkdir(parents=True)
    assert url_of(posts, "x") is None
