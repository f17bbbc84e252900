"""`meetup-bot check FILE`: which talks of a post will be posted, and why.

Prints what was found talk by talk (speaker, title, confidence, links by kind), what was left
out and why, and the verdict; when unsure, how to fix it (a `talks:` front matter built from
what was found). Exit 0 when the talks will be posted, 2 when only the announcement will be,
1 for a file that is not a post (the CLI's one-line error). `--json` prints the same for machines.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import IO, Any

from rich.console import Console
from rich.text import Text

from bot.cli import terminal_safe
from bot.model import Post
from bot.parser import parse_post
from bot.parser.files import read_text
from bot.settings import max_talk_messages
from bot.verdict import Verdict, front_matter_kind, verdict_for, verdict_json

EXIT_SURE = 0
EXIT_UNSURE = 2


def register(subparsers: Any) -> None:
    check = subparsers.add_parser(
        "check",
        help="say which talks of a post will be posted and why (exit 0 sure, 2 unsure)",
    )
    check.add_argument("file", help="a markdown post (Jekyll, Hugo, Hexo...)")
    check.add_argument(
        "--language", choices=("ja", "en"), help="language of the report (default: the post's)"
    )
    check.add_argument("--json", action="store_true", help="print JSON for machines")
    check.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    source = os.fspath(args.file)
    text = read_text(source)
    post = parse_post(text, source=source)
    kind = front_matter_kind(text)
    cap = max_talk_messages()
    return check_post(
        post, sys.stdout, kind=kind, language=args.language, as_json=args.json, cap=cap
    )


def check_post(
    post: Post,
    out: IO[str],
    *,
    kind: str | None = None,
    language: str | None = None,
    as_json: bool = False,
    cap: int | None = None,
) -> int:
    """Write the report on a parsed post to `out`; the exit status (0 sure, 2 unsure).
    `cap`: MEETUP_MAX_TALK_MESSAGES, to say which talks the last message lists."""
    verdict = verdict_for(post, language, kind, cap)
    if as_json:
        head = {"file": post.source, "title": post.title, "talks_from": post.talks_from}
        json.dump({**head, **verdict_json(verdict)}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        console = Console(file=out, highlight=False, soft_wrap=True)
        print_verdict(console, post.title, post.source, verdict)
    return EXIT_SURE if verdict.talks_posted else EXIT_UNSURE


def print_verdict(console: Console, title: str, source: str, verdict: Verdict) -> None:
    """The report for people: plain lines (styles only on a terminal), the example verbatim;
    control characters from the post (terminal escapes) shown as `?`."""
    console.print(
        Text(terminal_safe(title), style="bold") + Text(f"  {terminal_safe(source)}", style="dim")
    )
    console.print(Text(verdict.found))
    for talk in verdict.talks:
        line = Text(f"  {talk.number}. ")
        line.append(terminal_safe(talk.title), style="bold")
        line.append(f" — {terminal_safe(talk.speaker)}  ")
        line.append(f"({talk.confidence_label})", style="dim")
        console.print(line)
        for link in talk.links:
            console.print(Text(f"       {link.kind.value}: {terminal_safe(link.url)}"))
    if verdict.left_out:
        console.print(Text(verdict.left_out_heading, style="bold"))
        for unit in verdict.left_out:
            console.print(Text(f"  {terminal_safe(unit.line)}"))
    style = "bold yellow" if verdict.state == "unsure" else "bold green"
    console.print(Text(verdict.summary, style=style))
    if verdict.capped:
        console.print(Text(verdict.capped))
    if verdict.fix:
        console.print(Text(verdict.fix))
        console.print(Text(verdict.example.rstrip("\n")))
