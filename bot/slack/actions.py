"""Button clicks: the JSON `value` of a Next/Previous/Share/pick button, or of a link unfurl's
Show talks button -> a small request value.

Values are written by formatters/results.py (`action_value`). Anything else (an unknown
action, a value that is not JSON, wrong types, absurd numbers) parses to None: the caller logs
it and answers nobody.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Literal

from formatters.hits import (
    ACTION_NEXT,
    ACTION_PICK,
    ACTION_PREVIOUS,
    ACTION_SHARE,
    LINK_ACTIONS,
)
from formatters.unfurl import ACTION_SHOW_TALKS

MAX_VALUE = 2000
MAX_OFFSET = 10_000
MAX_TEXT = 300

ACTION_PATTERN = re.compile(
    rf"^(?:{ACTION_NEXT}|{ACTION_PREVIOUS}|{ACTION_PICK}_\d+|{ACTION_SHARE}_\d+"
    rf"|{ACTION_SHOW_TALKS})$"
)
"""The action_ids this app answers (besides link buttons)."""
LINK_PATTERN = re.compile(rf"^(?:{'|'.join(LINK_ACTIONS.values())})_\w+$")
"""Link buttons (Slides, Video, Talk page): Slack reports the click too; acknowledged, nothing
else to do."""

Kind = Literal["page", "share", "pick", "show"]
Source = Literal["search", "talks"]


@dataclass(frozen=True)
class ActionRequest:
    """A click to answer."""

    kind: Kind
    source: Source = "search"
    query: str = ""
    """The search query (source search), or the meetup's post id (source talks, page)."""
    post_id: str = ""
    offset: int = 0
    position: int = 0


def _text(data: dict[str, Any], key: str, *, required: bool = True) -> str | None:
    value = data.get(key, None if required else "")
    if not isinstance(value, str) or len(value) > MAX_TEXT or (required and not value):
        return None
    return value


def _number(data: dict[str, Any], key: str) -> int | None:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_OFFSET:
        return None
    return value


def parse_action(action_id: object, value: object) -> ActionRequest | None:
    """The request behind a click, or None when it is not one of ours or is garbled."""
    if not isinstance(action_id, str) or not ACTION_PATTERN.match(action_id):
        return None
    if not isinstance(value, str) or len(value) > MAX_VALUE:
        return None
    try:
        data = json.loads(value)
    except ValueError:
        return None
    if not isinstance(data, dict):
        return None
    kind = data.get("k")
    if action_id == ACTION_SHOW_TALKS:  # a link unfurl's card (formatters/unfurl.py)
        post_id = _text(data, "p")
        if kind != "show" or post_id is None:
            return None
        return ActionRequest("show", "talks", post_id=post_id)
    if action_id.startswith(ACTION_PICK):
        post_id = _text(data, "p")
        if kind != "pick" or post_id is None:
            return None
        return ActionRequest("pick", "talks", post_id=post_id)
    if kind not in ("search", "talks"):
        return None
    source: Source = "search" if kind == "search" else "talks"
    if action_id.startswith(ACTION_SHARE):
        post_id, position = _text(data, "p"), _number(data, "i")
        query = _text(data, "q", required=False)
        if post_id is None or position is None or query is None:
            return None
        return ActionRequest("share", source, query=query, post_id=post_id, position=position)
    query, offset = _text(data, "q"), _number(data, "o")
    if query is None or offset is None:
        return None
    return ActionRequest("page", source, query=query, offset=offset)
