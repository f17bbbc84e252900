"""`/meetup search` and `/meetup talks`: the query language, ranking and snippets.

Ranking: every term must match (a normalised substring of one of its fields). A term scores the
weight of the best field it is found in (title > speaker > impressions > notes); a talk scores the
sum over terms; ties go to the newer meetup, then post order. Each hit carries a snippet of the
best field around the match, with the matched text as bold spans.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

import words
from bot.errors import QueryError
from bot.model import MeetupRef, ResultPage, Span, TalkHit
from bot.query import MAX_QUERY_LENGTH, QuerySyntaxError, Term, normalize, parse_query
from bot.query import _clusters as clusters
from bot.store.base import Store, StoredTalk, field_texts

__all__ = ["QueryError", "find_meetups", "meetup_talks", "parse", "search_talks"]

FIELD_WEIGHTS = {"title": 8, "speaker": 4, "impressions": 2, "notes": 1}
"""A title match outweighs any number of lesser ones for one term."""
MAX_LIMIT = 100
SNIPPET_CHARS = 120
SNIPPET_BEFORE = 40


def parse(query: str) -> list[Term]:
    """The terms of a query; QueryError (a polite one-liner) when it cannot be searched."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(words.said("query.too_long", length=len(query), limit=MAX_QUERY_LENGTH))
    try:
        return parse_query(query)
    except QuerySyntaxError:
        raise QueryError(words.said("query.empty")) from None


def _page_args(offset: int, limit: int) -> tuple[int, int]:
    return max(0, int(offset)), min(MAX_LIMIT, max(1, int(limit)))


def search_talks(store: Store, query: str, *, offset: int = 0, limit: int = 5) -> ResultPage:
    """Talks matching the query, best first, one page of them."""
    terms = parse(query)
    offset, limit = _page_args(offset, limit)
    page = store.match(terms, FIELD_WEIGHTS, offset=offset, limit=limit)
    talks = store.get_talks(page.talk_ids)
    scores = dict(zip(page.talk_ids, page.scores, strict=False))
    hits = tuple(_hit(stored, terms, scores.get(stored.talk_id, 0.0)) for stored in talks)
    return ResultPage(query, hits, page.total, offset, limit, total_exact=page.exact)


def meetup_talks(store: Store, post_id: str, *, offset: int = 0, limit: int = 10) -> ResultPage:
    """The talks of one meetup, in post order (an empty page for an unknown id)."""
    offset, limit = _page_args(offset, limit)
    meetup = store.get_meetup(post_id)
    if meetup is None:
        return ResultPage(query=post_id, hits=(), total=0, offset=offset, limit=limit)
    talks = store.meetup_talks(post_id, offset=offset, limit=limit)
    hits = tuple(TalkHit(meetup=t.meetup, talk=t.talk, position=t.position) for t in talks)
    return ResultPage(query=post_id, hits=hits, total=meetup.talk_count, offset=offset, limit=limit)


# --- meetups -------------------------------------------------------------------------------------

_DATE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$")


def _date_text(value: datetime | date | None) -> str:
    return "" if value is None else value.isoformat()[:10]


def _token_pattern(token: str) -> re.Pattern[str]:
    pattern = re.escape(token)
    if token[0].isdigit():
        pattern = r"(?<!\d)" + pattern
    if token[-1].isdigit():
        pattern += r"(?!\d)"
    return re.compile(pattern)


