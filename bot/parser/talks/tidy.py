"""The last word on a talk's speaker and title, after every notation rule: what no speaker and
no title holds, whichever rule split them.

An ordered, named table of small rules per side. Each rule gets the text and gives it back
tidied, or unchanged when it does not apply; a rule never empties a side.

Title:
- `link_tail`: a URL, a shortcode or a tag and what follows (`Title — https://…`,
  `Title. Slides: {{< speakerdeck … >}}`), with the label or separator before it;
- `lead_tag`: a tag before the title (`（飛び入り）`, `[Beginner]`, `(LT)`, the `飛び入り` of
  `飛び入り LT：`);
- `talk_label`: a talk's label and number before the title (`Vortrag 1: Title`, `分享二：Title`,
  `発表2 「Title」`, `Lightning talk — "Title"`, `闪电演讲：`);
- `quoted`: quotes or brackets around the whole title, and a kind label after them
  (`"Title" (slides)`, `《Title》`, `「Title」`).
- `dangling`: a comma left at the end by a cut (`Title (and back again),`); a semicolon may
  be code (`export {production};`) and stays.

Speaker:
- `link_tail`: a URL and what follows, or a link's label after a dash (`Jane Doe — slides`);
- `arrow_tail`: an arrow and what it points at (`Daniel O'Brien → no slides yet`);
- `material_note`: a note on the slides in brackets (`Sara Holm (inga bilder publicerade än)`);
- `label`: a speaker label before the name (`登壇者：高橋`, `Speaker: Jane Doe`).
A company after a name (`Jane Doe (Acme)`) is kept, as written.

Both sides: `speaker_in_title` gives a talk that names no speaker the one its title ends with,
when a label or an honorific vouches for it (`Title（発表者：kenta）`, `Title (Speaker: Jane
Doe)`, `Title — 高橋さん`, `Title（鈴木 一郎 さん / Acme）`, `《Title》 —— 陈静、刘洋`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.parser.talks.names import (
    SPEAKER_LABELS,
    clean_speaker,
    drop_speaker_label,
    looks_like_speaker,
    split_names,
)

_LINK = re.compile(
    r"\s*(?:[-–—:：|｜.,]\s*)?(?:[^\s:：]{1,12}\s*[:：→]\s*)?(?:https?://|\{\{[<%]|\{%)"
)
_LABEL_WORDS = (
    r"(?:(?:opening|closing|invited|guest|featured|sponsor(?:ed)?)\s+(?=[kts]))?"
    r"(?:(?:my|our)\s+(?:talk|session|lt)|(?:自分|私|僕|わたし)の(?:発表|登壇|LT)"
    r"|talk|vortrag|session|charla|ponencia|exposé|présentation|presentation|keynote|キーノート"
    r"|panel(?:\s+discussion)?|(?:クロージング|オープニング)?パネル(?:ディスカッション)?"
    r"|lightning(?:\s*talk)?|lt|ライトニングトーク|闪电演讲|閃電講|라이트닝\s*토크"
    r"|palestra|föredrag|prezentacja|presentatie|intervento"
    r"|発表|登壇|講演|分享|演讲|演講|报告|议题|議題|세션|발표|その)"
    r"\s*(?:#?\d{1,2}|[一二三四五六七八九十]{1,2}|[①-⑳])?"
)
_TALK_LABEL = re.compile(
    rf"^{_LABEL_WORDS}"
    r"(?:\s*[(（][^()（）]{1,20}[)）])?"  # `Föredrag 3 (blixttal): Title`
    r"(?:\s*[:：]\s*|\s+[-–—]\s+|\s*(?=[「『《«“\"])"  # a dash apart: `Session-based` stays
    r"|(?<=[\d一二三四五六七八九十①-⑳])\s*[.．]\s+"  # `세션 1. Title`, `Session 2. Title`
    r"|(?<=[^\x00-\x7f][\d一二三四五六七八九十①-⑳])\s+"  # `その1 Title`
    r"|(?<=[^\x00-\x7f]\s\d)\s+)",  # `세션 1 Title`, never `Lightning talk 1 about …`
    re.IGNORECASE,
)
_LABEL_ALONE = re.compile(rf"{_LABEL_WORDS}", re.IGNORECASE)


_OWN_TALK = re.compile(
    r"^(?:(?:my|our)\s+(?:talk|session|lt|lightning\s+talk)|(?:自分|私|僕|わたし)の(?:発表|登壇|LT))$",
    re.IGNORECASE,
)


def names_own_talk(text: str) -> bool:
    """`My talk`, `自分の発表`: a heading over the author's own talk (its title below it)."""
    return _OWN_TALK.match(text.strip()) is not None


