"""Answers remembered for the length of one parse.

Several steps of a parse ask the same question of the same thing (the links of an embed, the
kind of a URL); each answer depends on its key alone. `parse_memo(compute)` gives `compute`
answering each key once, `parse_post` forgets every such answer at its start (`forget_parse`),
and no memo holds more than its limit of keys, so calls outside a parse cannot make it grow. A
parse in another thread that forgets them meanwhile only costs a second computation.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

_FORGET: list[Callable[[], None]] = []
_MISSING: Any = object()


def parse_memo(compute: Callable[[K], V], limit: int = 10_000) -> Callable[[K], V]:
    """`compute`, each key's answer computed once per parse (a closure, not an object with
    `__call__`: the parser calls these thousands of times a post)."""
    known: dict[K, V] = {}

    def remembered(key: K) -> V:
        value: V = known.get(key, _MISSING)
        if value is _MISSING:
            if len(known) >= limit:
                known.clear()
            value = known[key] = compute(key)
        return value

    _FORGET.append(known.clear)
    return remembered


def forget_parse() -> None:
    """Start a parse with nothing remembered."""
    for forget in _FORGET:
        forget()
