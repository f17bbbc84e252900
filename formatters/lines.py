"""A talk's Note tree flattened to display lines: list items with an indent, or plain lines."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import words
from bot.model import Note, NoteKind, Span
from formatters.escape import safe_url
from formatters.text import ELLIPSIS, clean, slack_len, squash, truncate


class Part(NamedTuple):
    """A run of rich text: literal text, optionally a link and styles (a NamedTuple: immutable
    and much cheaper to make than a frozen dataclass)."""

    text: str
    url: str | None = None
    bold: bool = False
    code: bool = False
    italic: bool = False


class Line(NamedTuple):
    """One displayed line: a list item (`style` bullet/ordered, `indent`) or a plain line."""

    parts: tuple[Part, ...]
    indent: int = 0
    style: str | None = None

    @property
    def size(self) -> int:
        """Text this line adds to a message (link URLs counted too, to be safe)."""
        total = 0
        for part in self.parts:
            total += slack_len(part.text)
            if part.url:
                total += slack_len(part.url)
        return total


def _with_text(part: Part, text: str) -> Part:
    if text == part.text:
        return part
    return Part(text, part.url, part.bold, part.code, part.italic)


def _tidy(parts: list[Part], limit: int) -> tuple[Part, ...]:
    """One line of at most `limit` units: whitespace runs made one space, ends stripped, and
    when too long cut once, at a grapheme boundary of the whole line (even across runs),
    with "…" at the end."""
    if len(parts) == 1:  # the usual case, made quick when it fits whatever its characters
        full = squash(parts[0].text).strip()
        if full and len(full) * 2 <= limit:
            return (_with_text(parts[0], full),)
    runs: list[tuple[Part, str]] = []
    for part in parts:
        text = squash(part.text)
        if text:
            runs.append((part, text))
    joined = runs[0][1] if len(runs) == 1 else "".join([text for _, text in runs])
    full = joined.strip()
    if not full:
        return ()
    cut = truncate(full, limit)
    if cut == full and full == joined:
        return tuple([_with_text(part, text) for part, text in runs])
    return _cut(runs, joined, full, cut)


def _cut(runs: list[tuple[Part, str]], joined: str, full: str, cut: str) -> tuple[Part, ...]:
    """The runs (squashed texts `joined`, `full` once stripped) made to show `cut`."""
    keep = len(cut) if cut == full else len(cut) - len(ELLIPSIS)
    skip = len(joined) - len(joined.lstrip())
    out: list[Part] = []
    for part, text in runs:
        dropped = min(skip, len(text))
        text, skip = text[dropped:], skip - dropped
        piece = text[:keep]
        keep -= len(piece)
        if piece:
            out.append(_with_text(part, piece))
    if cut != full:
        out.append(Part(ELLIPSIS))
    return tuple(out)


def _span_part(span: Span, bold: bool, italic: bool) -> Part:
    url = safe_url(span.url) if span.url else None
    text = span.text if span.text.strip() else (url or "")
    return Part(text, url, span.bold or bold, span.code, italic)


def _block_parts(note: Note, lang: str) -> list[Part]:
    """The parts of a code block, table, image or embed, condensed to one line."""
    kind = note.kind
    text = clean(note.text).strip()
    first = text.split("\n", 1)[0].strip()
    more = "…" if "\n" in text else ""
    if kind is NoteKind.CODE:
        code = [Part(first + more, code=True)] if first else []
        return [Part(words.text("label.code", lang) + ": "), *code]
    if kind is NoteKind.TABLE:
        rows = len([row for row in text.split("\n") if row.strip()])
        rows_note = f" ({words.text('label.rows', lang, n=rows)})"
        return [Part(words.text("label.table", lang) + ": "), Part(first), Part(rows_note)]
    name = words.text("label.image" if kind is NoteKind.IMAGE else "label.embed", lang)
    url = safe_url(note.url)
    shown = text or url or ""
    return [Part(f"{name}: ")] + ([Part(shown, url=url)] if shown else [])


_BULLET, _ORDERED, _HEADING, _PARAGRAPH, _QUOTE = (
    NoteKind.BULLET,
    NoteKind.ORDERED,
    NoteKind.HEADING,
    NoteKind.PARAGRAPH,
    NoteKind.QUOTE,
)


def note_parts(note: Note, lang: str, limit: int) -> tuple[Part, ...]:
    """The one-line content of a node: its spans, or a condensed code/table/image/embed."""
    kind = note.kind
    if kind is _BULLET or kind is _ORDERED or kind is _PARAGRAPH or kind is _HEADING:
        bold, italic = kind is _HEADING, False
    elif kind is _QUOTE:
        bold, italic = False, True
    else:
        return _tidy(_block_parts(note, lang), limit)
    spans = note.spans
    if len(spans) == 1 and not spans[0].url:  # one plain run that fits: what `_tidy` would give
        span = spans[0]
        text = squash(span.text).strip()
        if text and len(text) * 2 <= limit:
            return (Part(text, None, span.bold or bold, span.code, italic),)
    return _tidy([_span_part(span, bold, italic) for span in spans], limit)


def note_lines(notes: tuple[Note, ...], lang: str, limit: int) -> list[Line]:
    """Every node as a line, depth first. Sub-headings outside lists become bold plain lines
    whose content starts a new list at indent 0; inside lists, nodes are items one level down.
    Nodes with no text are skipped (their children keep the depth). Iterative, so a
    pathologically deep tree cannot exhaust the stack."""
    out: list[Line] = []
    stack: list[tuple[Iterator[Note], int, bool]] = [(iter(notes), 0, False)]
    while stack:
        siblings, depth, in_list = stack[-1]
        for node in siblings:  # resumes where it left off when back from the children
            parts = note_parts(node, lang, limit)
            kind = node.kind
            listed = in_list or kind is _BULLET or kind is _ORDERED
            if parts:
                style = ("ordered" if kind is _ORDERED else "bullet") if listed else None
                out.append(Line(parts, depth if listed else 0, style))
            if node.children:
                inner = (depth + 1 if parts else depth) if listed else 0
                stack.append((iter(node.children), inner, listed))
                break
        else:
            stack.pop()
    return out
