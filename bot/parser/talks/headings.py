"""What each heading of a post is: a talk, a group of talks (`LT`, `Day 1`, `Room A`), or a
post-level section (`まとめ`, `Links`, an impressions heading).

`classify` applies the heading rules and the non-talk words to one heading; `choose_level` picks
the level whose headings look most like talks; the group helpers tell a heading that only gathers
talks under it from a talk of its own (each heading tries the group pattern once per text:
`is_group`).
"""

from __future__ import annotations

import re
from collections import Counter

from bot.parser.blocks import Block
from bot.parser.impressions import is_impression
from bot.parser.talks.heading_rules import match_heading
from bot.parser.talks.heading_shapes import rule_plain, strip_decoration
from bot.parser.talks.lead_speaker import talk_speaker
from bot.parser.talks.parts import Heading

_NON_TALK = re.compile(
    # reflections and wrap-ups
    r"^(?:まとめ|感想|所感|総括|総評|振り返り|雑感|反省|おわりに|終わりに|最後に|さいごに|あとがき"
    r"|(?:(?:my|our|some|a few|key|main)\s+)?(?:summary|conclusions?|reflections?|takeaways?"
    r"|thoughts|impressions)|final thoughts|lessons learned"
    r"|wrap(?:ping)?.?up|tl;?dr|afterwards|after the talks|next (?:month|time)|om kvällen"
    r"|debrief|retrospective|初参加|参加(?:の)?(?:きっかけ|理由|動機)"
    r"|slutsats(?:er)?|sammanfattning|reflektioner|conclusions?|bilan|r[ée]sum[ée]"
    # the event itself: details, place, programme, media, links, accounts
    r"|はじめに|始めに|概要|開催概要|詳細|イベント(?:概要|詳細|情報)|情報|日時|場所|会場|アクセス|目次"
    r"|参考|参考資料|参考文献|参考リンク|リンク|関連(?:記事|リンク|ブログ)?|ブログ(?:など|記事|一覧|まとめ)?\s*$"
    r"|ライブ(?:放送|配信)|配信|アーカイブ|録画"
    r"|公式(?:アカウント|サイト|ハッシュタグ)|ハッシュタグ|告知|宣伝|お知らせ|次回|追記|余談|おまけ|その他"
    r"|懇親会|自己紹介|運営"
    r"|thanks|thank you|links?|references?|introduction|intro|overview|resources|notes"
    r"|goal|personal notes|update|about|details?|venue|location|live\s*stream(?:ing)?"
    r"|official accounts?|related\b|blog posts?\s*$"
    r"|all talks|all posters|big concepts|elections?|annual general meeting|next (?:meetup|event)"
    r"|about me|whoami|after\s*party|networking|val\b|[ée]lections?|remerciements"
    # the same in more languages (de, fr, es, pt, it, nl, pl, sv, zh, ko)
    r"|fazit|zusammenfassung|schlusswort|schlussgedanken|r[üu]ckblick|danksagung|dankesch[öo]n"
    r"|n[äa]chste[sn]? (?:meetup|treffen|termin|mal)|pour (?:finir|conclure)|la prochaine fois"
    r"|volgende (?:keer|meetup|editie)|la pr[óo]xima vez|da pr[óo]xima vez|la prossima volta"
    r"|n[äa]sta g[åa]ng|nast[ęe]pn(?:ym razem|e spotkanie)|next (?:edition|session)|ablauf"
    r"|en bref|infos? pratiques|[öo]vrigt|mina tankar|my thoughts|meine gedanken|mes pens[ée]es"
    r"|lo que me llevo|o que (?:eu )?aprendi|was ich mitnehme|ce que je retiens|mis conclusiones"
    r"|mis (?:pensamientos|impresiones)|c[óo]digo de conducta|code of conduct|verhaltenskodex"
    r"|prochaine? (?:meetup|[ée]dition|rencontre)|conclusi[óo]n(?:es)?|resumen|agradecimientos"
    r"|reflexiones|pr[óo]xim[oa] (?:meetup|encuentro|edici[óo]n|evento)|conclus[ãa]o|conclus[õo]es"
    r"|considera[çc][õo]es finais|agradecimentos|conclusioni|riassunto|ringraziamenti|conclusie"
    r"|samenvatting|podsumowanie|wnioski|podzi[ęe]kowania|n[äa]sta tr[äa]ff"
    r"|总结|小结|结语|后记|写在最后|致谢|感谢|心得|前言|简介|活动(?:信息|介绍|概要|简介|回顾)|相关链接"
    r"|總結|小結|結語|後記|致謝|感謝|相關連結|活動資訊|攤位|展位|其他"
    r"|时间地点|下期预告|마무리|마치며|후기|소감|정리하며|들어가며|참고|행사 정보|개요"
    r")(?![A-Za-z])"
    # words that name a section only as the whole heading (`Ausblick auf Java 25` is a talk)
    r"|^(?:ausblick|einleitung|eindr[üu]cke|meine eindr[üu]cke|impressions|mes impressions"
    r"|introducci[óo]n|introdu[çc][ãa]o|introduzione|inleiding|wst[ęe]p|inledning|orga(?:nisatorisches)?"
    r"|danke|merci|gracias|obrigad[oa]|grazie|bedankt|dzi[ęe]kujemy|tack|links|liens|enlaces"
    r"|linki|l[äa]nkar|ort|lieu|lugar|local|luogo|locatie|miejsce|plats|anfahrt|termin|장소|일시"
    r"|감사(?:합니다|인사)?)"  # (`감사 로그 설계` is a talk on audit logs)
    r"\s*[:：!！.。]?\s*$",
    re.IGNORECASE,
)
_GROUP = re.compile(
    r"^(?:lts?|lightning\s*talks?|ignites?(?:\s*talks?)?|pecha\s*kucha|ライトニングトーク|lt大会|lt枠"
    r"|라이트닝\s*토크|闪电演讲|閃電講|quickies?|(?:charlas|palestras)\s+rel[áâa]mpago"
    r"|blixt(?:tal|föredrag)|kurzvortr[äa]ge|talks?\s+[ée]clairs?"
    r"|day\s*\d+.*|\d+日目.*|前夜祭"
    r"|room\s*\S+|hall|track\s*\S+|sessions?|workshops?|codelabs?|ハンズオン|セッション"
    r"|メインセッション|keynotes?|sponsors?|スポンサー.*|talks|発表|内容"
    r"|(?:las |les |die |as |le )?(?:charlas|ponencias|palestras|vortr[äa]ge|pr[ée]sentations"
    r"|talks|interventi|presentaties|f[öo]redrag(?:en)?)"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day.*|the talks.*|most useful talks"
    r"|午前中?(?:の部)?|午後(?:の部)?|morning|afternoon|evening|各発表(?:のメモ|の感想|について)?"
    r"|発表(?:内容|メモ)|セッション(?:メモ|を聞いて)|talks attended|talk notes|sessions attended"
    r"|talks? i (?:saw|attended|watched)|スライド(?:一覧|まとめ)?|資料(?:一覧)?|slides?|videos?"
    r"|動画(?:一覧)?|recordings?|schedule|agenda|timetable|programme|program|タイムテーブル"
    r"|プログラム|スケジュール)$",
    re.IGNORECASE,
)
CONTAINER = _GROUP
"""A heading that names a group of talks (`LT`, `Day 1`, `各発表のメモ`, `Talks attended`)."""
_LT_WORDS = re.compile(
    r"ライトニングトーク|(?<![A-Za-z])LTs?(?![A-Za-z])|lightning\s*talks?", re.IGNORECASE
)


