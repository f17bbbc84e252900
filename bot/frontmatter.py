"""Front matter of a post: YAML (`---`) or TOML (`+++`), Jekyll/Octopress/Hexo/Hugo keys, or
Pelican's unfenced `Title: …` lines.

`split_front_matter` cuts the block off the text; `read_front_matter` turns its keys into typed
values (title, date, categories, tags, draft) and keeps the rest in `extra`. A block whose fence
is never closed, or that is not valid YAML/TOML, is a PostError naming the line and column in
the file (the opening fence is line 1).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any, cast

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

import words
from bot.errors import PostError

try:  # the C loader is much faster; fall back to the pure-Python one
    _YamlLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _YamlLoader = yaml.SafeLoader

_FENCES = {"---": "YAML", "+++": "TOML"}
PELICAN = "Pelican"
"""The kind of Pelican's unfenced `Key: value` metadata."""
UNCLOSED = "unclosed "
"""Prefix of the kind `split_front_matter` gives a block whose fence is never closed."""
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_CLOSERS = {"YAML": ("---", "..."), "TOML": ("+++",)}
_DATE_KEYS = ("date", "created_on", "created_at", "pubdate", "publishdate")
_KNOWN = {"title", "categories", "category", "tags", "tag", "draft", "published", *_DATE_KEYS}
_DATE_RE = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})"
    r"(?:[T ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$",
    re.IGNORECASE,
)
_LINE_END = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
"""Where `str.splitlines` cuts."""
_LIST_SPLIT = re.compile(r"\s*,\s*|\s+")
_TRUE = {"true", "yes", "on", "1"}
_FALSE = {"false", "no", "off", "0"}


@dataclass(frozen=True)
class FrontMatter:
    """The typed view of a post's front matter."""

    title: str | None = None
    date: datetime | date | None = None
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    draft: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
    kind: str | None = None
    """`YAML`, `TOML`, `Pelican` or None when the post has no front matter."""


def split_front_matter(text: str) -> tuple[str | None, str, str]:
    """(kind, raw front matter, body). kind is None when the text has no front matter block,
    `unclosed YAML` (or TOML) when its first line opens one that no line closes (the whole text
    is then the body; `read_front_matter` refuses it)."""
    first, sep, rest = text.partition("\n")
    kind = _FENCES.get(first.rstrip())
    if kind is None and _PELICAN_LINE.match(first):
        return _hexo_block(text) or _pelican_block(text)
    if kind is None or not sep:
        return None, "", text
    closers = _CLOSERS[kind]
    start = 0
    for end in _LINE_END.finditer(rest):  # lazily: the block is short, the post may be long
        if rest[start : end.start()].rstrip() in closers:
            return kind, rest[:start], rest[end.end() :]
        start = end.end()
    if start < len(rest) and rest[start:].rstrip() in closers:
        return kind, rest[:start], ""
    return UNCLOSED + kind, "", text


_PELICAN_LINE = re.compile(r"(?P<key>[A-Za-z][A-Za-z_-]{0,30}):[ \t]+(?P<value>\S[^\n]*)")
"""`Title: …`: a line of Pelican's metadata, which opens a post with no fence."""
_PELICAN_MAX = 30


def _pelican_block(text: str) -> tuple[str | None, str, str]:
    """Pelican metadata: `Key: value` lines up to the first blank line, one of them `Title`;
    else the text has no front matter."""
    lines = text.split("\n", _PELICAN_MAX + 1)
    for count, line in enumerate(lines[:_PELICAN_MAX]):
        if not line.strip():
            block = lines[:count]
            if any(line.split(":", 1)[0].strip().lower() == "title" for line in block):
                return PELICAN, "\n".join(block), "\n".join(lines[count:])
            break
        if _PELICAN_LINE.fullmatch(line.rstrip()) is None:
            break
    return None, "", text


_YAML_KEY = re.compile(r"[A-Za-z_][\w-]*:(?:[ \t]|$)")
_HEXO_MAX = 60


