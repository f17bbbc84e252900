"""Speaker names: what one looks like, how it is written clean, and where a talk's body names it.

The heading and list-item rules (`heading_rules`, `heading_shapes`, `item_rules`) use the name
patterns here to tell a speaker from a title (`name_score`, `title_score`); `body_speaker` finds
a `登壇者 :` / `speaker:` bullet or a Speaker table column near the top of a talk's body.
"""

from __future__ import annotations

import re

from bot.parser.blocks import Block

HANDLE = r"@[\w.\-]+"
_PARTICLE_WORDS = ("de", "van", "von", "der", "da", "dos", "di", "du", "le", "la", "bin", "al")
"""The lowercase words inside a Western name (`Sanne de Vries`, `Ana dos Santos`)."""
_PARTICLE = "|".join(_PARTICLE_WORDS)
NAME_WORD = rf"(?:[A-Z\u00c0-\u00de][\w'’.\-\u00c0-\u024f]*|{_PARTICLE})"
_NAME_WORD_ONCE = rf"(?:[A-Z\u00c0-\u00de][\w'’.\-\u00c0-\u024f]*+|{_PARTICLE})"
FULL_NAME = re.compile(rf"^{_NAME_WORD_ONCE}(?:\s++{_NAME_WORD_ONCE}){{1,3}}$")
"""A capitalised Western name of two to four words (`Jane Doe`, `Guido van Rossum`). `NAME_WORD`
with possessive repeats: a word's letters never give way to a space (none of them is one), so
a text that is no name fails without trying every shorter word."""
_JA = r"[\u3041-\u30ff\u4e00-\u9fff]"
_JA_NAME = re.compile(rf"^{_JA}{{1,6}}[\s\u3000]?{_JA}{{1,6}}$")
_KO_NAME = re.compile(r"^[\uac00-\ud7a3]{2,4}$")
"""A Korean full name: two to four Hangul syllables (`김민준`)."""
_SAN_TAIL = re.compile(r"\s*(?:さん|様).*$")
_HANDLE_START = re.compile(HANDLE)
_SPACE_HANDLE_END = re.compile(rf"\s{HANDLE}$")
_HANDLE_SAN = re.compile(rf"{HANDLE}\s*さん")
PAREN_END = re.compile(r"\s*[(（][^()（）]*[)）]\s*$")
_HONORIFIC_TAIL = re.compile(r"[\s\u3000]*(?:さん|氏|様|님)$")

LOOK_AHEAD = 4
"""How many blocks after a talk heading may name its speaker or slides."""

SELF_WORDS = frozenset(("自分", "私", "わたし", "僕", "ぼく", "筆者", "me", "myself", "moi", "yo"))
"""How an author names themself as a talk's speaker (`自分（@x）`, `## 2番目：わたし`)."""
BY_WORDS = r"(?:by|av|par|von|por)"
"""The word before a talk's speaker (`Title by Name`; sv `av`, fr `par`, de `von`, es/pt `por`)."""
SPEAKER_LABELS = (
    r"(?:presented\s+by|by|speakers?|presenters?|panel+ists?|moderators?|登壇者?|発表者|講演者"
    r"|スピーカー|talare|föreläsare|intervenante?s?|orateurs?|oratrices?|conférencier(?:e|s|es)?"
    r"|présenté par|sprecher(?:in|innen)?"
    r"|referent(?:in|innen|en)?|vortragende[rn]?|ponentes?|oradora?|oradores|palestrantes?"
    r"|relatore|relatori|relatrice|sprekers?|prelegen(?:t|tka|tki|ci)|演讲者"
    r"|(?:分享|演讲|主讲|特邀)?嘉宾"
    r"|발표자|연사|讲者|讲师|主讲人|分享者|講者)"
)
"""The words that label a speaker (`登壇者:`, `Speaker:`, `Talare:`), in every language read."""
_SPEAKER_LABEL = re.compile(rf"^\s*{SPEAKER_LABELS}\s*[:：]\s*(.*)$", re.IGNORECASE | re.DOTALL)
_SPEAKER_COLUMN = re.compile(r"^(?:speakers?|登壇者|発表者|講演者|スピーカー)$", re.IGNORECASE)


