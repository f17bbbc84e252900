"""A post's parts: the rendered messages, their hashes, matched to the parts already posted.

Parts are named `announcement` and `talk-N`. A talk keeps its part across edits: first by
identity (speaker + title), then by position (a title fixed in place). A new talk gets the next
free `talk-N`; a part whose talk is gone gets the "removed" message. Hashes are of the rendered
payloads, so whitespace or front-matter order changes change nothing.

A post with more talks than its messages may hold (MEETUP_MAX_TALK_MESSAGES) has talk parts for
the first ones and a last part, `more-talks`, listing the rest (formatters/more_talks.py).

A post whose talk list is unsure (`Post.talks_posted` False) has the announcement as its only
part: no talk message is posted, and talk messages posted earlier are left as they are.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import words
from bot.model import Post, Talk
from bot.publish.ledger import PartRecord
from formatters.more_talks import PART_NAME as MORE_TALKS

ANNOUNCEMENT = "announcement"
_TALK_NUMBER = re.compile(r"^talk-(\d+)$")


@dataclass(frozen=True)
class Part:
    """One message to have in Slack: its name, place in the thread and payload."""

    name: str
    position: int
    ident: str
    message: dict[str, Any]
    content_hash: str
    removed: bool = False


def content_hash(message: dict[str, Any]) -> str:
    text = json.dumps(message, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def talk_ident(talk: Talk) -> str:
    def norm(value: str | None) -> str:
        return " ".join((value or "").split()).casefold()

    return f"{norm(talk.speaker)}|{norm(talk.title)}"


def removed_message(language: str) -> dict[str, Any]:
    text = words.text("talk.removed", language)
    return {
        "text": text,
        "blocks": [{"type": "context", "elements": [{"type": "plain_text", "text": text}]}],
    }


def plan_parts(
    post: Post, messages: list[dict[str, Any]], existing: list[PartRecord], language: str
) -> list[Part]:
    """The parts the post has now (announcement first, talks in order, the list of the talks
    past the cap, then removed ones). `messages` is `render_post`'s."""
    parts = [Part(ANNOUNCEMENT, 0, "", messages[0], content_hash(messages[0]))]
    if not post.talks_posted:
        return parts
    capped = len(messages) - 1 < len(post.talks)  # the last message lists the rest
    talks = post.talks[: len(messages) - 2] if capped else post.talks
    old = [p for p in existing if p.part not in (ANNOUNCEMENT, MORE_TALKS)]
    names = _match(talks, old)
    for index, talk in enumerate(talks):
        message = messages[index + 1]
        parts.append(
            Part(names[index], index + 1, talk_ident(talk), message, content_hash(message))
        )
    if capped:
        last = messages[-1]
        parts.append(Part(MORE_TALKS, len(talks) + 1, "", last, content_hash(last)))
    taken = {*names, MORE_TALKS} if capped else set(names)
    return parts + _removed(existing, taken, language)


def _removed(existing: list[PartRecord], taken: set[str], language: str) -> list[Part]:
    """The posted parts the post no longer has: each gets the "removed" message."""
    gone = removed_message(language)
    return [
        Part(record.part, record.position, record.ident, gone, content_hash(gone), removed=True)
        for record in existing
        if record.part != ANNOUNCEMENT and record.part not in taken and record.ts is not None
    ]


def _match(talks: tuple[Talk, ...], old: list[PartRecord]) -> list[str]:
    by_ident: dict[str, list[PartRecord]] = defaultdict(list)
    for record in old:
        by_ident[record.ident].append(record)
    names: list[str | None] = [None] * len(talks)
    used: set[str] = set()
    for index, talk in enumerate(talks):
        candidates = by_ident.get(talk_ident(talk))
        if candidates:
            names[index] = candidates.pop(0).part
            used.add(names[index] or "")
    by_position = {r.position: r.part for r in old if r.part not in used}
    for index, name in enumerate(names):
        if name is None and by_position.get(index + 1) not in (None, *used):
            names[index] = by_position[index + 1]
            used.add(by_position[index + 1])
    numbers = [int(m[1]) for r in old if (m := _TALK_NUMBER.match(r.part))]
    next_number = max(numbers, default=0) + 1
    for index, name in enumerate(names):
        if name is None:
            names[index] = f"talk-{next_number}"
            next_number += 1
    return [name or "" for name in names]
