"""`meetup-bot talks [MEETUP]` and `meetup-bot search QUERY`: the Slack commands, in a terminal.

Both read MEETUP_POSTS and MEETUP_DATABASE_URL, sync the index first (only changed posts are
parsed; a progress bar on stderr when it is a terminal), then print a readable list (rich) or,
with `--json`, a JSON document. A talk reads `N. Title — speaker` over its links as the Slack
answer's buttons have them (Slides, Video, Talk page), each URL whole on its line (never
wrapped, so a terminal can open it); the JSON has them all (`links`: `[{kind, url, label}]`).
The list ends saying that drafts are left out. Text from the posts is printed as `check`
prints it: control characters (terminal escapes) show as `?`.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rich.console import Console
from rich.progress import Progress
from rich.text import Text

import words
from bot.catalog import Catalog
from bot.cli import counted, terminal_safe
from bot.errors import QueryError
from bot.indexer import SyncReport, sync_index
from bot.model import MeetupRef, ResultPage, Talk, TalkHit, to_jsonable
from bot.search import find_meetups, meetup_talks, search_talks
from bot.settings import Settings, load_settings
from bot.store import Store, open_store
from formatters.buttons import link_buttons
from formatters.lineup import TALKS_PER_ANSWER
from formatters.paging import next_offset, search_summary
from formatters.talk import talk_title


def register(subparsers: Any) -> None:
    talks = subparsers.add_parser(
        "talks", help="list the talks of a meetup (the latest by default)"
    )
    talks.add_argument("meetup", nargs="*", help="title words, slug or date (2015-01, 2015-01-17)")
    talks.add_argument(
        "--offset",
        type=counted(0),
        default=0,
        help=f"talks to skip (default 0; a meetup shows {TALKS_PER_ANSWER} talks at a time)",
    )
    talks.add_argument("--json", action="store_true", help="print JSON for machines")
    talks.set_defaults(func=run_talks)

    search = subparsers.add_parser("search", help="search talks by title, speaker and notes")
    search.add_argument(
        "query", nargs="+", help='words (all must match), "a phrase", speaker:@name'
    )
    search.add_argument("--limit", type=counted(1), default=10, help="results to show (default 10)")
    search.add_argument("--offset", type=counted(0), default=0, help="results to skip (default 0)")
    search.add_argument("--json", action="store_true", help="print JSON for machines")
    search.set_defaults(func=run_search)


def synced_store(settings: Settings) -> Store:
    """The search index, brought up to date with the posts first (warnings on stderr)."""
    store = open_store(settings.MEETUP_DATABASE_URL)
    try:
        report = _sync(store, Catalog.from_settings(settings), settings.MEETUP_LANGUAGE)
    except BaseException:
        store.close()
        raise
    for line in report.errors:
        print(f"meetup-bot: warning: {terminal_safe(line)}", file=sys.stderr)
    return store


def _sync(store: Store, catalog: Catalog, lang: str | None) -> SyncReport:
    """Sync the index; on a terminal, with a progress bar over the posts to parse."""
    terminal = Console(stderr=True)
    todo = _files_to_read(store, catalog) if terminal.is_terminal else 0
    if not todo:
        return sync_index(store, catalog)
    with Progress(console=terminal, transient=True) as progress:
        task = progress.add_task(words.text("index.progress", lang), total=todo)
        return sync_index(store, catalog, on_parse=lambda: progress.advance(task))


def _files_to_read(store: Store, catalog: Catalog) -> int:
    """Post files whose size or mtime differ from the index's: those the sync reads."""
    if not catalog.folder.is_dir():
        return 0  # the sync says why
    known = store.file_fingerprints()
    count = 0
    for found in catalog.files():
        old = known.get(found.post_id)
        count += old is None or (old.mtime_ns, old.size) != (found.mtime_ns, found.size)
    return count


def run_talks(args: argparse.Namespace) -> int:
    selector = " ".join(args.meetup)
    settings = load_settings()
    with synced_store(settings) as store:
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
    lang = settings.MEETUP_LANGUAGE
    console = _console()
    console.print(Text(terminal_safe(f"{meetup.title}  {_date(meetup)}"), style="bold"))
    if meetup.url:
        console.print(Text(terminal_safe(meetup.url)))
    console.print(Text(_talks_summary(page, meetup.title, lang)))
    for hit in page.hits:
        _print_talk(console, hit.position + 1, hit.talk, lang)
    following = next_offset(page)
    if following is not None:
        more = words.text("talks.more", lang, count=page.total - following, offset=following)
        console.print(Text(more, style="bold"))
    if len(meetups) > 1:
        others = ", ".join(f"{m.title} ({_date(m)})" for m in meetups[1:4])
        also = words.text("talks.also_matching", lang, others=terminal_safe(others))
        console.print(Text(also, style="dim"))
    console.print(Text(words.text("drafts.left_out", lang), style="dim"))
    return 0


def run_search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    settings = load_settings()
    with synced_store(settings) as store:
        page = search_talks(store, query, offset=args.offset, limit=args.limit)
    lang = settings.MEETUP_LANGUAGE
    if args.json:
        _dump(_page_json(page, lang))
        return 0
    console = _console()
    summary = terminal_safe(search_summary(page, lang))
    console.print(Text(summary, style="bold" if page.hits else ""))
    for number, hit in enumerate(page.hits, start=page.offset + 1):
        console.print()
        _print_talk(console, number, hit.talk, lang, hit)
    console.print(Text(words.text("drafts.left_out", lang), style="dim"))
    return 0


def _console() -> Console:
    """stdout, never wrapped by rich: a long URL stays whole on its line (the terminal wraps
    it, and can still open it)."""
    return Console(highlight=False, soft_wrap=True)


def _print_talk(
    console: Console, number: int, talk: Talk, lang: str | None, hit: TalkHit | None = None
) -> None:
    """`N. Title — speaker`; for a search hit its meetup and the matched words; then the
    talk's link buttons (Slides, Video, Talk page) as `Slides: URL` lines. Text from the post
    goes through `terminal_safe`: its control characters (terminal escapes) show as `?`."""
    head = Text(f"{number:>3}. ")
    head.append(terminal_safe(talk_title(talk, lang)), style="bold")
    if talk.speaker:
        head.append(f" — {terminal_safe(talk.speaker)}")
    console.print(head)
    if hit is not None:
        meetup = f"     {hit.meetup.title} ({_date(hit.meetup)})"
        console.print(Text(terminal_safe(meetup), style="dim"))
        if hit.snippet and hit.field != "title":
            line = Text(f"     {hit.field}: ")
            for span in hit.snippet:
                line.append(terminal_safe(span.text), style="bold yellow" if span.bold else "")
            console.print(line)
    for button in link_buttons(talk, words.language(lang)):
        console.print(Text(terminal_safe(f"     {button.label}: {button.url}")))


def _talks_summary(page: ResultPage, title: str, lang: str | None) -> str:
    """`Talks 1–40 of 55`, or `TITLE has no talks listed.` (the words of the Slack answer)."""
    if not page.hits:
        return words.text("meetup.no_talks", lang, title=terminal_safe(title))
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


def _page_json(page: ResultPage, lang: str | None) -> dict[str, Any]:
    return {
        "query": page.query,
        "total": page.total,
        "total_exact": page.total_exact,
        "summary": search_summary(page, lang),
        "offset": page.offset,
        "limit": page.limit,
        "hits": [_hit_json(hit) for hit in page.hits],
    }


def _dump(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