def looks_like_speaker(text: str) -> bool:
    """A handle, a capitalised Western name, a Japanese name (with or without さん)."""
    text = text.strip()
    if _HANDLE_START.match(text) or _SPACE_HANDLE_END.search(text):
        return True
    if _NOT_A_PERSON.match(text):
        return False
    honorific = "さん" in text or text.endswith("様")
    base = _SAN_TAIL.sub("", text) if honorific else text
    base = PAREN_END.sub("", base)
    ja_name = _JA_NAME.match(base) is not None and not ja_phrase(base)
    return bool(FULL_NAME.match(base) or (honorific and base) or ja_name)


_JA_WORD_CHAR = r"[\u4e00-\u9fff\u30a1-\u30ffA-Za-z0-9]"
_JA_PHRASE = re.compile(
    rf"{_JA_WORD_CHAR}[をでにはがのへと]{_JA_WORD_CHAR}"
    r"|する|した|った|って|ている|ました|ません|ため|入門|話|実践|方法|(?<=[\u4e00-\u9fff])(?:あり|なし)$"
)


def ja_phrase(text: str) -> bool:
    """A particle between two kanji, katakana or Latin words (`型の話`, `ログを読む`, `Rustで書く`)
    or a word of a title (`入門`, `する`): a phrase, not a name. A name in hiragana (`まこと`,
    `もりもと`) holds the same kana, so a particle beside hiragana proves nothing."""
    return _JA_PHRASE.search(text) is not None


def clean_speaker(text: str) -> str | None:
    """The speaker part as written, minus さん and what follows it, and stray punctuation."""
    text = text.strip()
    if ("さん" in text and not text.startswith("@")) or _HANDLE_SAN.match(text):
        text = text[: text.rfind("さん")] if text.rfind("さん") > 0 else text
    if "さん" in text or "氏" in text or "님" in text:
        text = _HONORIFIC_AFTER.sub("", text)  # `@a さん、@b`, `Yuto Kimura 氏（@x）`, `김민준 님`
    if " の " in text:
        text = _ORG_NO.sub("", text, count=1)  # `Google の Emily Chen`: where they work, then who
    text = text.strip(" \u3000:：,、-–—―")
    return join_speakers(text) or None


_HONORIFIC_AFTER = re.compile(r"[ \u3000]*(?:さん|氏|님)(?=[ \u3000]*(?:[、,，/／&・(（]|$))")
"""Each name's own honorific, before a joiner, a bracket or the end."""
_ORG_NO = re.compile(r"^[A-Za-z0-9][\w.&\-]{0,30} の (?=\S)")


_PAIR = re.compile(r"^[^&,/、・]+\s&\s[^&,/、・]+$")


def join_speakers(text: str) -> str:
    """Several speakers written `A and B`, `A, B & C`, `A och B`, `A・B` become `A / B / C`;
    `A & B` and one speaker (or a name and a company: `Jane Doe, Acme`) stay as written."""
    parts = [part.strip() for part in split_names(text) if part and part.strip()]
    if len(parts) < 2 or len(parts) > 8 or (len(parts) == 2 and _PAIR.search(text)):
        return text
    if len(parts[-1].split()) == 1 and all(len(part.split()) > 1 for part in parts[:-1]):
        return text  # `Marco Rossi, Acme`, `Ana Ruiz & Li Wei, Acme`: names and a company
    if any(_one_name(part) < (0.3 if part[:1].isupper() else 0.5) for part in parts):
        return text
    return " / ".join(_HONORIFIC_TAIL.sub("", part) for part in parts)


def body_speaker(body: list[Block]) -> str | None:
    """The speaker a talk body names near its top, if any."""
    for block in body[:LOOK_AHEAD]:
        if block.kind in ("bullet", "ordered"):
            for item in block.children:
                text = item.children[0].plain if item.children else ""
                label = _SPEAKER_LABEL.match(text)
                if label and label[1].strip():
                    return clean_speaker(label[1])
        elif block.kind == "table" and len(block.rows) >= 2:
            header = block.rows[0]
            for column, name in enumerate(header):
                if _SPEAKER_COLUMN.match(name.strip()) and column < len(block.rows[1]):
                    return block.rows[1][column].strip() or None
    return None