def opens_with_talk_label(text: str) -> bool:
    """`Lightning talk: Title`, `Vortrag 2 – Title`, `発表3「Title」`: a heading that says it is
    a talk."""
    return _TALK_LABEL.match(text) is not None


def is_talk_label(text: str) -> bool:
    """`Talk 1`, `Vortrag 2`, `LT`, `発表3`: a talk's label and number, never a speaker."""
    return len(text) <= 24 and _LABEL_ALONE.fullmatch(text.strip()) is not None


_QUOTES = {'"': '"', "“": "”", "«": "»", "《": "》", "「": "」", "『": "』", "„": "“"}
_KIND_AFTER = re.compile(
    r"\s*[(（](?:slides?|deck|video|スライド|資料|動画|幻灯片|folien)[)）]\s*$", re.IGNORECASE
)
_NOTE_AFTER = re.compile(r"(?<=[\"”»」』])\s*[(（][^()（）]{1,40}[)）]$")
"""The author's note in brackets after a quoted title (`"Title" (no name given)`)."""
_SPEAKER_LABEL_TAIL = re.compile(
    r"\s+[-–—]\s+(?:slides?|deck|video|スライド|資料|動画)\s*$", re.IGNORECASE
)


def _link_tail(text: str) -> str:
    if "://" not in text and "{" not in text:  # each branch of the pattern needs one
        return text
    found = _LINK.search(text)
    return text[: found.start()].rstrip(" -–—:：|｜.,") if found else text


def _talk_label(text: str) -> str:
    found = _TALK_LABEL.match(text)
    return text[found.end() :] if found else text


def _quoted(text: str) -> str:
    if text[:1] not in _QUOTES:
        return text
    bare = _KIND_AFTER.sub("", text) if text.rstrip().endswith((")", "）")) else text
    bare = _NOTE_AFTER.sub("", bare) if bare.endswith((")", "）")) else bare  # `"T" (no name)`
    bare = bare[:-1] if bare.endswith((".", "。")) and len(bare) > 3 else bare  # `"Title".`
    close = _QUOTES.get(bare[:1])
    if close is None or not bare.endswith(close) or len(bare) < 3:
        return text
    inner = bare[1:-1]
    return text if bare[:1] in inner or close in inner else inner.strip()


def _speaker_link_tail(text: str) -> str:
    text = _link_tail(text)
    if "-" in text or "–" in text or "—" in text:  # the label's pattern needs a dash
        return _SPEAKER_LABEL_TAIL.sub("", text)
    return text


_ARROW_TAIL = re.compile(r"\s*(?:→|⇒|->|=>|➡)(?:\s.*)?$")
_MATERIAL_NOTE = re.compile(
    r"\s*[(（][^()（）]{0,30}(?:slides?|deck|bilder|folien|diapos?|slajdy|スライド|資料|자료"
    r"|슬라이드|幻灯片)[^()（）]{0,30}[)）]\s*$",
    re.IGNORECASE,
)
"""`(no slides yet)`, `(資料なし)`, `(자료 없음)`, `(inga bilder publicerade än)`: a note on the
talk's slides after a speaker or a list item, not a company."""


def _speaker_arrow_tail(text: str) -> str:
    """`Daniel O'Brien →`, `@ines → no slides yet`: an arrow and what it points at."""
    return (
        _ARROW_TAIL.sub("", text)
        if ("→" in text or ">" in text or "⇒" in text or "➡" in text)
        else text
    )


def drop_material_note(text: str) -> str:
    """`text` without a bracketed note on the slides at its end (`_MATERIAL_NOTE`)."""
    return _MATERIAL_NOTE.sub("", text) if text.endswith((")", "）")) else text


