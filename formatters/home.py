"""The App Home tab as a Block Kit view: pure functions, no I/O.

    home_view(page, language) -> {"type": "home", "blocks": [...]}

From the top: the search box (the same search as `/meetup search`; Enter runs it) with the
results of its query, a page of the latest meetups with their talks, and for admins the state
of each source and the posts held back. Buttons carry the whole view state as their JSON value
(`home_value`), so any click can rebuild the view; bot/slack/home.py reads them back.
Within Slack's limits: at most 100 blocks (`MAX_BLOCKS`), every text object within 3,000
characters; text from posts and sources is mrkdwn-escaped.
"""

from __future__ import annotations

import zlib
from typing import Any

import words
from bot.model import HomePage, MeetupTalks, OperatorStatus, ResultPage
from formatters.escape import escape_mrkdwn, fit_mrkdwn, safe_url
from formatters.hits import MAX_TITLE, action_value, format_day, hit_text, link_elements, mrkdwn
from formatters.hits import plain as button_text
from formatters.lineup import talk_line
from formatters.paging import next_offset, previous_offset, search_summary
from formatters.text import one_line

Block = dict[str, Any]

ACTION_SEARCH = "home_search"
"""The search box (a plain_text_input dispatching on Enter): its value is the query."""
ACTION_PAGE = "home_page"
"""Every Home button (Next/Previous, Clear) starts with it; its value is `home_value(...)`."""
MAX_BLOCKS = 100
"""Slack's limit for a Home view. The most this view takes: 2 (title, search box) + 2 + 2 per
result (bot/slack/home.py asks for 5 at a time) + 3 + 2 per meetup (5 a page) + 4 +
MAX_SOURCES: 56 (tests/test_slack_home.py builds the largest one)."""
MAX_TEXT = 3000
MAX_QUERY = 200
"""The search box's max_length (bot/query.py's MAX_QUERY_LENGTH)."""
TALKS_SHOWN = 8
"""Talks listed under each meetup; `/meetup talks` shows them all."""
TALK_LINE = 300
MAX_SOURCES = 20
MAX_HELD = 8


def home_value(query: str, offset: int, meetups: int) -> str:
    """A button's value: the query, the offset of its results and of the meetups."""
    return action_value(q=query, o=offset, m=meetups)


def _button(suffix: str, label: str, value: str) -> Block:
    return {
        "type": "button",
        "action_id": f"{ACTION_PAGE}_{suffix}",
        "text": button_text(label),
        "value": value,
    }


def _context(text: str, block_id: str) -> Block:
    """A line of plain words (escaped here)."""
    return {"type": "context", "block_id": block_id, "elements": [mrkdwn(fit_mrkdwn(text, 300))]}


def _search_box(query: str, lang: str) -> Block:
    """The input; its block_id follows the query, or Slack would keep the old text in it."""
    element: Block = {
        "type": "plain_text_input",
        "action_id": ACTION_SEARCH,
        "max_length": MAX_QUERY,
        "placeholder": {"type": "plain_text", "text": words.text("home.search_placeholder", lang)},
        "dispatch_action_config": {"trigger_actions_on": ["on_enter_pressed"]},
    }
    if query:
        element["initial_value"] = query[:MAX_QUERY]
    return {
        "type": "input",
        "block_id": f"search-{zlib.crc32(query.encode()):08x}",
        "dispatch_action": True,
        "label": {"type": "plain_text", "text": words.text("home.search_label", lang)},
        "hint": {"type": "plain_text", "text": words.text("home.search_hint", lang)},
        "element": element,
    }


def _results(page: HomePage, lang: str) -> list[Block]:
    results, query = page.results, one_line(page.query)
    clear = _button("clear", words.text("home.clear", lang), home_value("", 0, page.meetups_offset))
    if page.notice or results is None or not results.hits:
        text = page.notice or words.text("search.no_results", lang, query=query)
        notice = _context(text, "results-notice")
        return [notice, {"type": "actions", "block_id": "results-nav", "elements": [clear]}]
    blocks = [_context(search_summary(results, lang), f"results-{results.offset}")]
    for index, hit in enumerate(results.hits):
        number = results.offset + index
        text = fit_mrkdwn(hit_text(hit, with_snippet=True, language=lang), MAX_TEXT)
        blocks.append({"type": "section", "block_id": f"hit-{number}", "text": mrkdwn(text)})
        links = link_elements(hit, str(number), lang)
        if links:
            blocks.append({"type": "actions", "block_id": f"hit-{number}-links", "elements": links})
    nav = _nav(results, page, lang)
    blocks.append({"type": "actions", "block_id": "results-nav", "elements": [*nav, clear]})
    return blocks


def _nav(results: ResultPage, page: HomePage, lang: str) -> list[Block]:
    buttons = []
    previous, following = previous_offset(results), next_offset(results)
    if previous is not None:
        value = home_value(page.query, previous, page.meetups_offset)
        buttons.append(_button("results_prev", words.text("button.previous", lang), value))
    if following is not None:
        value = home_value(page.query, following, page.meetups_offset)
        buttons.append(_button("results_next", words.text("button.next", lang), value))
    return buttons