_JOIN = re.compile(
    r"(?=[\s&/／,、・×aAuUeEoOxX])"
    r"\s*(?:[&/／,、・×]|\b(?:[aA][nN][dD]|[uU][nN][dD]|[eE][tT]|[oO][cC][hH]|[xX])\b)\s*"
)
"""The marks and words that join names (`&`, `/`, `、`, and/und/et/och/x in any case). Speed:
the words spelled out by case (IGNORECASE is slower), and a lookahead for the characters a
match can start with, so that other positions fail at one test (the same matches, 3x faster);
the same holds for the lookaheads below and for `heading_shapes._SIDES`."""
_FUNCTION_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "to",
        "for",
        "with",
        "and",
        "or",
        "is",
        "are",
        "from",
        "into",
        "how",
        "why",
        "what",
        "your",
        "our",
        "my",
        "we",
        "you",
        "it",
        "at",
        "by",
        "vs",
        "not",
        "no",
        "all",
        "about",
        "de",
        "la",
        "le",
        "les",
        "des",
        "du",
        "pour",
        "och",
        "att",
        "med",
        "för",
        "som",
        "en",
        "ett",
    ]
)
"""Words a title has and a name has not (en, fr, sv), casefolded."""
_JA_PARTICLE = re.compile(
    r"(?=[をでにはがのへともすしった入話実方])(?:[をでにはがのへとも]|する|した|って|ため|入門|話|実践|方法)"
)
_HONORIFIC_END = re.compile(r"(?:さん|氏|様|先生|님)$")
"""Searched in a text's last three characters only: where any match of it lies."""
_AFFILIATION = re.compile(r"(?=[\s\-–—,，(（@])\s*(?:[-–—]\s+|[,，(（@]\s*).*$")
_AFFILIATION_MARK = re.compile(r"[-–—,，(（@]")
"""A character every `_AFFILIATION` match holds (one quick scan before the slow one)."""
_TITLE_WORDS = _FUNCTION_WORDS - {"and", "de", "la", "le", "les", "des", "du", "och", "en", "ett"}
"""`_FUNCTION_WORDS` less the ones that join names (and, de, la, och...)."""
_JOIN_WORDS = frozenset(("and", "und", "et", "och", "x"))
_JOIN_MARK = re.compile("[&/／,、・×]")
_WORD = re.compile(r"\w+")


def has_word(text: str, words: frozenset[str]) -> bool:
    """Whether one of `words` (casefolded) is a whole word of `text`: a set lookup per word,
    many times faster than one regex alternation tried at every position."""
    return not words.isdisjoint(_WORD.findall(text.casefold()))


def function_word(word: str) -> bool:
    """`of`, `from`, `with`, `de`...: a word a title or a sentence has and a name has not."""
    return word.casefold() in _FUNCTION_WORDS


_NICKNAME = re.compile(r"\s[\"„“‘'][^\"“”‘’']{1,20}[\"”“’']\s")
"""A nickname in quotes between a first and a last name (`Oskar "oskr" Lund`)."""


def drop_speaker_label(text: str) -> str:
    """`text` without a speaker label before it (`登壇者：高橋` -> `高橋`)."""
    if ":" not in text and "：" not in text:  # the pattern needs one
        return text
    found = _SPEAKER_LABEL.match(text)
    return found[1] if found else text


def all_names(text: str, floor: float = 0.7) -> bool:
    """Every name `text` joins (`A & B`, `A, B`) scores `floor` or more as a name; a quoted
    nickname inside a name is passed over."""
    if '"' in text or "„" in text or "“" in text or "‘" in text or "'" in text:
        text = _NICKNAME.sub(" ", text)
    names = split_names(text)
    return 0 < len(names) <= 8 and all(name_score(name) >= floor for name in names)


def split_names(text: str) -> list[str]:
    """`text` cut at the marks and words that join names (`A, B & C`, `A and B`, `A・B`)."""
    if _JOIN_MARK.search(text) is None and not has_word(text, _JOIN_WORDS):
        return [text]
    return _JOIN.split(text)