_LEAD_TAG = re.compile(
    r"^[(（【\[]\s*(?:飛び入り|初心者向け|入門|招待|ゲスト|特別|新人|スポンサー|オンライン|英語"
    r"|beginners?|invited|guest|sponsor(?:ed)?|remote|online|english|en|ja|lt|lightning\s*talk"
    r"|라이트닝\s*토크|闪电演讲|閃電講)\s*[)）】\]]\s*"
    r"|^飛び入り\s*(?=lt|lightning|ライトニングトーク)",
    re.IGNORECASE,
)
"""A tag before a title (`（飛び入り）`, `[Beginner]`, `(sponsored)`, the `飛び入り` of
`飛び入り LT：`): who or what the talk is for, not its title; a talk label after it is
`talk_label`'s."""


def _lead_tag(text: str) -> str:
    return _LEAD_TAG.sub("", text, count=1)


def _dangling(text: str) -> str:
    return text.rstrip(",、，")


TITLE_RULES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("link_tail", _link_tail),
    ("lead_tag", _lead_tag),
    ("talk_label", _talk_label),
    ("quoted", _quoted),
    ("dangling", _dangling),
)
_SCORE_TAIL = re.compile(
    r"\s*[·|｜,]?\s*(?:[★☆⭐]+|[(（]?\d{1,2}(?:\.\d)?\s*/\s*(?:5|10)[)）]?)\s*$"
)
"""The author's score after a speaker line (`Marta Lindqvist · 6/10`, `Jane Doe ★★★★`)."""


def _score_tail(text: str) -> str:
    return _SCORE_TAIL.sub("", text) if "/" in text or "★" in text or "⭐" in text else text


SPEAKER_RULES: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("score_tail", _score_tail),
    ("link_tail", _speaker_link_tail),
    ("arrow_tail", _speaker_arrow_tail),
    ("material_note", drop_material_note),
    ("label", drop_speaker_label),
)


_NAME_IN_TITLE = (
    re.compile(
        rf"\s*[(（]\s*{SPEAKER_LABELS}\s*[:：]?\s*(?P<name>[^()（）:：。.!?]{{1,40}}?)\s*[)）]$",
        re.IGNORECASE,
    ),
    re.compile(
        r"\s+[-–—―]+\s*(?P<name>[^\s()（）:：。、,!?-][^()（）:：。、,!?]{0,30}?)\s*(?:さん|氏)$"
    ),
    re.compile(
        r"\s*[(（]\s*(?P<name>[^()（）:：。!?/／]{1,30}?)\s*(?:さん|氏)"
        r"\s*(?:[/／,、]\s*[^()（）。!?]{1,40})?[)）]$"
    ),
)
"""A speaker named at a title's end: in brackets after a label, or with an honorific."""
_QUOTED_THEN_NAME = re.compile(
    r"^[《「『“](?P<title>[^《》「」『』“”]{2,})[》」』”]\s*(?:——|――|[-–—―/／|｜:：])\s*"
    r"(?P<name>[^《》「」『』“”()（）:：。!?]{1,40})$"
)
"""`《Title》 —— 陈静、刘洋`: a quoted title, a separator, names."""


def _speakers(text: str) -> bool:
    """Every name `text` joins reads as a speaker (`looks_like_speaker`: a handle, a Western
    name, a Japanese name written in kana, as `もりもと`, which `names.all_names` scores low)."""
    names = [name.strip() for name in split_names(text)]
    return 0 < len(names) <= 8 and all(name and looks_like_speaker(name) for name in names)


def speaker_in_title(title: str) -> tuple[str, str] | None:
    """The speaker and the title left when `title` ends with a name a label or an honorific
    vouches for, or is a quoted title then a name; None otherwise (`Title (Acme)` names a
    company, not a speaker)."""
    quoted = _QUOTED_THEN_NAME.match(title) if title[:1] in "《「『“" else None
    if quoted is not None and _speakers(quoted["name"]):
        speaker = clean_speaker(quoted["name"])
        return (speaker, quoted["title"].strip()) if speaker else None
    if not title.endswith((")", "）", "ん", "氏")):
        return None
    for pattern in _NAME_IN_TITLE:
        found = pattern.search(title)
        if found is not None and found.start() > 0:
            speaker = clean_speaker(found["name"])
            if speaker:
                return speaker, title[: found.start()].rstrip(" -–—―:：")
    return None


def tidy(text: str | None, rules: tuple[tuple[str, Callable[[str], str]], ...]) -> str | None:
    """`text` through `rules` in order; a rule that would empty it is passed over."""
    if not text:
        return text
    for _name, rule in rules:
        tidied = rule(text).strip()
        if tidied:
            text = tidied
    return text
