"""Small builders for the blocks both message kinds use (slack_sdk models, returned as dicts)."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    TextObject,
)

from formatters.escape import fit_mrkdwn, mrkdwn_link
from formatters.text import fit, one_line

Block = dict[str, Any]
MAX_HEADER = 150
MAX_CONTEXT_TEXT = 300


def plain(text: str, limit: int = MAX_CONTEXT_TEXT, fallback: str = "…") -> PlainTextObject:
    """A plain_text object (literal: never parsed for mentions) of one cleaned line."""
    return PlainTextObject(text=fit(one_line(text), limit, fallback))


def mrkdwn(escaped: str) -> MarkdownTextObject:
    """A verbatim mrkdwn object for text that is already escaped (no auto-parsed mentions)."""
    return MarkdownTextObject(text=escaped, verbatim=True)


def mrkdwn_text(text: str, limit: int) -> MarkdownTextObject:
    """A verbatim mrkdwn object for text from a post: escaped, then fitted to `limit`."""
    return mrkdwn(fit_mrkdwn(text, limit))


def link(url: str, label: str) -> TextObject:
    """A mrkdwn `<url|label>` for a URL checked by `safe_url` (the bare label when the link
    would be too long for a text object)."""
    text = mrkdwn_link(url, label)
    return mrkdwn(text) if text else plain(label)


def header(text: str, fallback: str, block_id: str) -> Block:
    """A header block: one line of plain text, at most 150 units."""
    return HeaderBlock(text=plain(text, MAX_HEADER, fallback), block_id=block_id).to_dict()


def context(elements: list[TextObject], block_id: str) -> Block | None:
    """A context block of at most 10 elements, or None when there are none."""
    if not elements:
        return None
    return ContextBlock(elements=elements[:10], block_id=block_id).to_dict()


def link_button(label: str, url: str, action_id: str, block_id: str) -> Block:
    """An actions block with one link button (URL already checked by `safe_url`)."""
    button = ButtonElement(text=plain(label, 75), url=url, action_id=action_id)
    return ActionsBlock(elements=[button], block_id=block_id).to_dict()
