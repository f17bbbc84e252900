"""What `Store.match` asks of a backend's full-text index, and the check both backends share.

A `Cond` is "the talk has every token in one of these fields"; a backend turns a list of them
(all must hold) into SQL selecting talk ids (FTS5 MATCH on SQLite, GIN containment on
PostgreSQL). The substring check of the candidates is plain SQL on the normalised texts (`instr`
or `strpos`), the same on both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from bot.query import Term

Fetch = Callable[[str, Sequence[object]], list[tuple[Any, ...]]]

COLUMNS = {
    "title": "n_title",
    "speaker": "n_speaker",
    "impressions": "n_impressions",
    "notes": "n_notes",
}


@dataclass(frozen=True)
class Cond:
    """Every token in one of the fields (tokens: bot/store/tokens.py); `text` is the term's,
    for a backend that picks its own tokens from it."""

    tokens: tuple[str, ...]
    fields: tuple[str, ...]
    text: str = ""


@dataclass(frozen=True)
class Candidates:
    """The talks meeting every cond, as the index tells them in one go."""

    total: int
    ids: list[int]
    """All of them, highest id first, when there are fewer than asked; otherwise the first ones
    or none (an index need not read them: past that many the matcher reads pages by field)."""
    sample: list[int]
    """When there are as many as asked or more: about 1 in `share` of them (`Index.sample`)."""
    exact: bool = True
    """False: `total` is estimated from a sample, and `ids` may be empty."""


class Index(Protocol):
    """A backend's full-text index, as the matcher uses it."""

    instr: str
    """The SQL function giving the 1-based position of a substring (0 when absent)."""
    field_lookups_cheap: bool
    """Whether a lookup restricted to one field is quicker than checking up to EXACT_CAP
    candidates' texts (FTS5: yes; PostgreSQL: a round trip and a plan each, no)."""

    def fetch(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]: ...

    def count_page(self, conds: Sequence[Cond], limit: int, offset: int) -> tuple[int, list[int]]:
        """How many talks meet every cond, and one page of their ids, highest id first."""

    def ids(self, conds: Sequence[Cond], limit: int | None = None, offset: int = 0) -> list[int]:
        """The ids of the talks meeting every cond, highest first (all, or a page)."""

    def sample(self, conds: Sequence[Cond], step: int) -> list[int]:
        """The ids of about 1 in `step` of the talks meeting every cond, spread over them."""

    def count_sample(self, conds: Sequence[Cond], share: int) -> tuple[int, list[int]]:
        """How many talks meet every cond, and `sample(conds, share)` (in one pass where the
        engine can)."""

    def candidates(
        self, conds: Sequence[Cond], first: int, share: int, checker: Checker | None = None
    ) -> Candidates:
        """How many talks meet every cond, and all their ids when fewer than `first`; when there
        are `first` or more, `sample(conds, share)` instead (none when `share` is 0; an index that
        read them all may give a larger one, up to the matcher's SAMPLE). An index may
        estimate a total far past `first` from a sample instead of counting (`exact` False),
        and with a checker it may check the candidates when it has them all (`Checker.record`),
        all in one go."""

    def among(self, ids: Sequence[int]) -> tuple[str, list[object]]:
        """SQL saying a value is one of `ids` (`IN (?, ...)`), and its parameters."""


def check_cases(
    terms: Sequence[Term], weights: dict[str, int], instr: str
) -> tuple[list[str], list[object]]:
    """A CASE per term: the weight of the best field holding it (0: none), and the parameters."""
    cases: list[str] = []
    params: list[object] = []
    for term in terms:
        whens = []
        for name in sorted(term.fields, key=lambda n: -weights[n]):
            whens.append(f"WHEN {instr}({COLUMNS[name]}, ?) > 0 THEN {int(weights[name])}")
            params.append(term.text)
        cases.append(f"CASE {' '.join(whens)} ELSE 0 END")
    return cases, params


class Checker:
    """Scores of talks for the terms that need a substring check (cached per talk)."""

    CHUNK = 500
    """Talks checked per query (well below any backend's parameter limit)."""

    def __init__(self, index: Index, terms: Sequence[Term], weights: dict[str, int]) -> None:
        self.index = index
        self.cases, self.params = check_cases(terms, weights, index.instr)
        self.known: dict[int, int | None] = {}

    def scores(self, ids: Sequence[int]) -> dict[int, int | None]:
        """talk id -> the checked terms' score, None when a term is missing (or it is gone)."""
        todo = [i for i in ids if i not in self.known]
        for start in range(0, len(todo), self.CHUNK):
            chunk = todo[start : start + self.CHUNK]
            among, values = self.index.among(chunk)
            self.record(
                self.index.fetch(
                    f"SELECT talk_id, {', '.join(self.cases)} FROM talks WHERE talk_id {among}",
                    [*self.params, *values],
                )
            )
            for talk_id in chunk:
                self.known.setdefault(talk_id, None)  # gone
        return {i: self.known[i] for i in ids}

    def record(self, rows: Iterable[Sequence[Any]]) -> None:
        """Rows of a talk id and the value of each of `cases`, checked elsewhere."""
        known = self.known
        for talk_id, *values in rows:
            known[talk_id] = sum(values) if all(values) else None
