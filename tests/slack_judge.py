"""The fake Slack's judgement of a message payload, written independently of `formatters/`.

`tests/slack_api_server.py` refuses a message the way Slack does when `judge(message)` says so.
Nothing here comes from `formatters` (a test proves it): the block structure and per-field
limits are slack_sdk's own Block Kit models (`Block.parse(...).to_dict()` validates them and
must give the block back unchanged, so a key slack_sdk does not know is refused too), and the
limits slack_sdk leaves out are written below from ../shared/reference/slack-platform.md, each
with the section of that page it comes from. Lengths are counted in characters (code points).

Errors are Slack's: `no_text`, `msg_too_long`, `invalid_blocks`, `msg_blocks_too_long`. One is
the fake's own, stricter than Slack, which would post the message and ping people:
`would_notify` for a mention or broadcast in a message ("Text that must never notify anyone").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

# "Block Kit limits" table of slack-platform.md, row by row:
MAX_MESSAGE_TEXT = 40_000  # message `text`: truncated past 40,000 chars
MAX_BLOCKS = 50  # blocks per message: 50
MAX_VIEW_BLOCKS = 100  # blocks per message: 50 (modal / Home tab: 100)
MAX_METADATA = 3_000  # modal: private_metadata 3,000
MAX_BLOCKS_TEXT = 12_000  # total text inside a message's blocks: about 12,000 (the safe budget)
MAX_TEXT_OBJECT = 3_000  # section text / any text object: 1..3,000 chars
MAX_FIELDS, MAX_FIELD = 10, 2_000  # section fields: 10 items, 2,000 chars each
MAX_HEADER = 150  # header text: plain_text only, 150 chars
MAX_CONTEXT = 10  # context elements: 10
MAX_ACTIONS = 25  # actions elements: 25
MAX_BUTTON_TEXT, MAX_BUTTON_URL = 75, 3_000  # button: text 75, url 3,000
MAX_BLOCK_ID = 255  # block_id: 255, unique in the message
LIST_STYLES, MAX_INDENT = ("bullet", "ordered"), 8  # rich_text_list: bullet/ordered, 0..8
MAX_MARKDOWN = 12_000  # markdown block: 12,000 chars for all markdown blocks together

# "Text that must never notify anyone":
PINGS = re.compile(r"<(?:!(?:channel|here|everyone|subteam\^)|@)[^>]*>?")
PING_ELEMENTS = frozenset({"user", "usergroup", "broadcast"})


@dataclass(frozen=True)
class Refusal:
    """Slack's answer to a message it does not post."""

    error: str
    problems: tuple[str, ...]

    def answer(self) -> dict[str, Any]:
        return {"ok": False, "error": self.error, "errors": list(self.problems)}


def judge(message: Mapping[str, Any]) -> Refusal | None:
    """None when Slack would post `message` ({"text", "blocks", "mrkdwn"}); else its refusal."""
    text, blocks = message.get("text"), message.get("blocks")
    if blocks is None and (not isinstance(text, str) or not text.strip()):
        return Refusal("no_text", ("a message needs text or blocks",))
    if isinstance(text, str) and len(text) > MAX_MESSAGE_TEXT:
        return Refusal("msg_too_long", (f"text: {len(text)} chars > {MAX_MESSAGE_TEXT}",))
    if blocks is not None:
        problems = list(_block_problems(blocks))
        if problems:
            return Refusal("invalid_blocks", tuple(problems))
        total = sum(len(piece) for piece in _visible_texts(blocks))
        if total > MAX_BLOCKS_TEXT:
            return Refusal("msg_blocks_too_long", (f"{total} chars in blocks > {MAX_BLOCKS_TEXT}",))
    pings = list(_pings(text if message.get("mrkdwn") is not False else None, blocks))
    if pings:
        return Refusal("would_notify", tuple(pings))
    return None


