"""`Store.match` for the SQL backends: candidates from postings, then a check of the few needed.

1. Each term gets its rarest posting keys (from `gram_stats`); those postings are intersected
   in SQL. A posting row carries the field mask and the date, so SQL filters, scores an upper bound
   and orders candidates without reading a talk.
2. A term that is exactly one key (one non-ASCII character, or two characters) is scored from
   the mask: exact. Other terms are checked as normalised substrings (`instr`) on the talk's
   texts, a chunk at a time, best upper bound first, until the requested page cannot change.
3. Up to EXACT_CAP candidates are all checked (an exact total); past that the total is an
   estimate (`MatchPage.exact` is False): the candidates times the share of checked ones that
   matched.
Terms with no key at all (one ASCII character) are checked on every talk.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from bot.query import Term, exact_key
from bot.store.rows import FIELD_BITS

Fetch = Callable[[str, Sequence[object]], list[tuple[Any, ...]]]

MAX_JOINS = 4
"""Postings intersected in SQL at most (the terms beyond are checked with instr)."""
KEYS_PER_TERM = 1
"""Postings joined per term (the rarest ones) when the term is not one key."""
EXACT_CAP = 1000
"""Candidates checked in full, so that the total is exact."""
CHUNK = 200
"""Candidates checked per query."""
COLUMNS = {
    "title": "n_title",
    "speaker": "n_speaker",
    "impressions": "n_impressions",
    "notes": "n_notes",
}


@dataclass(frozen=True)
class Dialect:
    instr: str
    """The function giving the 1-based position of a substring (0 when absent)."""
    join: str
    """The join that keeps the written order (SQLite's CROSS JOIN) or a plain JOIN."""


@dataclass(frozen=True)
class Plan:
    keys: tuple[int, ...]  # joined postings, rarest first (aliases g0, g1, ...)
    alias: tuple[tuple[int, ...], ...]  # per term: the postings whose masks it uses
    exact: tuple[bool, ...]  # per term: scored from the mask alone
    fields: tuple[tuple[str, ...], ...]  # per term: its fields, best weight first


def _bits(fields: Sequence[str]) -> int:
    return sum(FIELD_BITS[name] for name in set(fields))


def make_plan(terms: Sequence[Term], weights: dict[str, int], df: dict[int, int]) -> Plan:
    """Join each term's exact key, else its KEYS_PER_TERM rarest keys (MAX_JOINS at most)."""
    chosen: list[tuple[int, ...]] = []
    for term in terms:
        key = exact_key(term.text)
        rarest = sorted(term.keys, key=lambda k: (df[k], k))[:KEYS_PER_TERM]
        chosen.append((key,) if key is not None else tuple(rarest))
    ranked = sorted({k for keys in chosen for k in keys}, key=lambda k: (df[k], k))
    joined = tuple(ranked[:MAX_JOINS])
    alias = tuple(tuple(joined.index(k) for k in keys if k in joined) for keys in chosen)
    exact = tuple(
        bool(a) and exact_key(t.text) is not None for a, t in zip(alias, terms, strict=True)
    )
    fields = tuple(tuple(sorted(t.fields, key=lambda n: -weights[n])) for t in terms)
    return Plan(joined, alias, exact, fields)


def _mask(aliases: Sequence[int]) -> str:
    return " & ".join(f"g{alias}.fields" for alias in aliases)


def _ub(plan: Plan, weights: dict[str, int]) -> str:
    parts = []
    for aliases, fields in zip(plan.alias, plan.fields, strict=True):
        if not aliases:
            parts.append(str(int(weights[fields[0]])))
            continue
        whens = " ".join(
            f"WHEN ({_mask(aliases)} & {FIELD_BITS[n]}) <> 0 THEN {int(weights[n])}" for n in fields
        )
        parts.append(f"CASE {whens} ELSE 0 END")
    return " + ".join(parts)


def candidates_sql(
    plan: Plan, weights: dict[str, int], dialect: Dialect
) -> tuple[str, str, list[int]]:
    """(columns, FROM ... WHERE ..., parameters) of the candidates: the columns are
    talk_id, sort_key, ub (the score's upper bound) and each joined posting's mask."""
    source = "grams g0"
    params: list[int] = []
    for index, key in enumerate(plan.keys[1:], start=1):
        source += (
            f" {dialect.join} grams g{index} ON g{index}.gram = ? AND g{index}.talk_id = g0.talk_id"
        )
        params.append(key)
    where = ["g0.gram = ?"]
    params.append(plan.keys[0])
    for aliases, fields in zip(plan.alias, plan.fields, strict=True):
        if aliases:
            where.append(f"({_mask(aliases)} & {_bits(fields)}) <> 0")
    masks = ", ".join(f"g{index}.fields" for index in range(len(plan.keys)))
    columns = f"g0.talk_id, g0.sort_key, {_ub(plan, weights)} AS ub, {masks}"
    return columns, f"FROM {source} WHERE {' AND '.join(where)}", params


ORDER = " ORDER BY ub DESC, g0.sort_key DESC, g0.talk_id LIMIT ? OFFSET ?"


def check_cases(
    terms: Sequence[Term], plan: Plan, weights: dict[str, int], dialect: Dialect
) -> tuple[list[str], list[object], list[int]]:
    """CASE expressions scoring the terms that need a substring check, their parameters, and
    which terms they are."""
    cases: list[str] = []
    params: list[object] = []
    which: list[int] = []
    for index, term in enumerate(terms):
        if plan.exact[index]:
            continue
        whens = []
        for name in plan.fields[index]:
            whens.append(f"WHEN {dialect.instr}({COLUMNS[name]}, ?) > 0 THEN {int(weights[name])}")
            params.append(term.text)
        cases.append(f"CASE {' '.join(whens)} ELSE 0 END")
        which.append(index)
    return cases, params, which


def mask_score(masks: Sequence[int], fields: Sequence[str], weights: dict[str, int]) -> int:
    mask = 15
    for value in masks:
        mask &= int(value)
    for name in fields:
        if mask & FIELD_BITS[name]:
            return int(weights[name])
    return 0
