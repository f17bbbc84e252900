"""Blocks -> `Note` trees in a condensed form (code: first lines; tables: one line per row)."""

from __future__ import annotations

import re

from bot.model import Note, NoteKind, Span
from bot.parser.blocks import Block, strip_tags
from bot.parser.link_kinds import embed_urls

CODE_LINES = 5
MAX_DEPTH = 40
"""Deeper nesting is flattened into its parent (markdown-it caps nesting well below this)."""

_HTML_SKIP = re.compile(r"^\s*(<!--.*-->\s*)+$", re.DOTALL)


def to_notes(blocks: list[Block], depth: int = 0) -> list[Note]:
    """Notes for a run of blocks (sub-headings are handled by the caller)."""
    notes: list[Note] = []
    for block in blocks:
        notes.extend(_note(block, depth))
    return notes


def _note(block: Block, depth: int) -> list[Note]:
    kind = block.kind
    if kind in ("bullet", "ordered"):
        item_kind = NoteKind.BULLET if kind == "bullet" else NoteKind.ORDERED
        return [_item(item, item_kind, depth) for item in block.children]
    if kind == "paragraph":
        return [_paragraph(block)] if block.spans or block.links else []
    if kind == "heading":
        return [Note(NoteKind.HEADING, block.spans)]
    if kind == "code":
        lines = block.text.strip("\n").split("\n")[:CODE_LINES]
        return [Note(NoteKind.CODE, (Span("\n".join(lines), code=True),))]
    if kind == "table":
        rows = "\n".join(" | ".join(row) for row in block.rows)
        return [Note(NoteKind.TABLE, (Span(rows),))]
    if kind == "quote":
        return _quote(block, depth)
    if kind == "html":
        return _html(block.text)
    return []


def _item(item: Block, kind: NoteKind, depth: int) -> Note:
    rest = item.children
    spans: tuple[Span, ...] = ()
    if rest and rest[0].kind == "paragraph":
        spans, rest = rest[0].spans, rest[1:]
    if not rest:
        return Note(kind, spans)
    children = to_notes(rest, depth + 1) if depth < MAX_DEPTH else []
    return Note(kind, spans, tuple(children))


def _paragraph(block: Block) -> Note:
    images = [link for link in block.links if link.image]
    if images and not "".join(span.text for span in block.spans).strip():
        return Note(NoteKind.IMAGE, (Span(images[0].text),), url=images[0].url)
    return Note(NoteKind.PARAGRAPH, block.spans)


def _quote(block: Block, depth: int) -> list[Note]:
    inner = to_notes(block.children, depth + 1) if depth < MAX_DEPTH else []
    if not inner:
        return []
    first = inner[0]
    if first.kind is NoteKind.PARAGRAPH:
        return [Note(NoteKind.QUOTE, first.spans, tuple(inner[1:]))]
    return [Note(NoteKind.QUOTE, (), tuple(inner))]


def _html(html: str) -> list[Note]:
    if "<!--" in html and _HTML_SKIP.match(html):  # (comments only)
        return []
    urls = embed_urls(html, videos=True)
    if urls:
        return [Note(NoteKind.EMBED, (Span(strip_tags(html)[:200]),), url=urls[0])]
    text = strip_tags(html)
    return [Note(NoteKind.PARAGRAPH, (Span(text),))] if text else []


def flatten_text(notes: list[Note] | tuple[Note, ...]) -> list[str]:
    """Each note's text, depth first, empty ones skipped (iterative)."""
    out: list[str] = []
    pending = list(reversed(notes))
    while pending:
        note = pending.pop()
        text = " ".join(note.text.split())
        if text:
            out.append(text)
        pending.extend(reversed(note.children))
    return out
