"""Paging a `ResultPage`: which Next/Previous offsets to offer, and how to say the total.

Pure functions, shared by the Slack answers (formatters/results.py) and `meetup-bot search`.
Past about a thousand candidates the index estimates the total (`total_exact` False), so the
last page is the first one that comes back shorter than the page size, not `offset >= total`.
"""

from __future__ import annotations

from bot.model import ResultPage


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
