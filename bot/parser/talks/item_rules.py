"""List-item rules: what one list item's first paragraph says about a talk.

The rules form an ordered, named table like the heading rules (`heading_rules`): each gets a
list item's first paragraph and returns an `ItemMatch` or None; the first match wins. Whether a
whole list is a talk list is decided in `lists`, from how many items match a *talky* rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.parser.blocks import Block, Link, inline_block
from bot.parser.link_kinds import labelled_line_kind
from bot.parser.link_kinds import pick_slides as _pick_slides
from bot.parser.link_sources import text_links as tag_links
from bot.parser.talks.heading_rules import match_heading
from bot.parser.talks.heading_shapes import clean_title
from bot.parser.talks.names import (
    BY_WORDS,
    PAREN_END,
    clean_speaker,
    has_word,
    looks_like_speaker,
    name_score,
)
from bot.parser.talks.tidy import drop_material_note

MAX_ITEM = 400
"""Longer list items are prose, never a talk."""


@dataclass(frozen=True)
class ItemMatch:
    """What one list item (or caption) says about a talk."""

    speaker: str | None
    title: str | None
    slides: str | None
    rule: str
    talky: bool = True
    """False for items that only ride along in a talk list (a plain title, a sponsor name)."""
    attach: bool = False
    """True for a `[Slides](url)` item: the slides of the item before it, not a talk."""
    skip: bool = False
    """True for a metadata item (`登壇者 : …`, `Slides: …`): never a talk of its own."""


ItemRule = Callable[[Block], ItemMatch | None]

_ENGLISH_BY = re.compile(r"\bby\s", re.IGNORECASE)
_SLIDE_LABEL = re.compile(
    r"^\s*(?:📈|📊|📑|slides?|スライド|資料|発表資料|deck|pdf)\s*$", re.IGNORECASE
)
"""A link that only says `Slides`: the slides of the item before (`rule_slide_ref`)."""
_PROFILE = re.compile(
    r"twitter\.com/|x\.com/|facebook\.com/|/speakers?/|/users?/|github\.com/[^/]+/?$"
    r"|slideshare\.net/[^/]+/?$",
    re.IGNORECASE,
)
_META_LABEL = re.compile(
    r"^\s*(?:登壇者|発表者|講演者|スピーカー|資料|スライド|発表資料|動画|日時|場所|会場|所属|参加者"
    r"|speakers?|presenters?|slides?|video|date|time|place|venue|links?|by)\s*[:：]",
    re.IGNORECASE,
)
_CLOCK = r"\d{1,2}[:：.]\d{2}\s*(?:[ap]\.?\s?m\.?)?"
_TIME_PREFIX = re.compile(
    rf"^\s*{_CLOCK}\s*(?:[-–~〜～]\s*{_CLOCK}\s*)?(?:\(\s*\d+\s*(?:m|min|mins|minutes|分)\s*\)\s*)?",
    re.IGNORECASE,
)
_TAIL_GROUP = re.compile(r"\s*\([^()\w]*\)\s*\.?\s*$")
_BY_LAST = re.compile(
    rf"^(?P<title>.+),\s*(?:(?:presented|moderated|hosted|led)\s+)?{BY_WORDS}\s+(?P<sp>.+?)\.?$",
    re.IGNORECASE,
)
_BY_ANY = re.compile(
    rf"^(?P<title>.+?)\s+(?:(?:presented|moderated|hosted|led)\s+)?{BY_WORDS}\s+(?P<sp>.+?)\.?$",
    re.IGNORECASE,
)
_LEADING_NAME = re.compile(
    r"^[A-ZÀ-Þ][\w'’.\-]+(?:\s+(?:[A-ZÀ-Þ][\w'’.\-]+|de|van|von|der|da|di|le|la)){1,3}"
)
_JOINED_NAME = re.compile(r"^(?:and|und|et|och|y|e|en|og|i)\s+[A-ZÀ-Þ]")
"""`… et Julien Roux`: a second name joined to the first, not a comment after it."""
_DESCRIPTION = re.compile(r"\s+[-–—]\s+|\s*[:;]\s+|\.\s+|\s+\(|,\s+(?:who|a|an|the)\s")
"""Where a speaker's name ends and a description begins: `by Jane Doe - a contributor...`."""
_HONORIFIC_ONLY = re.compile(r"^[^\s\[\]()]{1,30}(?:様|さん)$")
_NAME_SEPARATOR = re.compile(r"^\s*(?:[:：|｜–—]|-(?=\s))\s*")
_FIELD_WORDS = frozenset(
    (
        *("meetup", "event", "time", "date", "start", "end", "doors", "host", "venue", "room"),
        *("location", "place", "address", "page", "website", "next", "sponsor", "sponsors"),
        *("organizer", "organizers", "ticket", "tickets", "price", "food", "drinks", "contact"),
        *("agenda", "schedule", "track", "level", "language", "format", "duration", "hashtag"),
        *("talk", "talks", "slides", "video", "recording", "links", "link", "notes", "topic"),
        *("datum", "uhrzeit", "beginn", "ort", "termin", "fecha", "hora", "lugar", "lieu"),
    )
)
"""Words of an event's field (`**Start Time**: 19:00`): a bold lead holding one is no name."""
_CAPITALISED = 0.7
"""The name score of two capitalised words, which a bold label (`**Key Takeaway**`) has too: such
an item is a talk only with slides, or beside talky siblings."""
_NOT_A_TITLE = re.compile(r"^[\d\W]|[.。!！]$")
"""A value, not a title: starting with a digit or a mark (`19:00`), or ending a sentence."""


