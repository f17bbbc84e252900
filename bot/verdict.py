"""The verdict on a post's talk list, in the reader's language: what `meetup-bot check` prints
and the preview page shows for each post.

    verdict_for(post, language=None, kind=None, max_talk_messages=None) -> Verdict
    verdict_json(verdict) -> a JSON-ready dict (`meetup-bot check --json`)

A post is sure when its talks will go out as messages (`Post.talks_posted`); unsure, only its
announcement is posted, and the verdict carries the fix: a `talks:` front matter (YAML, or TOML
for a `+++` post) built from what was found. Every word comes from the catalog (`words`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import words
from bot.frontmatter import split_front_matter
from bot.model import LeftOut, LinkKind, Post, Talk, TalkLink, to_jsonable
from bot.parser.front_talks import dump_talks, talk_entry
from formatters.more_talks import own_talk_messages
from formatters.options import FormatOptions
from formatters.talk import talk_speaker, talk_title

_FENCES = {"---": "YAML", "+++": "TOML"}
MAX_UNIT_CHARS = 80
"""Longest left-out unit text shown; longer ones end with "…"."""


@dataclass(frozen=True)
class TalkView:
    """One talk as the verdict lists it."""

    number: int
    talk: Talk
    speaker: str
    """The speaker, or a placeholder when the post names none."""
    title: str
    """The title, or a placeholder when untitled."""
    confidence: float
    confidence_label: str
    links: tuple[TalkLink, ...]


@dataclass(frozen=True)
class LeftOutView:
    """A unit the detector did not take as a talk, and why, in words."""

    text: str
    reason: str
    line: str
    """`「詳細」: a section word, not a talk`."""


@dataclass(frozen=True)
class Verdict:
    """What will be posted for a post, and why."""

    state: str
    """`confident`, `front_matter` (the author listed the talks) or `unsure`."""
    talks_posted: bool
    confidence: float
    found: str
    """`Found 3 talks (confidence 0.82)`."""
    summary: str
    """The verdict line: what will be posted."""
    talks: tuple[TalkView, ...]
    left_out_heading: str
    left_out: tuple[LeftOutView, ...]
    fix: str = ""
    """How to fix an unsure post ('' when sure)."""
    example: str = ""
    """The `talks:` front matter to add ('' when sure)."""
    capped: str = ""
    """When the talks outnumber MEETUP_MAX_TALK_MESSAGES: how many get their own message and
    how many the last one lists ('' otherwise)."""
    capped_counts: dict[str, int] | None = None


def verdict_for(
    post: Post,
    language: str | None = None,
    kind: str | None = None,
    max_talk_messages: int | None = None,
) -> Verdict:
    """The verdict on `post`, in `language` (else the post's); `kind` (`YAML`/`TOML`) is the
    post's front matter, for the example; `max_talk_messages`, the cap it is posted under."""
    lang = words.language(language or post.language)
    count = words.plural("talk_count", len(post.talks), lang)
    state = _state(post)
    found = (
        words.text("verdict.found_front_matter", lang, talks=count)
        if post.talks_from == "front_matter"
        else words.text(
            "verdict.found_detected", lang, talks=count, confidence=_score(post.confidence)
        )
    )
    summary = {
        "confident": words.text("verdict.confident", lang, talks=count),
        "front_matter": words.text("verdict.front_matter", lang, talks=count),
        "unsure": words.text("verdict.unsure", lang),
    }[state]
    fix, example = "", ""
    if state == "unsure":
        fix, example = words.text("verdict.fix_hint", lang), _example(post.talks, kind, lang)
        fix += " " + words.text("verdict.fix_hint_toml", lang) if kind == "TOML" else ""
    return Verdict(
        state=state,
        talks_posted=post.talks_posted,
        confidence=post.confidence,
        found=found,
        summary=summary,
        talks=tuple(_talk_view(n, talk, lang) for n, talk in enumerate(post.talks, start=1)),
        left_out_heading=words.text("verdict.left_out_heading", lang),
        left_out=tuple(_left_out_view(unit, lang) for unit in post.left_out),
        fix=fix,
        example=example,
        **_capped(post, lang, max_talk_messages),
    )


def _capped(post: Post, language: str, cap: int | None) -> dict[str, Any]:
    """The verdict's `capped` line and counts when the cap leaves talks to the last message."""
    if cap is None or not post.talks_posted:
        return {}
    own = own_talk_messages(post, FormatOptions(max_talk_messages=cap))
    rest = len(post.talks) - own
    if not rest:
        return {}
    counts = {"max_talk_messages": cap, "own_messages": own, "listed_in_last": rest}
    line = words.text("verdict.capped", language, own=f"{own:,}", rest=f"{rest:,}", cap=cap)
    return {"capped": line, "capped_counts": counts}


def front_matter_kind(text: str) -> str | None:
    """`YAML`, `TOML` or None: the kind of front matter a post's text opens with."""
    return split_front_matter(text.lstrip("\ufeff"))[0]


def file_front_matter_kind(path: str) -> str | None:
    """`YAML` or `TOML` from the first line of a post file (None: none, or unreadable)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            first = file.readline(64)
    except OSError:
        return None
    return _FENCES.get(first.lstrip("\ufeff").rstrip())


def _state(post: Post) -> str:
    if not post.talks_posted:
        return "unsure"
    return "front_matter" if post.talks_from == "front_matter" else "confident"


def _score(value: float) -> str:
    return f"{value:.2f}"


def _talk_view(number: int, talk: Talk, language: str) -> TalkView:
    return TalkView(
        number=number,
        talk=talk,
        speaker=talk_speaker(talk, language),
        title=talk_title(talk, language),
        confidence=talk.confidence,
        confidence_label=words.text(
            "verdict.talk_confidence", language, confidence=_score(talk.confidence)
        ),
        links=talk.links or _slides_only(talk),
    )


def _slides_only(talk: Talk) -> tuple[TalkLink, ...]:
    """A talk without kinded links still shows its slides."""
    return (TalkLink(LinkKind.SLIDES, talk.slides_url),) if talk.slides_url else ()


def _left_out_view(unit: LeftOut, language: str) -> LeftOutView:
    key = f"left_out.{unit.reason}"
    why = (
        words.text(key, language)
        if unit.reason and words.has(key)
        else words.text("left_out.other", language, reason=unit.reason or "?")
    )
    text = _line(unit.text)
    if len(text) > MAX_UNIT_CHARS:
        text = text[: MAX_UNIT_CHARS - 1] + "…"
    return LeftOutView(unit.text, unit.reason, f"{_quoted(text)}: {why}")


def _quoted(text: str) -> str:
    """「text」 for Japanese (or any CJK) text, “text” otherwise."""
    cjk = any("\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" for ch in text)
    return f"「{text}」" if cjk else f"“{text}”"


def _line(text: str | None) -> str:
    return " ".join((text or "").split())


def _example(talks: tuple[Talk, ...], kind: str | None, language: str) -> str:
    """The `talks:` block to add: what was found, else one placeholder entry to fill in."""
    entries = [entry for entry in (talk_entry(talk) for talk in talks) if entry]
    if not entries:
        entries = [
            {
                "speaker": words.text("verdict.example_speaker", language),
                "title": words.text("verdict.example_title", language),
            }
        ]
    return dump_talks(entries, kind)


def verdict_json(verdict: Verdict) -> dict[str, Any]:
    """The verdict for machines (`meetup-bot check --json`)."""
    return {
        "verdict": verdict.state,
        "talks_posted": verdict.talks_posted,
        "confidence": verdict.confidence,
        "found": verdict.found,
        "summary": verdict.summary,
        "talks": [
            {
                "speaker": talk.talk.speaker,
                "title": talk.talk.title,
                "confidence": talk.confidence,
                "links": to_jsonable(talk.links),
            }
            for talk in verdict.talks
        ],
        "left_out": [
            {"text": unit.text, "reason": unit.reason, "line": unit.line}
            for unit in verdict.left_out
        ],
        "fix": {"hint": verdict.fix, "front_matter": verdict.example} if verdict.fix else None,
        "capped": verdict.capped_counts,
    }
