"""`/meetup talks` shows a meetup's whole lineup in one answer (up to `TALKS_PER_ANSWER`, 40)
and pages only beyond it; `meetup-bot talks` in the terminal does the same. Through the real
HTTP server with signed requests, and the real CLI."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.catalog import Catalog
from bot.cli import main
from bot.indexer import sync_index
from bot.preview.wiring import make_preview_pages
from bot.settings import Settings
from bot.store import open_store
from bot.web.app import WebApp
from formatters import check_message
from formatters.lineup import TALKS_PER_ANSWER
from tests.browser import serving
from tests.fixtures_slack import RunningBot, blocks_text, buttons, start_bot, write_posts
from tests.slack_api_server import SlackApiServer


def _meetup(title: str, day: str, talks: list[tuple[str, str, str]]) -> str:
    head = f'---\ntitle: "{title}"\ndate: {day} 19:00:00 +0900\n---\n\nIntro.\n\n'
    body = "\n".join(
        f"## {speaker} [{name}]({slides})\n\n* a point about {name}\n"
        for speaker, name, slides in talks
    )
    return head + body


def _talks(count: int, word: str) -> list[tuple[str, str, str]]:
    return [
        (
            f"@speaker_{n:02d}",
            f"{word} talk {n:02d}: what we learned running it in production",
            f"https://speakerdeck.com/speaker{n:02d}/{word.lower()}-talk-{n:02d}-in-production",
        )
        for n in range(1, count + 1)
    ]


# A long lineup with everything as long as a talk heading the detector still splits (300
# characters): 190-character titles, 60-character speakers, and slides URLs of 600 characters.
# The answer must still be one valid message.
_WORST = [
    (
        f"@{'s' * 58}{n:02d}",
        f"{n:02d} " + "とても長いタイトル" * 21,
        f"https://example.com/{'x' * 580}/{n:02d}",
    )
    for n in range(1, 41)
]

BIG_POSTS = {
    "2026-12-05-lineup-night-7.md": _meetup("Lineup Night #7", "2026-12-05", _talks(35, "Lineup")),
    "2026-12-12-huge-conf-2026.md": _meetup("Huge Conf 2026", "2026-12-12", _talks(55, "Huge")),
    "2026-12-19-worst-case-night.md": _meetup("Worst Case Night", "2026-12-19", _WORST),
}


@pytest.fixture
def lineup_bot(tmp_path: Path, slack_api: SlackApiServer) -> Iterator[RunningBot]:
    posts = write_posts(tmp_path / "posts")
    for name, text in BIG_POSTS.items():
        (posts / name).write_text(text, encoding="utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'meetup.db'}")
    assert sync_index(store, Catalog(posts)).ok
    running, server = start_bot(store, slack_api, posts)
    yield running
    server.close()
    store.close()


def _numbers(message: dict[str, Any]) -> list[int]:
    """The talk numbers the answer shows (`7. *Title*` lines)."""
    return [int(n) for n in re.findall(r"^(\d+)\. ", blocks_text(message), re.MULTILINE)]


def _by_id(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["action_id"]: b for b in buttons(message)}


@pytest.mark.parametrize(
    ("selector", "count", "title"),
    [
        ("container night", 13, "Lightning talk {n} about containers"),
        ("lineup night", 35, "Lineup talk {n:02d}: what we learned"),
    ],
    ids=["13", "35"],
)
def test_the_whole_lineup_in_one_answer(
    lineup_bot: RunningBot, selector: str, count: int, title: str
) -> None:
    message = lineup_bot.client.slash(f"talks {selector}").json()
    assert check_message(message) == []
    shown = blocks_text(message)
    assert [n for n in range(1, count + 1) if title.format(n=n) not in shown] == []
    assert f"Talks 1–{count} of {count}" in shown
    assert _numbers(message) == list(range(1, count + 1))
    found = _by_id(message)
    assert "meetup_next" not in found and "meetup_prev" not in found
    assert {f"meetup_share_{i}" for i in range(count)} <= set(found)
    assert shown.count("|Slides>") == count


def test_share_from_the_lineup(lineup_bot: RunningBot) -> None:
    message = lineup_bot.client.slash("talks lineup night").json()
    lineup_bot.client.click(_by_id(message)["meetup_share_33"], response_id="share")
    shared = lineup_bot.api.wait_for("response")[0].json_body
    assert shared["response_type"] == "in_channel"
    assert "Lineup talk 34: what we learned" in blocks_text(shared)


def test_beyond_forty_next_and_previous_replace_the_answer(lineup_bot: RunningBot) -> None:
    first = lineup_bot.client.slash("talks huge conf").json()
    assert check_message(first) == []
    assert _numbers(first) == list(range(1, 41))
    assert "Talks 1–40 of 55" in blocks_text(first)
    lineup_bot.client.click(_by_id(first)["meetup_next"], response_id="next")
    second = lineup_bot.api.wait_for("response")[0].json_body
    assert second["replace_original"] is True and second["response_type"] == "ephemeral"
    assert check_message(second) == []
    assert _numbers(second) == list(range(41, 56))
    assert "meetup_next" not in _by_id(second)
    lineup_bot.client.click(_by_id(second)["meetup_prev"], response_id="back")
    back = lineup_bot.api.wait_for("response", 2)[1].json_body
    assert _numbers(back) == list(range(1, 41))


def test_longest_lineup_still_one_valid_message(lineup_bot: RunningBot) -> None:
    message = lineup_bot.client.slash("talks worst case night").json()
    assert check_message(message) == []
    assert _numbers(message) == list(range(1, 41))
    assert "meetup_next" not in _by_id(message)


# --- the terminal ---------------------------------------------------------------------------


@pytest.fixture
def terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    posts = write_posts(tmp_path / "posts")
    for name, text in BIG_POSTS.items():
        (posts / name).write_text(text, encoding="utf-8")
    monkeypatch.setenv("MEETUP_POSTS", str(posts))
    monkeypatch.setenv("MEETUP_DATABASE_URL", f"sqlite:///{tmp_path / 'meetup.db'}")
    return posts


def _rows(out: str) -> list[int]:
    return [int(n) for n in re.findall(r"^\s*(\d+)\. .* — @speaker", out, re.MULTILINE)]


def test_terminal_shows_the_whole_lineup(
    terminal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["talks", "lineup", "night"]) == 0
    out = capsys.readouterr().out
    assert _rows(out) == list(range(1, 36))
    assert "Talks 1–35 of 35" in out and "--offset" not in out


def test_terminal_pages_beyond_forty(terminal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["talks", "huge", "conf"]) == 0
    out = capsys.readouterr().out
    assert _rows(out) == list(range(1, 41))
    assert "Talks 1–40 of 55" in out and "--offset 40" in out
    assert main(["talks", "huge", "conf", "--offset", "40"]) == 0
    out = capsys.readouterr().out
    assert _rows(out) == list(range(41, 56))
    assert "Talks 41–55 of 55" in out and "--offset" not in out
    assert main(["talks", "huge", "conf", "--offset", "60"]) == 1
    assert (
        capsys.readouterr().err == "meetup-bot: No talks from --offset 60: Huge Conf 2026 has 55.\n"
    )
    assert main(["talks", "huge", "conf", "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert [t["position"] for t in doc["talks"]] == list(range(40))
    assert (doc["total"], doc["offset"], doc["limit"]) == (55, 0, 40)


# --- the preview page -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("post_id", "word", "count"),
    [("2026-12-05-lineup-night-7", "Lineup", 35), ("2026-12-12-huge-conf-2026", "Huge", 55)],
)
def test_preview_page_shows_the_same_lineup(
    tmp_path: Path, post_id: str, word: str, count: int
) -> None:
    """The post page draws the announcement, whose numbered list holds as many talks as one
    answer (40, then `+N more talks`), and one reply per talk, every one of them (with the cap
    on talk messages set above the lineup; tests/test_talk_message_cap.py covers the cap)."""
    posts = write_posts(tmp_path / "posts", dict(BIG_POSTS))
    settings = Settings(
        MEETUP_POSTS=posts,
        MEETUP_DATABASE_URL=f"sqlite:///{tmp_path / 'i.db'}",
        MEETUP_MAX_TALK_MESSAGES=100,
    )
    with (
        serving(WebApp(make_preview_pages(settings).routes())) as url,
        urllib.request.urlopen(f"{url}/posts/{post_id}", timeout=30) as response,
    ):
        status, html = response.status, response.read().decode("utf-8")
    assert status == 200 and html.count('class="msg reply"') == count
    channel = html[html.index('<section class="channel">') :]
    announcement = channel[: channel.index('class="msg reply"')]  # the thread starts there
    listed = [n for n in range(1, count + 1) if f"{word} talk {n:02d}:" in announcement]
    assert listed == list(range(1, min(count, TALKS_PER_ANSWER) + 1))
    hidden = count - len(listed)
    assert ("more talks" in announcement) == bool(hidden)
    assert not hidden or f"+{hidden} more talks" in announcement