def text_links(block: Block) -> list[Link]:
    """The block's links, images left out, then the URLs of its Jekyll tags, Hugo shortcodes
    and bare URLs (`Slides: {{< speakerdeck url="…" >}}`, `Slides: https://…` in a list item)."""
    links = [link for link in block.links if not link.image]
    if "{{" in block.plain or "{%" in block.plain or "://" in block.plain:
        known = {link.url for link in links}
        tagged = [found.url for found in tag_links(block.plain) if found.url not in known]
        links += [Link("", url) for url in tagged]
    return links


_LINK_TAIL = re.compile(
    r"\s*\((?:\s*(?:slides?|video|recording|deck|pdf|スライド|資料|動画|슬라이드|발표\s?자료|영상"
    r"|幻灯片|folien|diapos?)\s*[,/、]?)+\)\s*\.?\s*$",
    re.IGNORECASE,
)


_KIND_LABEL = re.compile(
    r"^(?:📈|📊|📑|🎥|slides?|スライド|資料|発表資料|deck|pdf|video|recording|動画)$", re.IGNORECASE
)
"""A link that only says what it links to: `[slides](…)`, `[動画](…)`."""


_MD_LINK = re.compile(
    r"!?\[[^\]]*\]\([^)]*\)|<https?://[^>]*>|https?://\S+|\{\{[<%].*?[>%]\}\}|\{%.*?%\}"
)
_MATERIAL_WORD = re.compile(r"(?:資料|スライド|動画|録画)(?:は|の|も|：|:)")
_LABEL_TAIL = re.compile(
    r"[\s.,]*(?:slides?|deck|video|folien|スライド|資料|動画)\s*[:：]\s*$", re.IGNORECASE
)
"""`Title. Slides:` with the link on the next line: the label is no part of the title."""
_URL_TAIL = re.compile(r"(?:[\s\-–—:：|｜·]*<?https?://[^\s<>]+>?)+\s*$")
"""Bare URLs ending an item's line (`「Title」 Name — https://…`): its links, not its text."""
_LINK_SEPARATORS = re.compile(r"[\s·|/,、・\-–—()（）]*")
_SENTENCE_END = (".", "。", "!", "！")


def _ends_talk_line(line: str) -> bool:
    """A later line of an item that is no part of its talk line: only links (`[video](…) ·
    [sched](…)`), or a sentence (`No slides posted as far as I can tell.`)."""
    if _LINK_SEPARATORS.fullmatch(_MD_LINK.sub("", line)):
        return True
    plain = inline_block(line).plain.strip()
    if labelled_line_kind(plain) is not None or _MATERIAL_WORD.match(plain):
        return True  # `Slides: …`, `資料は後日公開とのこと`: about the talk's material
    if "。" in plain or (plain.endswith(_SENTENCE_END) and len(plain.split()) >= 4):
        return True
    return len(plain.split()) >= 6 and SENTENCE_BREAK.search(plain) is not None


SENTENCE_BREAK = re.compile(
    r"(?<=[^\W\d_]{2})(?<!Dr)(?<!Mr)(?<!Ms)(?<!St)(?<!Jr)(?<!Sr)(?<!Mrs)(?<!rof)[.!?。]\s+(?=\S)"
)
"""Where a sentence ends inside a line (`… when not to do it. Slides: https://…`, `Sam O'Connell.
Automate it…`; not `Dr. Holm`): a talk line ends there, and a line holding one is prose."""