_FOLDS_TO_ASCII = ("İ", "ı", "ſ")
"""The only letters a case-blind pattern takes for an ASCII one (i, i, s) that `lower()` does not
turn into it (the Kelvin sign lowers to `k`): a text without them can be searched lowered for the
patterns' words."""


def _lowers_plainly(text: str) -> bool:
    return text.isascii() or not any(letter in text for letter in _FOLDS_TO_ASCII)


def names_lt(text: str) -> bool:
    """`LT`, `LTs`, `Lightning talks`, `ライトニングトーク` in `text` (a text without `lt`,
    `lightning` in any case or `ライトニングトーク` is passed over without the case-insensitive
    search)."""
    if _lowers_plainly(text):
        low = text.lower()
        if "lt" not in low and "lightning" not in low and "ライトニングトーク" not in text:
            return False
    return _LT_WORDS.search(text) is not None


_PROGRAMME_TITLE = re.compile(
    r"(?:オープニング|クロージング|開会|閉会|休憩|懇親会|乾杯|受付|opening|closing|welcome|break"
    r"|lunch|networking|doors\s+open)(?:\s*(?:トーク|挨拶|の挨拶|remarks|words))?$",
    re.IGNORECASE,
)


def is_programme_title(title: str) -> bool:
    """A talk's whole title is a programme row (`オープニング / Host`, `Welcome — the hosts`):
    stricter than `is_break`, which also takes a row that starts with one (`Open Match - …` is
    a talk's title)."""
    return _PROGRAMME_TITLE.match(title) is not None


