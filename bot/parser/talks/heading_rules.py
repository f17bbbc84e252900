"""Talk-heading rules: an ordered, named table of small functions, like markdown-it's rulers.

Each rule gets a heading's rendered text and returns a `HeadingMatch` or None; the first rule
that matches wins. The rules here come first: an emoji or bullet in front is dropped
(`🎤 Name — Title`), labelled fields (`登壇者: @x / タイトル: Title`), a title in 【】 before its
speaker (`【Title】Name さん`), a speaker-only `…さんのLT`, and the prefix rules that drop a talk
number, a time or a session code and split what follows with the shape rules of
`bot.parser.talks.heading_shapes`, which make up the rest of the table.
"""

from __future__ import annotations

import re

from bot.parser.talks.heading_shapes import (
    SHAPE_RULES,
    HeadingMatch,
    Rule,
    clean_title,
    quoted,
    rule_plain,
    strip_decoration,
)
from bot.parser.talks.names import (
    SPEAKER_LABELS,
    clean_speaker,
    looks_like_speaker,
    name_score,
    title_score,
)
from bot.parser.talks.tidy import is_talk_label

_SAN_LT = re.compile(
    r"^(?P<sp>.+?)\s*さんの\s*(?:LT|ライトニングトーク|発表|講演|トーク|セッション)$", re.IGNORECASE
)
_NUMBERED = re.compile(
    r"^(?:(?:#\d+|\d{1,3}[.)])\s+|[\u2460-\u2473]\s*)(?P<rest>.+)$", re.IGNORECASE
)
_CODE = re.compile(
    r"^(?:\[(?P<c1>[^\]\s]{1,12})\]|(?P<c2>[A-Z]{1,2}\d{0,2})[.:)]|(?P<c3>\S*?コマ目)"
    r"|(?P<c4>[A-Z]{2,5}-\d{1,3})[.:)]?(?=\s))"
    r"\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


_CODE_GATE = re.compile(r"[A-Z]{1,2}\d{0,2}[.:)]|[A-Z]{2,5}-\d", re.IGNORECASE)
_SLOT_GATE = re.compile(
    r"\d|【|\[|(?:track|room|hall|session|トラック|ルーム|lightning|lt\b|keynote|基調|招待|特別"
    r"|invited|talk|demo|title|タイトル|演題|発表|salle|sala|saal|raum|amphi|aula|auditorium"
    r"|stage|[A-Z]{2,5}\d|最初|最後|トップ)",
    re.IGNORECASE,
)
"""What a rule's text must start with for the rule to have a chance (cheap checks first)."""


_FIELD = re.compile(
    rf"(?<!\w)(?:(?P<speaker>{SPEAKER_LABELS})|(?P<title>talk|title|タイトル|演題|発表タイトル))"
    r"\s*[:：]\s*",
    re.IGNORECASE,
)
_FIELD_ENDS = " /／|｜,，、・-–—"


def rule_labelled(text: str) -> HeadingMatch | None:
    """`登壇者: @x / タイトル: Title`, `Title: … | Speaker: Jane Doe`: each field named by its
    label (one speaker label and one title label, the first at the start)."""
    if ":" not in text and "：" not in text:
        return None
    marks = list(_FIELD.finditer(text))
    if (
        len(marks) != 2
        or marks[0].start() != 0
        or bool(marks[0]["speaker"]) == bool(marks[1]["speaker"])
    ):
        return None
    first = text[marks[0].end() : marks[1].start()].strip(_FIELD_ENDS)
    second = text[marks[1].end() :].strip(_FIELD_ENDS)
    speaker, title = (first, second) if marks[0]["speaker"] else (second, first)
    if not speaker or not title:
        return None
    return HeadingMatch(clean_speaker(speaker), clean_title(title), True, "labelled")


def rule_decorated(text: str) -> HeadingMatch | None:
    """`🎤 Jane Doe — Title`, `■ Title / @x`: drop the emoji or bullet, split the rest."""
    rest = strip_decoration(text)
    if rest == text or not rest:
        return None
    inner = match_heading(rest)
    return HeadingMatch(inner.speaker, inner.title, inner.strong, f"decorated+{inner.rule}")


_BRACKET_TITLE = re.compile(r"^【(?P<title>[^】]{2,})】[\s/／|｜:：\-–—]*(?P<sp>[^【】]+)$")
_BRACKET_LABEL = re.compile(
    r"^(?:[\w#.\-]*\d[\w#.\-]*|[A-Za-z]{1,3}|.{0,10}(?:LT|セッション|講演|トーク|枠|session|talk)"
    r"|(?:track|room|hall|day)\s*\S{1,4}|keynote|lightning\s*talks?|panel|パネル.*|title|タイトル"
    r"|演題|スポンサー.*|opening|closing|オープニング|クロージング)$",
    re.IGNORECASE,
)
"""What a `【…】` before a speaker is when it is no title: a session code, a track, a kind."""


def rule_bracket_title(text: str) -> HeadingMatch | None:
    """`【Title】Name さん`, `【Title】@x`: a title in 【】 and then only its speaker (a session
    code or a talk kind in 【】 is left to `rule_time_slot`: `【LT】@x さん`)."""
    if not text.startswith("【"):
        return None
    m = _BRACKET_TITLE.match(text)
    if m is None or _BRACKET_LABEL.match(m["title"].strip()):
        return None
    speaker, title = m["sp"].strip(), m["title"].strip()
    score = name_score(speaker)
    if score < 0.5 or title_score(speaker) >= 0.5 or name_score(title) >= 0.5:
        return None
    if score < 0.9 and title_score(title) < 0.5:
        return None  # `【監視基盤】山田 太郎`: a bare name after a bare word, no clear title
    return HeadingMatch(clean_speaker(speaker), clean_title(title), True, "bracket_title")


def rule_san_lt(text: str) -> HeadingMatch | None:
    """`DatadogさんのLT`: a speaker and no title."""
    if "さんの" not in text:
        return None
    m = _SAN_LT.match(text)
    return HeadingMatch(clean_speaker(m["sp"]), None, True, "san_lt") if m else None


def rule_numbered(text: str) -> HeadingMatch | None:
    """`#1 Title - Name`, `1. Title`: drop the number, split the rest."""
    if not (text[:1].isdigit() or text[:1] == "#" or "\u2460" <= text[:1] <= "\u2473"):
        return None
    m = _NUMBERED.match(text)
    if m is None:
        return None
    inner = match_heading(m["rest"])  # `3. LT: Title / @x`, `1. 10:00 Title`: every rule again
    return HeadingMatch(inner.speaker, inner.title, True, f"numbered+{inner.rule}")


def rule_session_code(text: str) -> HeadingMatch | None:
    """`[A1(S)] Title`, `A. Title`, `1コマ目「Title」`: drop the session code, split the rest."""
    if not (text[:1] == "[" or "コマ目" in text[:16] or _CODE_GATE.match(text)):
        return None
    m = _CODE.match(text)
    if m is None or (m["c2"] and not m["rest"]):
        return None
    if m["c1"] is not None and looks_like_speaker(m["c1"]):
        return None  # `[@yuzu_rs] 「Title」`: a name in brackets, not a code
    rest = m["rest"].strip()
    kagi = quoted(rest)
    if kagi and not kagi.pre:
        speaker = kagi.post if looks_like_speaker(kagi.post) else ""
        return HeadingMatch(clean_speaker(speaker), clean_title(kagi.title), True, "session_code")
    if not rest:
        return HeadingMatch(None, None, True, "session_code")
    inner = _split_rest(rest)
    return HeadingMatch(inner.speaker, inner.title, True, f"session_code+{inner.rule}")


_TIME = r"\d{1,2}[:：時]\d{2}分?"
_SLOT = re.compile(
    rf"^(?:(?:{_TIME})(?:\s*[-–—~〜～]\s*(?:{_TIME}|late|end|close|終了|まで)?)?\s*"
    r"(?:[|｜:：]\s*|[-–—]\s+)?)?"
    r"(?:【(?P<code>[^】]{1,24})】|\[(?P<track>[^\]]{1,24})\]\s*(?![(\[])|(?P<named>(?:track|room|"
    r"hall|session|トラック|ルーム)\s*[\w-]{1,4}|lightning\s*talk|lt|keynote|基調講演|招待講演"
    r"|特別講演|invited\s*talk|(?:talk|demo)\s*#?\d{0,3}|title|タイトル|演題|発表\s*\d{0,3}"
    r"|[A-Z]{2,5}\d{2,4}(?=\s+[-–—:：]\s)"  # `SVS401 — Title`: a conference's session code
    r"|(?:\d{1,2}|[一二三四五六七八九十])(?:番目|本目|人目)(?:の(?:登壇|発表))?"
    r"|(?:最初|最後)の(?:登壇|発表)|トップバッター"
    r"|(?:salle|sala|saal|raum|amphi|aula|auditorium)(?:\s+[A-ZÀ-Þ0-9][\w\-]{0,19}){1,3}"
    r"(?=\s+[-–—]\s)"
    r"|(?:stage|room|hall)(?:\s+[A-ZÀ-Þ0-9][\w\-]{0,19}){1,2}(?=\s+[-–—]\s+[«“\"「『]))"
    r"\s*[:：|｜\-–—]\s*)?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)


def rule_time_slot(text: str) -> HeadingMatch | None:
    """`10:00～10:50【16-C-1】Title Name 氏`, `[Track A] Title`, `19:46 Title`: drop the time,
    the session code and the track, split the rest (a timetable row is a talk only with a
    speaker or a title the rest of the post backs)."""
    if _SLOT_GATE.match(text) is None:
        return None
    m = _SLOT.match(text)
    if m is None or m["rest"] == text:
        return None
    if m["track"] is not None and looks_like_speaker(m["track"]):
        return None  # `[@yuzu_rs] 「Title」`, `[片桐] 「Title」`: a name in brackets, not a track
    inner = _split_rest(m["rest"].strip())
    return HeadingMatch(inner.speaker, inner.title, inner.strong, f"time_slot+{inner.rule}")


HEADING_RULES: list[tuple[str, Rule]] = [
    ("decorated", rule_decorated),
    ("labelled", rule_labelled),
    ("bracket_title", rule_bracket_title),
    ("time_slot", rule_time_slot),
    ("san_lt", rule_san_lt),
    ("numbered", rule_numbered),
    ("session_code", rule_session_code),
    *SHAPE_RULES,
]


MAX_HEADING = 300
"""Longer headings are not split (they are prose, and the rules' regexes stay linear)."""


def match_heading(text: str) -> HeadingMatch:
    """The first rule's match for a heading's rendered text (a plain title when none match)."""
    text = " ".join(text.split())
    if "[[" in text:
        text = unwiki(text)
    if _RATING_GATE.search(text[-8:]):
        text = _RATING.sub("", text) or text
    return _apply(text, HEADING_RULES) if len(text) <= MAX_HEADING else rule_plain(text)


_RATING_GATE = re.compile(r"[★☆⭐/]")
_RATING = re.compile(
    r"\s*(?:[★☆⭐\ufe0f]+|[(（]?\s*(?:[★☆⭐]\s*)?\d{1,2}(?:\.\d)?\s*/\s*(?:5|10)\s*[)）]?)\s*$"
)
"""The author's rating after a heading (`Title（Name）★★★★☆`, `Title — Name (8/10)`)."""
_WIKILINK = re.compile(r"\[\[([^\[\]|]{1,100})(?:\|([^\[\]]{1,100}))?\]\]")


def unwiki(text: str) -> str:
    """`[[Title]]`, `[[page|Title]]` (Obsidian, wiki links) as the words a reader sees."""
    return _WIKILINK.sub(lambda found: found[2] or found[1], text)


def _split_rest(text: str) -> HeadingMatch:
    """The speaker/title split of what follows a number or session code (no prefix rules)."""
    return _apply(text, SHAPE_RULES)


def _apply(text: str, rules: list[tuple[str, Rule]]) -> HeadingMatch:
    """The first rule's match that cuts no bracket pair of `text` in two (`Title（Name / Acme）`
    is not split at its `/`) and takes no talk label for the speaker (`Talk 1 – "Title"`)."""
    paired = _has_brackets(text) and balanced(text)
    for _name, rule in rules:
        found = rule(text)
        if found is None or (paired and _cuts_a_pair(found)):
            continue
        if found.speaker is None or not is_talk_label(found.speaker):
            return found
    return rule_plain(text)


_OPEN_CLOSE = {"(": ")", "（": "）", "「": "」", "『": "』", "【": "】", "《": "》", "[": "]"}
_CLOSERS = frozenset(_OPEN_CLOSE.values())


def _has_brackets(text: str) -> bool:
    return _BRACKET.search(text) is not None


_BRACKET = re.compile(r"[()（）「」『』【】《》\[\]]")


def balanced(text: str) -> bool:
    """Every bracket of `text` closed in order (quotes and smileys aside, as written); a text
    without brackets is found so by one search, not a walk over its characters."""
    first = _BRACKET.search(text)
    if first is None:
        return True
    expected: list[str] = []
    for char in text[first.start() :]:
        if char in _OPEN_CLOSE:
            expected.append(_OPEN_CLOSE[char])
        elif char in _CLOSERS and (not expected or expected.pop() != char):
            return False
    return not expected


def _cuts_a_pair(match: HeadingMatch) -> bool:
    return any(side is not None and not balanced(side) for side in (match.speaker, match.title))
