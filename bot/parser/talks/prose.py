"""Prose that names talks: a sentence with a person's name and a quoted or bold title
(`Nadia Okafor opened with **Title**`, `Jane Doe talked about “Title”`, `“Title” by Jane Doe`,
`西村さんによる【Title】`, `小林 拓也さん。タイトルは「Title」`), and bold runs in running text
written like a talk heading (`**Title by Jane Doe**`).

Each rule returns every talk its paragraph names; `bot.parser.talks.paragraphs` takes them only
as a run across the post.
"""

from __future__ import annotations

import re

from bot.parser.blocks import Block
from bot.parser.talks.heading_rules import match_heading
from bot.parser.talks.item_rules import ItemMatch
from bot.parser.talks.names import BY_WORDS, FULL_NAME, clean_speaker, name_score

MAX_RUN = 160
"""A bold run longer than this is prose, not a talk heading."""

_COMMA = re.compile(r"\s*,\s*")
_POSSESSIVE = re.compile(r"(?:'s|’s)$")
_CUE = re.compile(
    r"\b(?:talks?|talked|spoke|speakers?|present(?:ed|ation)s?|keynote|sessions?|gave|opened"
    r"|closed|showed|explained|demo(?:ed)?|lightning|föredrag|pratade|talade|talare|höll"
    r"|presenterade|berättade|présent\w*|conférences?|exposé|parlé|vortrag|sprach"
    r"|charlas?|habló|present[óo]|presentaron|ponencias?|palestras?|apresentou|falou"
    r"|intervento|ha parlato|erzählte|zeigte|vortrug|abri[óo]|cerr[óo]|abriu|er[öo]ffnete"
    r"|a ouvert)\b"
    r"|発表|講演|登壇|トーク|\bLT\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?。])\s+(?=[A-ZÀ-Þ\"“«*\[(])")
QUOTED = re.compile(r"[“\"«]\s*(?P<title>[^”\"»]{4,120}?)\s*[”\"»]")
_PERSON_WORD = r"(?:Ma?c|O['’])?[A-ZÀ-Þ][a-zà-ÿ'’\-]+"
_PERSON = rf"{_PERSON_WORD}(?:[ \-](?:{_PERSON_WORD}|de|van|von|der|da|di|le|la)){{1,3}}"
"""A person's name in running text: two to four capitalised words (`API` or `RESTful` are not)."""
_PERSONS = rf"(?P<sp>{_PERSON}(?:\s*(?:,|&|and|och|et|und|y|e)\s*{_PERSON})*)"
_NAME_BEFORE = re.compile(rf"{_PERSONS}(?:'s|’s)?(?!.*{_PERSON})", re.DOTALL)
_BY_AFTER = re.compile(rf"^\s*[,)]?\s*{BY_WORDS}\s+{_PERSONS}")
NEAR = 120
"""How far before a title (in characters, in one sentence) its speaker's name may be."""


def prose_bold(block: Block) -> list[ItemMatch]:
    """`Nadia Okafor opened with **Title**`, `… was **Title** by Nadia Okafor`: bold titles
    after or before a name, in talk sentences."""
    found: list[ItemMatch] = []
    before = ""
    spans = block.spans
    for index, span in enumerate(spans):
        text = span.text.strip()
        if span.bold and 4 <= len(text) <= 140 and not _named(text) and not _SCORE.match(text):
            sentence = _SENTENCE.split(before)[-1]
            after = "".join(later.text for later in spans[index + 1 : index + 3])
            name = _NAME_BEFORE.search(sentence[-NEAR:]) or _BY_AFTER.match(after)
            speaker = _person(name["sp"]) if name and _CUE.search(sentence + text) else None
            if speaker:
                found.append(ItemMatch(speaker, _unquoted(text), None, "prose_bold"))
        before += span.text
    return found


_SCORE = re.compile(r"[\d.,/★☆⭐\s]+\.?$")
"""A bold run of numbers and stars (`**8/10**`, `**★★★★**`): the author's score, no title."""


def _unquoted(title: str) -> str:
    found = QUOTED.fullmatch(title)
    return found["title"] if found else title


def _person(text: str) -> str | None:
    """A name from running text, without a possessive `'s`; `On Tuesday`, `After Lunch` and the
    like are no names."""
    parts = [part for part in _COMMA.split(text.strip()) if part]
    names = [part for part in parts if part.split()[0].casefold() not in _NOT_NAMES]
    return clean_speaker(_POSSESSIVE.sub("", ", ".join(names))) if names else None


def _named(text: str) -> bool:
    """A bold span that is a name (`**Mihai Parparita’s**`), not a title."""
    base = _POSSESSIVE.sub("", text)
    return bool(FULL_NAME.match(base)) or name_score(base) >= 0.5 or base != text


def bold_units(block: Block) -> list[ItemMatch]:
    """`… the keynote **The Cloud Native Journey by Alena P.** was …`: bold runs in running text
    that are each written like a talk heading (a title and a speaker)."""
    found: list[ItemMatch] = []
    for span in block.spans:
        text = " ".join(span.text.split())
        if span.bold and 8 <= len(text) <= MAX_RUN:
            match = match_heading(text)
            if match.strong and match.speaker and match.title:
                found.append(ItemMatch(match.speaker, match.title, None, "bold_units"))
    return found


_NOT_NAMES = frozenset(
    (
        *("on", "in", "at", "the", "this", "that", "after", "before", "then", "and", "but"),
        *("so", "we", "our", "my", "his", "her", "their", "next", "last", "first", "finally"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "day", "track", "room", "hall"),
    )
)
"""First words of capitalised runs that start a sentence or name a time, not a person."""