def judge_view(view: Any) -> Refusal | None:
    """None when Slack would publish `view` as a Home tab (views.publish); else `invalid_arguments`
    with the problems (Slack's answer to a view it cannot read)."""
    if not isinstance(view, Mapping) or view.get("type") != "home":
        return Refusal("invalid_arguments", ("view: must be an object of type home",))
    problems = list(_block_problems(view.get("blocks"), MAX_VIEW_BLOCKS))
    metadata = view.get("private_metadata")
    if metadata is not None and (not isinstance(metadata, str) or len(metadata) > MAX_METADATA):
        problems.append(f"private_metadata: must be a string of at most {MAX_METADATA} chars")
    problems += _pings(None, view.get("blocks"))
    return Refusal("invalid_arguments", tuple(problems)) if problems else None


def judge_unfurls(unfurls: Any) -> Refusal | None:
    """None when Slack would attach `unfurls` (chat.unfurl: URL -> {"blocks": [...]}), each
    judged as a message of its own."""
    if not isinstance(unfurls, Mapping) or not unfurls:
        return Refusal("invalid_unfurls", ("unfurls: must be a non-empty object",))
    for url, card in unfurls.items():
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            return Refusal("invalid_unfurls", (f"unfurls: {url!r} is not a URL",))
        if not isinstance(card, Mapping) or "blocks" not in card:
            return Refusal("invalid_unfurls", (f"unfurls[{url!r}]: needs blocks",))
        refusal = judge({"blocks": card["blocks"]})
        if refusal:
            return refusal
    return None


def _block_problems(blocks: Any, most: int = MAX_BLOCKS) -> Iterator[str]:
    if not isinstance(blocks, list) or not blocks:
        yield "blocks: must be a non-empty array"
        return
    if len(blocks) > most:
        yield f"blocks: {len(blocks)} > {most}"
    ids: set[str] = set()
    markdown = 0
    for i, block in enumerate(blocks):
        where = f"blocks[{i}]"
        if not isinstance(block, dict):
            yield f"{where}: not an object"
            continue
        yield from _by_slack_sdk(block, where)
        yield from _by_reference(block, where)
        block_id = block.get("block_id")
        if block_id in ids:
            yield f"{where}.block_id: {block_id!r} used twice"
        if isinstance(block_id, str):
            ids.add(block_id)
        if block.get("type") == "markdown" and isinstance(block.get("text"), str):
            markdown += len(block["text"])
    if markdown > MAX_MARKDOWN:
        yield f"markdown blocks: {markdown} chars > {MAX_MARKDOWN}"


def _by_slack_sdk(block: dict[str, Any], where: str) -> Iterator[str]:
    """slack_sdk's model of the block: a known type, valid fields, nothing it would drop."""
    try:
        model = Block.parse(block)
    except TypeError as error:  # a required field is missing
        yield f"{where}: {error}"
        return
    if model is None:
        yield f"{where}: unknown block {block.get('type')!r}"
        return
    try:
        again = model.to_dict()
    except SlackObjectFormationError as error:
        yield f"{where}: {error}"
        return
    if again != block:
        yield f"{where}: slack_sdk reads it as {again!r}"


