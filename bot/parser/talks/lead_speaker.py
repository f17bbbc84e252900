"""The speaker a talk's first lines name, when its heading does not: an ordered, named table of
small rules, each given one block near the top of the talk's body.

`By Jane Doe, Staff Engineer @ Acme`, `**mjimaさん**`, `[@x](…) さんの発表。`,
`[Name](profile), a great talk on…`, `*Jane Doe, Role*`, `Jane Doe @jdoe, showed…`,
`… khibino 氏の発表．`, and the `Title from Name` caption of a SlideShare/Speaker Deck
embed snippet.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.parser.blocks import Block, inline_block, strip_tags
from bot.parser.talks.names import (
    FULL_NAME,
    HANDLE,
    NAME_WORD,
    SELF_WORDS,
    SPEAKER_LABELS,
    all_names,
    body_speaker,
    clean_speaker,
    has_word,
    looks_like_speaker,
    name_score,
)

LEAD_BLOCKS = 3
"""How many blocks at the top of a talk's body may name its speaker."""

_BY = re.compile(
    rf"^(?:{SPEAKER_LABELS}|par)(?:\s*[:：]\s*|\s+)"
    r"(?P<name>[^,，、(（|]+?)\s*(?:[,，、(（|]|\s[-–—]\s|$)",
    re.IGNORECASE,
)
_DASH = re.compile(r"^\s*(?:[—―]|--?|–)\s*(?P<name>[^,，、(（|]+?)\s*(?:[,，、(（|]|$)")
_HON_WORD = r"[^\s。．.!！?？/／、]"
_HON_NAME = rf"(?:{_HON_WORD}{{1,6}}[ \u3000]{_HON_WORD}{{1,10}}?|{_HON_WORD}{{1,20}}?)"
"""One name: a single word, or a short family name and a given name (`尾道 まさる`)."""
_HON_ONE = (
    rf"{_HON_NAME}(?:\s?[(（][^()（）]{{1,30}}[)）])?\s*(?:さん|氏|様)"
    r"(?:\s*[(（][^()（）]{1,30}[)）])?"
)
_HONORIFIC_LINE = re.compile(
    rf"^(?P<name>{_HON_ONE}(?:\s*[/／、,・&＆]\s*{_HON_ONE}){{0,5}})"
    r"(?:の(?:発表|LT|講演|トーク|セッション))?\s*[。．.!！]?$"
)
"""`尾道 まさる さん（Company）`, `宮島 りょう さん / 呉 あやか さん`, `@x さんの発表。`: a line
that is only names, each with its honorific."""
_HONORIFIC_TALK = re.compile(
    r"(?:^|[\s,，、。．])(?P<name>@?[\w.\-]{2,30})\s*(?:(?:氏|さん)"
    r"(?:の(?:発表|LT|講演|トーク|セッション)|が(?:発表|登壇|話)|による|から)|氏が)"
)
_NAME_HANDLE = re.compile(rf"^(?P<name>{NAME_WORD}(?:\s+{NAME_WORD}){{1,3}})\s+\(?{HANDLE}")
_PROFILE = re.compile(
    r"twitter\.com/|x\.com/|github\.com/[^/]+/?$|linkedin\.com/in/|facebook\.com/|mastodon|/@",
    re.IGNORECASE,
)
_EMBED_FROM = re.compile(r"^(?P<title>.+?)\s+from\s+(?P<name>[^\s].{0,40}?)\s*$")
_META_LINE = re.compile(r"^[\w ]{1,20}\s*[:：]\s*\S")

_JOINER = re.compile(r"\s*(?:,|&|and|und|et|och|と|、)?\s*", re.IGNORECASE)
_HTML_LEAD = re.compile(
    r"^(?:\s*<(?!/?(?:strong|b)\b)[^>]*>)*\s*(?:<(strong|b)>[^<]{2,60}</\1>"
    r"(?:\s*(?:,|&amp;|and|und|et)?\s*))+",
    re.IGNORECASE,
)
_HTML_STRONG = re.compile(r"<(?:strong|b)>([^<]{2,60})</(?:strong|b)>", re.IGNORECASE)

