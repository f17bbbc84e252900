"""The preview page in a real headless Chromium: served over HTTP by the real routes, and as the
file `preview --html` writes. Hostile posts run nothing; screenshots go to tests/artifacts/."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from bot.catalog import Catalog
from bot.preview.routes import PreviewPages
from bot.preview.source import PostFolder
from bot.web.app import WebApp
from tests.browser import dump_dom, find_chromium, screenshot, serving
from tests.test_preview_page import REFERENCE, write_hostile

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "posts"
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = find_chromium()
PHONE, DESKTOP = (412, 915), (1280, 1600)

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium: install it (apt-get install -y chromium) or set CHROMIUM=/path/to/it",
)


class Dom(HTMLParser):
    """The elements and the title of a DOM as Chromium serialised it."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self._in_title = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_title = tag == "title"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def count(self, tag: str) -> int:
        return sum(1 for name, _ in self.tags if name == tag)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example posts, a hostile post and the reference post (when present), over HTTP."""
    folder = tmp_path_factory.mktemp("posts")
    for path in EXAMPLES.glob("*.md"):
        shutil.copy(path, folder)
    write_hostile(folder)
    if REFERENCE.is_file():
        shutil.copy(REFERENCE, folder / "2015-01-17-docker-meetup-tokyo-4.md")
    with serving(WebApp(PreviewPages(PostFolder(Catalog(folder))).routes())) as url:
        yield url


def visible_text(dom: str) -> str:
    body = dom.split("<body", 1)[1]
    body = re.sub(r"<details.*?</details>", "", body, flags=re.DOTALL)  # the raw JSON
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def test_the_check_would_see_a_script_run(tmp_path: Path) -> None:
    """Control: in this Chromium, a script that is really there does change the DOM we read."""
    page = tmp_path / "control.html"
    page.write_text("<title>clean</title><script>document.title='pwned'</script>")
    assert CHROMIUM is not None
    assert Dom(dump_dom(CHROMIUM, page.as_uri())).title == "pwned"


def test_hostile_post_runs_nothing_and_shows_as_text(site: str) -> None:
    assert CHROMIUM is not None
    url = site + "/posts/2026-01-10-hostile"
    dom = Dom(text := dump_dom(CHROMIUM, url))
    assert dom.title == "Hostile <script>document.title='pwned'</script> night · meetup-bot preview"
    assert dom.count("script") == 0 and dom.count("img") == 0 and dom.count("iframe") == 0
    assert dom.count("svg") == 0 and dom.count("hr") == 0
    assert not [a for _, attrs in dom.tags for a in attrs if a.startswith("on")]
    links = [attrs.get("href") or "" for tag, attrs in dom.tags if tag == "a"]
    assert links and all(link.startswith(("http://", "https://", "/")) for link in links)
    seen = visible_text(text)
    assert "<script>document.title='pwned'</script>" in seen
    assert "<img src=x onerror=document.title='img'>" in seen
    assert "<!channel> ping" in seen
    screenshot(CHROMIUM, url, ARTIFACTS / "preview-hostile-phone.png", *PHONE)


def test_index_page_in_the_browser(site: str) -> None:
    assert CHROMIUM is not None
    dom = Dom(dump_dom(CHROMIUM, site + "/"))
    rows = [attrs.get("href") for tag, attrs in dom.tags if attrs.get("class") == "row-title"]
    assert rows[:2] == [
        "/posts/2026-12-05-rust-tokyo-draft",
        "/posts/2026-11-14-python-tooling-meetup",
    ]
    screenshot(CHROMIUM, site + "/", ARTIFACTS / "preview-index-desktop.png", *DESKTOP)
    screenshot(CHROMIUM, site + "/", ARTIFACTS / "preview-index-phone.png", *PHONE)


@pytest.mark.skipif(not REFERENCE.is_file(), reason=f"reference corpus absent: {REFERENCE}")
def test_reference_post_in_the_browser(site: str) -> None:
    assert CHROMIUM is not None
    url = site + "/posts/2015-01-17-docker-meetup-tokyo-4"
    dom = Dom(dump_dom(CHROMIUM, url))
    replies = [a for tag, a in dom.tags if tag == "article" and a.get("class") == "msg reply"]
    assert len(replies) == 15
    for size, name in ((DESKTOP, "desktop"), (PHONE, "phone")):
        shot = screenshot(CHROMIUM, url, ARTIFACTS / f"preview-reference-{name}.png", *size)
        assert shot.stat().st_size > 10_000


def test_html_file_from_the_cli_in_the_browser(tmp_path: Path) -> None:
    assert CHROMIUM is not None
    out = tmp_path / "page.html"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    post = EXAMPLES / "2026-10-03-container-night-12.md"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "preview", str(post), "--html", str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    dom = Dom(dump_dom(CHROMIUM, out.as_uri()))
    assert dom.count("article") == 4 and dom.count("script") == 0
    screenshot(CHROMIUM, out.as_uri(), ARTIFACTS / "preview-example-phone.png", *PHONE)