def _hexo_block(text: str) -> tuple[str | None, str, str] | None:
    """Hexo's front matter without its opening fence: YAML keys (one of them `title`), then a
    `---` line; None when the text does not open so."""
    lines = text.split("\n", _HEXO_MAX + 1)
    for count, line in enumerate(lines[:_HEXO_MAX]):
        if line.rstrip() == "---":
            block = lines[:count]
            raw = "\n".join(block) + "\n"
            if not any(line.lower().startswith("title:") for line in block) or not _loads(raw):
                return None
            return "YAML", raw, "\n".join(lines[count + 1 :])
        if line.strip() and not (_YAML_KEY.match(line) or line[:1] in " \t-"):
            return None
    return None


def _loads(raw: str) -> bool:
    """Whether `raw` reads as YAML key/value pairs (a fence-less block that does not is prose
    before a rule, not front matter)."""
    try:
        return bool(_load("YAML", raw, ""))
    except PostError:
        return False


def _pelican_keys(raw: str) -> dict[str, Any]:
    """The metadata's keys, lowered; `Status: draft` read as a draft."""
    data: dict[str, Any] = {}
    for line in raw.split("\n"):
        key, _sep, value = line.partition(":")
        data[key.strip().lower()] = value.strip()
    if str(data.get("status", "")).lower() == "draft":
        data["draft"] = True
    return data


def read_front_matter(kind: str | None, raw: str, source: str = "") -> FrontMatter:
    """Parse a raw block (as split off by `split_front_matter`); PostError when it is broken."""
    if kind is None:
        return FrontMatter()
    if kind.startswith(UNCLOSED):
        fence = next(fence for fence, name in _FENCES.items() if kind == UNCLOSED + name)
        raise PostError(
            words.said("post.front_matter_unclosed", path=source or "<text>", fence=fence)
        )
    data = _load(kind, raw, source)
    keys = {str(key).strip().lower(): value for key, value in data.items()}
    extra = {str(key): value for key, value in data.items() if str(key).lower() not in _KNOWN}
    return FrontMatter(
        title=_text(keys.get("title")),
        date=_first_date(keys.get(name) for name in _DATE_KEYS),
        categories=_strings(keys.get("categories", keys.get("category"))),
        tags=_strings(keys.get("tags", keys.get("tag"))),
        draft=_flag(keys.get("draft")) is True or _flag(keys.get("published")) is False,
        extra=extra,
        kind=kind,
    )


def _load(kind: str, raw: str, source: str) -> dict[Any, Any]:
    if kind == PELICAN:
        return _pelican_keys(raw)
    try:
        if kind == "TOML":
            return tomllib.loads(raw)
        data = simple_yaml(raw)
        if data is None:
            data = yaml.load(raw, Loader=_YamlLoader)
    except Exception as error:
        raise _syntax_error(error, kind, source or "<text>") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        reason = f"expected key: value pairs, got {type(data).__name__}"
        raise PostError(
            words.said("post.bad_front_matter", path=source or "<text>", kind=kind, reason=reason)
        )
    return data


_YAML_LINE = re.compile(
    r"""(?P<key>[A-Za-z_][\w-]*): +(?:"(?P<dq>[^"\\]*)"|'(?P<sq>[^']*)'|(?P<seq>\[[^\]]*\])"""
    r"""|(?P<plain>[^-?:,\[\]{}#&*!|>'"%@`\s][^#'"\t]*?)) *""",
    re.ASCII,
)
"""`key: value` on one line: a double- or single-quoted string without escapes, a flow list
(`["a", "b"]`), or a plain scalar without comment, quote or `: ` (what most posts hold)."""
_YAML_SEQ = re.compile(r'\[ *(?:"[^"\\]*" *(?:, *"[^"\\]*" *)*)?\]')
_YAML_ITEM = re.compile(r'"([^"\\]*)"')
_YAML_TAG = "tag:yaml.org,2002:"
_YAML_TYPES = {f"{_YAML_TAG}{name}" for name in ("bool", "int", "float", "null", "timestamp")}


