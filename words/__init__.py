"""Every word meetup-bot shows a person, in English and Japanese: one catalog, one lookup.

    text(key, lang, **values) -> str   the message `key` in `lang`, filled in (Slack answers,
                                       the messages of a post, the preview page, the CLI)
    plural(key, n, lang, **values)     `key.one` for 1, `key.other` (with `n`) otherwise
    said(key, **values) -> Said        a message whose language is chosen later: it reads as
                                       English (logs, `str(error)`), `.text(lang)` renders it in
                                       either; what errors carry (`bot.errors.MeetupBotError`)
    language(tag) -> "en" | "ja"       "ja", "ja-JP", "JA" -> "ja"; anything else, None -> "en"

The catalog itself is `words.catalog.CATALOG` (sections: posts, labels, answers, verdict,
preview, operator, surfaces). Pure data and functions: no I/O; `formatters` and `bot` both
import it, and it imports neither.
"""

from __future__ import annotations

import functools
from typing import Any, Literal

from words.catalog import CATALOG

Lang = Literal["en", "ja"]
LANGUAGES: tuple[Lang, ...] = ("en", "ja")


def language(tag: str | None) -> Lang:
    """Japanese for "ja" (and "ja-JP", "JA"), English for anything else."""
    if tag and tag.strip().lower().split("-")[0].split("_")[0] == "ja":
        return "ja"
    return "en"


def text(key: str, lang: str | None, /, **values: Any) -> str:
    """The message `key` in `lang` with `values` filled in; `Said` values speak `lang` too."""
    if not values:
        return _bare(key, lang)
    entry = CATALOG[key]
    japanese = lang == "ja" or (lang != "en" and language(lang) == "ja")
    template = entry.ja if japanese else entry.en
    for value in values.values():
        if isinstance(value, Said):  # rare: the values themselves speak `lang`
            return template.format(**{name: _in(value, lang) for name, value in values.items()})
    return template.format_map(values)


@functools.lru_cache(maxsize=512)
def _bare(key: str, lang: str | None) -> str:
    """A message without values (a label such as `label.slides`), looked up once per language:
    a post's talk messages ask for the same few again and again."""
    entry = CATALOG[key]
    return (entry.ja if language(lang) == "ja" else entry.en).format()


def plural(key: str, n: int, lang: str | None, /, **values: Any) -> str:
    """`key.one` when `n` is 1, else `key.other` with `n` (and `values`) filled in."""
    return text(f"{key}.one" if n == 1 else f"{key}.other", lang, n=n, **values)


def has(key: str) -> bool:
    """True when the catalog has `key` (for keys built from data, e.g. a Slack error name)."""
    return key in CATALOG


class Said(str):
    """A catalog message with its values, rendered later in the reader's language. As a `str`
    it is the English text (what logs and `str(error)` show); `text(lang)` gives either.

    `Said(key)` without values is the bare template; `.format(**values)` fills it. That is how
    `bot.errors`' old `TEXT.format(...)` names, still used by bot/parser, reach the catalog."""

    key: str
    values: dict[str, Any] | None

    def __new__(cls, key: str, values: dict[str, Any] | None = None) -> Said:
        rendered = CATALOG[key].en if values is None else text(key, "en", **values)
        said = super().__new__(cls, rendered)
        said.key, said.values = key, values
        return said

    def text(self, lang: str | None) -> str:
        if self.values is None:
            entry = CATALOG[self.key]
            return entry.ja if language(lang) == "ja" else entry.en
        return text(self.key, lang, **self.values)

    def format(self, *args: object, **kwargs: Any) -> Said:
        if args:
            raise TypeError("catalog messages take named values only")
        return Said(self.key, kwargs)


def said(key: str, /, **values: Any) -> Said:
    """The message `key` with `values`, in a language chosen when it is shown."""
    return Said(key, values)


def _in(value: Any, lang: str | None) -> Any:
    return value.text(lang) if isinstance(value, Said) else value