def _by_reference(block: dict[str, Any], where: str) -> Iterator[str]:
    """The limits slack_sdk does not check (slack-platform.md, "Block Kit limits")."""
    kind = block.get("type")
    block_id = block.get("block_id")
    if block_id is not None and not 0 < len(str(block_id)) <= MAX_BLOCK_ID:
        yield f"{where}.block_id: must be 1..{MAX_BLOCK_ID} chars"
    if kind == "header":
        yield from _text_object(block.get("text"), f"{where}.text", MAX_HEADER, plain=True)
    elif kind == "section":
        if block.get("text") is not None:
            yield from _text_object(block["text"], f"{where}.text", MAX_TEXT_OBJECT)
        fields = block.get("fields") or []
        if len(fields) > MAX_FIELDS:
            yield f"{where}.fields: {len(fields)} > {MAX_FIELDS}"
        for n, item in enumerate(fields):
            yield from _text_object(item, f"{where}.fields[{n}]", MAX_FIELD)
    elif kind == "context":
        elements = block.get("elements") or []
        if len(elements) > MAX_CONTEXT:
            yield f"{where}.elements: {len(elements)} > {MAX_CONTEXT}"
        for n, item in enumerate(elements):
            if isinstance(item, dict) and item.get("type") != "image":
                yield from _text_object(item, f"{where}.elements[{n}]", MAX_TEXT_OBJECT)
    elif kind == "actions":
        yield from _actions(block, where)
    elif kind == "rich_text":
        yield from _rich_lists(block.get("elements") or [], f"{where}.elements")


def _text_object(obj: Any, where: str, most: int, *, plain: bool = False) -> Iterator[str]:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        yield f"{where}: not a text object"
        return
    if plain and obj["type"] != "plain_text":
        yield f"{where}: must be plain_text"
    text = obj.get("text")
    if not isinstance(text, str) or not 0 < len(text) <= most:
        yield f"{where}.text: must be 1..{most} chars"


def _actions(block: dict[str, Any], where: str) -> Iterator[str]:
    elements = block.get("elements") or []
    if len(elements) > MAX_ACTIONS:
        yield f"{where}.elements: {len(elements)} > {MAX_ACTIONS}"
    for n, item in enumerate(elements):
        if not isinstance(item, dict) or item.get("type") != "button":
            continue
        spot = f"{where}.elements[{n}]"
        yield from _text_object(item.get("text"), f"{spot}.text", MAX_BUTTON_TEXT, plain=True)
        url = item.get("url")
        if url is not None and not 0 < len(str(url)) <= MAX_BUTTON_URL:
            yield f"{spot}.url: must be 1..{MAX_BUTTON_URL} chars"


def _rich_lists(elements: list[Any], where: str) -> Iterator[str]:
    for n, element in enumerate(elements):
        if not isinstance(element, dict) or element.get("type") != "rich_text_list":
            continue
        if element.get("style") not in LIST_STYLES:
            yield f"{where}[{n}].style: must be one of {LIST_STYLES}"
        indent = element.get("indent", 0)
        if type(indent) is not int or not 0 <= indent <= MAX_INDENT:
            yield f"{where}[{n}].indent: must be 0..{MAX_INDENT}"


def _visible_texts(value: Any) -> Iterator[str]:
    """Every text a reader sees in the blocks: text objects, rich_text text and links (their
    URL when they have no text), button labels."""
    if isinstance(value, list):
        for item in value:
            yield from _visible_texts(item)
    elif isinstance(value, dict):
        text = value.get("text")
        if isinstance(text, str):
            yield text
        elif value.get("type") == "link" and isinstance(value.get("url"), str):
            yield value["url"]
        for item in value.values():
            if isinstance(item, list | dict):
                yield from _visible_texts(item)


def _pings(text: Any, blocks: Any) -> Iterator[str]:
    if isinstance(text, str):
        yield from (f"text: {found!r}" for found in PINGS.findall(text))
    yield from _block_pings(blocks, "blocks")


def _block_pings(value: Any, where: str) -> Iterator[str]:
    if isinstance(value, list):
        for n, item in enumerate(value):
            yield from _block_pings(item, f"{where}[{n}]")
    elif isinstance(value, dict):
        if value.get("type") in PING_ELEMENTS:
            yield f"{where}: a {value['type']} element"
        if value.get("type") in ("mrkdwn", "markdown") and isinstance(value.get("text"), str):
            yield from (f"{where}: {found!r}" for found in PINGS.findall(value["text"]))
        for key, item in value.items():
            if isinstance(item, list | dict):
                yield from _block_pings(item, f"{where}.{key}")
