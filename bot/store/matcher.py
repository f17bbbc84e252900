"""`Store.match` on the engines' full-text indexes, ranking only the page.

1. Candidates: talks with every term's tokens (bot/store/tokens.py) in one of the term's fields,
   from the engine's index. A term of one ASCII character has no token: it is only checked.
2. Upper bounds: for each term and each of its fields but the lowest, the candidates that have
   its tokens in that field (usually few: titles, speakers). A candidate's bound is the sum over
   terms of the best such field's weight; every other candidate has the base bound, and those
   come in the engine's own id order (newest first: see bot/store/schema.py). One term: its
   best field's candidates newest first, a page at a time, then the next field's, and so on
   (only what the page needs is read).
3. Exact terms (one token says it all) are scored by the bounds; other terms are checked as
   substrings on the texts, best bound first, until the page cannot change.
4. Totals: exact up to EXACT_CAP candidates (all checked); past that, when a term needs a check,
   the candidates are counted with a sample of about 1/SHARE of them in the same pass (or, on
   PostgreSQL, estimated from a sample level of them for a common word: `Candidates.exact`), the
   sample is checked a hundred at a time until the share that matches is known within a few
   percent (or SAMPLE are checked, from a larger sample if need be), and the total is the
   candidates times that share (`MatchPage.exact` False) — unless that is near EXACT_CAP, then
   all are checked and the total is exact again.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from bot.query import Term
from bot.store.base import MatchPage
from bot.store.matching import Checker, Cond, Index, check_cases
from bot.store.tokens import exact, term_tokens

EXACT_CAP = 1000
"""Candidates checked in full, so that the total is exact."""
SAMPLE = 600
"""Candidates checked to estimate a total past EXACT_CAP, at most."""
SHARE = 64
"""The sample taken while counting past EXACT_CAP candidates: about 1 in SHARE of them."""
SAMPLE_CHUNK = 100
"""Sampled candidates checked at a time, until the share that matches is known well enough."""
PRECISION = 0.05
"""Enough checked: the share's 95 % interval is within this fraction of it."""
CHUNK = 200
"""Candidates checked per query while ranking a page, at most."""
FIRST_CHUNK = 40
"""Candidates checked first (then twice as many each time, up to CHUNK)."""


def match(
    index: Index, terms: Sequence[Term], weights: dict[str, int], *, offset: int, limit: int
) -> MatchPage:
    if not terms:
        return MatchPage(0)
    tokens = [tuple(term_tokens(term.text)) for term in terms]
    conds = [Cond(t, term.fields, term.text) for t, term in zip(tokens, terms, strict=True) if t]
    if not conds:
        return _scan(index, terms, weights, offset=offset, limit=limit)
    all_exact = all(t and exact(term.text) for t, term in zip(tokens, terms, strict=True))
    checker = Checker(index, terms, weights)
    found = index.candidates(conds, EXACT_CAP + 1, 0 if all_exact else SHARE, checker)
    first, total, sample = found.ids, found.total, found.sample
    if total == 0:
        return MatchPage(0)
    if total <= EXACT_CAP and not (all_exact and index.field_lookups_cheap):
        # check them all: exact scores and total
        scores = checker.scores(first)
        hits = [(score, talk_id) for talk_id, score in scores.items() if score is not None]
        return _page(hits, offset, limit, len(hits), exact=True)
    if len(conds) == 1 == len(terms):
        ordered = _by_field(index, conds[0], weights)
    else:
        bounds = _bounds(index, conds, terms, tokens, weights)
        ordered = _ordered(index, conds, bounds, sum(_low(term, weights) for term in terms))
    if all_exact:  # the bounds are the scores, every candidate matches
        page = list(itertools.islice(ordered, offset, offset + limit))
        return MatchPage(total, tuple(i for i, _ in page), tuple(float(s) for _, s in page))
    hits = _rank(ordered, checker, offset + limit)
    if len(checker.known) < total or not found.exact:  # the page settled early: estimate
        estimate, is_exact = _estimate(index, conds, checker, total, sample)
    else:  # every candidate was checked (by the ranking, or in the index's sample)
        is_exact = True
    if is_exact:
        hits = [(s, i) for i, s in checker.known.items() if s is not None]
        estimate = len(hits)
    return _page(hits, offset, limit, estimate, exact=is_exact)


def _fields(term: Term, weights: dict[str, int]) -> list[str]:
    return sorted(term.fields, key=lambda name: -weights[name])


def _low(term: Term, weights: dict[str, int]) -> int:
    """The bound every candidate has for the term: its lowest field's weight (its best one
    when it has no token to tell fields apart)."""
    fields = _fields(term, weights)
    return weights[fields[-1] if term_tokens(term.text) else fields[0]]


def _bounds(
    index: Index,
    conds: Sequence[Cond],
    terms: Sequence[Term],
    tokens: Sequence[tuple[str, ...]],
    weights: dict[str, int],
) -> dict[int, int]:
    """Candidates above the base bound -> how far above (the others have the base)."""
    extra: dict[int, int] = {}
    for term, toks in zip(terms, tokens, strict=True):
        fields = _fields(term, weights)
        if not toks:
            continue
        best: dict[int, int] = {}
        general = Cond(toks, term.fields, term.text)
        for name in reversed(fields[:-1]):  # better fields overwrite
            narrowed = [cond for cond in conds if cond != general]
            narrowed.append(Cond(toks, (name,), term.text))
            for talk_id in index.ids(narrowed):
                best[talk_id] = weights[name] - weights[fields[-1]]
        for talk_id, gain in best.items():
            extra[talk_id] = extra.get(talk_id, 0) + gain
    return extra


