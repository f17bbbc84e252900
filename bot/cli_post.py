"""`meetup-bot parse FILE` and `meetup-bot preview FILE`: one post, no Slack needed."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.model import Post, to_jsonable
from bot.parser import read_post
from bot.settings import max_talk_messages
from formatters import FormatOptions, builder_url, render_post


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
    if args.html:
        from bot.preview.pages import write_post_page

        write_post_page(post, messages, args.html, max_talk_messages=cap)
        return 0
    if args.builder_url:
        for message in messages:
            print(builder_url(message))
    else:
        _print_json(messages)
    return 0


def _print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