def find_meetups(store: Store, selector: str) -> list[MeetupRef]:
    """Meetups matching a selector, best first: "" is the latest; a date or date prefix
    (`2015-01`, `2015/01/17`); a post id (`2015-01-17-docker-4`); else words of the title or
    the post id (`docker meetup #4`).
    The store narrows by substring; the ranking and digit boundaries are checked here."""
    wanted = normalize(selector)
    if not wanted:
        return store.list_meetups(limit=1)
    if len(wanted) > MAX_QUERY_LENGTH:
        return []
    by_id = store.get_meetup(selector.strip())
    if by_id is not None:
        return [by_id]
    match = _DATE.match(wanted)
    if match:
        year, month, day = match.groups()
        prefix = (
            year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")
        )
        dated = store.list_meetups(day_prefix=prefix)
        if dated:
            return dated
    words = [token for token in wanted.split(" ") if token]
    tokens = [_token_pattern(token) for token in words]
    whole = _token_pattern(wanted)
    ranked: list[tuple[int, int, MeetupRef]] = []
    for order, meetup in enumerate(store.list_meetups(contains=words)):  # newest first
        title = normalize(meetup.title)
        if wanted == normalize(meetup.post_id):
            rank = 0
        elif wanted == title:
            rank = 1
        elif whole.search(title):
            rank = 2
        else:
            haystack = f"{title} {normalize(meetup.post_id)} {_date_text(meetup.date)}"
            if not all(token.search(haystack) for token in tokens):
                continue
            rank = 3
        ranked.append((rank, order, meetup))
    ranked.sort(key=lambda item: item[:2])
    return [meetup for _, _, meetup in ranked]


# --- hits and snippets ---------------------------------------------------------------------------


def _normalize_spans(text: str) -> tuple[str, list[int], list[int]]:
    """Normalised text with, per character, the [start, end) of the original it came from."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for start, cluster in clusters(text):
        norm = normalize(cluster) if not cluster.isspace() else " "
        for char in norm:
            if char == " " and (not out or out[-1] == " "):
                continue
            out.append(char)
            starts.append(start)
            ends.append(start + len(cluster))
    return "".join(out), starts, ends


def _matches(norm: str, needles: Sequence[str]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for needle in needles:
        index = norm.find(needle)
        while index >= 0:
            found.append((index, index + len(needle)))
            index = norm.find(needle, index + 1)
    found.sort()
    merged: list[tuple[int, int]] = []
    for start, end in found:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def snippet(text: str, needles: Sequence[str]) -> tuple[Span, ...]:
    """The line of `text` matching the most needles, cut around the first match, matched
    text bold (needles are normalised; matching ignores case and width)."""
    best: tuple[int, str, list[tuple[int, int]]] | None = None
    for line in text.split("\n"):
        norm, starts, ends = _normalize_spans(line)
        found = _matches(norm, needles)
        distinct = sum(1 for needle in needles if needle in norm)
        if found and (best is None or distinct > best[0]):
            best = (distinct, line, [(starts[s], ends[e - 1]) for s, e in found])
    if best is None:
        first = text.split("\n", 1)[0]
        cut = first[:SNIPPET_CHARS]
        return (Span(cut + ("…" if len(first) > SNIPPET_CHARS else "")),) if cut else ()
    _, line, spans = best
    window_start = max(0, spans[0][0] - SNIPPET_BEFORE)
    window_end = min(len(line), window_start + SNIPPET_CHARS)
    window_start = max(0, min(window_start, window_end - SNIPPET_CHARS))
    out: list[Span] = []
    if window_start > 0:
        out.append(Span("…"))
    cursor = window_start
    for start, end in spans:
        start, end = max(start, cursor), min(end, window_end)
        if start >= end:
            continue
        if start > cursor:
            out.append(Span(line[cursor:start]))
        out.append(Span(line[start:end], bold=True))
        cursor = end
    if cursor < window_end:
        out.append(Span(line[cursor:window_end]))
    if window_end < len(line):
        out.append(Span("…"))
    # Merge neighbouring plain spans (the ellipsis with its text).
    merged: list[Span] = []
    for span in out:
        if merged and not span.bold and not merged[-1].bold:
            merged[-1] = Span(merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)


def _hit(stored: StoredTalk, terms: Sequence[Term], score: float) -> TalkHit:
    texts = field_texts(stored.talk)
    best_field = ""
    for name in sorted(FIELD_WEIGHTS, key=lambda n: -FIELD_WEIGHTS[n]):
        norm = normalize(texts[name])
        if any(name in term.fields and term.text in norm for term in terms):
            best_field = name
            break
    needles = [term.text for term in terms if best_field in term.fields]
    spans = snippet(texts[best_field], needles) if best_field else ()
    return TalkHit(
        meetup=stored.meetup,
        talk=stored.talk,
        position=stored.position,
        field=best_field,
        snippet=spans,
        score=score,
    )