_LABEL = re.compile(rf"^{SPEAKER_LABELS}\s*[:：]", re.IGNORECASE)

_TALK_VERBS = (
    r"(?:presented|talked|spoke|gave|showed|explained|demoed|introduced|opened|kicked off"
    r"|walked us|took us|told us|shared|a présenté|a pris la parole|a lancé|nous a présenté"
    r"|a parlé|a montré|a expliqué|a pris le relais|qui a|pratade|berättade|visade|höll"
    r"|presenterade|sprach|zeigte|präsentierte|erklärte)"
)
_SUBJECT_VERB = re.compile(
    rf"(?:^|,\s|c'est\s|c’est\s|then\s|next,?\s|puis\s)(?P<name>[A-ZÀ-Þ][a-zà-ÿ'’\-]+(?:\s[A-ZÀ-Þ][a-zà-ÿ'’\-]+)"
    rf"{{0,2}})\s+{_TALK_VERBS}\b"
)
_FIRST_SENTENCE = re.compile(r"^.{0,240}?(?:[.!?。](?=\s|$)|$)", re.DOTALL)
_NOT_NAMES = frozenset(
    (
        *("the", "this", "that", "it", "he", "she", "they", "we", "i", "our", "my", "his"),
        *("her", "their", "then", "next", "after", "before", "avant", "ensuite", "il", "elle"),
        *("on", "nous", "han", "hon", "vi", "de", "er", "sie", "wir", "puis", "enfin", "sedan"),
        *("dann", "finally", "also", "later", "first", "lastly", "d'abord", "sist", "först"),
    )
)

_ROLE_START = re.compile(r"\s*[(（|]|\s[-–—]\s")
_COMMA = re.compile(r"\s*[,，、]\s*")
_ROLE_WORDS = frozenset(
    (
        *("engineer", "developer", "manager", "lead", "founder", "cto", "ceo", "architect"),
        *("designer", "consultant", "researcher", "advocate", "head", "director", "principal"),
        *("senior", "staff", "freelance", "freelancer", "student", "team", "product", "at"),
        *("ingenieur", "entwickler", "ingeniero", "desarrollador", "ingénieur", "développeur"),
    )
)
"""Words of a role (`Staff Engineer at Acme`), which a name beside it in a label has not."""

LeadRule = Callable[[Block], str | None]


def label_name(value: str) -> str | None:
    """The speaker(s) a label's value names, without the role or company after them:
    `Jane Doe, Staff Engineer at Acme` -> `Jane Doe`; `Jane Doe, John Roe` keeps both."""
    head = _ROLE_START.split(value.strip(), maxsplit=1)[0]
    parts = _COMMA.split(head)
    names = [parts[0]]
    for part in parts[1:]:
        if not looks_like_speaker(part) or has_word(part, _ROLE_WORDS):
            break
        names.append(part)
    return clean_speaker(", ".join(names))


_SEVERAL = re.compile(r"さん\s*[、,]|[、&＆]")
"""A label's value listing several names (`A さん、B さん`, `A & B`), not `Name, Company`."""


def rule_by_line(block: Block) -> str | None:
    """`By Jane Doe, Role @ Company`, `Speaker: Jane Doe` (on the paragraph's first line);
    a label names every speaker it lists (`登壇者：Sarah Müller さん、石井 亮さん`)."""
    line = block.plain
    if "\n" in block.source:
        line = inline_block(block.source.split("\n", 1)[0].rstrip(" \\")).plain
    found = _BY.match(line)
    if found is None or len(found["name"].split()) > 5:
        return None
    label = _LABEL.match(line)
    if label is not None and _SEVERAL.search(line, label.end()):
        named = label_name(line[label.end() :])
        if named and len(named) > len(found["name"]):
            return named
    return clean_speaker(found["name"])