_BREAK = re.compile(
    r"休憩|ランチ|昼食|懇親会|スイーツ|おやつ|coffee\s*break|lunch\s*break|community\s*gathering"
    r"|^もくもく(?:会|タイム)?(?:\s*[/／・&＆]\s*交流(?:会)?)?$|^交流(?:会|タイム)?$"
    r"|^(?:スポンサー(?:セッション|LT|枠)|sponsor(?:ed)?\s+(?:session|talk|slot)s?|네트워킹)$"
    r"|after\s*-?p\w{2,3}y\b|^(?:live|experience|sandbox|booths?|expo|展示|ブース|お詫び)$",
    re.IGNORECASE,
)
_BREAK_START = re.compile(
    r"受付|開場|開会|閉会|乾杯|本会終了|終了$|クロージング$|オープニング$", re.IGNORECASE
)
"""Programme rows that are no talk, whatever else the row says."""
_BREAK_ROW = re.compile(
    r"^(?:break|(?:doors\s*)?open(?:ing)?|doors|registration|welcome|closing|after\s*party|party"
    r"|networking|hallway\s*track|social|mingle|mingel|q\s*&\s*a|lunch|dinner|pub|drinks|food"
    r"|pizza|fika"
    r"|borrel|stammtisch|ap[ée]ritif|aperitivo|afterwork"
    r"|pause|d[ée]jeuner|ap[ée]ro)\b",
    re.IGNORECASE,
)
"""Programme rows that are no talk when the row is short (`Networking deep dive` is a talk)."""


_WORDY = re.compile(r"[^\W\d_]")
"""A letter of any script: a heading of only digits and punctuation (`19:30`) names no talk."""


_BREAK_WORDS = (
    "break",
    "gathering",
    "after",
    "休憩",
    "ランチ",
    "昼食",
    "懇親会",
    "スイーツ",
    "おやつ",
    "もくもく",
    "交流",
    "スポンサー",
    "sponsor",
    "네트워킹",
)
_BREAK_WHOLE = ("live", "experience", "sandbox", "booth", "expo", "展示", "ブース", "お詫び")


def _break_words(title: str) -> bool:
    """`_BREAK.search(title)`, skipped for a title that holds none of its words (a case-insensitive
    search tries every position: ~4 µs an ASCII heading, 15 µs and more a Japanese one)."""
    if _lowers_plainly(title):
        low = title.lower()
        if not any(word in low for word in _BREAK_WORDS) and not low.startswith(_BREAK_WHOLE):
            return False
    return _BREAK.search(title) is not None


def is_break(title: str) -> bool:
    """A programme row that is no talk: `Open`, `Break`, `懇親会`, `Lunch`, `☕ Break`, a
    cancelled slot (`~~Title~~ 臨時取消`, `Title (cancelled)`)."""
    title = strip_decoration(title)
    if _break_words(title) or _BREAK_START.match(title) or _cancelled(title):
        return True
    return (
        len(title) < 60
        and _BREAK_ROW.match(title) is not None
        and " by " not in title
        and (len(title.split()) <= 5)
    )


_CANCEL = r"(?:臨時)?(?:取消|中止|休講|キャンセル|cancel+ed|abgesagt|annul[ée]e?|cancelad[ao])"
_CANCELLED = re.compile(
    rf"[(（\[【]\s*{_CANCEL}\s*[)）\]】]|[—–-]\s*{_CANCEL}\s*$|^{_CANCEL}$", re.IGNORECASE
)