def _ordered(
    index: Index, conds: Sequence[Cond], bounds: dict[int, int], base: int
) -> Iterator[tuple[int, int]]:
    """(talk id, bound), best bound first, then highest id (newest, post order)."""
    for talk_id, extra in sorted(bounds.items(), key=lambda item: (-item[1], -item[0])):
        yield talk_id, base + extra
    offset, size = 0, CHUNK + len(bounds)
    while True:
        chunk = index.ids(conds, size, offset)
        for talk_id in chunk:
            if talk_id not in bounds:
                yield talk_id, base
        if len(chunk) < size:
            return
        offset += len(chunk)


def _by_field(index: Index, cond: Cond, weights: dict[str, int]) -> Iterator[tuple[int, int]]:
    """(talk id, bound) for one term, best bound first, then highest id: the candidates with
    its tokens in its best field, then in the next one (those not seen yet), and so on."""
    fields = sorted(cond.fields, key=lambda name: -weights[name])
    seen: set[int] = set()
    for name in fields[:-1]:
        for talk_id in _pages(index, [Cond(cond.tokens, (name,), cond.text)]):
            if talk_id not in seen:
                seen.add(talk_id)
                yield talk_id, weights[name]
    for talk_id in _pages(index, [cond]):
        if talk_id not in seen:
            yield talk_id, weights[fields[-1]]


def _pages(index: Index, conds: Sequence[Cond]) -> Iterator[int]:
    """The ids of the talks meeting every cond, highest first, read a page at a time."""
    offset, size = 0, FIRST_CHUNK
    while True:
        chunk = index.ids(conds, size, offset)
        yield from chunk
        if len(chunk) < size:
            return
        offset += size
        size = min(size * 4, 4 * CHUNK)


Hit = tuple[int, int]  # (score, talk id)


def _rank(ordered: Iterator[tuple[int, int]], checker: Checker, wanted: int) -> list[Hit]:
    """Check candidates best bound first until `wanted` hits beat every unchecked one (a
    candidate's score is at most its bound)."""
    hits: list[Hit] = []
    size = min(max(FIRST_CHUNK, 2 * wanted), CHUNK)
    while True:
        chunk = list(itertools.islice(ordered, size))
        if not chunk:
            return hits
        scores = checker.scores([talk_id for talk_id, _ in chunk])
        hits += [(s, i) for i, s in scores.items() if s is not None]
        if len(chunk) < size:
            return hits
        size = min(size * 2, CHUNK)
        bound = (-chunk[-1][1], -chunk[-1][0])
        if sum(1 for s, i in hits if (-s, -i) < bound) >= wanted:
            return hits


def _estimate(
    index: Index, conds: Sequence[Cond], checker: Checker, total: int, sample: list[int]
) -> tuple[int, bool]:
    """The total past EXACT_CAP candidates: the share of the sample that matches, checked until
    it is known well enough (a larger sample when the one taken while counting is too small);
    near EXACT_CAP every candidate is checked instead (an exact total)."""
    share = _share(checker, sample)
    if share is None:
        share = _share(checker, index.sample(conds, max(1, total // SAMPLE)))
    estimate = round(total * (share or 0.0))
    if estimate <= EXACT_CAP * 1.3:
        scores = checker.scores(index.ids(conds))
        return sum(1 for s in scores.values() if s is not None), True
    return estimate, False


def _share(checker: Checker, sample: list[int]) -> float | None:
    """The share of the sample that matches, checked SAMPLE_CHUNK at a time (spread over it)
    until its 95 % interval is within PRECISION of it or SAMPLE are checked; None when the
    sample ran out first."""
    spread = sample[:: max(1, len(sample) // SAMPLE)][:SAMPLE]
    rounds = max(1, len(spread) // SAMPLE_CHUNK)
    matched = checked = 0
    for start in range(rounds if spread else 0):
        found = checker.scores(spread[start::rounds])
        matched += sum(1 for s in found.values() if s is not None)
        checked += len(found)
        share = (matched + 1) / (checked + 2)
        if checked >= SAMPLE_CHUNK and 1.96 * (share * (1 - share) / checked) ** 0.5 <= (
            PRECISION * share
        ):
            return matched / checked
    return matched / checked if checked >= SAMPLE else None


def _page(hits: list[Hit], offset: int, limit: int, total: int, *, exact: bool) -> MatchPage:
    hits.sort(reverse=True)  # best score, then highest id (talk ids are unique)
    page = hits[offset : offset + limit]
    if not exact:
        total = max(total, len(hits))
    return MatchPage(
        total=total,
        talk_ids=tuple(i for _, i in page),
        scores=tuple(float(s) for s, _ in page),
        exact=exact,
    )


def _scan(
    index: Index, terms: Sequence[Term], weights: dict[str, int], *, offset: int, limit: int
) -> MatchPage:
    """Only one-character ASCII terms: check every talk (no index can narrow them)."""
    cases, params = check_cases(terms, weights, index.instr)
    named = ", ".join(f"{case} AS s{number}" for number, case in enumerate(cases))
    score = " + ".join(f"s{number}" for number in range(len(cases)))
    every = " AND ".join(f"s{number} > 0" for number in range(len(cases)))
    sql = (
        f"SELECT talk_id, {score} AS score, count(*) OVER () FROM"
        f" (SELECT talk_id, {named} FROM talks) AS m WHERE {every}"
        " ORDER BY score DESC, talk_id DESC LIMIT ? OFFSET ?"
    )
    rows = index.fetch(sql, [*params, limit, offset])
    if not rows and offset > 0:
        rows = index.fetch(sql, [*params, 1, 0])
        return MatchPage(int(rows[0][-1]) if rows else 0)
    return MatchPage(
        total=int(rows[0][-1]) if rows else 0,
        talk_ids=tuple(int(row[0]) for row in rows),
        scores=tuple(float(row[1]) for row in rows),
    )