def rule_dash_line(block: Block) -> str | None:
    """`— Jane Doe, Staff Engineer`, `*― 小林 翔, フロントエンド*`: an attribution line."""
    found = _DASH.match(block.plain)
    if found is None or len(found["name"].split()) > 4 or name_score(found["name"]) < 0.5:
        return None
    return clean_speaker(found["name"])


_EMPHASIS_LINE = re.compile(r"^([*_])(?![*_\s])[^*_\n]{3,100}(?<!\s)\1$")
"""A paragraph that is one emphasized line (`*Nina Patel, Senior Engineer*`)."""


def rule_attribution_line(block: Block) -> str | None:
    """`*Nina Patel, Senior Engineer, Platform*`, `_Ben Foster & Lucía Martín, Data_`: an
    emphasized line opening with names, then the role or team after a comma."""
    if not block.source or _EMPHASIS_LINE.match(block.source) is None:
        return None
    head = _ROLE_START.split(block.plain.strip(), maxsplit=1)[0]
    first = _COMMA.split(head, maxsplit=1)[0]
    if len(first) > 60 or has_word(first, _ROLE_WORDS):
        return None
    if not all_names(first):
        return None
    return clean_speaker(first)


_SELF_HANDLE = re.compile(
    r"^(?P<who>[^\s()（）]{1,20})\s*[(（]\s*(?P<handle>@[\w.\-]{1,30})\s*[)）]\s*[。．.]?$"
)


def rule_self_handle(block: Block) -> str | None:
    """`自分（@zenn_writer_k）`, `me (@ana)`: the author, by their handle."""
    found = _SELF_HANDLE.match(block.plain.strip())
    if found is None or found["who"].casefold() not in SELF_WORDS:
        return None
    return found["handle"]


def rule_honorific_line(block: Block) -> str | None:
    """A short line that is only a name with さん/氏 (`**mjimaさん**`, `@x さんの発表。`)."""
    found = _HONORIFIC_LINE.match(block.plain)
    return clean_speaker(found["name"]) if found else None


def rule_subject_verb(block: Block) -> str | None:
    """`Gregory Colpart a pris la parole…`, `Jane presented…`, `c'est Maxime qui a pris le
    relais`: a capitalised name as the subject of a talk verb, in the first sentence."""
    sentence = _FIRST_SENTENCE.match(block.plain)
    found = _SUBJECT_VERB.search(sentence[0] if sentence else block.plain[:200])
    if found is None:
        return None
    words = found["name"].split()
    while words and words[0].casefold() in _NOT_NAMES:
        words = words[1:]  # `Puis Camille Bernard a présenté`: the adverb is no name
    return " ".join(words) or None


def rule_honorific_talk(block: Block) -> str | None:
    """`… [khibino](…) 氏の発表．`, `@x さんが登壇`: a name whose talk the sentence is about."""
    found = _HONORIFIC_TALK.search(block.plain[:200])
    return found["name"] if found else None


def rule_profile_link_first(block: Block) -> str | None:
    """`[Jane Doe](twitter profile), a great talk on…`: a paragraph opening with a profile link."""
    spans = block.spans
    if not spans or spans[0].url is None:
        return None
    text = spans[0].text.strip()
    rest = "".join(span.text for span in spans[1:]).lstrip()
    if _PROFILE.search(spans[0].url) is None and not text.startswith("@"):
        return None
    if rest and rest[0] not in ",，、(（@":
        return None
    return text if (looks_like_speaker(text) or FULL_NAME.match(text)) else None


def rule_name_handle(block: Block) -> str | None:
    """`Jane Doe @jdoe, showed how…`: a capitalised name and a handle open the paragraph."""
    found = _NAME_HANDLE.match(block.plain)
    return found["name"] if found else None


def rule_bold_names(block: Block) -> str | None:
    """`**Jane Doe** and **John Roe** showed…`: bold names open the paragraph."""
    names: list[str] = []
    for span in block.spans:
        text = span.text.strip()
        if span.bold and name_score(text) >= 0.7:
            names.append(text)
        elif not _JOINER.fullmatch(text) or not names:
            break
    return " / ".join(names) if names else None