def talk_line(block: Block) -> str:
    """The item's text up to its first line of links or prose: `**Title**` then `— Name,
    Company` on the next line is one talk line; `[video](…)` or a sentence after it is not."""
    if "\n" not in block.source:
        return block.plain
    lines = block.source.split("\n")
    for count in range(1, len(lines)):
        done = lines[count - 1].rstrip(" \\").endswith(_SENTENCE_END)  # `…, Amir Haddad.`
        if done or _ends_talk_line(lines[count].strip().rstrip("\\")):
            return inline_block(" ".join(lines[:count])).plain
    return block.plain


def _item_text(block: Block) -> str:
    """The item's talk line (`talk_line`) without a leading time, a trailing `(slides, video)`
    link group and trailing links that only name their kind (`Title (@x) [slides](…) ·
    [video](…)`)."""
    text = _LINK_TAIL.sub("", _TIME_PREFIX.sub("", talk_line(block)))
    if "://" in text:
        text = _URL_TAIL.sub("", text)
    text = drop_material_note(text)
    if text.endswith((":", "：")):
        text = _LABEL_TAIL.sub("", text)
    text = text.rstrip(" -–—:：|｜")
    for link in reversed(text_links(block)):
        label, rest = link.text.strip(), text.rstrip(" .")
        if not (label and _KIND_LABEL.match(label) and rest.endswith(label)):
            break
        text = rest[: -len(label)].rstrip(" ·|/,、・-–—")
    return text


def is_meta_line(text: str) -> bool:
    """`登壇者 : …`, `会場: …`, `Slides: …`: a field of the event or of a talk."""
    return _META_LABEL.match(text) is not None


def rule_meta_label(block: Block) -> ItemMatch | None:
    """`登壇者 : Name`, `Slides: url`: what a talk's own notes say about it, not a talk."""
    if _META_LABEL.match(block.plain):
        return ItemMatch(None, None, None, "meta_label", talky=False, skip=True)
    return None


def rule_slide_ref(block: Block) -> ItemMatch | None:
    """`[Slide](url)` alone: the slides of the talk listed just before."""
    links = text_links(block)
    if len(links) == 1 and _SLIDE_LABEL.match(links[0].text) and block.plain == links[0].text:
        return ItemMatch(None, None, links[0].url or None, "slide_ref", talky=False, attach=True)
    return None


def rule_by_speaker(block: Block) -> ItemMatch | None:
    """`Title, by [Speaker](profile) ([🎥](video) / [📈](slides)).` or `Title by [name] さん`."""
    text = _TAIL_GROUP.sub("", _item_text(block))
    found = _BY_LAST.match(text) or _BY_ANY.match(text)
    if found is None:
        return None
    speaker = _DESCRIPTION.split(found["sp"].strip(), maxsplit=1)[0].strip()
    leading = _LEADING_NAME.match(speaker)
    rest = speaker[leading.end() :].strip() if leading else ""
    if leading and rest[:1].islower() and not _JOINED_NAME.match(rest):
        speaker = leading[0]  # `by Robert Nyman handlade om …`: the name, not the comment
    if len(speaker.split()) > 8 or not speaker:
        return None
    links = text_links(block)
    named = any(link.text.strip() and link.text.strip() in speaker for link in links)
    english = _ENGLISH_BY.search(text) is not None
    plausible = name_score(speaker) >= 0.5 or (english and len(speaker.split()) <= 4)
    if not (named or looks_like_speaker(speaker) or plausible):
        return None
    slides = _pick_slides(
        [
            link
            for link in links
            if not _PROFILE.search(link.url) and link.text.strip() not in speaker
        ]
    )
    title = clean_title(found["title"].strip(" ,"))
    return ItemMatch(clean_speaker(speaker), title, slides, "by_speaker")


def rule_bold_name(block: Block) -> ItemMatch | None:
    """`**Katrin Vogel**: Title`, `**Jane Doe** — Title`: a bold name, a separator, the title."""
    spans = block.spans
    if len(spans) < 2 or not spans[0].bold or spans[0].url is not None:
        return None
    name = spans[0].text.strip()
    rest = _item_text(block)[len(name) :] if block.plain.startswith(name) else ""
    title = _NAME_SEPARATOR.sub("", rest, count=1)
    if title == rest or not 4 <= len(title) <= 140 or _NOT_A_TITLE.search(title):
        return None
    score = name_score(name)
    if score < 0.7 or has_word(name, _FIELD_WORDS):
        return None
    slides = _pick_slides([link for link in text_links(block) if not _PROFILE.search(link.url)])
    talky = bool(slides) or score > _CAPITALISED  # `**Key Takeaway**: …` reads like a name too
    speaker = clean_speaker(name)
    return ItemMatch(speaker, clean_title(title.strip(" *_")), slides, "bold_name", talky=talky)


