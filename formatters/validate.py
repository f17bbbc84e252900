"""check_message: every Slack rule a message payload must follow, as readable problems.

Stricter than Slack where Slack is vague: lengths are UTF-16 units, the total text budget is
12,000, button URLs must be http(s), and any `<!…>`, `<@…>`, `<#…>` in mrkdwn (except
`<!date^…>`) or any user/usergroup/channel/broadcast rich_text element is reported, since
nothing this bot posts should mention anyone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from formatters.condense import text_size
from formatters.text import slack_len
from formatters.validate_rich import MAX_URL, check_rich_text

MAX_BLOCKS = 50
MAX_TOTAL_TEXT = 12_000
MAX_FALLBACK = 40_000
MAX_TEXT_OBJECT = 3_000
MAX_ID = 255
BLOCK_TYPES = frozenset(
    {"section", "header", "context", "actions", "divider", "image", "rich_text", "markdown"}
    | {"file", "video", "input", "table"}
)
_MENTION = re.compile(r"<(?!!date\^)[!@#][^>]*>?")
_BARE_LT = re.compile(r"<(?!https?://|mailto:|[!@#])")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_HTTP = re.compile(r"^https?://[^\s/]+", re.IGNORECASE)


@dataclass
class _Check:
    problems: list[str] = field(default_factory=list)
    block_ids: set[str] = field(default_factory=set)
    action_ids: set[str] = field(default_factory=set)

    def add(self, path: str, problem: str) -> None:
        self.problems.append(f"{path}: {problem}")


def check_message(message: Mapping[str, Any]) -> list[str]:
    """[] when `message` ({"text": ..., "blocks": [...]}) is valid for Slack; else problems."""
    if not isinstance(message, Mapping):
        return ["message: not an object"]
    check = _Check()
    _fallback(message.get("text"), message.get("mrkdwn", True) is not False, check)
    blocks = message.get("blocks")
    if blocks is not None:
        _blocks(blocks, check)
    _strings(message, "message", check)
    return check.problems


def _fallback(text: Any, mrkdwn: bool, check: _Check) -> None:
    if not isinstance(text, str) or not text.strip():
        check.add("text", "fallback text is missing or empty (notifications show nothing)")
        return
    if slack_len(text) > MAX_FALLBACK:
        check.add("text", f"{slack_len(text)} chars > {MAX_FALLBACK}")
    if mrkdwn:
        _mentions(text, "text", check)


def _blocks(blocks: Any, check: _Check) -> None:
    if not isinstance(blocks, list):
        check.add("blocks", "not a list")
        return
    if len(blocks) > MAX_BLOCKS:
        check.add("blocks", f"{len(blocks)} blocks > {MAX_BLOCKS}")
    for i, block in enumerate(blocks):
        _block(block, f"blocks[{i}]", check)
    total = text_size(blocks)
    if total > MAX_TOTAL_TEXT:
        check.add("blocks", f"{total} chars of text in all blocks > {MAX_TOTAL_TEXT}")


def _block(block: Any, path: str, check: _Check) -> None:
    if not isinstance(block, Mapping):
        check.add(path, "block is not an object")
        return
    kind = block.get("type")
    if kind not in BLOCK_TYPES:
        check.add(path, f"unknown block type {kind!r}")
    _block_id(block, path, check)
    if kind == "header":
        _text_object(block.get("text"), f"{path}.text", check, 150, plain_only=True)
    elif kind == "section":
        _section(block, path, check)
    elif kind == "context":
        _list_of(block, path, check, 10)
        for i, item in enumerate(block.get("elements") or []):
            if isinstance(item, Mapping) and item.get("type") == "image":
                _image(item, f"{path}.elements[{i}]", check)
            else:
                _text_object(item, f"{path}.elements[{i}]", check, MAX_TEXT_OBJECT)
    elif kind == "actions":
        _list_of(block, path, check, 25)
        for i, item in enumerate(block.get("elements") or []):
            _element(item, f"{path}.elements[{i}]", check)
    elif kind == "image":
        _image(block, path, check)
    elif kind == "rich_text":
        check_rich_text(block, path, check.add)
    elif kind == "markdown":
        text = block.get("text")
        if not isinstance(text, str) or not text.strip() or slack_len(text) > 12_000:
            check.add(f"{path}.text", "markdown text must be 1..12,000 chars")
        else:
            _mentions(text, f"{path}.text", check)


def _block_id(block: Mapping[str, Any], path: str, check: _Check) -> None:
    block_id = block.get("block_id")
    if block_id is None:
        return
    if not isinstance(block_id, str) or not block_id or len(block_id) > MAX_ID:
        check.add(f"{path}.block_id", f"must be a string of 1..{MAX_ID} chars")
    elif block_id in check.block_ids:
        check.add(f"{path}.block_id", f"duplicate block_id {block_id!r}")
    else:
        check.block_ids.add(block_id)


def _list_of(block: Mapping[str, Any], path: str, check: _Check, most: int) -> None:
    elements = block.get("elements")
    if not isinstance(elements, list) or not elements:
        check.add(f"{path}.elements", "must be a non-empty list")
    elif len(elements) > most:
        check.add(f"{path}.elements", f"{len(elements)} elements > {most}")


def _section(block: Mapping[str, Any], path: str, check: _Check) -> None:
    text, fields = block.get("text"), block.get("fields")
    if text is None and not fields:
        check.add(path, "section needs text or fields")
    if text is not None:
        _text_object(text, f"{path}.text", check, MAX_TEXT_OBJECT)
    if fields is not None:
        if not isinstance(fields, list) or len(fields) > 10:
            check.add(f"{path}.fields", "must be a list of at most 10 text objects")
        else:
            for i, item in enumerate(fields):
                _text_object(item, f"{path}.fields[{i}]", check, 2000)
    if block.get("accessory") is not None:
        _element(block["accessory"], f"{path}.accessory", check)


def _text_object(
    obj: Any, path: str, check: _Check, most: int, *, plain_only: bool = False
) -> None:
    if not isinstance(obj, Mapping) or obj.get("type") not in ("plain_text", "mrkdwn"):
        check.add(path, "not a plain_text/mrkdwn text object")
        return
    if plain_only and obj.get("type") != "plain_text":
        check.add(path, "must be plain_text")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        check.add(f"{path}.text", "text must not be empty")
        return
    if slack_len(text) > most:
        check.add(f"{path}.text", f"{slack_len(text)} chars > {most}")
    if obj.get("type") == "mrkdwn":
        _mentions(text, f"{path}.text", check)


def _mentions(text: str, path: str, check: _Check) -> None:
    for found in _MENTION.findall(text):
        check.add(path, f"unescaped mention/broadcast {found[:40]!r} in mrkdwn")
    if _BARE_LT.search(text):
        check.add(path, "unescaped '<' in mrkdwn (escape as &lt;)")


def _element(item: Any, path: str, check: _Check) -> None:
    if not isinstance(item, Mapping):
        check.add(path, "element is not an object")
        return
    action_id = item.get("action_id")
    if action_id is not None:
        if not isinstance(action_id, str) or not action_id or len(action_id) > MAX_ID:
            check.add(f"{path}.action_id", f"must be a string of 1..{MAX_ID} chars")
        elif action_id in check.action_ids:
            check.add(f"{path}.action_id", f"duplicate action_id {action_id!r}")
        else:
            check.action_ids.add(action_id)
    if item.get("type") != "button":
        return
    _text_object(item.get("text"), f"{path}.text", check, 75, plain_only=True)
    url = item.get("url")
    if url is not None and (not isinstance(url, str) or not _HTTP.match(url)):
        check.add(f"{path}.url", f"button url must be http(s): {str(url)[:60]!r}")
    elif isinstance(url, str) and len(url) > MAX_URL:
        check.add(f"{path}.url", f"{len(url)} chars > {MAX_URL}")
    value = item.get("value")
    if value is not None and (not isinstance(value, str) or len(value) > 2000):
        check.add(f"{path}.value", "must be a string of at most 2,000 chars")
    if item.get("style") not in (None, "primary", "danger"):
        check.add(f"{path}.style", "must be primary or danger")


def _image(item: Mapping[str, Any], path: str, check: _Check) -> None:
    url, alt = item.get("image_url"), item.get("alt_text")
    if not isinstance(url, str) or not _HTTP.match(url) or len(url) > MAX_URL:
        check.add(f"{path}.image_url", "must be an http(s) URL of at most 3,000 chars")
    if not isinstance(alt, str) or not alt.strip() or len(alt) > 2000:
        check.add(f"{path}.alt_text", "must be 1..2,000 chars")


def _strings(value: Any, path: str, check: _Check) -> None:
    if isinstance(value, str):
        if _SURROGATE.search(value):
            check.add(path, "lone surrogate (not encodable as UTF-8)")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _strings(item, f"{path}.{key}", check)
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _strings(item, f"{path}[{i}]", check)
