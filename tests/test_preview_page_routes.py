"""The preview page served over real HTTP by its WSGI routes: list, post, search, guards."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.preview.routes import PreviewPages
from bot.preview.source import PostFolder
from bot.preview.wiring import make_preview_pages, preview_bind_host, preview_enabled
from bot.settings import Settings
from bot.web.app import WebApp
from bot.web.router import Route
from tests.browser import serving

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "posts"


def get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    posts = tmp_path / "posts"
    shutil.copytree(EXAMPLES, posts)
    return Settings(MEETUP_POSTS=posts, MEETUP_DATABASE_URL=f"sqlite:///{tmp_path / 'i.db'}")


@pytest.fixture
def base(settings: Settings) -> Iterator[str]:
    with serving(WebApp(make_preview_pages(settings).routes())) as url:
        yield url


def test_index_lists_posts_newest_first_with_their_state(base: str) -> None:
    status, headers, html = get(base + "/")
    assert status == 200
    assert "script-src" not in headers["Content-Security-Policy"]
    assert headers["Content-Security-Policy"].startswith("default-src 'none'")
    order = [html.index(t) for t in ("Rust.Tokyo", "Python Tooling Meetup", "Container Night")]
    assert order == sorted(order)
    assert '<span class="status draft">Draft</span>' in html
    assert html.count('<span class="status pending">') == 2
    assert 'href="/posts/2026-10-03-container-night-12"' in html
    assert 'name="q"' in html


def test_post_page_shows_its_messages_and_follows_edits(base: str, settings: Settings) -> None:
    status, _, html = get(base + "/posts/2026-11-14-python-tooling-meetup")
    assert status == 200 and html.count('class="msg reply"') == 4
    assert "Fast lockfiles without the drama" in html
    path = settings.MEETUP_POSTS / "2026-11-14-python-tooling-meetup.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n## Brand new talk - @new\n\n- x\n")
    _, _, html = get(base + "/posts/2026-11-14-python-tooling-meetup")
    assert html.count('class="msg reply"') == 5 and "Brand new talk" in html


def test_search_uses_the_bot_search(base: str) -> None:
    status, _, html = get(base + "/?q=cgroup")
    assert status == 200
    assert "cgroup v2 移行で踏んだ地雷" in html and "<mark>cgroup</mark>" in html
    assert 'href="/posts/2026-10-03-container-night-12#talk-2"' in html  # the catalog id
    status, _, page = get(base + "/posts/2026-10-03-container-night-12")
    assert status == 200 and 'id="talk-2"' in page
    status, _, old = get(base + "/posts/container-night-12")  # the slug, as indexes had it
    assert status == 200 and 'id="talk-2"' in old
    _, _, same = get(base + "/search?q=cgroup")
    assert "cgroup v2 移行で踏んだ地雷" in same
    _, _, long = get(base + "/?q=" + "x" * 500)
    assert 'class="error"' in long and "characters" in long


def test_unknown_paths_and_methods(base: str) -> None:
    assert get(base + "/posts/nope")[0] == 404
    assert get(base + "/posts/..%2F..%2Fetc%2Fpasswd")[0] == 404
    assert get(base + "/other")[0] == 404
    request = urllib.request.Request(base + "/", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=30)
    assert error.value.code == 405


def call(app: WebApp, remote: str) -> str:
    statuses: list[str] = []
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/", "REMOTE_ADDR": remote}
    b"".join(app(environ, lambda status, headers: statuses.append(status)))
    return statuses[0]


def test_drafts_are_shown_only_to_this_machine_unless_preview_is_public() -> None:
    private = WebApp(PreviewPages(PostFolder(Catalog(EXAMPLES))).routes())
    assert call(private, "127.0.0.1").startswith("200")
    assert call(private, "::1").startswith("200")
    assert call(private, "192.168.1.20").startswith("403")
    public = WebApp(PreviewPages(PostFolder(Catalog(EXAMPLES)), public=True).routes())
    assert call(public, "192.168.1.20").startswith("200")


def test_bind_host_and_enabling() -> None:
    local, shared = Settings(MEETUP_PREVIEW=False), Settings(MEETUP_PREVIEW=True)
    assert preview_enabled(local, dry_run=True) and not preview_enabled(local, dry_run=False)
    assert preview_enabled(shared, dry_run=False)
    assert preview_bind_host(local, dry_run=True) == "127.0.0.1"
    assert preview_bind_host(local, dry_run=False) == "0.0.0.0"
    assert preview_bind_host(shared, dry_run=True) == "0.0.0.0"


def test_the_router_sends_other_paths_to_the_slack_app() -> None:
    def slack(environ: dict[str, object], start_response: object) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/plain")])  # type: ignore[operator]
        return [b"slack"]

    routes = [*PreviewPages(PostFolder(Catalog(EXAMPLES))).routes(), Route("/slack/events", slack)]
    with serving(WebApp(routes)) as url:
        assert get(url + "/slack/events")[2] == "slack"
        assert "Container Night" in get(url + "/")[2]


def test_pages_render_with_the_publisher_options(tmp_path: Path) -> None:
    posts = tmp_path / "posts"
    shutil.copytree(EXAMPLES, posts)
    settings = Settings(
        MEETUP_POSTS=posts,
        MEETUP_DATABASE_URL=f"sqlite:///{tmp_path / 'i.db'}",
        MEETUP_SITE_URL="https://blog.example.org",
        MEETUP_LANGUAGE="en",
        MEETUP_LAYOUT="flat",
    )
    with serving(WebApp(make_preview_pages(settings).routes())) as url:
        _, _, html = get(url + "/posts/2026-10-03-container-night-12")
    assert 'href="https://blog.example.org/2026/10/03/' in html  # the post's public URL
    assert ">Slides</a>" in html  # MEETUP_LANGUAGE wins over the post's Japanese
    assert 'class="thread"' not in html and html.count('class="msg"') == 4  # flat layout