def _meetup(item: MeetupTalks, number: int, lang: str) -> Block:
    meetup = item.meetup
    title = fit_mrkdwn(one_line(meetup.title), MAX_TITLE)
    link = safe_url(meetup.url)
    heading = f"<{escape_mrkdwn(link)}|{title}>" if link and len(link) < 2000 else f"*{title}*"
    count = words.plural("talk_count", meetup.talk_count, lang)
    lines = [f"{heading}\n{format_day(meetup.date, lang)} · {count}"]
    lines += [talk_line(hit, TALK_LINE, lang) for hit in item.talks[:TALKS_SHOWN]]
    hidden = meetup.talk_count - min(len(item.talks), TALKS_SHOWN)
    if hidden > 0:
        selector = fit_mrkdwn(one_line(meetup.title), 100).replace("`", "'")
        lines.append(words.text("home.more_talks", lang, n=hidden, selector=selector))
    text = "\n".join(lines)
    while len(text) > MAX_TEXT and len(lines) > 1:  # long talk lines: list fewer
        lines.pop(-1)
        text = "\n".join(lines)
    return {"type": "section", "block_id": f"meetup-{number}", "text": mrkdwn(text)}


def _meetups(page: HomePage, lang: str) -> list[Block]:
    blocks: list[Block] = [_header(words.text("home.latest", lang), "latest")]
    if not page.meetups:
        return [*blocks, _context(words.text("home.no_meetups", lang), "no-meetups")]
    first = page.meetups_offset + 1
    last = page.meetups_offset + len(page.meetups)
    blocks.append(_context(words.text("home.meetups_page", lang, first=first, last=last), "page"))
    for index, item in enumerate(page.meetups):
        if index:
            blocks.append({"type": "divider", "block_id": f"meetup-div-{index}"})
        blocks.append(_meetup(item, page.meetups_offset + index, lang))
    buttons = []
    size = len(page.meetups)
    if page.meetups_offset > 0:
        value = home_value(page.query, _offset(page), max(page.meetups_offset - size, 0))
        buttons.append(_button("meetups_prev", words.text("button.previous", lang), value))
    if page.more_meetups:
        value = home_value(page.query, _offset(page), page.meetups_offset + size)
        buttons.append(_button("meetups_next", words.text("button.next", lang), value))
    if buttons:
        blocks.append({"type": "actions", "block_id": "meetups-nav", "elements": buttons})
    return blocks


def _offset(page: HomePage) -> int:
    return page.results.offset if page.results is not None else 0


def _header(text: str, block_id: str) -> Block:
    return {"type": "header", "block_id": block_id, "text": {"type": "plain_text", "text": text}}


def _operator(status: OperatorStatus, lang: str) -> list[Block]:
    reason = one_line(status.degraded_reason)
    state = words.text("home.status_degraded", lang, reason=reason) if reason else None
    blocks = [
        {"type": "divider", "block_id": "operator-div"},
        _header(words.text("home.operator", lang), "operator"),
        _context(state or words.text("home.status_ok", lang), "operator-status"),
    ]
    for index, source in enumerate(status.sources[:MAX_SOURCES]):
        name = fit_mrkdwn(one_line(source.name), 200)
        lines = [f"*{name}* ({escape_mrkdwn(source.kind)})"]
        when = source.last_read
        read = words.text("home.last_read", lang, when=when) if when else None
        lines.append(read or words.text("home.never_read", lang))
        if source.last_error:
            error = fit_mrkdwn(one_line(source.last_error), 1000)
            failures = max(source.failures, 1)
            lines.append(words.text("home.last_error", lang, failures=failures, error=error))
        text = mrkdwn("\n".join(lines))  # each line escaped and bounded
        blocks.append({"type": "section", "block_id": f"source-{index}", "text": text})
    hidden = len(status.sources) - MAX_SOURCES
    if hidden > 0:
        blocks.append(_context(words.text("home.sources_more", lang, n=hidden), "sources-more"))
    return [*blocks, _held(status, lang)]


def _held(status: OperatorStatus, lang: str) -> Block:
    lines = [f"*{words.text('home.held', lang)}*"]
    for post in status.held[:MAX_HELD]:
        title = fit_mrkdwn(one_line(post.title or post.post_id), 100)
        reason = fit_mrkdwn(one_line(post.reason), 160)
        key = f"home.state.{post.state}"
        state = words.text(key, lang) if words.has(key) else escape_mrkdwn(post.state)
        lines.append(f"• {title} — {state}" + (f": {reason}" if reason else ""))
    if not status.held:
        lines.append(words.text("home.held_none", lang))
    elif len(status.held) > MAX_HELD:
        lines.append(words.text("home.held_more", lang, n=len(status.held) - MAX_HELD))
    text = mrkdwn("\n".join(lines))  # each line escaped and bounded
    return {"type": "section", "block_id": "held", "text": text}


def home_view(page: HomePage, language: str | None = None) -> dict[str, Any]:
    """The Home tab's view for `page` (see the module doc)."""
    lang = words.language(language)
    blocks: list[Block] = [_header(words.text("home.title", lang), "title")]
    blocks.append(_search_box(page.query, lang))
    if page.query:
        blocks += _results(page, lang)
    blocks += _meetups(page, lang)
    if page.operator is not None:
        blocks += _operator(page.operator, lang)
    return {"type": "home", "blocks": blocks}
