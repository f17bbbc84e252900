"""Answers to `/meetup` commands as Block Kit messages: pure functions, no I/O.

    search_answer(page)            -> the results of `/meetup search` ("about N" for an estimate)
    talks_answer(page)             -> the talks of one meetup (`/meetup talks`)
    pick_answer(selector, refs)    -> a pick list when several meetups match
    shared_answer(hit, query)      -> one result, to post visibly in the channel

A talk's link buttons (Slides, Video, Talk page: `formatters/buttons.py`) say their word in
`language` (`ja`: スライド, 動画, 発表ページ; English by default).
    usage_answer(hint) / notice_answer(text)

Each returns {"text": <fallback>, "blocks": [...]} that `check_message` accepts. Text from posts
is mrkdwn-escaped (`&`, `<`, `>`), so nothing in a post can mention anyone; matched words are
`*bold*`. Buttons carry small JSON `value`s (`hits.action_value`) that bot/slack/actions.py reads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import words
from bot.model import MeetupRef, ResultPage, TalkHit
from formatters.condense import text_size
from formatters.escape import escape_mrkdwn, fit_mrkdwn, safe_url
from formatters.hits import (
    ACTION_NEXT,
    ACTION_PICK,
    ACTION_PREVIOUS,
    MAX_PICKS,
    MAX_TITLE,
    MAX_VALUE,
    action_value,
    format_day,
    hit_blocks,
    hit_text,
    link_elements,
    mrkdwn,
    plain,
)
from formatters.lineup import TEXT_BUDGET, lineup_blocks
from formatters.paging import next_offset, past_end, previous_offset, search_summary
from formatters.talk import talk_title
from formatters.text import one_line

Message = dict[str, Any]
Block = dict[str, Any]


def _nav_button(action_id: str, label: str, value: str) -> Block:
    return {"type": "button", "action_id": action_id, "text": plain(label), "value": value}


def _nav_block(page: ResultPage, kind: str, target: str, language: str | None) -> Block | None:
    """Previous / Next, for the pages that exist (see formatters/paging.py)."""
    buttons: list[Block] = []
    previous, following = previous_offset(page), next_offset(page)
    if previous is not None:
        value = action_value(k=kind, q=target, o=previous)
        buttons.append(_nav_button(ACTION_PREVIOUS, words.text("button.previous", language), value))
    if following is not None:
        value = action_value(k=kind, q=target, o=following)
        buttons.append(_nav_button(ACTION_NEXT, words.text("button.next", language), value))
    if not buttons or any(len(str(b["value"])) > MAX_VALUE for b in buttons):
        return None
    return {"type": "actions", "block_id": f"nav-{page.offset}", "elements": buttons}


def _page_blocks(
    page: ResultPage, kind: str, target: str, share_query: str, language: str | None
) -> list[Block]:
    blocks: list[Block] = []
    for index, hit in enumerate(page.hits):
        if index:
            blocks.append({"type": "divider", "block_id": f"div-{page.offset + index}"})
        number = page.offset + index
        blocks.extend(hit_blocks(hit, number, query=share_query, kind=kind, language=language))
    nav = _nav_block(page, kind, target, language)
    if nav is not None:
        blocks.append(nav)
    return blocks


def search_answer(page: ResultPage, language: str | None = None) -> Message:
    """The answer to `/meetup search QUERY`: best first, Next/Previous when there are more
    ("about N" when the total is an estimate; a Next past the last match says so)."""
    if past_end(page):
        return _no_more_answer(page, language)
    if not page.hits:
        query = one_line(page.query)
        return notice_answer(words.text("search.no_results", language, query=query))
    summary = search_summary(page, language)
    head: Block = {
        "type": "context",
        "block_id": f"summary-{page.offset}",
        "elements": [mrkdwn(fit_mrkdwn(summary, 300))],
    }
    blocks = [head, *_page_blocks(page, "search", page.query, page.query, language)]
    fallback = fit_mrkdwn(
        f"{summary}: " + ", ".join(talk_title(h.talk, language) for h in page.hits), 3000
    )
    return {"text": fallback, "blocks": blocks}


def _no_more_answer(page: ResultPage, language: str | None) -> Message:
    """An empty page after the last match: say so, with a way back."""
    message = notice_answer(search_summary(page, language))
    nav = _nav_block(page, "search", page.query, language)
    if nav is not None:
        message["blocks"].append(nav)
    return message


def talks_answer(page: ResultPage, meetup: MeetupRef, language: str | None = None) -> Message:
    """The talks of one meetup: all of them up to `TALKS_PER_ANSWER`, a page at a time beyond
    (formatters/lineup.py: one block per talk)."""
    if not page.hits:
        return notice_answer(words.text("meetup.no_talks", language, title=one_line(meetup.title)))
    title = fit_mrkdwn(one_line(meetup.title), MAX_TITLE)
    link = safe_url(meetup.url)
    heading = f"<{escape_mrkdwn(link)}|{title}>" if link and len(link) < 2000 else f"*{title}*"
    first, last = page.offset + 1, page.offset + len(page.hits)
    counts = words.text("talks.page", language, first=first, last=last, total=page.total)
    head: Block = {
        "type": "section",
        "block_id": f"meetup-{page.offset}",
        "text": mrkdwn(f"{heading}\n{format_day(meetup.date, language)} · {escape_mrkdwn(counts)}"),
    }
    nav = _nav_block(page, "talks", meetup.post_id, language)
    tail = [nav] if nav else []
    room = TEXT_BUDGET - text_size([head, *tail])
    blocks = [head, *lineup_blocks(page.hits, room, language), *tail]
    fallback = fit_mrkdwn(f"{one_line(meetup.title)}: {counts}", 3000)
    return {"text": fallback, "blocks": blocks}


def pick_answer(
    selector: str, meetups: Sequence[MeetupRef], language: str | None = None
) -> Message:
    """A short pick list: one button per meetup that matches `selector`."""
    question = words.text("pick.meetup", language, selector=one_line(selector))
    buttons: list[Block] = []
    for index, ref in enumerate(meetups[:MAX_PICKS]):
        label = f"{format_day(ref.date, language)} {one_line(ref.title)}"
        buttons.append(
            {
                "type": "button",
                "action_id": f"{ACTION_PICK}_{index}",
                "text": plain(label),
                "value": action_value(k="pick", p=ref.post_id)[:MAX_VALUE],
            }
        )
    blocks: list[Block] = [
        {
            "type": "section",
            "block_id": "pick-question",
            "text": mrkdwn(fit_mrkdwn(question, 3000)),
        }
    ]
    if buttons:
        blocks.append({"type": "actions", "block_id": "pick-list", "elements": buttons})
    if len(meetups) > MAX_PICKS:
        more = words.text("pick.more", language, count=len(meetups) - MAX_PICKS)
        blocks.append(
            {"type": "context", "block_id": "pick-more", "elements": [mrkdwn(escape_mrkdwn(more))]}
        )
    return {"text": fit_mrkdwn(question, 3000), "blocks": blocks}


def shared_answer(hit: TalkHit, query: str, language: str | None = None) -> Message:
    """One result, to post in the channel for everyone (no buttons but its links)."""
    section: Block = {
        "type": "section",
        "block_id": "shared",
        "text": mrkdwn(hit_text(hit, with_snippet=True, language=language)),
    }
    blocks: list[Block] = [section]
    links = link_elements(hit, "shared", language)
    if links:
        blocks.append({"type": "actions", "block_id": "shared-actions", "elements": links})
    origin = (
        words.text("shared.search", language, query=one_line(query))
        if query
        else words.text("shared.talks", language)
    )
    blocks.append(
        {
            "type": "context",
            "block_id": "shared-from",
            "elements": [mrkdwn(fit_mrkdwn(origin, 300))],
        }
    )
    speaker = one_line(hit.talk.speaker or "")
    title = talk_title(hit.talk, language)
    fallback = f"{title} — {speaker}" if speaker else title
    return {"text": fit_mrkdwn(one_line(fallback), 3000), "blocks": blocks}


def usage_answer(hint: str | None = None, language: str | None = None) -> Message:
    """The usage text, after a one-line hint when there is one (already mrkdwn)."""
    blocks: list[Block] = []
    if hint:
        blocks.append({"type": "section", "block_id": "hint", "text": mrkdwn(hint)})
    blocks.append(
        {"type": "section", "block_id": "usage", "text": mrkdwn(words.text("usage", language))}
    )
    return {"text": hint or words.text("usage.fallback", language), "blocks": blocks}


def notice_answer(text: str) -> Message:
    """A one-line answer (no results, an error): `text` is shown as is, escaped."""
    line = fit_mrkdwn(text, 3000)
    return {
        "text": line,
        "blocks": [{"type": "section", "block_id": "notice", "text": mrkdwn(line)}],
    }


_CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,20}$")


def subscriptions_answer(channel_ids: Sequence[str], language: str | None = None) -> Message:
    """The workspace's subscribed channels, as channel links (a malformed id shown as text)."""
    if not channel_ids:
        return notice_answer(words.text("subscriptions.none", language))
    heading = words.text("subscriptions.list", language, count=len(channel_ids))
    shown = [f"<#{c}>" if _CHANNEL_ID.match(c) else escape_mrkdwn(c) for c in channel_ids[:50]]
    lines = "\n".join(f"• {item[:100]}" for item in shown)  # 50 short lines: < 3,000 chars
    return {
        "text": heading,
        "blocks": [
            {"type": "section", "block_id": "subscriptions_heading", "text": mrkdwn(heading)},
            {"type": "section", "block_id": "subscriptions", "text": mrkdwn(lines)},
        ],
    }
