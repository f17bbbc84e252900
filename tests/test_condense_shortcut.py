"""`select_lines` tries the lines with sizes it need not measure (twice their length, at
least the UTF-16 size) and measures them only when those outgrow the budget: it must choose
exactly what measuring every line chooses."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from formatters.condense import MAX_INDENT, select_lines
from formatters.lines import Line, Part


def _measured(
    lines: Sequence[Line], max_points: int, max_depth: int, budget: int
) -> tuple[list[Line], int]:
    """`select_lines` as it was: every line measured."""
    max_depth = min(max_depth, MAX_INDENT + 1)
    shown: list[Line] = []
    used, full = 0, False
    for line in lines:
        if full or line.indent >= max_depth:
            continue
        cost = line.size + 1
        if len(shown) >= max_points or used + cost > budget:
            full = True
            continue
        shown.append(line)
        used += cost
    return shown, len(lines) - len(shown)


_PART = st.builds(
    Part,
    st.sampled_from(["a", "語", "😀", "ab cd", "メモ", ""]).map(lambda s: s * 3),
    st.sampled_from([None, "https://x.example/😀", "https://y.example/p"]),
)
_LINE = st.builds(Line, st.lists(_PART, min_size=1, max_size=3).map(tuple), st.integers(0, 3))


@settings(max_examples=1000)
@given(
    st.lists(_LINE, max_size=12),
    st.integers(0, 8),
    st.integers(1, 4),
    st.integers(0, 60),
)
def test_lines_chosen_as_when_every_line_is_measured(
    lines: list[Line], max_points: int, max_depth: int, budget: int
) -> None:
    assert select_lines(lines, max_points, max_depth, budget) == _measured(
        lines, max_points, max_depth, budget
    )
