"""Small builders for the blocks both message kinds use, as plain dicts.

The dicts have exactly the shape (and key order) slack_sdk's models give, built directly
because slack_sdk's `to_dict` is far too slow for the hot path; `check_message` checks every
limit slack_sdk would.
"""

from __future__ import annotations

from typing import Any

from formatters.escape import fit_mrkdwn, mrkdwn_link
from formatters.text import fit_line, one_line, slack_len

Block = dict[str, Any]
TextObject = dict[str, Any]
MAX_HEADER = 150
MAX_CONTEXT_TEXT = 300


def plain(text: str, limit: int = MAX_CONTEXT_TEXT, fallback: str = "…") -> TextObject:
    """A plain_text object (literal: never parsed for mentions) of one cleaned line."""
    return plain_line(one_line(text), limit, fallback)


def plain_line(line: str, limit: int = MAX_CONTEXT_TEXT, fallback: str = "…") -> TextObject:
    """`plain` of text that `one_line` already gave (so clean and stripped: not cleaned again)."""
    return {"text": fit_line(line, limit, fallback), "type": "plain_text"}


def mrkdwn(escaped: str) -> TextObject:
    """A verbatim mrkdwn object for text that is already escaped (no auto-parsed mentions)."""
    return {"text": escaped, "type": "mrkdwn", "verbatim": True}


def mrkdwn_text(text: str, limit: int) -> TextObject:
    """A verbatim mrkdwn object for text from a post: escaped, then fitted to `limit`."""
    return mrkdwn(fit_mrkdwn(text, limit))


def link(url: str, label: str) -> TextObject:
    """A mrkdwn `<url|label>` for a URL checked by `safe_url` (the bare label when the link
    would be too long for a text object)."""
    text = mrkdwn_link(url, label)
    return mrkdwn(text) if text else plain(label)


def header(text: str, fallback: str, block_id: str) -> Block:
    """A header block: one line of plain text, at most 150 units."""
    return {"block_id": block_id, "text": plain(text, MAX_HEADER, fallback), "type": "header"}


def context(elements: list[TextObject], block_id: str) -> Block | None:
    """A context block of at most 10 elements, or None when there are none."""
    if not elements:
        return None
    return {"block_id": block_id, "elements": elements[:10], "type": "context"}


def link_button(label: str, url: str, action_id: str, block_id: str) -> Block:
    """An actions block with one link button (URL already checked by `safe_url`)."""
    return link_row([(label, url, action_id)], block_id)


def link_row(buttons: list[tuple[str, str, str]], block_id: str) -> Block:
    """An actions block of link buttons, each (label, url, action_id); labels are words of the
    catalog (clean lines, not cleaned again), URLs already checked by `safe_url`."""
    elements = [
        {"action_id": action_id, "text": plain_line(label, 75), "type": "button", "url": url}
        for label, url, action_id in buttons
    ]
    return {"block_id": block_id, "elements": elements, "type": "actions"}


def objects_size(elements: list[TextObject]) -> int:
    """The text of a context block's elements (what `text_size` would count), in UTF-16 units."""
    return sum([slack_len(element["text"]) for element in elements[:10]])


def size(block: Block) -> int:
    """`text_size` of a header, context or actions block made here, without walking it."""
    if block["type"] == "header":
        return slack_len(block["text"]["text"])
    if block["type"] == "actions":
        return sum([slack_len(button["text"]["text"]) for button in block["elements"]])
    return objects_size(block["elements"])
