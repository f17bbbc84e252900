"""A talk's Note tree flattened to display lines: list items with an indent, or plain lines."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from bot.model import Note, NoteKind, Span
from formatters.escape import safe_url
from formatters.labels import Labels
from formatters.text import ELLIPSIS, clean, slack_len, truncate

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Part:
    """A run of rich text: literal text, optionally a link and styles."""

    text: str
    url: str | None = None
    bold: bool = False
    code: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Line:
    """One displayed line: a list item (`style` bullet/ordered, `indent`) or a plain line."""

    parts: tuple[Part, ...]
    indent: int = 0
    style: str | None = None

    @property
    def size(self) -> int:
        """Text this line adds to a message (link URLs counted too, to be safe)."""
        return sum(slack_len(p.text) + (slack_len(p.url) if p.url else 0) for p in self.parts)


def _tidy(parts: list[Part], limit: int) -> tuple[Part, ...]:
    """One line of at most `limit` units: whitespace runs made one space, ends stripped, and
    when too long cut once, at a grapheme boundary of the whole line (even across runs),
    with "…" at the end."""
    runs = [(part, _SPACES.sub(" ", clean(part.text))) for part in parts]
    runs = [(part, text) for part, text in runs if text]
    joined = "".join(text for _, text in runs)
    full = joined.strip()
    if not full:
        return ()
    cut = truncate(full, limit)
    keep = len(cut) if cut == full else len(cut) - len(ELLIPSIS)
    skip = len(joined) - len(joined.lstrip())
    out: list[Part] = []
    for part, text in runs:
        dropped = min(skip, len(text))
        text, skip = text[dropped:], skip - dropped
        piece = text[:keep]
        keep -= len(piece)
        if piece:
            out.append(replace(part, text=piece))
    if cut != full:
        out.append(Part(ELLIPSIS))
    return tuple(out)


def _span_part(span: Span) -> Part:
    url = safe_url(span.url)
    text = span.text if span.text.strip() else (url or "")
    return Part(text=text, url=url, bold=span.bold, code=span.code)


def note_parts(note: Note, labels: Labels, limit: int) -> tuple[Part, ...]:
    """The one-line content of a node: its spans, or a condensed code/table/image/embed."""
    kind = note.kind
    text = clean(note.text).strip()
    first = text.split("\n", 1)[0].strip()
    more = "…" if "\n" in text else ""
    parts: list[Part]
    if kind is NoteKind.CODE:
        parts = [Part(f"{labels.code}: ")] + ([Part(first + more, code=True)] if first else [])
    elif kind is NoteKind.TABLE:
        rows = len([row for row in text.split("\n") if row.strip()])
        parts = [Part(f"{labels.table}: "), Part(first), Part(f" ({labels.rows.format(n=rows)})")]
    elif kind in (NoteKind.IMAGE, NoteKind.EMBED):
        label = labels.image if kind is NoteKind.IMAGE else labels.embed
        url = safe_url(note.url)
        shown = text or url or ""
        parts = [Part(f"{label}: ")] + ([Part(shown, url=url)] if shown else [])
    else:
        parts = [_span_part(span) for span in note.spans]
        if kind is NoteKind.HEADING:
            parts = [replace(p, bold=True) for p in parts]
        elif kind is NoteKind.QUOTE:
            parts = [replace(p, italic=True) for p in parts]
    return _tidy(parts, limit)


def note_lines(notes: tuple[Note, ...], labels: Labels, limit: int) -> list[Line]:
    """Every node as a line, depth first. Sub-headings outside lists become bold plain lines
    whose content starts a new list at indent 0; inside lists, nodes are items one level down.
    Nodes with no text are skipped (their children keep the depth). Iterative, so a
    pathologically deep tree cannot exhaust the stack."""
    out: list[Line] = []
    stack: list[tuple[Iterator[Note], int, bool]] = [(iter(notes), 0, False)]
    while stack:
        siblings, depth, in_list = stack[-1]
        node = next(siblings, None)
        if node is None:
            stack.pop()
            continue
        parts = note_parts(node, labels, limit)
        listed = node.kind in (NoteKind.BULLET, NoteKind.ORDERED) or in_list
        style = "ordered" if node.kind is NoteKind.ORDERED else "bullet"
        if parts:
            out.append(Line(parts, depth if listed else 0, style if listed else None))
        if node.children:
            inner = (depth + 1 if parts else depth) if listed else 0
            stack.append((iter(node.children), inner, listed))
    return out
