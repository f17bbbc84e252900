"""`meetup-bot talks [MEETUP]` and `meetup-bot search QUERY`: the Slack commands, in a terminal.

Both read MEETUP_POSTS and MEETUP_DATABASE_URL, sync the index first (only changed posts are
parsed), then print a readable list (rich) or, with `--json`, a JSON document. A talk shows its
links as the Slack answer's buttons do (Slides, Video, Talk page); the JSON has them all
(`links`: `[{kind, url, label}]`).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

import words
from bot.catalog import Catalog
from bot.errors import QueryError
from bot.indexer import sync_index
from bot.model import MeetupRef, ResultPage, Talk, TalkHit, to_jsonable
from bot.search import find_meetups, meetup_talks, search_talks
from bot.settings import Settings, load_settings
from bot.store import Store, open_store
from formatters.buttons import link_buttons
from formatters.lineup import TALKS_PER_ANSWER
from formatters.paging import next_offset, total_text


def register(subparsers: Any) -> None:
    talks = subparsers.add_parser(
        "talks", help="list the talks of a meetup (the latest by default)"
    )
    talks.add_argument("meetup", nargs="*", help="title words, slug or date (2015-01, 2015-01-17)")
    talks.add_argument(
        "--offset",
        type=int,
        default=0,
        help=f"talks to skip (default 0; a meetup shows {TALKS_PER_ANSWER} talks at a time)",
    )
    talks.add_argument("--json", action="store_true", help="print JSON for machines")
    talks.set_defaults(func=run_talks)

    search = subparsers.add_parser("search", help="search talks by title, speaker and notes")
    search.add_argument(
        "query", nargs="+", help='words (all must match), "a phrase", speaker:@name'
    )
    search.add_argument("--limit", type=int, default=10, help="results to show (default 10)")
    search.add_argument("--offset", type=int, default=0, help="results to skip (default 0)")
    search.add_argument("--json", action="store_true", help="print JSON for machines")
    search.set_defaults(func=run_search)


def _synced_store(settings: Settings) -> Store:
    store = open_store(settings.MEETUP_DATABASE_URL)
    try:
        report = sync_index(store, Catalog.from_settings(settings))
    except BaseException:
        store.close()
        raise
    for line in report.errors:
        print(f"meetup-bot: warning: {line}", file=sys.stderr)
    return store


def run_talks(args: argparse.Namespace) -> int:
    selector = " ".join(args.meetup)
    settings = load_settings()
    with _synced_store(settings) as store:
        meetups = find_meetups(store, selector)
        if not meetups:
            raise QueryError(words.said("meetup.not_found", selector=selector))
        page = meetup_talks(store, meetups[0].post_id, offset=args.offset, limit=TALKS_PER_ANSWER)
    if not page.hits and page.offset:
        past = words.said(
            "talks.past_end", offset=page.offset, title=meetups[0].title, total=page.total
        )
        raise QueryError(past)
    meetup = meetups[0]
    if args.json:
        _dump(
            {
                "meetup": _meetup_json(meetup),
                "total": page.total,
                "offset": page.offset,
                "limit": page.limit,
                "talks": [_talk_json(h) for h in page.hits],
            }
        )
        return 0
    console = Console(highlight=False)
    console.print(Text(f"{meetup.title}  {_date(meetup)}", style="bold"))
    url = meetup.url
    if url:
        console.print(url)
    lang = settings.MEETUP_LANGUAGE
    console.print(_talks_summary(page, lang))
    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("#", justify="right")
    table.add_column("Speaker")
    table.add_column("Title")
    table.add_column("Links", overflow="fold")
    for hit in page.hits:
        table.add_row(
            str(hit.position + 1),
            hit.talk.speaker or "",
            hit.talk.title or "",
            "\n".join(_link_lines(hit.talk, lang)),
        )
    console.print(table)
    following = next_offset(page)
    if following is not None:
        rest = page.total - following
        more = words.text("talks.more", lang, count=rest, offset=following)
        console.print(Text(more, style="bold"))
    if len(meetups) > 1:
        others = ", ".join(f"{m.title} ({_date(m)})" for m in meetups[1:4])
        console.print(Text(f"Also matching: {others}", style="dim"))
    return 0


def run_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    settings = load_settings()
    with _synced_store(settings) as store:
        page = search_talks(store, query, offset=args.offset, limit=args.limit)
    if args.json:
        _dump(_page_json(page))
        return 0
    console = Console(highlight=False)
    console.print(Text(_summary(page), style="bold" if page.hits else ""))
    for number, hit in enumerate(page.hits, start=page.offset + 1):
        console.print()
        head = Text(f"{number}. ")
        head.append(hit.talk.title or "(untitled)", style="bold")
        if hit.talk.speaker:
            head.append(f" — {hit.talk.speaker}")
        console.print(head)
        console.print(Text(f"   {hit.meetup.title} ({_date(hit.meetup)})", style="dim"))
        if hit.snippet and hit.field != "title":
            line = Text(f"   {hit.field}: ")
            for span in hit.snippet:
                line.append(span.text, style="bold yellow" if span.bold else "")
            console.print(line)
        for link in _link_lines(hit.talk, settings.MEETUP_LANGUAGE):
            console.print(f"   {link}")
    return 0


def _link_lines(talk: Talk, lang: str | None) -> list[str]:
    """`Slides: URL`, `Video: URL`, `Talk page: URL`: the talk's link buttons, as text."""
    return [f"{b.label}: {b.url}" for b in link_buttons(talk, words.language(lang))]