_COMPANY = r"(?:株式会社|（株）|\(株\))"
_JA_COMPANY = re.compile(rf"(?:{_COMPANY}\S+|\S+{_COMPANY})[\s\u3000]+")
"""A company before a name (`株式会社サンプル 伊藤`, `サンプル株式会社 山田 太郎`)."""
_HANDLE_ONLY = re.compile(rf"{HANDLE}(?:\s*(?:さん|氏))?$")
_HANDLE_TAIL = re.compile(rf"\s{HANDLE}$|[(（]@[\w.\-]+[)）]$")
_ONE_WORD = re.compile(r"[A-Za-z][\w.\-]{1,20}")
# The lookbehind: a match inside a lowercase word implies one from the word's start, which a
# search finds first (the same first match, without trying every suffix of every word).
_TITLE_MARKS = re.compile(
    r"(?=[?？!！「」『』:\da-z])(?:[?？!！「」『』:\d]|(?<![a-z])[a-z]{3,}\s+[a-z]{3,})"
)
MAX_NAME = 60
"""Longer text is never one name (and is not scored as one)."""
MAX_NAMES = 100
"""Longer text is never a list of names."""


class Side:
    """A text read once for the name and title tests: `name` is its `name_score`, `title` its
    `title_score`, each worked out on first use; both share one casefold and one scan for the
    words (the text they strip to is the same unless it ends in `*`, `_` or other spaces)."""

    __slots__ = ("_name", "_read", "_title", "_words", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._name: float | None = None
        self._title: float | None = None
        self._read: str | None = None
        self._words: list[str] = []

    @property
    def name(self) -> float:
        if self._name is None:
            self._name = _name_score(self.text.strip(" \u3000*_"), self)
        return self._name

    @property
    def title(self) -> float:
        if self._title is None:
            self._title = _title_score(self.text.strip(), self)
        return self._title

    def has_word(self, text: str, words: frozenset[str]) -> bool:
        """`has_word(text, words)`, for `text` one of the stripped forms of this side."""
        if self._read != text:
            self._read, self._words = text, _WORD.findall(text.casefold())
        return not words.isdisjoint(self._words)


def name_score(text: str) -> float:
    """How much `text` looks like the name(s) of one or more speakers, 0..1."""
    return _name_score(text.strip(" \u3000*_"), Side(text))


def title_score(text: str) -> float:
    """How much `text` reads like a talk title rather than a name, 0..1."""
    return _title_score(text.strip(), Side(text))


_NOT_A_PERSON = re.compile(
    r"^(?:(?:salle|sala|saal|raum|amphi|aula|auditorium|room|hall|track|stage)\s+[^\s\-–—:：|]{1,20}"
    r"(?:\s[^\s\-–—:：|]{1,20})?|[^\s\-–—:：|]{1,20}\s(?:stage|hall|room|track)"
    r"|読書会|輪読会|ハンズオン|ワークショップ|workshops?|hands-on|もくもく会|panel(?:\s+discussion)?"
    r"|(?:クロージング|オープニング)?パネル(?:ディスカッション)?|(?:closing|opening)\s+panel"
    r"|keynote|キーノート|基調講演|q\s*&\s*a|質疑応答"
    r"|再掲|追記|補足|前編|後編|続き|予定|未定|仮|中止|延期|後日|途中参加|途中退出)[\s\-–—:：|]*$",
    re.IGNORECASE,
)
"""A room, a stage or a track (`Salle Jules Verne`, `Main Stage`, `Track B`), a kind of session
(`読書会`, `Workshop`, `Q&A`) or the author's note in brackets (`（再掲）`, `（後編）`): never a
speaker."""


def not_a_person(text: str) -> bool:
    """`Salle Jules Verne`, `Main Stage`, `Track B`, `読書会`, `再掲`: a place, a kind of session
    or a note, not a person."""
    return _NOT_A_PERSON.match(text.strip()) is not None


def _name_score(text: str, side: Side) -> float:
    if not text or len(text) > MAX_NAMES or _NOT_A_PERSON.match(text):
        return 0.0
    if _handle_or_honorific(text):
        return 1.0
    whole = _name_shape(text, side)
    if whole >= 0.6:
        return whole  # `Jane Doe - Acme, Inc.`
    if side.has_word(text, _TITLE_WORDS):
        return whole  # `Software Productivity and Serverless`: words no list of names has
    if _JOIN_MARK.search(text) is None and not side.has_word(text, _JOIN_WORDS):
        return whole  # `split_names` would give the text whole
    parts = [part for part in _JOIN.split(text) if part]
    return _parts_score(parts) if len(parts) > 1 else whole


def _parts_score(parts: list[str]) -> float:
    """The score of names joined by `&`, `,`, `and`: the lowest of the first six, 0.6 for
    capitalised words that are not all names; the first too low a part decides it."""
    capitalised = all(part.strip()[:1].isupper() or part.strip()[:1] == "@" for part in parts)
    floor = 0.3 if capitalised else 0.5
    lowest = 1.0
    for part in parts[:6]:
        score = _one_name(part)
        if score < floor:
            return 0.0
        lowest = min(lowest, score)
    return max(0.5, lowest * 0.95) if lowest >= 0.5 else 0.6


def _handle_or_honorific(text: str) -> bool:
    """`@handle`, `@handle さん`, or a name ending in さん/氏/様/先生."""
    return (text[:1] == "@" and _HANDLE_ONLY.match(text) is not None) or (
        _HONORIFIC_END.search(text[-3:]) is not None
    )


def _one_name(text: str) -> float:
    text = text.strip(" \u3000*_")
    return 1.0 if _handle_or_honorific(text) else _name_shape(text, None)


def _name_shape(text: str, side: Side | None) -> float:
    """`_one_name` of a stripped text that is no handle and has no honorific; `side`, when
    given, holds the text's words."""
    if len(text) > MAX_NAME:
        return 0.0
    if "@" in text:
        tail = _HANDLE_TAIL.search(text)
        if tail and not has_word(text[: tail.start()], _TITLE_WORDS):
            return 0.95  # `Jane Doe @jane`, not `with help from @tom`
    company = _JA_COMPANY.match(text) if "株" in text else None  # every company form has 株
    if company and company.end() < len(text):
        rest = text[company.end() :]
        if _one_name(rest) >= 0.3 or len(rest) <= 6:
            return 0.6  # `株式会社サンプル 伊藤`: a company, then whoever spoke for it
    if _AFFILIATION_MARK.search(text) is not None:
        base = _AFFILIATION.sub("", text)
        if base != text:
            bare = _one_name(base)
            if bare >= 0.6:
                return bare * 0.9  # `Jane Doe - Acme`, `Jane Doe, Acme`
            if bare >= 0.5 and PAREN_END.search(text):
                return 0.5  # `松岡 宏明（CNDK 実行委員長）`: a name, then where they work
    return _plain_name(text, side)


def _plain_name(text: str, side: Side | None) -> float:
    """A full Western name, a Japanese name, or one capitalised word."""
    if FULL_NAME.match(text):
        has = side.has_word(text, _FUNCTION_WORDS) if side else has_word(text, _FUNCTION_WORDS)
        if not has or _particle_name(text.split()):
            return 0.7
    if not text.isascii() and (
        (_JA_NAME.match(text) and not ja_phrase(text)) or _KO_NAME.match(text)
    ):
        return 0.5
    if _ONE_WORD.fullmatch(text) and text not in _FUNCTION_WORDS:
        return 0.3
    return 0.0


def _particle_name(words: list[str]) -> bool:
    """Capitalised first and last words, and between them no title word but a lowercase
    particle (`Sanne de Vries`, `Jan van der Berg`)."""
    if len(words) < 3 or not (words[0][:1].isupper() and words[-1][:1].isupper()):
        return False
    return all(
        word in _PARTICLE_WORDS or word.casefold() not in _FUNCTION_WORDS for word in words[1:-1]
    ) and all(word.casefold() not in _FUNCTION_WORDS for word in (words[0], words[-1]))


def _title_score(text: str, side: Side) -> float:
    score = 0.0
    if side.has_word(text, _FUNCTION_WORDS) or (
        not text.isascii() and _JA_PARTICLE.search(text) is not None
    ):
        score += 0.5
    if len(text) >= 30 or len(text.split()) >= 5:
        score += 0.3
    if _TITLE_MARKS.search(text):
        score += 0.2
    return min(score, 1.0)
