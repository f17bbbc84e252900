"""Run a match (see `bot.store.matching` for the plan): fetch candidates, check, settle a page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.query import Term
from bot.store.base import MatchPage
from bot.store.matching import (
    CHUNK,
    EXACT_CAP,
    ORDER,
    Dialect,
    Fetch,
    Plan,
    candidates_sql,
    check_cases,
    make_plan,
    mask_score,
)

Hit = tuple[int, int, int]  # (score, sort_key, talk_id)
CHECK_CHUNK = 500
"""Talks checked per query (well below any backend's parameter limit)."""


def _order(score: int, sort_key: int, talk_id: int) -> tuple[int, int, int]:
    return (-score, -sort_key, talk_id)


def key_stats(fetch: Fetch, keys: set[int]) -> dict[int, int]:
    ordered = sorted(keys)
    marks = ", ".join("?" * len(ordered))
    rows = fetch(f"SELECT gram, n FROM gram_stats WHERE gram IN ({marks})", ordered)
    return {int(key): int(n) for key, n in rows}


def match(
    fetch: Fetch,
    dialect: Dialect,
    terms: Sequence[Term],
    weights: dict[str, int],
    *,
    offset: int,
    limit: int,
) -> MatchPage:
    if not terms:
        return MatchPage(0)
    keys: set[int] = set()
    for term in terms:
        keys |= term.keys
    if not keys:
        return _scan(fetch, dialect, terms, weights, offset=offset, limit=limit)
    df = key_stats(fetch, keys)
    if any(df.get(key, 0) <= 0 for key in keys):
        return MatchPage(0)  # a key no talk has: nothing can match
    plan = make_plan(terms, weights, df)
    columns, source, params = candidates_sql(plan, weights, dialect)
    total = int(fetch(f"SELECT count(*) {source}", params)[0][0])
    if total == 0:
        return MatchPage(0)
    if all(plan.exact):  # the postings say it all: exact scores and total
        rows = fetch(f"SELECT {columns} {source}{ORDER}", [*params, limit, offset])
        return MatchPage(
            total=total,
            talk_ids=tuple(int(row[0]) for row in rows),
            scores=tuple(float(row[2]) for row in rows),
        )
    checker = _Checker(fetch, dialect, terms, weights, plan)
    if total <= EXACT_CAP:  # check them all, in any order: an exact total
        checker.check(fetch(f"SELECT {columns} {source}", params))
        return checker.page(offset, limit, total, checked=total)
    ordered = f"SELECT {columns} {source}{ORDER}"
    checked = 0
    while checked < total:
        chunk = fetch(ordered, [*params, CHUNK, checked])
        if not chunk:
            break
        checker.check(chunk)
        checked += len(chunk)
        if len(chunk) == CHUNK and checker.settled(offset + limit, next_after=chunk[-1]):
            break
    return checker.page(offset, limit, total, checked=checked)


class _Checker:
    """Checks candidates with instr on the talk texts; collects hits with exact scores."""

    def __init__(
        self,
        fetch: Fetch,
        dialect: Dialect,
        terms: Sequence[Term],
        weights: dict[str, int],
        plan: Plan,
    ) -> None:
        self.fetch = fetch
        self.plan = plan
        self.weights = weights
        self.cases, self.case_params, _ = check_cases(terms, plan, weights, dialect)
        self.hits: list[Hit] = []

    def page(self, offset: int, limit: int, total: int, *, checked: int) -> MatchPage:
        self.hits.sort(key=lambda hit: _order(*hit))
        page = self.hits[offset : offset + limit]
        exact = checked >= total
        if not exact:  # the unchecked candidates match about as often as the checked ones
            total = max(len(self.hits), round(total * len(self.hits) / max(1, checked)))
        return MatchPage(
            total=len(self.hits) if exact else total,
            talk_ids=tuple(hit[2] for hit in page),
            scores=tuple(float(hit[0]) for hit in page),
            exact=exact,
        )

    def settled(self, wanted: int, *, next_after: tuple[Any, ...]) -> bool:
        """Whether `wanted` hits beat every candidate ordered after `next_after` (a candidate's
        true score is at most its ub, and candidates come by ub, date, id)."""
        bound = _order(int(next_after[2]), int(next_after[1]), int(next_after[0]))
        return sum(1 for hit in self.hits if _order(*hit) < bound) >= wanted

    def check(self, candidates: Sequence[tuple[Any, ...]]) -> None:
        for start in range(0, len(candidates), CHECK_CHUNK):
            self._check(candidates[start : start + CHECK_CHUNK])

    def _check(self, chunk: Sequence[tuple[Any, ...]]) -> None:
        ids = [int(row[0]) for row in chunk]
        marks = ", ".join("?" * len(ids))
        checked = {
            int(row[0]): row[1:]
            for row in self.fetch(
                f"SELECT talk_id, {', '.join(self.cases)} FROM talks WHERE talk_id IN ({marks})",
                [*self.case_params, *ids],
            )
        }
        for row in chunk:
            found = checked.get(int(row[0]))
            if found is None or not all(found):
                continue  # a term is not there (or the talk is gone)
            score = sum(int(value) for value in found)
            masks = row[3:]
            for index, aliases in enumerate(self.plan.alias):
                if self.plan.exact[index]:
                    picked = [masks[alias] for alias in aliases]
                    score += mask_score(picked, self.plan.fields[index], self.weights)
            self.hits.append((score, int(row[1]), int(row[0])))


def _scan(
    fetch: Fetch,
    dialect: Dialect,
    terms: Sequence[Term],
    weights: dict[str, int],
    *,
    offset: int,
    limit: int,
) -> MatchPage:
    """Only one-character ASCII terms: check every talk (no posting can narrow them)."""
    plan = Plan(
        (),
        ((),) * len(terms),
        (False,) * len(terms),
        tuple(tuple(sorted(t.fields, key=lambda n: -weights[n])) for t in terms),
    )
    cases, params, _ = check_cases(terms, plan, weights, dialect)
    named = ", ".join(f"{case} AS s{index}" for index, case in enumerate(cases))
    score = " + ".join(f"s{index}" for index in range(len(cases)))
    every = " AND ".join(f"s{index} > 0" for index in range(len(cases)))
    sql = (
        f"SELECT talk_id, {score} AS score, count(*) OVER () FROM"
        f" (SELECT talk_id, sort_key, {named} FROM talks) AS m WHERE {every}"
        " ORDER BY score DESC, sort_key DESC, talk_id LIMIT ? OFFSET ?"
    )
    rows = fetch(sql, [*params, limit, offset])
    if not rows and offset > 0:
        rows = fetch(sql, [*params, 1, 0])
        return MatchPage(int(rows[0][-1]) if rows else 0)
    return MatchPage(
        total=int(rows[0][-1]) if rows else 0,
        talk_ids=tuple(int(row[0]) for row in rows),
        scores=tuple(float(row[1]) for row in rows),
    )
