"""The parser's speed shortcuts give what the slower tests they stand in front of give.

Each shortcut (a one-character test before a regex search, a search after a literal line break
instead of `^` at every position, a narrower scan) must answer exactly as the full test would:
these properties run both on text made of the characters that matter."""

from __future__ import annotations

import re
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.model import Span, plain_span
from bot.parser import blocks, build, impressions, language, post
from bot.parser.blocks import _HTML_HEADING, Block
from bot.parser.indent import _INDENTED_ITEM, _INDENTED_LINE
from bot.parser.language import detect_language
from bot.parser.link_sources import _TAG
from bot.parser.talks import confidence, heading_rules, heading_shapes, headings, names
from bot.parser.talks.heading_shapes import HeadingMatch
from bot.parser.talks.lead_speaker import talk_speaker
from bot.parser.talks.parts import Heading

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
        "｜",
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
_OLD_SIDES = re.compile(
    r"\s+(?P<sep>——|――|[-–—―|/])\s+|\s*(?P<colon>[:：])\s+|\s*(?P<wide>｜)\s*|\t+"
    r"|(?<=[）」』)\]])(?P<closed>[–—―])\s+"
)
"""The separators without the lookahead and the mark gate (`——` and `―` since Chinese posts; a
dash right after a closing bracket since `Title（？）— Name`)."""
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
    """The HTML tags are found as before; an MDX component (`<SpeakerDeck …>`, group 3 only)
    holds no `<`, so it never hides one."""
    assert [m.groups()[:2] for m in _TAG.finditer(text) if m[1] is not None] == [
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
    if "<summary" in text:  # the one tag the old search did not look for
        return
    assert [m.groups()[:2] for m in _HTML_HEADING.finditer(text)] == [
        m.groups() for m in _OLD_HEADING.finditer(text)
    ]


@settings(max_examples=800)
@given(_TEXT)
def test_language_counts_kana_and_kanji_as_the_run_search(text: str) -> None:
    assert detect_language(text) == _detect_by_runs(text)


@settings(max_examples=800)
@given(
    st.integers(0, 400),
    st.integers(0, 80),
    st.integers(0, 80),
    st.sampled_from(["é", "—", "’", "한", "\uff10", "\u3000"]),
)
def test_language_left_uncounted_only_where_the_count_cannot_reach_the_share(
    latin: int, japanese: int, other: int, other_char: str
) -> None:
    """The count of kana and kanji is skipped when even all non-ASCII characters would fall
    short of the share: near the share's edge, on both sides of it."""
    text = "a" * latin + "あ漢"[: min(japanese, 1)] * japanese + other_char * other + " 1."
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


_OLD_FULL_NAME = re.compile(rf"^{names.NAME_WORD}(?:\s+{names.NAME_WORD}){{1,3}}$")
_NAME_PIECES = st.sampled_from(
    ["Jane", "Doe", "van", "de", "der", "di", "Ó", "Ana-Maria", "O'Neil", "St.", "an", "the", "för"]
)
_NAMEISH = st.lists(
    st.one_of(_WORDS, _NAME_PIECES, st.sampled_from([" ", "\n", " - ", ", ", " & ", "*", "_"])),
    max_size=8,
).map("".join)


def _old_name_score(text: str) -> float:
    """`names.name_score` as it was before a side's words were read once."""
    text = text.strip(" \u3000*_")
    if not text or len(text) > names.MAX_NAMES:
        return 0.0
    if names._HANDLE_ONLY.match(text) or names._HONORIFIC_END.search(text[-3:]):
        return 1.0
    whole = _old_one_name(text)
    if whole >= 0.6 or names.has_word(text, names._TITLE_WORDS):
        return whole
    parts = [part for part in names.split_names(text) if part]
    if len(parts) > 1:
        scores = [_old_one_name(part) for part in parts[:6]]
        capitalised = all(part.strip()[:1].isupper() or part.strip()[:1] == "@" for part in parts)
        if min(scores) >= 0.5:
            return max(0.5, min(scores) * 0.95)
        return 0.6 if min(scores) >= 0.3 and capitalised else 0.0
    return whole


def _old_one_name(text: str) -> float:
    text = text.strip(" \u3000*_")
    if names._HANDLE_ONLY.match(text) or names._HONORIFIC_END.search(text[-3:]):
        return 1.0
    if len(text) > names.MAX_NAME:
        return 0.0
    tail = names._HANDLE_TAIL.search(text) if "@" in text else None
    if tail and not names.has_word(text[: tail.start()], names._TITLE_WORDS):
        return 0.95  # (`with help from @tom` is a sentence, not a name and a handle)
    company = names._JA_COMPANY.match(text) if "株" in text else None
    if company and company.end() < len(text):
        rest = text[company.end() :]
        if _old_one_name(rest) >= 0.3 or len(rest) <= 6:
            return 0.6
    base = names._AFFILIATION.sub("", text)
    if base != text:
        bare = _old_one_name(base)
        if bare >= 0.6:
            return bare * 0.9
        if bare >= 0.5 and names.PAREN_END.search(text):
            return 0.5  # (`松岡 宏明（CNDK 実行委員長）`)
    if _OLD_FULL_NAME.match(text) and (
        not names.has_word(text, names._FUNCTION_WORDS) or names._particle_name(text.split())
    ):
        return 0.7  # (`Sanne de Vries`: a particle inside a name is no function word)
    if (names._JA_NAME.match(text) and not names.ja_phrase(text)) or names._KO_NAME.match(text):
        return 0.5
    if names._ONE_WORD.fullmatch(text) and text not in names._FUNCTION_WORDS:
        return 0.3
    return 0.0


def _old_title_score(text: str) -> float:
    text = text.strip()
    score = 0.0
    if names.has_word(text, names._FUNCTION_WORDS) or names._JA_PARTICLE.search(text):
        score += 0.5
    if len(text.split()) >= 5 or len(text) >= 30:
        score += 0.3
    if names._TITLE_MARKS.search(text):
        score += 0.2
    return min(score, 1.0)


@settings(max_examples=1500)
@given(_NAMEISH)
def test_sides_read_once_score_as_the_tests_one_by_one(text: str) -> None:
    """A side read once (one word scan for the name and the title tests, a possessive full-name
    pattern, joined names scored until one part decides) scores as each test run on its own."""
    assert bool(names.FULL_NAME.match(text)) == bool(_OLD_FULL_NAME.match(text))
    side = names.Side(text)
    assert (side.name, side.title) == (_old_name_score(text), _old_title_score(text))
    side = names.Side(text)  # the title read first
    assert (side.title, side.name) == (_old_title_score(text), _old_name_score(text))
    assert names.name_score(text) == _old_name_score(text)
    assert names._one_name(text) == _old_one_name(text)


_SLOT_PIECES = st.sampled_from(
    [
        "10:00",
        "～",
        " - ",
        "【A-1】",
        "[Track B] ",
        "Track 2",
        "Room A",
        "keynote",
        "KEYNOTE",
        "基調講演",
        "LT",
        "lightning talk",
        "Talk",
        "talk #3",
        "Demo",
        "demo 2",
        "Title",
        "タイトル",
        "演題",
        "発表",
        "発表 1",
        "session 4",
        "invited talk",
        ":",
        "：",
        "|",
        " ",
        "x",
        "Jane",
        "型",
    ]
)


@settings(max_examples=600)
@given(st.lists(_SLOT_PIECES, min_size=1, max_size=6).map("".join))
def test_the_time_slot_gate_lets_through_every_heading_the_slot_rule_would_change(
    text: str,
) -> None:
    text = text.strip()  # a heading's text reaches the rules stripped
    m = heading_rules._SLOT.match(text)
    if m is not None and m["rest"] != text:
        assert heading_rules._SLOT_GATE.match(text) is not None


_INLINE_PIECES = st.sampled_from(
    [
        "@deeeet さん ",
        "資料",
        "a",
        " ",
        "[",
        "]",
        "(",
        ")",
        "[Deck]",
        "(https://speakerdeck.com/x/deck-1)",
        "(http://a.example:8080/p_q*r/)",
        "(http://a.example/a&amp;b)",
        "(http://a.example/(x))",
        '(https://x.example/d "t")',
        "(/relative)",
        "(javascript:x)",
        "()",
        "[]",
        "[x](https://y.example/z)",
        "_",
        "__",
        "*",
        "!",
        "<",
        "&",
        "&amp;",
        "\\",
        "`",
        "\n",
        "![i](https://i.example/i.png)",
        "<!here>",
        "[ref]",
        "]:",
    ]
)


@settings(max_examples=1500)
@given(st.lists(_INLINE_PIECES, max_size=8).map("".join))
def test_simple_inline_reads_as_markdown_it(text: str) -> None:
    env = {"references": {"REF": {"href": "https://r.example/", "title": ""}}}
    fast = blocks.simple_inline(text)
    if fast is not None:
        assert fast == blocks.parse_inline(text, env)


def test_simple_inline_takes_the_usual_shapes() -> None:
    link = "@deeeetさん [CoreOSの基礎](https://speakerdeck.com/tcnksm/core-os)"
    for text in (link, "@y_uuk1さん Webアプリ", "[Deck]() by Jane"):
        assert blocks.simple_inline(text) == blocks.parse_inline(text, {})
    assert blocks.simple_inline("*bold* [x](https://y.example/)") is None


@given(st.text(max_size=20))
def test_plain_span_is_the_dataclass_span(text: str) -> None:
    span = plain_span(text)
    assert span == Span(text)
    assert vars(span) == vars(Span(text))
    assert hash(span) == hash(Span(text))
    assert repr(span) == repr(Span(text))


_GROUP_PIECES = st.sampled_from(
    [
        "LT",
        "lts",
        "Lightning Talks",
        "ライトニングトーク",
        "LT大会",
        "Day 1",
        "2日目",
        "Room A",
        "Track 2",
        "Sessions",
        "ſessions",
        "Sponsors",
        "スポンサー",
        "Talks",
        "talks attended",
        "各発表のメモ",
        "Saturday Morning",
        "Keynote",
        "Slides",
        "Title",
        "Jane Doe",
        "ジェーン さん",
        "@jane",
        " - ",
        " | ",
        " by ",
        "「タイトル」",
        "まとめ",
        "Break",
        " ",
    ]
)
_BODIES = st.sampled_from(["", "Speaker: Jane Doe", "Jane Doe さん", "Notes on the talk."])
_SECTIONS = st.lists(
    st.tuples(st.integers(2, 4), st.lists(_GROUP_PIECES, min_size=1, max_size=4), _BODIES),
    min_size=1,
    max_size=6,
)


def _old_is_group(text: str) -> bool:
    return headings._GROUP.match(text) is not None


def _old_names_group(head: Heading) -> bool:
    text, title = head.block.plain, head.match.title or ""
    return _old_is_group(text) or _old_is_group(title) or headings.names_lt(text)


def _old_label_only(index: int, post_blocks: list[Block]) -> bool:
    if not _old_is_group(post_blocks[index].plain):
        return False
    body = []
    for block in post_blocks[index + 1 :]:
        if block.kind == "heading":
            break
        body.append(block)
    return talk_speaker(body) is None


def _old_group_level(index: int, post_blocks: list[Block], heads: dict[int, Heading]) -> int | None:
    head = heads[id(post_blocks[index])]
    title = head.match.title or head.block.plain
    named = _old_is_group(head.block.plain) or _old_is_group(title)
    for block in post_blocks[index + 1 :]:
        if block.kind == "heading":
            if block.level <= head.block.level:
                return None
            sub = heads.get(id(block))
            if named or (sub is not None and sub.match.strong and not head.match.strong):
                return block.level
            return None
    return None


def _old_choose_level(heads: list[Heading]) -> int | None:
    strong: Counter[int] = Counter()
    weak: Counter[int] = Counter()
    for head in heads:
        if not (head.non_talk or _old_is_group(head.block.plain)):
            (strong if head.match.strong else weak)[head.block.level] += 1
    if strong:
        best = max(strong.values())
        return min(level for level, count in strong.items() if count == best)
    levels = sorted(level for level, count in weak.items() if count >= 2 or len(weak) == 1)
    return levels[0] if levels else None


@settings(max_examples=400)
@given(_SECTIONS, st.data())
def test_group_answers_remembered_on_a_heading_are_the_group_pattern_s(
    sections: list[tuple[int, list[str], str]], data: st.DataObject
) -> None:
    """However often and in whatever order the layout asks, and after a heading is split anew,
    the group helpers answer as the group pattern tried each time."""
    post_blocks: list[Block] = []
    for level, pieces, body in sections:
        post_blocks.append(Block("heading", level=level, spans=(Span("".join(pieces).strip()),)))
        if body:
            post_blocks.append(Block("paragraph", spans=(Span(body),)))
    heads = {id(b): headings.classify(b, frozenset()) for b in post_blocks if b.kind == "heading"}
    indices = [i for i, b in enumerate(post_blocks) if b.kind == "heading"]
    for _ in range(3):
        for index in data.draw(st.permutations(indices)):
            head = heads[id(post_blocks[index])]
            assert headings.names_group(head) == _old_names_group(head)
            assert headings.label_only(index, post_blocks, head) == _old_label_only(
                index, post_blocks
            )
            assert headings.group_level(index, post_blocks, heads) == _old_group_level(
                index, post_blocks, heads
            )
        assert headings.choose_level(list(heads.values())) == _old_choose_level(
            list(heads.values())
        )
        head = heads[id(post_blocks[data.draw(st.sampled_from(indices))])]
        new_title = "".join(data.draw(st.lists(_GROUP_PIECES, max_size=3)))
        head.match = HeadingMatch(None, new_title or None, False, "siblings")


_BREAK_PIECES = st.sampled_from(
    [
        *("休憩", "ランチ", "昼食", "懇親会", "スイーツ", "おやつ", "展示", "ブース", "お詫び"),
        *("Coffee Break", "lunch  break", "Community gathering", "After-Party", "afterpxrty"),
        *("Live", "EXPERIENCE", "Sandbox", "booths", "Expo", "LT", "lts", "Lightning Talks"),
        *("ライトニングトーク", "ライトニング", "LT大会", "BluetoothメッシュによるIoT", "発表"),
        *("ſandbox", "gatherıng", "coffee breaK", "lİve", "lıghtning talk", "booth展示"),
        *("İ", "ı", "ſ", "K", "k", "i", "s", "l", "t", "x", " ", "-", "\n", "é", "Ｌ", "Ｔ"),
    ]
)


@settings(max_examples=1500)
@given(st.lists(_BREAK_PIECES, max_size=6).map("".join))
def test_break_and_lt_words_in_any_script_answer_as_the_full_search(text: str) -> None:
    """The word gates before the case-blind break and LT searches pass every Japanese or mixed
    heading the search would find something in (the letters that fold to ASCII included)."""
    assert headings._break_words(text) == bool(headings._BREAK.search(text))
    assert headings.names_lt(text) == bool(headings._LT_WORDS.search(text))


_HEADING_NO_SPACE = re.compile(r"\n(#{2,6})(?=[^#\s])")


@given(st.lists(st.sampled_from(["#", "##", "\n", " ", "x", "###\n", "\t", "é"]), max_size=12))
def test_headings_spaced_as_the_ungated_substitution(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert post._space_headings(text) == _HEADING_NO_SPACE.sub(r"\n\1 ", "\n" + text)[1:]


_OLD_ANCHOR = re.compile(r"[^a-z0-9]+")


@given(
    st.lists(
        st.sampled_from(["a", "Z", "9", "-", "--", " ", "é", "ß", "İ", "K", "_", "x" * 39]),
        max_size=10,
    ).map("".join),
    st.integers(0, 30),
)
def test_talk_anchors_as_the_run_substitution(text: str, position: int) -> None:
    old_slug = _OLD_ANCHOR.sub("-", text.casefold()).strip("-")[:40].strip("-")
    old = f"talk-{position + 1}" + (f"-{old_slug}" if old_slug else "")
    assert build.talk_anchor(position, text, set()) == old
