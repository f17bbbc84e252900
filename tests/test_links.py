"""Links by kind (`bot.parser.link_kinds`, `bot.parser.links`): what each link of a talk points
at, every link of a talk in post order, and `slides_url` the first slides link, never a video or
a talk page.

Data-driven: `tests/fixtures/links/kinds.json` is (case, url, label, words before, kind);
`tests/fixtures/links/sources.json` is talks of our own writing (a heading and its body) with
the links and slides each must give, embeds, tags and shortcodes included.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.model import LinkKind, TalkLink, to_jsonable
from bot.parser import parse_post
from bot.parser.blocks import parse_blocks
from bot.parser.link_kinds import embed_urls, is_slide_url, is_video_url, link_kind
from bot.parser.links import talk_links

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "links"
KINDS: list[list[str]] = json.loads((FIXTURES / "kinds.json").read_text(encoding="utf-8"))
SOURCES: list[dict[str, Any]] = json.loads((FIXTURES / "sources.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("url", "label", "before", "kind"), [k[1:] for k in KINDS], ids=[k[0] for k in KINDS]
)
def test_link_kind(url: str, label: str, before: str, kind: str) -> None:
    assert link_kind(url, label, before) is LinkKind(kind)


def _talk(case: dict[str, Any]) -> dict[str, Any]:
    text = "---\ntitle: Tracing Night\n---\n\nNotes from the night.\n\n"
    text += f"## {case['heading']}\n\n" + "\n".join(case["body"]) + "\n"
    post = to_jsonable(parse_post(text, source="2024-05-10-tracing-night.md"))
    assert len(post["talks"]) == 1, [t["title"] for t in post["talks"]]
    talk: dict[str, Any] = post["talks"][0]
    return talk


@pytest.mark.parametrize("case", SOURCES, ids=[c["case"] for c in SOURCES])
def test_talk_links_and_slides(case: dict[str, Any]) -> None:
    talk = _talk(case)
    assert [[link["kind"], link["url"]] for link in talk["links"]] == case["links"]
    assert talk["slides_url"] == case["slides_url"]


@pytest.mark.parametrize("case", SOURCES, ids=[c["case"] for c in SOURCES])
def test_slides_url_is_the_first_slides_link_written_in_the_post(case: dict[str, Any]) -> None:
    talk = _talk(case)
    first = next((link["url"] for link in talk["links"] if link["kind"] == "slides"), None)
    assert talk["slides_url"] in (first, None)
    if talk["slides_url"] is None and first is not None:
        assert "player/" in first or "embed_code" in first  # only an embed known by its id
    kinds = {link["url"]: link["kind"] for link in talk["links"]}
    assert kinds.get(talk["slides_url"], "slides") == "slides"


def test_parse_json_has_links_with_kind_url_label() -> None:
    talk = _talk(next(c for c in SOURCES if c["case"].startswith("a video first")))
    assert talk["links"] == [
        {"kind": "video", "url": "https://youtu.be/abc123", "label": "YouTube"},
        {"kind": "slides", "url": "https://speakerdeck.com/alice/tracing", "label": "Slides"},
    ]


def test_talk_links_of_a_heading_and_a_body() -> None:
    heading = parse_blocks("## [@alice](https://x.com/alice) [Tracing](https://alice.example/t)")[0]
    body = parse_blocks("Video: https://vimeo.com/42\n\n- see [the repo](https://github.com/a/t)")
    assert talk_links(heading.links, body, speaker="@alice") == (
        TalkLink(LinkKind.OTHER, "https://x.com/alice", "@alice"),
        TalkLink(LinkKind.SLIDES, "https://alice.example/t", "Tracing"),
        TalkLink(LinkKind.VIDEO, "https://vimeo.com/42", ""),
        TalkLink(LinkKind.CODE, "https://github.com/a/t", "the repo"),
    )


def test_the_host_checks_the_detector_uses() -> None:
    assert is_slide_url("https://speakerdeck.com/alice/deck")
    assert not is_slide_url("https://speakerdeck.com/alice")
    assert not is_slide_url("https://www.youtube.com/watch?v=x")
    assert is_video_url("https://vimeo.com/1") and not is_video_url("https://vimeo.example/1")


def test_embed_urls_puts_a_deck_link_before_its_player_and_leaves_videos_out() -> None:
    html = (
        '<iframe src="//www.slideshare.net/slideshow/embed_code/key/AbC"></iframe>'
        '<a href="//www.slideshare.net/bob/deck">Deck</a> from <a href="//www.slideshare.net/bob">'
        'bob</a><iframe src="https://www.youtube.com/embed/xyz"></iframe>'
    )
    assert embed_urls(html) == [
        "//www.slideshare.net/bob/deck",
        "//www.slideshare.net/slideshow/embed_code/key/AbC",
    ]
    assert embed_urls(html, videos=True)[-1] == "https://www.youtube.com/embed/xyz"
    assert embed_urls('<iframe src="https://hatenablog-parts.com/embed?url=x"></iframe>') == []
