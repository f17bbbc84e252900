"""The parser's speed shortcuts give what the slower tests they stand in front of give.

Each shortcut (a one-character test before a regex search, a search after a literal line break
instead of `^` at every position, a narrower scan) must answer exactly as the full test would:
these properties run both on text made of the characters that matter."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.parser import impressions, language
from bot.parser.blocks import _HTML_HEADING
from bot.parser.indent import _INDENTED_ITEM, _INDENTED_LINE
from bot.parser.language import detect_language
from bot.parser.link_sources import _TAG
from bot.parser.talks import confidence, heading_shapes, headings, names

_WORDS = st.sampled_from(
    [
        "after party",
        "<a href=x>",
        "<IFRAME src=y>",
        "<ſcrİpt a>",
        "<embed>",
        "<abbr>",
        "<aside>",
        "LT",
        "lts",
        "Lightning  Talks",
        "ライトニングトーク",
        "AFTER-Pxrty",
        " / ",
        " – ",
        " | ",
        " : ",
        "Lunch break",
        "Community  Gathering",
        "Expo\n",
        "Jane Doe さん",
        "  - item",
        "\n - item",
        "\n 1. x",
        " 2)",
        "<h2>T</h2>",
        "<H4 x>T</h4 >",
        " ",
        "  ",
        "\t",
        "\n",
        "-",
        "–",
        "—",
        "|",
        "/",
        ":",
        "：",
        ",",
        "，",
        "(",
        "（",
        "@",
        "&",
        "a",
        "A",
        "x",
        "Jane",
        "Doe",
        "break",
        "BREAK",
        "coffee",
        "after",
        "party",
        "Live",
        "EXPO",
        "booth",
        "sandbox",
        "gathering",
        "休憩",
        "展示",
        "さん",
        "氏",
        "様",
        "先生",
        "ſ",
        "K",
        "İ",
        "1",
        "12",
        "* ",
        "- ",
        "1. ",
        "<h2>",
        "</H2>",
        "<H3 id=x>",
        "</h3>",
        "ひら",
        "カナ",
        "漢字",
        "ｶﾀ",
        "é",
        " and ",
        "AND",
        "und",
        " Et ",
        "och",
        " X ",
        "×",
        "、",
        "・",
        "／",
        "する",
        "と",
        "abc def",
        "?",
        "した",
        "話",
        "は",
        "株式会社",
        "（株）",
        "—",
        "\u3000",
        "。",
        ". ",
        "I ",
        "We ",
        "It ",
        "Ｉ",
    ]
)
_TEXT = st.lists(_WORDS, max_size=8).map("".join)
_OLD_SIDES = re.compile(r"\s+(?P<sep>[-–—|/])\s+|\s*(?P<colon>[:：])\s+|\t+")
_OLD_HEADING = re.compile(r"<h([1-6])(?:\s[^>]*)?>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_OLD_TAG = re.compile(r"<(a|iframe|embed|script)\b([^>]*)>", re.IGNORECASE)
_OLD_JOIN = re.compile(
    r"\s*(?:&|/|／|,|、|・|\band\b|\bund\b|\bet\b|\boch\b|\bx\b|×)\s*", re.IGNORECASE
)
_OLD_AFFILIATION = re.compile(r"\s*(?:[-–—]\s+|[,，(（@]\s*).*$")
_OLD_PARTICLE = re.compile(r"[をでにはがのへとも]|する|した|って|ため|入門|話|実践|方法")
_OLD_TITLE_MARKS = re.compile(r"[?？!！「」『』:\d]|[a-z]{3,}\s+[a-z]{3,}")
_OLD_PARTS = re.compile(r"\s*[,、/・&＆]\s*|\s+and\s+|と")
_OLD_JAPANESE = re.compile(r"[\u3041-\u309f\u30a0-\u30ff\u4e00-\u9fff\uff66-\uff9f]+")


@settings(max_examples=800)
@given(_TEXT)
def test_break_words_answer_as_the_full_search(text: str) -> None:
    assert headings._break_words(text) == bool(headings._BREAK.search(text))


@settings(max_examples=800)
@given(_TEXT)
def test_embed_tags_found_as_the_case_blind_search(text: str) -> None:
    assert [m.groups() for m in _TAG.finditer(text)] == [
        m.groups() for m in _OLD_TAG.finditer(text)
    ]


@settings(max_examples=800)
@given(_TEXT)
def test_lt_words_answer_as_the_full_search(text: str) -> None:
    assert headings.names_lt(text) == bool(headings._LT_WORDS.search(text))


@settings(max_examples=800)
@given(_TEXT)
def test_side_marks_answer_as_the_full_search(text: str) -> None:
    assert [m.span() for m in heading_shapes._side_marks(text)] == [
        m.span() for m in _OLD_SIDES.finditer(text)
    ]
    assert heading_shapes._has_sides(text) == bool(_OLD_SIDES.search(text))
    assert [m.groupdict() for m in heading_shapes._SIDES.finditer(text)] == [
        m.groupdict() for m in _OLD_SIDES.finditer(text)
    ]


@settings(max_examples=800)
@given(_TEXT)
def test_name_joins_and_marks_found_as_the_plain_patterns(text: str) -> None:
    """The lookaheads and case-spelled words of `names` match where the plain patterns do."""
    assert names._JOIN.split(text) == _OLD_JOIN.split(text)
    assert names._AFFILIATION.sub("", text) == _OLD_AFFILIATION.sub("", text)
    found, old = names._JA_PARTICLE.search(text), _OLD_PARTICLE.search(text)
    assert (found and found.span()) == (old and old.span())
    assert (names._JA_COMPANY.match(text) is None) or "株" in text
    found, old = names._TITLE_MARKS.search(text), _OLD_TITLE_MARKS.search(text)
    assert (found and found.span()) == (old and old.span())
    assert impressions._PARTS.split(text) == _OLD_PARTS.split(text)


@settings(max_examples=800)
@given(_TEXT)
def test_name_patterns_answer_as_the_full_search(text: str) -> None:
    assert bool(names._HONORIFIC_END.search(text[-3:])) == bool(names._HONORIFIC_END.search(text))
    if not names._AFFILIATION_MARK.search(text):
        assert names._AFFILIATION.sub("", text) == text
    if "@" not in text:
        assert not names._HANDLE_TAIL.search(text)


@settings(max_examples=800)
@given(_TEXT)
def test_indented_item_found_as_the_full_search(text: str) -> None:
    found = _INDENTED_ITEM.match(text) or _INDENTED_LINE.search(text)
    assert bool(found) == bool(_INDENTED_ITEM.search(text))


@settings(max_examples=800)
@given(_TEXT)
def test_html_headings_found_as_the_case_blind_search(text: str) -> None:
    assert [m.groups() for m in _HTML_HEADING.finditer(text)] == [
        m.groups() for m in _OLD_HEADING.finditer(text)
    ]


@settings(max_examples=800)
@given(_TEXT)
def test_language_counts_kana_and_kanji_as_the_run_search(text: str) -> None:
    assert detect_language(text) == _detect_by_runs(text)


def _detect_by_runs(sample: str) -> str:
    """The language as it was found before: kana/kanji runs summed line by line."""
    if sample.isascii():
        return "en"
    japanese = sum(len(run) for line in sample.split("\n") for run in _OLD_JAPANESE.findall(line))
    if japanese < 5:
        return "en"
    latin = len(sample.encode("ascii", "ignore").translate(None, language._NOT_LATIN))
    return "ja" if japanese >= language.JA_SHARE * (japanese + latin) else "en"


@settings(max_examples=800)
@given(_TEXT)
def test_prose_titles_found_as_the_full_search(text: str) -> None:
    assert confidence.is_prose(text) == bool(confidence._PROSE.search(text))
