"""How sure the detector is: one documented score per talk, per run of sibling units, and for the
post, and the decision whether its talks go out as messages.

A talk's score adds up its evidence (`TALK_FEATURES`): a speaker, a title that reads as a title,
a slides/video/talk-page link, a unit written in a talk notation, notes under it; a split gone
wrong (an honorific or a speaker label left in the title, a sentence in the speaker, a bracket
cut in two) takes belief away. Talks are the
repeated units of one shape, so units are judged by their run (`TalkPart.group`): a list or
table run naming no speaker is left out when the post's best run is far stronger, or names the
speaker of nearly every talk (then a speakerless list is a list of links, not of talks); the one
unnamed, unlinked row of a run whose other talks all name theirs is left out, as are closing
sections after a run of named talks and bare prose sections among them. The
post's confidence is half the mean score of the talks kept and half the share of them
backed by a speaker or a link; below `POST_THRESHOLD` only the announcement is posted.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from bot.model import LeftOut, Note, NoteKind, Talk, TalkLink
from bot.parser.link_kinds import ARTICLE, SLIDES, TALK_PAGE, VIDEO, is_slide_url, link_kind
from bot.parser.talks.heading_rules import balanced
from bot.parser.talks.headings import CONTAINER, is_programme_title
from bot.parser.talks.parts import TalkPart

POST_THRESHOLD = 0.55
"""Below this, the post's talk list is unsure: the announcement goes out without the talks."""
WEAK_RUN_GAP = 0.35
"""A run scoring this much below the best run, with no speaker in it, is no run of talks."""

_DROP_REASON = {False: "weaker_than_siblings", True: "unlike_siblings"}
_TALK_KIND = re.compile(
    r"keynote|基調講演|講演|発表|(?<![A-Za-z])LTs?(?![A-Za-z])|lightning|talk|session|セッション"
    r"|vortrag|vorträge|pr[ée]sentation|expos[ée]|charla|ponencia|palestra|apresenta[çc][ãa]o"
    r"|intervento|presentatie|prezentacja|f[öo]redrag|分享|演讲|报告|발표|세션",
    re.IGNORECASE,
)
"""Words that name a kind of talk: a heading using one is a talk even when it names no one."""
_PROSE = re.compile(r"。$|\.\s.{20,}|^(?:I|We|It)\s\S+\s\S+\s\S+\s")


def is_prose(title: str) -> bool:
    """`_PROSE.search(title)`, tried only when a match could start: each branch needs a `。`,
    a `.` or a leading `I`/`W` (the search would try every position of the title)."""
    if "。" in title or "." in title or title[:1] in ("I", "W"):
        return _PROSE.search(title) is not None
    return False


class Evidence(Protocol):
    """What the features read of a talk (a `Talk`, or its parts before it is built)."""

    @property
    def speaker(self) -> str | None: ...
    @property
    def title(self) -> str | None: ...
    @property
    def slides_url(self) -> str | None: ...
    @property
    def links(self) -> tuple[TalkLink, ...]: ...
    @property
    def notes(self) -> tuple[Note, ...]: ...
    @property
    def impressions(self) -> tuple[str, ...]: ...


Feature = Callable[[Evidence, TalkPart], float]


def _speaker(talk: Evidence, _part: TalkPart) -> float:
    return 0.35 if talk.speaker else 0.0


def _title(talk: Evidence, _part: TalkPart) -> float:
    title = talk.title or ""
    if not title:
        return 0.0
    return -0.1 if len(title) > 120 or is_prose(title) else 0.2


def _link(talk: Evidence, _part: TalkPart) -> float:
    """A deck on a slide host, a video or a talk page; less for a page of unknown kind; a talk
    linking only to blog posts reads like a list of write-ups."""
    if _linked(talk):
        return 0.2
    if talk.links and all(link_kind(link.url) is ARTICLE for link in talk.links):
        return -0.1  # every link is a blog post, whatever its place made of it
    return 0.1 if talk.slides_url else 0.0


def _notation(_talk: Evidence, part: TalkPart) -> float:
    if part.item is not None:
        if part.item.rule.startswith("prose"):
            return 0.0  # named in running text: no notation vouches for it
        return 0.15 if part.item.talky else 0.05
    if part.heading.match.strong:
        return 0.15
    return 0.1 if part.section and CONTAINER.match(part.section) else 0.0  # under `Talks`, `LT`


def _notes(talk: Evidence, _part: TalkPart) -> float:
    return 0.1 if talk.notes or talk.impressions else 0.0


_GARBLED_TITLE = re.compile(
    r"(?:さん|氏)(?:[」』）)]|$)|発表者|登壇者|(?<![A-Za-z])(?:speakers?|presenter)\s*[:：]",
    re.IGNORECASE,
)
_GARBLED_SPEAKER = re.compile(r"[。「」『』【】]|[^\W\d_]{3}[.!?]\s|https?://")