_FROM = re.compile(r"\s(?:from|at|of|von|de|från|chez)\s+$")
"""`Ruth Abernethy from Skerry Robotics talked about…`: the words before a company's name."""


def _name_before(text: str) -> re.Match[str] | None:
    """The last person named in `text`; the one before `from Acme Robotics` when that is it."""
    name = _NAME_BEFORE.search(text)
    if name is not None and (place := _FROM.search(text, 0, name.start())) is not None:
        return _NAME_BEFORE.search(text, 0, place.start()) or name
    return name


def prose_quote(block: Block) -> list[ItemMatch]:
    """`Jane Doe talked about “Title”`, `“Title” by Jane Doe`: quoted titles beside a name, in
    sentences that speak of a talk."""
    found: list[ItemMatch] = []
    for sentence in _SENTENCE.split(block.plain[:2000]):
        if not _CUE.search(sentence):
            continue
        for quote in QUOTED.finditer(sentence):
            name = _name_before(sentence[max(0, quote.start() - NEAR) : quote.start()])
            name = name or _BY_AFTER.match(sentence[quote.end() :])
            title = quote["title"].strip()
            speaker = _person(name["sp"]) if name else None
            if speaker and not title.endswith((".", "。")):
                found.append(ItemMatch(speaker, title, None, "prose_quote"))
    return found


_JA_CUE = re.compile(
    r"発表|講演|登壇|トーク|タイトル|セッション|資料|スライド|という話|\d本目|[一二三四五六七八九]本目"
    r"|トップバッター|続いて|最初は|最後は|次は|トリは"
    r"|(?<![A-Za-z])LT(?![A-Za-z])"
)
_JA_TITLE = re.compile(
    r"【(?P<a>[^【】]{4,80})】|「(?P<b>[^「」]{4,80})」|『(?P<c>[^『』]{4,80})』"
)
_JA_HONORIFIC = re.compile(r"(?:さん|氏)")
_JA_NAME_TOKEN = re.compile(r"[^\s\u3000、。，,「」【】『』()（）・!！?？]{1,12}$")
_JA_PARTICLE = re.compile(r"(?<=[A-Za-z0-9\u30a0-\u30ff\u4e00-\u9fff])[のはがをにでと]")
_JA_JOINED = re.compile(r"(?:さん|氏)\s*[・、と&＆]\s*$")
_HANDLE_END = re.compile(r"(?<![\w@])(@[A-Za-z0-9_][\w.\-]{0,38})[ \u3000]*$")
_KANA_BEFORE_KANJI = re.compile(r"^[\u3041-\u309f]+(?=[\u4e00-\u9fff])")
"""The end of a sentence's words before a family name in kanji (`…の奥村`, `…である長谷川`)."""
JA_NEAR = 80
"""How far before a bracketed title (in characters) its speaker's `さん` may be."""


def prose_ja(block: Block) -> list[ItemMatch]:
    """`SmartHRの西村 あゆみさんによる【Title】`, `小林 拓也さん。タイトルは「Title」`, `森さん・王
    さんの『Title』`: a bracketed title after a name with its honorific, in a paragraph that
    speaks of a talk."""
    text = block.plain[:2000]
    if ("さん" not in text and "氏" not in text) or _JA_CUE.search(text) is None:
        return []
    found: list[ItemMatch] = []
    named_at = -1  # where the honorific of the last talk found ends
    for quote in _JA_TITLE.finditer(text):
        start = max(0, quote.start() - JA_NEAR)
        before = text[start : quote.start()]
        honorific = _last_honorific(before)
        if honorific is None or start + honorific == named_at:
            continue  # `「Title」… 「a phrase」というまとめ`: the same speaker quoted again
        names = _ja_names(before)
        title = (quote["a"] or quote["b"] or quote["c"]).strip()
        if names and not title.endswith(("。", ".")):
            found.append(ItemMatch(clean_speaker(" / ".join(names)), title, None, "prose_ja"))
            named_at = start + honorific
    return found


def _last_honorific(before: str) -> int | None:
    ends = list(_JA_HONORIFIC.finditer(before))
    return ends[-1].end() if ends else None


def _ja_names(before: str) -> list[str]:
    """The names honoured last in `before` (`森 ひかるさん・王 小雨さん` gives both)."""
    ends = list(_JA_HONORIFIC.finditer(before))
    if not ends:
        return []
    head = before[: ends[-1].start()]
    name = _ja_name(head)
    if not name:
        return []
    rest = head[: len(head) - len(name)].rstrip(" \u3000")
    joined = _JA_JOINED.search(rest)
    earlier = _ja_names(rest[: joined.end()]) if joined else []
    return [*earlier, name]


def _ja_name(head: str) -> str | None:
    """The name just before an honorific: one or two words, from the last mark and cut after
    a particle (`最初は、SmartHRの西村 あゆみ` -> `西村 あゆみ`)."""
    handle = _HANDLE_END.search(head)
    if handle is not None:
        return handle[1]  # `@matsuyama_go さん`: the whole handle, however long
    words = head.rstrip(" \u3000").split()[-2:]
    tokens = [found[0] if (found := _JA_NAME_TOKEN.search(word)) else "" for word in words]
    if not tokens or not tokens[-1]:
        return None
    if len(tokens) == 2 and (tokens[-1] != words[-1] or len(tokens[-1]) > 6 or not tokens[0]):
        tokens = tokens[-1:]  # a mark inside the last word, or no short given name after
    cut = list(_JA_PARTICLE.finditer(tokens[0]))
    tokens[0] = tokens[0][cut[-1].end() :] if cut else tokens[0]
    tokens[0] = _KANA_BEFORE_KANJI.sub("", tokens[0])  # `である長谷川` -> `長谷川`
    return " ".join(token for token in tokens if token) or None
