"""`meetup-bot parse FILE` and `meetup-bot preview FILE`: one post, no Slack needed.

`preview` prints the messages as JSON; `--builder-url` one labelled Block Kit Builder link per
message (`Announcement: URL`, `Talk 1 of 4 · Title — speaker: URL`); `--html OUT` writes the
page and says where on stderr."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

import words
from bot.model import Post, Talk, to_jsonable
from bot.parser import read_post
from bot.settings import max_talk_messages
from formatters import FormatOptions, builder_url, own_talk_messages, render_post
from formatters.talk import talk_title
from formatters.text import one_line


def register(subparsers: Any) -> None:
    parse = subparsers.add_parser("parse", help="print a post parsed, as JSON")
    parse.add_argument("file", help="a markdown post (Jekyll, Hugo, Hexo...)")
    parse.set_defaults(func=run_parse)

    preview = subparsers.add_parser(
        "preview", help="print the Slack messages a post would become, as JSON"
    )
    preview.add_argument("file", help="a markdown post (Jekyll, Hugo, Hexo...)")
    preview.add_argument(
        "--builder-url",
        action="store_true",
        help="print a Block Kit Builder link per message instead of JSON",
    )
    preview.add_argument(
        "--language", choices=("ja", "en"), help="UI language (default: the post's)"
    )
    preview.add_argument("--post-url", help="the post's public URL, for 'read the full post' links")
    preview.add_argument(
        "--html",
        metavar="OUT.html",
        help="write the messages as an HTML page, drawn the way Slack shows them",
    )
    preview.set_defaults(func=run_preview)


def parse_json(post: Post) -> dict[str, Any]:
    """What `meetup-bot parse` prints for a post (the scorer's input)."""
    out: dict[str, Any] = to_jsonable(post)
    return out


def run_parse(args: argparse.Namespace) -> int:
    _print_json(parse_json(read_post(args.file)))
    return 0


def run_preview(args: argparse.Namespace) -> int:
    post = read_post(args.file)
    cap = max_talk_messages()
    options = FormatOptions(language=args.language, post_url=args.post_url, max_talk_messages=cap)
    messages = render_post(post, options)
    lang = words.language(options.language or post.language)
    if args.html:
        from bot.preview.pages import write_post_page

        write_post_page(post, messages, args.html, max_talk_messages=cap)
        written = words.plural("preview.written", len(messages), lang, path=args.html)
        print(written, file=sys.stderr)
        return 0
    if args.builder_url:
        for label, message in zip(message_labels(post, options, lang), messages, strict=True):
            print(f"{label}: {builder_url(message)}")
    else:
        _print_json(messages)
    return 0


def message_labels(post: Post, options: FormatOptions, lang: str) -> list[str]:
    """Which message each of `render_post`'s is: the announcement, each talk of its own, and
    past MEETUP_MAX_TALK_MESSAGES the last one listing the rest."""
    announcement = words.text("builder.announcement", lang)
    if not post.talks_posted:
        return [announcement]
    own, total = own_talk_messages(post, options), len(post.talks)
    talks = [
        f"{words.text('label.talk_position', lang, i=i + 1, n=total)}"
        f" · {_talk_name(post.talks[i], lang)}"
        for i in range(own)
    ]
    rest = [words.plural("builder.more_talks", total - own, lang)] if own < total else []
    return [announcement, *talks, *rest]


def _talk_name(talk: Talk, lang: str) -> str:
    """`Title — speaker` (`(untitled) — speaker`), as the announcement lists the talk."""
    speaker = one_line(talk.speaker or "")
    title = talk_title(talk, lang)
    return f"{title} — {speaker}" if speaker else title


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