def _garbled(talk: Evidence, _part: TalkPart) -> float:
    """A split gone wrong: a speaker's honorific or label left in the title, a sentence, a
    quoted title or a URL in the speaker, a bracket cut in two."""
    title, speaker = talk.title or "", talk.speaker or ""
    if _GARBLED_TITLE.search(title) or _GARBLED_SPEAKER.search(speaker):
        return -0.3
    if not (balanced(title) and balanced(speaker)) and balanced(f"{speaker} {title}"):
        return -0.3
    return 0.0


TALK_FEATURES: list[tuple[str, Feature]] = [
    ("speaker", _speaker),
    ("title", _title),
    ("link", _link),
    ("notation", _notation),
    ("notes", _notes),
    ("garbled", _garbled),
]
"""The evidence a unit is a talk, each with its weight (the positive ones add up to 1.0; a
garbled split takes 0.3 off)."""


@dataclass(frozen=True)
class Verdict:
    """The detector's judgement of a post's talks."""

    talks: tuple[Talk, ...]
    """The talks kept, each with its confidence."""
    confidence: float
    """The post's confidence in its talk list (0 when there are no talks)."""
    posted: bool
    """True when the talks go out as messages."""
    left_out: tuple[LeftOut, ...]
    """The units dropped here, with why."""


def talk_score(talk: Evidence, part: TalkPart) -> float:
    """The sum of the talk's evidence, 0..1."""
    total = sum([feature(talk, part) for _name, feature in TALK_FEATURES])
    return round(min(1.0, max(0.0, total)), 2)


def judge(talks: tuple[Talk, ...], parts: list[TalkPart]) -> Verdict:
    """Score the talks, leave out weak runs, and decide whether the post's talks are posted."""
    scored = list(talks)  # each scored by `talk_score` as it was built
    runs: dict[str, list[int]] = defaultdict(list)
    for index, part in enumerate(parts):
        runs[part.group or str(index)].append(index)
    weak = _weak_runs(scored, runs)
    unlike = _unlike_siblings(scored, parts, runs) | _unnamed_rows(scored, runs)
    untitled = {
        index
        for index, talk in enumerate(scored)
        if _NOT_A_TITLE.match(talk.title or "") or is_programme_title(talk.title or "")
    }  # `配信: <https://…>`, `オープニング / 三条`: a link or a programme row, not a talk
    dropped = weak | unlike | untitled
    kept = tuple(talk for index, talk in enumerate(scored) if index not in dropped)
    left_out = tuple(
        LeftOut(talk.heading or talk.title or "", _drop_reason(index, unlike, untitled))
        for index, talk in enumerate(scored)
        if index in dropped
    )
    kept_parts = [part for index, part in enumerate(parts) if index not in dropped]
    confidence = _post_confidence(kept, kept_parts)
    return Verdict(kept, confidence, bool(kept) and confidence >= POST_THRESHOLD, left_out)


_NOT_A_TITLE = re.compile(r"(?:[^\s:：]{1,16}\s*[:：]\s*)?(?:<?https?://\S+?>?|#[^\s#]+|www\.\S+)$")
"""A title that is only a URL or a hashtag, after a label or not (`配信: <https://…>`,
`ハッシュタグ: #x` items)."""


def _drop_reason(index: int, unlike: set[int], untitled: set[int]) -> str:
    if index in untitled:
        return "not_a_title"
    return _DROP_REASON[index in unlike]


def _weak_runs(talks: list[Talk], runs: dict[str, list[int]]) -> set[int]:
    """Indices of talks in runs far weaker than the best run and naming no speaker."""
    if len(runs) < 2:
        return set()
    means = {key: sum(talks[i].confidence for i in run) / len(run) for key, run in runs.items()}
    best_key = max(means, key=lambda key: means[key])
    best = runs[best_key]
    named = sum(1 for i in best if talks[i].speaker) / len(best)
    dropped: set[int] = set()
    for key, run in runs.items():
        if not key.startswith("b") or key == best_key or any(talks[i].speaker for i in run):
            continue  # only a list or table run naming nobody is judged against its siblings
        if sum(1 for i in run if _has_deck(talks[i])) * 2 > len(run):
            continue  # mostly decks: a list of talks that name no speaker
        if means[key] < means[best_key] - WEAK_RUN_GAP:
            dropped.update(run)
        elif len(run) >= 2 and len(best) >= 3 and named >= 0.8:
            dropped.update(run)  # links beside talks that all name their speaker
    return dropped


def _unlike_siblings(
    talks: list[Talk], parts: list[TalkPart], runs: dict[str, list[int]]
) -> set[int]:
    """The last headings of a run whose every other talk names its speaker, when each names
    none, links nothing a talk links, is written in no talk notation, names no kind of talk and
    has only prose under it (`My take` after three `Talk N: Title` + `Speaker:` sections with
    their bullet notes), or is the only one not numbered: closing sections, not talks. Such a
    bare section between talks (a paragraph on the venue) goes too when the run's other talks,
    three or more, all name their speakers."""
    dropped: set[int] = set()
    for key, run in runs.items():
        if not key.startswith("h") or len(run) < 3:
            continue
        tail = len(run)
        while tail > 2 and _closing(talks, parts, run[: tail - 1], run[tail - 1]):
            tail -= 1
        named = sum(1 for i in run[:tail] if talks[i].speaker)
        if tail < len(run) and named >= 2 and named * 3 >= tail * 2:
            dropped.update(run[tail:])  # most of the talks before the tail name their speakers
        unnamed = [i for i in run[:tail] if not talks[i].speaker]  # (a bare one names no one)
        bare = [i for i in unnamed if _bare(talks[i], parts[i])]
        others = [i for i in run[:tail] if i not in bare]
        if bare and len(others) >= 3 and all(talks[i].speaker for i in others):
            dropped.update(bare)
    return dropped


