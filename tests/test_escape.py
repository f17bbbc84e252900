"""mrkdwn escaping, URL checks and safe truncation (formatters.escape, formatters.text)."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formatters import escape_mrkdwn
from formatters.blocks import link_row, plain, plain_line
from formatters.buttons import BUTTON_KINDS, label_of
from formatters.escape import (
    _PLAIN_URL,
    _checked_url,
    _encodable,
    at_anchor,
    fit_mrkdwn,
    mrkdwn_link,
    safe_url,
    with_fragment,
)
from formatters.text import (
    clean,
    fit,
    fit_line,
    is_boundary,
    one_line,
    slack_len,
    squash,
    truncate,
)


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("<!channel>", "&lt;!channel&gt;"),
        ("<@U123> & <!subteam^S1>", "&lt;@U123&gt; &amp; &lt;!subteam^S1&gt;"),
        ("&amp;", "&amp;amp;"),
        ("*bold* _it_ `code` \"q\" 'a'", "*bold* _it_ `code` \"q\" 'a'"),
        ("", ""),
    ],
)
def test_escape_mrkdwn_escapes_exactly_three_characters(raw: str, escaped: str) -> None:
    assert escape_mrkdwn(raw) == escaped


def test_fit_mrkdwn_counts_the_escaped_length() -> None:
    out = fit_mrkdwn("&" * 1000, 100)
    assert slack_len(out) <= 100
    assert out.endswith("…")
    assert out.replace("&amp;", "") == "…"  # never half an entity


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://speakerdeck.com/a/b", "https://speakerdeck.com/a/b"),
        ("HTTP://Example.com/x", "http://Example.com/x"),
        ("//www.slideshare.net/x", "https://www.slideshare.net/x"),
        ("javascript:alert(1)", None),
        ("data:text/html,hi", None),
        ("/relative/path", None),
        ("mailto:a@b.c", None),
        ("", None),
        (None, None),
        ("https://", None),
        ("https://a.b/" + "x" * 3000, None),
    ],
)
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


@given(st.from_regex(_PLAIN_URL, fullmatch=True))
def test_safe_url_shortcut_gives_what_the_full_check_gives(url: str) -> None:
    assert safe_url(url) == _checked_url(url) == url


def test_safe_url_encodes_what_would_break_a_link() -> None:
    url = safe_url("https://ex.com/a b|c<d>é?q=1&r=2")
    assert url == "https://ex.com/a%20b%7Cc%3Cd%3E%C3%A9?q=1&r=2"


def test_mrkdwn_link_escapes_url_and_label() -> None:
    assert mrkdwn_link("https://e.com/?a=1&b=2", "<!here> & co") == (
        "<https://e.com/?a=1&amp;b=2|&lt;!here&gt; &amp; co>"
    )


def test_with_fragment_replaces_existing_fragment() -> None:
    assert with_fragment("https://b.log/p#old", "talk-2") == "https://b.log/p#talk-2"
    assert with_fragment("https://b.log/p", "") == "https://b.log/p"
    assert with_fragment("ftp://b.log/p", "x") is None


def test_slack_len_counts_utf16_units() -> None:
    assert slack_len("abc") == 3
    assert slack_len("😀") == 2
    assert slack_len("日本") == 2


def test_truncate_keeps_short_text_and_marks_cuts() -> None:
    assert truncate("hello", 5) == "hello"
    assert truncate("hello world", 8) == "hello w…"
    assert truncate("hello world", 7) == "hello…"  # no space before the ellipsis
    assert slack_len(truncate("x" * 50_000, 3000)) <= 3000


@pytest.mark.parametrize(
    "cluster",
    [
        "\u30af\u3099",  # ク + combining dakuten (decomposed グ)
        "e\u0301\u0301",  # stacked combining accents
        "👨\u200d👩\u200d👧\u200d👦",  # ZWJ family
        "❤\ufe0f",  # variation selector
        "👍🏽",  # skin tone
        "🇯🇵",  # regional indicator pair
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",  # tag sequence
        "ｶﾞ",  # halfwidth voiced mark
    ],
)
def test_truncate_never_splits_a_grapheme(cluster: str) -> None:
    text = "ab" + cluster * 40
    for limit in range(1, slack_len(text)):
        out = truncate(text, limit)
        assert slack_len(out) <= limit
        body = out.removesuffix("…")
        assert text.startswith(body)
        rest = text[len(body) :]
        assert rest == "" or is_boundary(text, len(body)), (limit, out)
        if body:
            assert not unicodedata.combining(rest[:1] or "a")


def test_truncate_keeps_regional_indicator_pairs() -> None:
    text = "🇯🇵🇺🇸🇫🇷"
    for limit in range(1, 12):
        body = truncate(text, limit).removesuffix("…")
        assert len(body) % 2 == 0


def test_clean_composes_and_repairs() -> None:
    assert clean("\u30af\u3099") == "グ"
    assert clean("a\ud83d") == "a\ufffd"  # lone surrogate replaced
    assert clean("\ud83d\ude00") == "😀"  # surrogate pair joined
    assert clean("a\x00b\r\nc\x1b") == "ab\nc"


def test_lone_surrogates_in_urls_and_anchors_do_not_crash() -> None:
    assert with_fragment("https://ex.com/p", "a\ud83db") == "https://ex.com/p#a%EF%BF%BDb"
    assert safe_url("https://ex.com/\ud83d?q=1") == "https://ex.com/%EF%BF%BD?q=1"
    assert safe_url("https://ex.com/\ud83d\ude00") == "https://ex.com/%F0%9F%98%80"


_HOST_PATH = st.from_regex(
    r"//[A-Za-z0-9.-]+(?::[0-9]+)?(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?", fullmatch=True
)


@given(_HOST_PATH)
def test_protocol_relative_shortcut_gives_what_the_full_check_gives(url: str) -> None:
    """`//host/path` (an embed's `src`) skips the split and quote, as a plain URL does."""
    assert safe_url(url) == _checked_url(url)


@given(st.from_regex(_PLAIN_URL, fullmatch=True), st.text(max_size=30))
def test_anchor_shortcut_gives_what_the_full_check_gives(base: str, anchor: str) -> None:
    """A plain URL with a percent-encoded fragment is what `safe_url` would give back."""
    full = safe_url(f"{base}#{quote(_encodable(anchor), safe='')}") if anchor else base
    assert at_anchor(base, anchor) == full


@given(st.text(max_size=40), st.integers(min_value=0, max_value=60), st.sampled_from(["…", ""]))
def test_plain_object_text_is_fit_of_one_line(text: str, limit: int, fallback: str) -> None:
    """`blocks.plain` skips `fit`'s `clean`: a line from `one_line` is already clean."""
    assert plain(text, limit, fallback)["text"] == fit(one_line(text), limit, fallback)


_MEASURED = st.lists(
    st.sampled_from(["a", " ", "  ", "\t", "\n", "é", "e\u0301", "語", "😀", "\ud83d", "\x07"]),
    max_size=12,
).map("".join)


@given(_MEASURED | st.text(max_size=20))
def test_slack_len_counts_what_utf16_encoding_counts(text: str) -> None:
    """The astral-character search stands in for encoding every non-ASCII text."""
    assert slack_len(text) == len(text.encode("utf-16-le", "surrogatepass")) // 2


@given(_MEASURED | st.text(max_size=20))
def test_one_line_is_squash_stripped(text: str) -> None:
    """`one_line`'s own path for printable ASCII gives what `squash` gives."""
    assert one_line(text) == squash(text).strip()


@given(
    st.sampled_from(["Speaker", "登壇者", "Talk 3 of 24"]),
    _MEASURED | st.text(max_size=20),
    st.integers(min_value=0, max_value=60),
)
def test_a_label_before_a_clean_line_needs_no_cleaning(label: str, raw: str, limit: int) -> None:
    """The talk message's meta line joins a catalog label and a line `one_line` gave, and
    makes it a text object without cleaning it again (`plain_line`)."""
    line = one_line(raw)
    if line:
        assert plain_line(f"{label}: {line}", limit) == plain(f"{label}: {raw}", limit)
        assert plain_line(f"{line} · {label}", limit) == plain(f"{line} · {label}", limit)


@given(_MEASURED | st.text(max_size=20), st.integers(min_value=0, max_value=30))
def test_fit_of_a_line_needs_no_cleaning(text: str, limit: int) -> None:
    """`fit_line` (of a line `one_line` gave) is `fit` without the second `clean`; `fit` itself
    is the cut of the cleaned text, or the fallback when nothing visible is left."""
    line = one_line(text)
    assert fit_line(line, limit) == fit(line, limit)
    cut = truncate(clean(text).strip(), limit)
    assert fit(text, limit, "") == (cut if cut.strip() else "")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_button_labels_are_clean_lines(lang: str) -> None:
    """`link_row` shows its labels (the button words of the catalog) as they are."""
    for kind in BUTTON_KINDS:
        label = label_of(kind, lang)
        assert one_line(label) == label
        assert link_row([(label, "https://x.example/", "a")], "b")["elements"][0]["text"] == plain(
            label, 75
        )
