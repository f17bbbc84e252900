"""The preview renderer on Block Kit payloads: Slack's look, and nothing in a payload runs."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bot.model import MeetupRef, ResultPage, Talk, TalkHit
from bot.preview.mrkdwn import mrkdwn_to_html
from bot.preview.render import index_page_html, post_page_html


def html_of(blocks: list[dict[str, Any]], text: str = "note") -> str:
    return post_page_html("T", [{"text": text, "blocks": blocks}])


def body(html: str) -> str:
    """The page without its fixed head (the CSS and CSP)."""
    return html.split("<main>", 1)[1]


@pytest.mark.parametrize(
    ("mrkdwn", "html"),
    [
        ("*bold* and _it_ and ~gone~", "<b>bold</b> and <i>it</i> and <s>gone</s>"),
        ("use `a < b` here", "use <code>a &lt; b</code> here"),
        ("&lt;!channel&gt; &amp; co", "&lt;!channel&gt; &amp; co"),
        ("snake_case_name stays", "snake_case_name stays"),
        ("2*3*4", "2*3*4"),
        ("line one\nline two", "line one<br>line two"),
        ("&gt; quoted\nafter", "<blockquote>quoted</blockquote>after"),
        (
            "<!here> and <@U123>",
            '<span class="mention">@here</span> and <span class="mention">@U123</span>',
        ),
        ("<!date^1392734382^{date}|Feb 18>", "Feb 18"),
        ("```x <y>\n z```", "<pre>x &lt;y&gt;\n z</pre>"),
    ],
)
def test_mrkdwn_is_drawn_like_slack(mrkdwn: str, html: str) -> None:
    assert str(mrkdwn_to_html(mrkdwn)) == html


def test_links_keep_http_urls_only() -> None:
    html = str(mrkdwn_to_html("*<https://ex.org/a?b=1&amp;c=2|Slides>* <javascript:alert(1)|x>"))
    assert html.startswith('<b><a href="https://ex.org/a?b=1&amp;c=2" target="_blank"')
    assert ">Slides</a></b>" in html
    assert "javascript" not in html
    assert '<span class="dead-link">x</span>' in html


def test_placeholders_cannot_be_forged() -> None:
    html = str(mrkdwn_to_html("\ue0000\ue001 <https://ex.org|a>"))
    assert html.count("<a ") == 1 and "\ue000" not in html


HOSTILE = "<script>document.title='pwned'</script> <img src=x onerror=alert(1)> <!channel>"


@pytest.mark.parametrize(
    "block",
    [
        {"type": "header", "text": {"type": "plain_text", "text": HOSTILE}},
        {"type": "section", "text": {"type": "plain_text", "text": HOSTILE}},
        {"type": "context", "elements": [{"type": "plain_text", "text": HOSTILE}]},
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_list",
                    "style": "bullet",
                    "indent": 1,
                    "elements": [
                        {
                            "type": "rich_text_section",
                            "elements": [{"type": "text", "text": HOSTILE}],
                        }
                    ],
                },
                {"type": "rich_text_quote", "elements": [{"type": "text", "text": HOSTILE}]},
            ],
        },
        {"type": "section", "text": {"type": "mrkdwn", "text": HOSTILE.replace("<!", "&lt;!")}},
    ],
)
def test_hostile_text_in_any_block_is_escaped_text(block: dict[str, Any]) -> None:
    html = body(html_of([block], text=HOSTILE))
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;document.title=&#39;pwned&#39;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_mrkdwn_script_tags_never_become_html() -> None:
    html = body(html_of([{"type": "section", "text": {"type": "mrkdwn", "text": HOSTILE}}]))
    assert "<script" not in html and "<img" not in html
    assert '<span class="mention">@channel</span>' in html  # what Slack would do with it


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "/relative", 'x" y'])
def test_buttons_and_links_open_only_http_urls(url: str) -> None:
    blocks = [
        {
            "type": "actions",
            "elements": [
                {"type": "button", "text": {"type": "plain_text", "text": "Go"}, "url": url}
            ],
        },
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_section",
                    "elements": [{"type": "link", "url": url, "text": "here"}],
                }
            ],
        },
    ]
    html = body(html_of(blocks))
    assert "href" not in html.split('class="notif"')[0]
    assert '<span class="btn dead"' in html and '<span class="dead-link">here</span>' in html


def test_rich_text_lists_keep_style_indent_and_numbering() -> None:
    def item(text: str) -> dict[str, Any]:
        return {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}

    blocks = [
        {
            "type": "rich_text",
            "elements": [
                {
                    "type": "rich_text_list",
                    "style": "ordered",
                    "indent": 0,
                    "elements": [item("one")],
                },
                {
                    "type": "rich_text_list",
                    "style": "bullet",
                    "indent": 1,
                    "elements": [item("sub")],
                },
                {
                    "type": "rich_text_list",
                    "style": "ordered",
                    "indent": 0,
                    "offset": 1,
                    "elements": [item("two")],
                },
            ],
        }
    ]
    html = body(html_of(blocks))
    lists = re.findall(r'<(ol|ul) class="rt-list (\w+) indent-(\d)"(?: start="(\d+)")?>', html)
    assert lists == [
        ("ol", "ordered", "0", "1"),
        ("ul", "bullet", "1", ""),
        ("ol", "ordered", "0", "2"),
    ]


def test_styles_buttons_and_thread_layout() -> None:
    announcement = {
        "text": "Meetup &amp; friends — 2 talks",
        "blocks": [
            {"type": "header", "text": {"type": "plain_text", "text": "Meetup"}},
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "style": "primary",
                        "text": {"type": "plain_text", "text": "Slides"},
                        "url": "https://ex.org/s",
                    }
                ],
            },
        ],
    }
    reply = {
        "text": "talk",
        "blocks": [
            {
                "type": "rich_text",
                "elements": [
                    {
                        "type": "rich_text_section",
                        "elements": [
                            {"type": "text", "text": "b", "style": {"bold": True}},
                            {"type": "text", "text": "c", "style": {"code": True, "italic": True}},
                        ],
                    }
                ],
            }
        ],
    }
    html = body(post_page_html("Meetup", [announcement, reply, reply]))
    assert '<a class="btn primary" href="https://ex.org/s"' in html
    assert "<b>b</b>" in html and "<i><code>c</code></i>" in html
    assert html.count('class="msg reply"') == 2 and 'id="talk-2"' in html
    assert "2 replies in the thread" in html
    # the notification line is the payload's text as the phone shows it (entities decoded)
    assert '<span class="notif-text">Meetup &amp; friends — 2 talks</span>' in html


def test_unknown_blocks_are_named_not_dropped() -> None:
    html = body(html_of([{"type": "video", "title": "<b>x</b>"}]))
    assert "block type “video” is not drawn" in html and "<b>x" not in html


def test_every_page_forbids_scripts() -> None:
    html = html_of([])
    assert "default-src &#39;none&#39;" in html or "default-src 'none'" in html
    assert "script-src" not in html and "<script" not in html


def _results(total: int, hits: int, exact: bool) -> ResultPage:
    meetup = MeetupRef("2026-11-14-m", "Meetup", None)
    talk = Talk(speaker="@a", title="Docker talk", slides_url=None)
    found = tuple(TalkHit(meetup, talk, n) for n in range(hits))
    return ResultPage("docker", found, total, offset=0, limit=5, total_exact=exact)


@pytest.mark.parametrize(
    ("page", "heading", "next_link"),
    [
        (_results(1110, 5, exact=False), "about 1,110 talks for", True),
        (_results(7, 5, exact=True), "7 talks for", True),
        (_results(5, 5, exact=True), "5 talks for", False),
        (_results(1110, 3, exact=False), "about 1,110 talks for", False),  # ran out: no Next
    ],
)
def test_search_results_say_about_and_offer_next_only_when_there_is_more(
    page: ResultPage, heading: str, next_link: bool
) -> None:
    html = index_page_html([], query="docker", results=page)
    assert heading in html
    assert ("offset=5" in html) is next_link
