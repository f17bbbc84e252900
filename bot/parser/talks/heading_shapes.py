"""Heading shapes: the rules that split a talk heading's text into speaker and title.

Each rule gets a heading's rendered text and returns a `HeadingMatch` or None. `SHAPE_RULES` is
their order: the tail of `heading_rules.HEADING_RULES`, and all that is tried on what follows a
talk number or a session code. `strong` tells a heading that clearly names a talk (a speaker, a
session code) from one that merely could be a talk title.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.parser.talks.names import (
    BY_WORDS,
    HANDLE,
    MAX_NAMES,
    NAME_WORD,
    PAREN_END,
    SELF_WORDS,
    SPEAKER_LABELS,
    Side,
    clean_speaker,
    function_word,
    looks_like_speaker,
    name_score,
    not_a_person,
    title_score,
)


@dataclass(frozen=True)
class HeadingMatch:
    """What a heading says about a talk."""

    speaker: str | None
    title: str | None
    strong: bool
    rule: str


Rule = Callable[[str], HeadingMatch | None]


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_BY_GATE = _rx(rf"\s{BY_WORDS}\s")
_QUOTE_GATE = re.compile(r"[「『“«\"]")
KAGI = _rx(
    r"^(?P<pre>[^「」『“«\"]*?)\s*(?:「(?P<t1>.+)」|『(?P<t2>.+)』|“(?P<t3>.+)”|«\s*(?P<t4>.+?)\s*»"
    r"|\"(?P<t5>[^\"]+)\")\s*(?P<post>.*)$"
)
"""`Name「Title」`, `「Title」 Name`, `« Titre » – Nom`, `“Title” by Name`: a quoted title."""
_POST_JOINER = _rx(rf"^\s*(?:[-–—:：|｜,/／]|{BY_WORDS})\s+")
_PARTICLE_START = re.compile(r"^[をにのはがでとへも]")
_SENTENCE_MARK = re.compile(r"[。、！？!?]")
_NAME_WORD = re.compile(NAME_WORD)


@dataclass(frozen=True)
class Quoted:
    """A heading holding a quoted title: what comes before the quote, the title, what after."""

    pre: str
    title: str
    post: str


def quoted(text: str) -> Quoted | None:
    """The parts of a heading with a title in quotation marks (「」『』“”«»"")."""
    if _QUOTE_GATE.search(text) is None:
        return None
    m = KAGI.match(text)
    if m is None:
        return None
    title = next(m[g] for g in ("t1", "t2", "t3", "t4", "t5") if m[g] is not None)
    post = _POST_JOINER.sub("", m["post"])
    post = post.strip()
    if post and _has_sides(post):
        return None  # `…「PWA×SPA」という選択肢: @x`: the quote is inside the title
    if post and not looks_like_speaker(post) and name_score(post) < 0.5 and len(post) > 12:
        return None  # `"Serverless" を語るときに…`: a quote inside a title
    glued = not text[m.start("post") - 1].isspace()
    if post and not m["pre"] and glued and _PARTICLE_START.match(post):
        return None  # `「Title」はいいぞ`; after a space, `「Title」 はしもと` is a name
    return Quoted(m["pre"], title, post)


_SESSION_WORDS = re.compile(
    r"^(?:(?:closing\s+|opening\s+|クロージング|オープニング)?(?:keynote|キーノート)|基調講演|lt|lightning\s*talks?|ライトニングトーク|lt大会|opening|closing"
    r"|オープニング|クロージング|panel|パネル.*|session|セッション|workshop|hands-on|ハンズオン"
    r"|ワークショップ|読書会|輪読会)$",
    re.IGNORECASE,
)
_SERIES_LABEL = re.compile(
    r"^(?:第\s*\d{1,3}\s*[回部章話弾]|(?:part|vol\.?|no\.?|#)\s*\d{1,3}|その\s*\d{1,2}|\d{1,3}[.)．]?)$",
    re.IGNORECASE,
)
"""A place in a series before a quoted title (`第3回「…」`, `Part 2 「…」`): not a speaker."""
_BY = _rx(rf"^(?P<title>.+)\s+(?:(?:presented|moderated|hosted|led)\s+)?{BY_WORDS}\s+(?P<sp>.+)$")
_BY_FIRST = _rx(
    rf"^(?P<title>.+?)\s+(?:(?:presented|moderated|hosted|led)\s+)?{BY_WORDS}\s+(?P<sp>.+)$"
)
_HANDLE_FIRST = _rx(rf"^(?P<sp>{HANDLE})(?:\s*さん)?(?:\s*[:：]\s*|\s+|$)(?P<title>.*)$")
_NAME_SAN = _rx(
    r"^(?P<sp>[^\s@「」]{1,30}?)[\s\u3000]*さん(?:による|より|から)?(?:\s*[:：]\s*|\s+|$)(?P<title>.*)$"
)
_PAREN = _rx(r"^(?P<title>.+?)\s*[(（](?P<sp>[^()（）]+)[)）]$")
_NAME_HANDLE = _rx(rf"^(?P<sp>.+?\s{HANDLE})$")
_ASCII_HANDLE = r"@[A-Za-z0-9_][A-Za-z0-9_.\-]*+"
_HANDLE_TAIL = re.compile(
    rf"^(?P<title>.*?[^\s@\[/／|｜:：\-–—,、])(?:\s++(?P<h1>{_ASCII_HANDLE}"
    rf"(?:(?:\s*+[,&/、・]\s*+|\s++){_ASCII_HANDLE})*+)|\s*+\[(?P<h2>{_ASCII_HANDLE})\])$"
)
"""`Title @handle`, `Title @a & @b`, `Title [@handle]` (no separator before: `rule_sides`)."""
_PLACE_LIKE = re.compile(r"@[A-Z][a-z]+$")


def clean_title(text: str) -> str | None:
    """The title part minus surrounding separators and quotation marks (None when nothing is
    left): `「型の話」` is `型の話`."""
    text = strip_decoration(text).strip(" \u3000:：-–—―|｜,，")
    if len(text) > 2 and _PAIRS.get(text[0]) == text[-1] and text[0] not in text[1:-1]:
        text = text[1:-1].strip()
    return text or None


_LEAD_SYMBOLS = re.compile(
    "^(?:[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d]|[■□◆◇●○▼▽★☆※▶►・]\\s*)+\\s*"
)
"""Emoji and bullet symbols in front of a title (`🎤 Title`, `■ Title`)."""


def strip_decoration(text: str) -> str:
    """`text` without the emoji and bullet symbols in front of it (`🎤 Jane Doe — Title`)."""
    found = _LEAD_SYMBOLS.match(text)  # anchored: fails at once, where `sub` tries every position
    return text[found.end() :] if found else text


_PAIRS = {"「": "」", "『": "』", "“": "”", "«": "»", '"': '"', "【": "】"}


def _split(speaker: str, title: str, rule: str, strong: bool = True) -> HeadingMatch:
    return HeadingMatch(clean_speaker(speaker), clean_title(title), strong, rule)


def rule_by(text: str) -> HeadingMatch | None:
    """`Title by Name さん( @handle )`."""
    if _BY_GATE.search(text) is None:
        return None
    for pattern in (_BY, _BY_FIRST):  # the last ` by ` first: `Learning by doing by Ana`
        m = pattern.match(text)
        if m is not None and (looks_like_speaker(m["sp"]) or name_score(m["sp"]) >= 0.5):
            return _split(m["sp"], m["title"], "by")
    return None


def rule_handle_first(text: str) -> HeadingMatch | None:
    """`@handleさん Title`, `@handle Title`, `@handle: Title`."""
    if not text.startswith("@"):
        return None
    m = _HANDLE_FIRST.match(text)
    return _split(m["sp"], m["title"], "handle_first") if m else None


def rule_kagi(text: str) -> HeadingMatch | None:
    """`Name「Title」` or `「Title」 Name さん`."""
    m = quoted(text)
    if m is None:
        return None
    speaker = _unbracketed(m.pre or m.post)
    if _SESSION_WORDS.match(speaker.strip()) or _SERIES_LABEL.match(speaker.strip()):
        return HeadingMatch(None, clean_title(m.title), True, "kagi")
    strong = bool(speaker) and (looks_like_speaker(speaker) or name_score(speaker) >= 0.5)
    if not strong and m.pre and _short_name(speaker):
        strong = True  # `Sakura「型の話」`: a short name right before the quoted title
    if not strong and m.pre.strip():
        return None  # `Slack で「いい感じ」にする`: the quote is inside the title
    return _split(speaker if strong else "", m.title, "kagi", strong=strong)


def _unbracketed(text: str) -> str:
    """`[@yuzu_rs]`, `[片桐]` (Scrapbox-style brackets around a name) as the name."""
    text = text.strip()
    if text[:1] == "[" and text[-1:] == "]" and "[" not in text[1:-1]:
        return text[1:-1].strip()
    return text


def _short_name(text: str) -> bool:
    text = text.strip()
    if not 0 < len(text) <= 24 or len(text.split()) > 3 or _SENTENCE_MARK.search(text):
        return False
    if not_a_person(text):
        return False  # `Main Stage “Title”`: where, not who
    if text.isascii() and name_score(text) < 0.3:
        return False  # `Max Braun presented「…」`: a sentence, not a name
    return title_score(text) < 0.5


def rule_name_san(text: str) -> HeadingMatch | None:
    """`Nameさん Title`."""
    if "さん" not in text:
        return None
    m = _NAME_SAN.match(text)
    return _split(m["sp"], m["title"], "name_san") if m else None


def rule_name_handle(text: str) -> HeadingMatch | None:
    """`Chad Fowler @chadfowler`: a speaker only."""
    if "@" not in text:
        return None
    m = _NAME_HANDLE.match(text)
    if m is None:
        return None
    name = m["sp"].rsplit(None, 1)[0]
    if not looks_like_speaker(name) or title_score(name) >= 0.5:
        return None  # `型の話 @x`: a title before the handle (`rule_handle_tail`)
    return HeadingMatch(m["sp"].strip(), None, True, "name_handle")


def rule_handle_tail(text: str) -> HeadingMatch | None:
    """`Title @handle`, `Title [@handle]` (`[@x](https://x.com/x)` rendered): the handle that
    ends a heading is its speaker, kept as written."""
    if "@" not in text:
        return None
    m = _HANDLE_TAIL.match(text)
    if m is None or " @" in m["title"] or "[@" in m["title"]:
        return None
    if function_word(m["title"].rsplit(None, 1)[-1]):
        return None  # `… with help from @x`, `Hosted at @x`: a sentence, not a title
    if m["h1"] and _PLACE_LIKE.match(m["h1"]):
        return None  # `Go勉強会 @Shibuya`: a place or a host as often as a handle
    return _split(m["h1"] or m["h2"], m["title"], "handle_tail")


def rule_paren_speaker(text: str) -> HeadingMatch | None:
    """`Title (Name)`."""
    if not text.endswith((")", "）")):
        return None
    m = _PAREN.match(text)
    if m is None or (m["sp"].isupper() and m["sp"].isascii()):
        return None  # `(AWS)`, `(JP)`
    if m["title"].endswith(("さん", "氏", "様")):
        return None  # `堂島 健太郎さん（Company）`: where the speaker works (`rule_honorific_tail`)
    name = _PAREN_LABEL.sub("", m["sp"]).strip()  # `（登壇者：@x）`
    if not (looks_like_speaker(name) or _NAME_WORD.fullmatch(name) or name_score(name) >= 0.6):
        head = _AFFILIATION_COMMA.split(name, maxsplit=1)
        if len(head) < 2 or not (looks_like_speaker(head[0]) or name_score(head[0]) >= 0.5):
            return None
        # `(中島 優, ABC株式会社)`: a name, then where they work; kept as written
        return HeadingMatch(name, clean_title(m["title"]), True, "paren_speaker")
    if name == m["sp"].strip() and _name_after_dash(m["title"], name):
        return None  # `Title — Ana Silva (Fastly)`: a company after the name, not the speaker
    return _split(name, m["title"], "paren_speaker")


def _name_after_dash(text: str, paren: str) -> bool:
    """`text` ends with a dash or bar, then a name (`Title — Felipe Andrade` before
    `(Grafana Labs)`); a one-word `paren` defers to any separator, as it always has."""
    if " " not in paren:
        return _has_sides(text)
    seps = [sep for sep in _side_marks(text) if sep["sep"] or sep["wide"]]
    if not seps:
        return False
    after = text[seps[-1].end() :]
    return name_score(after) >= 0.6 or (not after.isascii() and looks_like_speaker(after))


_AFFILIATION_COMMA = re.compile(r"\s*[,，、]\s*")
_PAREN_LABEL = re.compile(rf"^\s*{SPEAKER_LABELS}\s*[:：]\s*", re.IGNORECASE)
_SIDES = re.compile(
    r"(?=[\s:：｜])(?:\s+(?P<sep>——|――|[-–—―|/])\s+|\s*(?P<colon>[:：])\s+|\s*(?P<wide>｜)\s*|\t+)"
    r"|(?<=[）」』)\]])(?P<closed>[–—―])\s+"  # `Title（？）— Name`: a dash right after a bracket
)
_SIDE_MARK = re.compile(r"[-–—―|/:：｜\t]")
"""A character every `_SIDES` match holds: found in one quick scan (`_SIDES` tries its
alternatives at every position, ~6 µs on a heading that has none)."""


def _side_marks(text: str) -> list[re.Match[str]]:
    """The separators of `Title - Name`, `Title | Name`, `Title｜Name`, `Title: Name` in `text`,
    in order."""
    return list(_SIDES.finditer(text)) if _SIDE_MARK.search(text) else []


def _has_sides(text: str) -> bool:
    return _SIDE_MARK.search(text) is not None and _SIDES.search(text) is not None


_HON_NAME = r"[^\s\u3000|/:：\-–—]{1,20}(?:[\s\u3000][^\s\u3000|/:：\-–—]{1,12})?"
_HON = r"[\s\u3000]*(?:氏|さん|様|先生)"
_HONORIFIC_TAIL = re.compile(
    rf"^(?P<title>.+?)[\s\u3000]+(?P<sp>{_HON_NAME}(?:{_HON}\s*[/／&、・]\s*{_HON_NAME})*){_HON}$"
)
_SURNAME = re.compile(r"^(?:[\u4e00-\u9fff々]{1,4}|[\u30a0-\u30ff]{2,6}|[A-Z][a-z]+)$")
_TAIL_MARK = re.compile(r"(?:[\s\u3000]+[/／|｜\-–—]|[:：])$")
"""What parts the title from the name in `Title / 森田さん`, `Title： 森田さん`."""
_HON_SPLIT = re.compile(rf"{_HON}(?=\s*[/／&、・])")
SIDE_MARGIN = 0.2
"""How much more one side of `Title - Name` must look like a name than the other."""
CLEAR_MARGIN = 0.6
"""A split this clear is not weighed against the other reading."""


class _Scores:
    """The candidate sides of one heading, each read once (`names.Side`)."""

    def __init__(self) -> None:
        self.sides: dict[str, Side] = {}

    def name(self, text: str) -> float:
        return self._read(text).name

    def title(self, text: str) -> float:
        return self._read(text).title

    def side(self, text: str) -> float:
        side = self._read(text)
        return side.name - 0.6 * side.title

    def _read(self, text: str) -> Side:
        side = self.sides.get(text)
        if side is None:
            side = self.sides[text] = Side(text)
        return side


def _side(text: str) -> float:
    side = Side(text)
    return side.name - 0.6 * side.title


def rule_honorific_tail(text: str) -> HeadingMatch | None:
    """`クラウド移行の実践 山田太郎 氏`, `型の話 Sakura さん`: the name ends the heading."""
    where = PAREN_END.search(text) if text.endswith((")", "）")) else None
    core = text[: where.start()] if where else text  # `Name さん（Company）`
    if not core.endswith(("氏", "さん", "様", "先生")):
        return None
    m = _HONORIFIC_TAIL.match(core)
    if m is None or m["title"].endswith(("「", "(", "（")):
        return None
    speaker, title = _HON_SPLIT.sub("", m["sp"]), _TAIL_MARK.sub("", m["title"])
    speaker += where[0].strip() if where else ""
    if _SURNAME.match(title) and " " not in m["sp"].strip():
        return HeadingMatch(clean_speaker(f"{title} {speaker}"), None, True, "honorific_tail")
    first, _space, last = speaker.partition(" ")
    if last and "/" not in speaker and not _SURNAME.match(first):
        speaker, title = last, f"{title} {first}"  # `10 の工夫 古賀さん`: `の工夫` is no surname
    return _split(speaker, title, "honorific_tail")


def rule_sides(text: str) -> HeadingMatch | None:
    """`Title - Name`, `Name - Title`, `Title | Name & Name`, `Title: @name`: the side that reads
    as names (and not as a title) is the speaker. A colon needs a clear name or a clear title,
    since `Topic: Subtitle` is a common title. Undecided: None (siblings may decide later)."""
    best: tuple[float, str, str] | None = None
    seps = _side_marks(text)
    if not seps:
        return None
    seen = _Scores()
    for orientation in ("right", "left"):
        if best is not None and best[0] >= CLEAR_MARGIN:
            break  # `Title | Jane Doe - Acme`: clear on the right, no need to read it leftwards
        for sep in _in_order(seps, orientation):
            found = _oriented(text, sep, orientation, seen)
            if found is not None:
                if best is None or found[0] > best[0]:
                    best = found
                break  # the leftmost split for a speaker on the right, rightmost on the left
    if best is None:
        return None
    return _split(best[1], best[2], "sides")


def _in_order(seps: list[re.Match[str]], orientation: str) -> list[re.Match[str]]:
    """The separators to try for a speaker on the right (leftmost first) or on the left
    (rightmost first), a colon after the dashes and bars: in `Name — Title: subtitle` the colon
    belongs to the title."""
    ordered = seps if orientation == "right" else seps[::-1]
    return [sep for sep in ordered if not sep["colon"]] + [sep for sep in ordered if sep["colon"]]


def _oriented(
    text: str, sep: re.Match[str], orientation: str, seen: _Scores
) -> tuple[float, str, str] | None:
    left, right = text[: sep.start()].strip(), text[sep.end() :].strip()
    if not left or not right:
        return None
    speaker, title = (right, left) if orientation == "right" else (left, right)
    if len(speaker) > MAX_NAMES or seen.name(speaker) < 0.5:
        return None
    if sep["colon"] and seen.name(speaker) < 0.95 and seen.title(title) < 0.5:
        return None
    margin = seen.side(speaker) - seen.side(title)
    return (margin, speaker, title) if margin >= SIDE_MARGIN else None


def split_as_siblings(text: str, orientation: str) -> HeadingMatch | None:
    """`text` split the way its sibling headings are (`right`: `Title: Name`; `left`: `Name -
    Title`), when the side that would be the speaker reads as a name at all."""
    seps = _side_marks(text)
    if not seps:
        return None
    sep = seps[-1] if orientation == "right" else seps[0]
    left, right = text[: sep.start()].strip(), text[sep.end() :].strip()
    speaker, title = (right, left) if orientation == "right" else (left, right)
    if not title or name_score(speaker) < 0.5 or _side(speaker) <= _side(title):
        return None
    return _split(speaker, title, f"siblings:{orientation}")


def rule_plain(text: str) -> HeadingMatch:
    """Anything else: maybe a title, no speaker."""
    return HeadingMatch(None, clean_title(text), False, "plain")


def rule_self(text: str) -> HeadingMatch | None:
    """`わたし`, `自分`, `Me` (after a label: `## 2番目：わたし`): the author's own talk."""
    return HeadingMatch(text, None, True, "self") if text.casefold() in SELF_WORDS else None


SHAPE_RULES: list[tuple[str, Rule]] = [
    ("self", rule_self),
    ("by", rule_by),
    ("kagi", rule_kagi),
    ("handle_first", rule_handle_first),
    ("name_san", rule_name_san),
    ("name_handle", rule_name_handle),
    ("handle_tail", rule_handle_tail),
    ("paren_speaker", rule_paren_speaker),
    ("honorific_tail", rule_honorific_tail),
    ("sides", rule_sides),
]
