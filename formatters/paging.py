"""Paging a `ResultPage`: which Next/Previous offsets to offer, and how to say the total.

Pure functions, shared by the Slack answers (formatters/results.py) and `meetup-bot search`;
`search_summary` is the one line both put over a page of search results.
Past about a thousand candidates the index estimates the total (`total_exact` False), so the
last page is the first one that comes back shorter than the page size, not `offset >= total`.
"""

from __future__ import annotations

import words
from bot.model import ResultPage
from formatters.text import one_line


def total_text(page: ResultPage) -> str:
    """The total as people read it: `1,110`; the "about" is the caller's wording."""
    return f"{page.total:,}"


def next_offset(page: ResultPage) -> int | None:
    """Where the next page starts, or None: after a short page (the matches ran out) or
    when this page reaches the total."""
    following = page.offset + len(page.hits)
    if len(page.hits) < page.limit or following >= page.total:
        return None
    return following


def previous_offset(page: ResultPage) -> int | None:
    """Where the previous page starts, or None on the first page. From an empty page past the
    last match, it is the last page that has matches (when the total is exact)."""
    if page.offset <= 0:
        return None
    previous = page.offset - page.limit
    if past_end(page) and page.total_exact:
        previous = min(previous, (page.total - 1) // page.limit * page.limit)
    return max(previous, 0)


def past_end(page: ResultPage) -> bool:
    """An empty page after the first while the query does match: a Next past the last match."""
    return not page.hits and page.offset > 0 and page.total > 0


def search_summary(page: ResultPage, language: str | None = None) -> str:
    """`1–10 of 12 talks matching “q”`, `1 talk matching “q”`, `of about 1,110` when the
    total is an estimate; `No talks match “q”.`; past the last match, `No more results: …`.
    Plain text: a Slack answer escapes it."""
    query, total = one_line(page.query), total_text(page)
    if page.hits:
        first, last = page.offset + 1, page.offset + len(page.hits)
        shown = f"{first}–{last}" if last > first else str(first)
        if not page.total_exact:
            return words.text(
                "search.summary_about", language, shown=shown, total=total, query=query
            )
        return words.plural(
            "search.summary", page.total, language, shown=shown, total=total, query=query
        )
    if page.total == 0:
        return words.text("search.none", language, query=query)
    if page.total_exact:
        return words.plural("search.no_more", page.total, language, total=total, query=query)
    return words.text("search.no_more_about", language, query=query)