def simple_yaml(raw: str) -> dict[Any, Any] | None:
    """`yaml.load(raw)` for front matter made only of `key: value` lines (`_YAML_LINE`), read
    without starting a YAML parser (~5x faster); None for anything else. Plain scalars are typed
    by PyYAML's own resolver and constructors (`true`, `2019-03-21T00:00:00Z`, `12`)."""
    resolve = cast(Callable[[type, str, tuple[bool, bool]], str], Resolver().resolve)
    constructor = SafeConstructor()
    out: dict[Any, Any] = {}
    for line in raw.split("\n"):
        if not line.strip(" "):
            continue
        found = _YAML_LINE.fullmatch(line)
        if found is None or not line.isprintable():
            return None
        key, plain, seq = found["key"], found["plain"], found["seq"]
        if resolve(ScalarNode, key, (True, False)) != f"{_YAML_TAG}str":
            return None  # `true:`, `null:`: a key YAML reads as another type
        if plain is not None:
            if ": " in plain or plain.endswith(":"):
                return None
            tag = resolve(ScalarNode, plain, (True, False))
            if tag in _YAML_TYPES:
                out[key] = constructor.construct_object(ScalarNode(tag, plain))
            elif tag == f"{_YAML_TAG}str":
                out[key] = plain
            else:
                return None  # `=`: a value YAML cannot construct
        elif seq is not None:
            if not _YAML_SEQ.fullmatch(seq):
                return None
            out[key] = _YAML_ITEM.findall(seq)
        else:
            out[key] = found["dq"] if found["dq"] is not None else found["sq"]
    return out or None


def _syntax_error(error: Exception, kind: str, path: str) -> PostError:
    """The parser's complaint in one line, at the line and column of the file (the block
    starts on line 2); PyYAML's and tomllib's count from the block."""
    if isinstance(error, yaml.MarkedYAMLError) and error.problem_mark is not None:
        mark, reason = error.problem_mark, error.problem or type(error).__name__
        if error.context and error.context_mark is not None:
            at = f"line {error.context_mark.line + 2}, column {error.context_mark.column + 1}"
            reason = f"{error.context} ({at}): {reason}"
        return PostError(
            words.said(
                "post.bad_front_matter_at",
                path=path,
                kind=kind,
                line=mark.line + 2,
                column=mark.column + 1,
                reason=reason,
            )
        )
    reason = " ".join(str(error).split())[:200] or type(error).__name__
    if kind == "TOML":
        reason = _TOML_AT.sub(lambda m: f"(at line {int(m[1]) + 1}, column {m[2]})", reason)
    return PostError(words.said("post.bad_front_matter", path=path, kind=kind, reason=reason))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        return True if word in _TRUE else False if word in _FALSE else None
    return None


def _strings(value: Any) -> tuple[str, ...]:
    """A category/tag value: a string (space or comma separated), a list, nested lists, None."""
    out: list[str] = []
    pending: list[Any] = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, (list, tuple)):
            pending.extend(reversed(item))
        elif isinstance(item, str):
            parts = item.split(",") if "," in item else _LIST_SPLIT.split(item)
            out.extend(part.strip() for part in parts if part.strip())
        elif item is not None and not isinstance(item, dict):
            out.append(str(item))
    return tuple(dict.fromkeys(out))


def _first_date(values: Iterable[Any]) -> datetime | date | None:
    for value in values:
        parsed = parse_date(value)
        if parsed is not None:
            return parsed
    return None


def parse_date(value: Any) -> datetime | date | None:
    """A front-matter date: YAML/TOML date or datetime objects, or one of the usual strings."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return value
    if isinstance(value, time) or not isinstance(value, str):
        return None
    match = _DATE_RE.match(value.strip().strip("\"'").strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, micro, zone = match.groups()
    try:
        if hour is None:
            return date(int(year), int(month), int(day))
        return datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second or 0),
            int((micro or "0").ljust(6, "0")),
            _zone(zone),
        )
    except ValueError:
        return None


def _zone(text: str | None) -> timezone | None:
    if text is None:
        return None
    if text.upper() == "Z":
        return UTC
    digits = text[1:].replace(":", "").ljust(4, "0")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4]))
    if delta >= timedelta(hours=24):
        return None
    return timezone(-delta if text[0] == "-" else delta)