def _closing(talks: list[Talk], parts: list[TalkPart], before: list[int], index: int) -> bool:
    """Talk `index`, after the talks `before` it in its run, reads as a closing section."""
    return _bare(talks[index], parts[index]) or _unnumbered(talks, parts, [*before, index])


def _unnamed_rows(talks: list[Talk], runs: dict[str, list[int]]) -> set[int]:
    """The rows or items of a list or table run that name no speaker and link nothing, when
    the run's other talks, three or more and three times as many, all name theirs (`Panel:
    on-call` with `various`, `参加 約60人 / 配信あり` in a programme whose talks name theirs)."""
    dropped: set[int] = set()
    for key, run in runs.items():
        if not key.startswith("b"):
            continue
        unnamed = [i for i in run if not talks[i].speaker]
        named = len(run) - len(unnamed)
        if unnamed and named >= 3 and named >= 3 * len(unnamed):
            dropped.update(i for i in unnamed if not _linked(talks[i]))
    return dropped


_NUMBERED = re.compile(
    r"^(?:[^\W\d_]{1,12}\s*)?(?:#|No\.?\s*|第)?(?:\d{1,2}|[一二三四五六七八九十]{1,2}|[①-⑳])"
    r"(?:\s*[.)．:：、](?!\d)|\s+[-–—]|(?=\s*[「『“\"]))",
    re.IGNORECASE,
)
"""A heading numbered as one of a series (`発表1：`, `Talk #2 -`, `3.`, `第4部`, `分享二：`)."""


def _unnumbered(talks: list[Talk], parts: list[TalkPart], run: list[int]) -> bool:
    """The run's last heading names no one and links nothing, and is the only one of its run
    not numbered (`もくもく会の成果` after `発表1：…`, `発表2 「…」`, `発表3: …`)."""
    last = run[-1]
    if talks[last].speaker or _linked(talks[last]):
        return False
    if _NUMBERED.match(parts[last].heading.block.plain):
        return False
    return all(_NUMBERED.match(parts[i].heading.block.plain) for i in run[:-1])


_TASK = re.compile(r"^\[[ xX]\]\s")
"""A task list's item (`- [ ] Find a host`): a to-do, not a talk's notes."""


def _bare(talk: Talk, part: TalkPart) -> bool:
    """No speaker, no deck, recording or talk page, no talk notation, no `Keynote` / `LT`, and
    only prose or a task list under it (talk notes come as lists, code or tables)."""
    named = _TALK_KIND.search(part.heading.block.plain) is not None
    prose = all(
        note.kind is NoteKind.PARAGRAPH
        or (note.kind is NoteKind.BULLET and _TASK.match(note.text) is not None)
        for note in talk.notes
    )
    return prose and not (talk.speaker or _linked(talk) or part.heading.match.strong or named)


def _has_deck(talk: Evidence) -> bool:
    """A link to a slide host (a title's own link to an unknown page does not count)."""
    if any(link.kind is SLIDES and is_slide_url(link.url) for link in talk.links):
        return True
    return bool(talk.slides_url) and is_slide_url(talk.slides_url or "")


def _linked(talk: Evidence) -> bool:
    """A deck on a slide host (`_has_deck`), a recording or the talk's page among its links."""
    for link in talk.links:
        kind = link.kind
        if kind is VIDEO or kind is TALK_PAGE or (kind is SLIDES and is_slide_url(link.url)):
            return True
    return bool(talk.slides_url) and is_slide_url(talk.slides_url or "")


def _backed(talk: Talk, part: TalkPart) -> bool:
    """A talk that names its speaker or links a deck, a recording or its talk page; one read
    from running text needs the link (a name beside a quote is no talk on its own)."""
    prose = part.item is not None and part.item.rule.startswith("prose")
    return (bool(talk.speaker) and not prose) or _linked(talk)


def _post_confidence(talks: tuple[Talk, ...], parts: list[TalkPart]) -> float:
    """Half the talks' mean score, half the share of them backed by a speaker or a link: in a
    run where most units are backed, the few bare ones are believed along with them."""
    if not talks:
        return 0.0
    mean = sum(talk.confidence for talk in talks) / len(talks)
    count = sum(1 for talk, part in zip(talks, parts, strict=True) if _backed(talk, part))
    backed = count / len(talks)
    return round((mean + backed) / 2 * (0.9 if len(talks) == 1 else 1.0), 2)