_TITLE_SEPARATOR = re.compile(
    rf"^\s*(?:[,，:：|｜–—/／]|-(?=\s)|(?:{BY_WORDS}|di)\s)\s*", re.IGNORECASE
)


def rule_bold_title(block: Block) -> ItemMatch | None:
    """`**Title**, Jane Doe`, `**「Title」** — 山田 花子`, `**Title** by Ana (Acme)`: a bold
    title, a separator, then the speaker's name."""
    spans = block.spans
    if len(spans) < 2 or not spans[0].bold or spans[0].url is not None:
        return None
    title = spans[0].text.strip()
    text = _item_text(block)
    separator = _TITLE_SEPARATOR.match(text[len(title) :]) if text.startswith(title) else None
    if separator is None or len(title) < 4:
        return None
    speaker = SENTENCE_BREAK.split(text[len(title) + separator.end() :], maxsplit=1)[0]
    speaker = speaker.strip(" .")  # `**Title** - Sam O'Connell. Automate it or delete it.`
    name = PAREN_END.sub("", speaker)  # `Jakob Nielsen (no, not that one)`, `Ana (Acme)`
    if not name or len(name) > 60 or not (looks_like_speaker(name) or name_score(name) >= 0.3):
        return None  # (0.3: one capitalised word, `**Title** – Andrés`: the bold title vouches)
    slides = _pick_slides([link for link in text_links(block) if not _PROFILE.search(link.url)])
    return ItemMatch(clean_speaker(speaker), clean_title(title), slides, "bold_title")


_BOOK_MARKS = str.maketrans("《》", "「」")
"""Chinese book-title marks, read as the Japanese brackets (`王磊：《Title》`)."""


def rule_heading_like(block: Block) -> ItemMatch | None:
    """An item written like a strong talk heading (`「Title」 Name さん`, `@handle Title`,
    `王磊：《Title》`), or its bold lead alone (`**@x「Title」** — a comment on it`)."""
    text = _item_text(block).translate(_BOOK_MARKS)
    match = match_heading(text)
    bold = block.spans[0] if block.spans and block.spans[0].bold else None
    if (not match.strong or match.speaker is None) and bold is not None and len(block.spans) > 1:
        match = match_heading(bold.text.strip().translate(_BOOK_MARKS))  # `**@x「T」** — note`
    if not match.strong or match.speaker is None or match.rule in ("numbered+plain",):
        return None
    links = [link for link in text_links(block) if not _PROFILE.search(link.url)]
    slides = _pick_slides(links)
    return ItemMatch(match.speaker, match.title, slides, f"heading_like:{match.rule}")


def rule_link_title(block: Block) -> ItemMatch | None:
    """`[Title](slides or talk page)`, `[Title | Company様](url)`: the link text is the item."""
    links = text_links(block)
    if not links:
        return None
    text = _item_text(block).strip(" .。")
    first = links[0]
    label = " ".join(first.text.split())
    if not label or not first.url or _PROFILE.search(first.url) or len(label) < 0.7 * len(text):
        return None
    match = match_heading(label)
    speaker = match.speaker if match.strong else None
    title = match.title if match.strong else label
    return ItemMatch(speaker, title, _pick_slides(links, first), "link_title")


def rule_honorific(block: Block) -> ItemMatch | None:
    """`DeNA様`: a (sponsor) speaker with no title, riding along in a talk list."""
    text = block.plain.strip()
    if _HONORIFIC_ONLY.match(text):
        return ItemMatch(text, None, None, "honorific", talky=False)
    return None


def rule_plain_title(block: Block) -> ItemMatch | None:
    """A short plain line with no link: a title, when the list around it is a talk list."""
    text = block.plain.strip()
    if not text or len(text) > 120 or text_links(block) or text.endswith(("。", ":", "：")):
        return None
    return ItemMatch(None, text, None, "plain_title", talky=False)


ITEM_RULES: list[tuple[str, ItemRule]] = [
    ("meta_label", rule_meta_label),
    ("slide_ref", rule_slide_ref),
    ("by_speaker", rule_by_speaker),
    ("bold_name", rule_bold_name),
    ("bold_title", rule_bold_title),
    ("heading_like", rule_heading_like),
    ("link_title", rule_link_title),
    ("honorific", rule_honorific),
    ("plain_title", rule_plain_title),
]


def match_item(block: Block) -> ItemMatch | None:
    """The first item rule's match for a list item's first paragraph (None: not a talk item)."""
    if len(block.plain) > MAX_ITEM:
        return None
    for _name, rule in ITEM_RULES:
        found = rule(block)
        if found is not None:
            return found
    return None