def _summary(page: ResultPage) -> str:
    """`1–10 of 12 talks matching 'q'`; `of about 1,110` when the total is an estimate."""
    query, total = page.query, total_text(page)
    about = "" if page.total_exact else "about "
    if page.hits:
        first, last = page.offset + 1, page.offset + len(page.hits)
        return f"{first}–{last} of {about}{total} talks matching {query!r}"
    if page.total == 0:
        return f"No talks match {query!r}."
    where = f"offset {page.offset}"
    if page.total_exact:
        return f"No more results: all {total} talks matching {query!r} come before {where}."
    return f"No more results for {query!r} at {where}."


def _talks_summary(page: ResultPage, lang: str | None) -> str:
    """`Talks 1–40 of 55` (the words of the Slack answer)."""
    last = page.offset + len(page.hits)
    return words.text("talks.page", lang, first=page.offset + 1, last=last, total=page.total)


def _date(meetup: MeetupRef) -> str:
    return "" if meetup.date is None else meetup.date.isoformat()[:10]


def _meetup_json(meetup: MeetupRef) -> dict[str, Any]:
    """The meetup as the rest of the bot names it: the preview's and the publisher's id
    (`2026-10-03-container-night-12`) and the URL the announcement links to."""
    return {
        "post_id": meetup.post_id,
        "title": meetup.title,
        "date": None if meetup.date is None else meetup.date.isoformat(),
        "url": meetup.url,
        "talk_count": meetup.talk_count,
    }


def _hit_json(hit: TalkHit) -> dict[str, Any]:
    """A search hit: its meetup (hits span meetups), then the talk."""
    return {"meetup": _meetup_json(hit.meetup), **_talk_json(hit)}


def _talk_json(hit: TalkHit) -> dict[str, Any]:
    out: dict[str, Any] = {
        "position": hit.position,
        "speaker": hit.talk.speaker,
        "title": hit.talk.title,
        "slides_url": hit.talk.slides_url,
        "links": to_jsonable(hit.talk.links),
    }
    if hit.field:
        out["field"] = hit.field
        out["snippet"] = "".join(span.text for span in hit.snippet)
        out["matched"] = [span.text for span in hit.snippet if span.bold]
        out["score"] = hit.score
    return out


def _page_json(page: ResultPage) -> dict[str, Any]:
    return {
        "query": page.query,
        "total": page.total,
        "total_exact": page.total_exact,
        "summary": _summary(page),
        "offset": page.offset,
        "limit": page.limit,
        "hits": [_hit_json(hit) for hit in page.hits],
    }


def _dump(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