_CANCEL_WORDS = ("取消", "中止", "休講", "キャンセル", "ancel", "abgesagt", "nnul")


def _cancelled(title: str) -> bool:
    """`~~Title~~ — 臨時取消`, `Title (cancelled)`: a slot whose talk did not happen (the
    pattern is searched only in a title holding one of its words)."""
    if title.startswith("~") or title.rstrip().endswith("~"):
        return True
    if not any(word in title for word in _CANCEL_WORDS):
        return False
    return _CANCELLED.search(title) is not None


_COUNT = re.compile(r"\s*(?:[(（][^()（）]{0,12}[)）]|[x×]\s*\d{1,2})$", re.IGNORECASE)


def is_group_row(title: str) -> bool:
    """A programme row naming a group of talks and how many (`LT（3本）`, `Lightning talks (5)`,
    `LT x 3`): the talks are listed elsewhere."""
    return len(title) < 40 and _GROUP.match(_COUNT.sub("", title)) is not None


def classify(block: Block, words: frozenset[str]) -> Heading:
    """Rule match and flags of a heading block."""
    text = block.plain
    impression = is_impression(text, words)
    non_talk = (
        impression
        or bool(_NON_TALK.match(strip_decoration(text)))
        or not text
        or text.startswith("{%")
    )
    if non_talk:  # `感想`, `まとめ`: no need to split it
        return Heading(block, rule_plain(text), True, impression)
    match = match_heading(text)
    non_talk = is_break(match.title or "") or not _WORDY.search(text)
    return Heading(block, match, non_talk, impression)


def is_group(head: Heading, text: str) -> bool:
    """`CONTAINER.match(text)` for the heading's text or title, remembered on the heading."""
    answer = head.group_answers.get(text)
    if answer is None:
        answer = _GROUP.match(strip_decoration(text)) is not None  # `📌 라이트닝 토크`
        head.group_answers[text] = answer
    return answer


def choose_level(headings: list[Heading], backed: set[int] | None = None) -> int | None:
    """The heading level whose headings look most like talks: those written in a talk notation
    or backed by their body (a speaker line, a slide link: `backed` holds their block ids) first,
    then plain ones."""
    strong: Counter[int] = Counter()
    weak: Counter[int] = Counter()
    for head in headings:
        if head.non_talk or _group_named(head):
            continue
        sure = head.match.strong or (backed is not None and id(head.block) in backed)
        (strong if sure else weak)[head.block.level] += 1
    if strong:
        best = max(strong.values())
        return min(level for level, count in strong.items() if count == best)
    levels = sorted(level for level, count in weak.items() if count >= 2 or len(weak) == 1)
    return levels[0] if levels else None


def group_level(index: int, blocks: list[Block], heads: dict[int, Heading]) -> int | None:
    """The level of the sub-headings when heading `index` only groups talks, else None."""
    head = heads[id(blocks[index])]
    level = head.block.level
    title = head.match.title or head.block.plain
    named = is_group(head, head.block.plain) or is_group(head, title)
    for block in blocks[index + 1 :]:
        if block.kind == "heading":
            if block.level <= level:
                return None
            sub = heads.get(id(block))
            if named or (sub is not None and sub.match.strong and not head.match.strong):
                return block.level
            return None
    return None


def label_only(index: int, blocks: list[Block], head: Heading) -> bool:
    """A group name (`LT`, `Day 1`, `Saturday Morning`) with no speaker under it: not a talk
    (`head` is the heading of `blocks[index]`)."""
    if not _group_named(head):
        return False
    body = []
    for block in blocks[index + 1 :]:
        if block.kind == "heading":
            break
        body.append(block)
    return talk_speaker(body) is None


def _group_named(head: Heading) -> bool:
    """The heading, or its title once a number or time is off (`3. Charlas relámpago`), names a
    group of talks."""
    title = head.match.title
    return is_group(head, head.block.plain) or (
        title is not None and head.match.rule.startswith("numbered") and is_group(head, title)
    )


def names_group(head: Heading) -> bool:
    """A heading that names a group of talks (`LT`, `Room A`, `Sponsors`, `…LT大会…`)."""
    text = head.block.plain
    title = head.match.title
    return is_group(head, text) or (title is not None and is_group(head, title)) or names_lt(text)