def rule_html_bold_names(block: Block) -> str | None:
    """The HTML form: `<p><strong>Jane Doe</strong> and <strong>John Roe</strong> showed…`."""
    found = _HTML_LEAD.match(block.text)
    if found is None:
        return None
    names = [strip_tags(name) for name in _HTML_STRONG.findall(found[0])]
    names = [name for name in names if FULL_NAME.match(name) or name_score(name) >= 0.5]
    return " / ".join(names) if names else None


def rule_html_label(block: Block) -> str | None:
    """The HTML form of a label line: `<p>Speaker: <a href="…">Kieran Doyle</a></p>`."""
    text = " ".join(strip_tags(block.text).split())
    if len(text) > 120 or _LABEL.match(text) is None:
        return None
    return rule_by_line(inline_block(text))


def rule_embed_caption(block: Block) -> str | None:
    """A SlideShare/Speaker Deck embed snippet's caption: `Title from Name`."""
    if block.kind != "html" or "<iframe" not in block.text.lower():
        return None
    found = _EMBED_FROM.match(strip_tags(block.text))
    return clean_speaker(found["name"]) if found else None


LEAD_RULES: list[tuple[str, LeadRule]] = [
    ("by_line", rule_by_line),
    ("dash_line", rule_dash_line),
    ("attribution_line", rule_attribution_line),
    ("honorific_line", rule_honorific_line),
    ("self_handle", rule_self_handle),
    ("profile_link_first", rule_profile_link_first),
    ("name_handle", rule_name_handle),
    ("honorific_talk", rule_honorific_talk),
    ("subject_verb", rule_subject_verb),
    ("bold_names", rule_bold_names),
    ("embed_caption", rule_embed_caption),
    ("html_bold_names", rule_html_bold_names),
    ("html_label", rule_html_label),
]


_HTML_RULES = (rule_embed_caption, rule_html_bold_names, rule_html_label)


def lead_speaker(body: list[Block], *, captions: bool = True) -> str | None:
    """The speaker the first blocks of a talk's body name, if any (`captions=False`: not from
    an embed's caption, which may credit someone else's deck)."""
    seen = 0
    for block in body:
        if block.kind == "heading" and seen == 0:
            label = rule_by_line(block) if _LABEL.match(block.plain) else None
            if label:
                return label  # `## Speaker: Jane Doe, Acme` right under the talk's heading
        if seen >= LEAD_BLOCKS or block.kind == "heading":
            break
        if block.kind == "quote" and block.children and block.children[0].kind == "paragraph":
            block = block.children[0]  # `> 講者：林怡君` / `> 投影片：…` under the heading
        if block.kind not in ("paragraph", "html"):
            seen += 1
            continue
        if block.kind == "paragraph" and _is_meta(block):
            continue  # `rating: ★★★★`
        seen += 1
        for _name, rule in LEAD_RULES:
            if (block.kind == "html") != (rule in _HTML_RULES):
                continue
            if not captions and rule is rule_embed_caption:
                continue
            found = rule(block)
            if found:
                return found
    return None


def _is_meta(block: Block) -> bool:
    return bool(_META_LINE.match(block.plain)) and _BY.match(block.plain) is None


def labelled_speaker(body: list[Block]) -> str | None:
    """A speaker the body names with a label (`登壇者:`, `Speaker: …`), which outranks a name
    guessed from one side of the heading."""
    found = body_speaker(body)
    if found:
        return found
    for block in body[:LEAD_BLOCKS]:
        if block.kind in ("paragraph", "heading") and _LABEL.match(block.plain):
            return rule_by_line(block)
        if block.kind == "heading":
            break
    return None


def talk_speaker(body: list[Block]) -> str | None:
    """The speaker a talk's body names: a `登壇者:` bullet or Speaker column, else its lead."""
    return body_speaker(body) or lead_speaker(body)
