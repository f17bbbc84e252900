"""Parse + condense + format of one post, against markdown-it-py's bare parse of the same text.

Both are timed side by side in one process, interleaved round by round, so machine noise hits
both alike; the result is a ratio. Run: `.venv/bin/python bench/bench_parse.py [POST.md]`
(default: the reference post in ../shared/corpus, else the bundled Japanese example).
It times the code that runs: the compiled build (`scripts/compile`) when it matches the sources,
else the sources (`MEETUP_PURE_PYTHON=1` asks for them); the output says which.

`--against DIR` times another checkout's parser and formatters too (its `bot`, `formatters` and
`words`, loaded into the same process), interleaved with this one: an A/B that machine noise
cannot tilt. `--stat min` takes each side's least CPU time (`time.thread_time`) over the rounds
instead of the median wall time: on a busy machine, the least is the time the code needs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from markdown_it import MarkdownIt

from bot import native
from bot.parser import parse_post
from formatters import render_post

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "corpus" / "seed" / "docker-meetup-tokyo-4.md"
EXAMPLE = REPO / "examples" / "posts" / "2026-10-03-container-night-12.md"
_PACKAGES = ("bot", "formatters", "words")


class Side:
    """One checkout's `parse_post` + `render_post`, with the modules they run in."""

    def __init__(self, name: str, parse: Callable[..., Any], render: Callable[..., Any]) -> None:
        self.name, self.parse, self.render = name, parse, render
        self.modules = _ours()

    def run(self, text: str, source: str) -> None:
        sys.modules.update(self.modules)  # a lazy import inside finds this side's module
        self.render(self.parse(text, source=source))


def _ours() -> dict[str, ModuleType]:
    return {k: v for k, v in sys.modules.items() if k.split(".")[0] in _PACKAGES}


def load_checkout(root: Path) -> Side:
    """The parser and formatters of the checkout at `root`, beside the ones already imported."""
    mine = _ours()
    for name in mine:
        del sys.modules[name]
    sys.path.insert(0, str(root))
    try:
        import bot.parser as other_parser
        import formatters as other_formatters

        side = Side(root.name, other_parser.parse_post, other_formatters.render_post)
    finally:
        sys.path.remove(str(root))
        sys.modules.update(mine)
    return side


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("post", nargs="?", type=Path)
    options.add_argument("--rounds", type=int, default=15)
    options.add_argument("--repeat", type=int, default=20)
    options.add_argument(
        "--all", type=Path, metavar="DIR", help="every *.md in DIR, one ratio each (max <= 5x)"
    )
    options.add_argument("--against", type=Path, metavar="DIR", help="another checkout, A/B")
    options.add_argument("--stat", choices=("median", "min"), default="median")
    args = options.parse_args()
    sides = [Side("this", parse_post, render_post)]
    if args.against is not None:
        sides.insert(0, load_checkout(args.against.resolve()))
    timing = _Timing(args.rounds, args.repeat, args.stat)
    if args.all is not None:
        print(f"parser and formatters: {native.state()} (bot/native.py)")
        _every_post(sorted(args.all.glob("*.md")), sides, timing)
        return
    path = args.post or (REFERENCE if REFERENCE.exists() else EXAMPLE)
    base, mine = timing.ratio(path, sides)
    target = 1.5 if path.resolve() == REFERENCE.resolve() else 5
    print(f"post: {path.name} ({path.stat().st_size:,} bytes)")
    print(f"parser and formatters: {native.state()} (bot/native.py)")
    print(f"markdown-it bare parse : {base * 1e3:8.3f} ms ({args.stat} of {args.rounds} rounds)")
    for side, seconds in zip(sides, mine, strict=True):
        print(f"parse + condense + format ({side.name}): {seconds * 1e3:8.3f} ms")
        print(f"ratio ({side.name}): {seconds / base:.2f}x (target <= {target}x)")


def _every_post(paths: list[Path], sides: list[Side], timing: _Timing) -> None:
    rows = []
    for path in paths:
        base, mine = timing.ratio(path, sides)
        rows.append(([seconds / base for seconds in mine], path.name, base))
    for ratios, name, base in sorted(rows, key=lambda row: row[0][-1], reverse=True):
        shown = "  ".join(f"{ratio:5.2f}x" for ratio in ratios)
        print(f"{shown}  bare {base * 1e3:7.2f} ms  {name}")
    for index, side in enumerate(sides):
        ratios = [row[0][index] for row in rows]
        top, median = max(ratios), statistics.median(ratios)
        print(f"{side.name}: max {top:.2f}x (target <= 5x), median {median:.2f}x")


class _Timing:
    """Rounds of `repeat` calls of each side and of the bare parse, interleaved."""

    def __init__(self, rounds: int, repeat: int, stat: str) -> None:
        self.rounds, self.repeat = rounds, repeat
        self.clock = time.thread_time if stat == "min" else time.perf_counter
        self.pick: Callable[[list[float]], float] = min if stat == "min" else statistics.median

    def ratio(self, path: Path, sides: list[Side]) -> tuple[float, list[float]]:
        """Seconds of the bare markdown-it parse and of each side's (`stat` over the rounds)."""
        text = path.read_text(encoding="utf-8")
        bare = MarkdownIt("commonmark").enable("table")

        def baseline() -> None:
            bare.parse(text)

        runs = [lambda side=side: side.run(text, str(path)) for side in sides]
        for function in (baseline, *runs):
            function()  # warm caches and imports
        base_times: list[float] = []
        times: list[list[float]] = [[] for _ in sides]
        for _ in range(self.rounds):
            base_times.append(self._each(baseline))
            for run, found in zip(runs, times, strict=True):
                found.append(self._each(run))
        return self.pick(base_times), [self.pick(found) for found in times]

    def _each(self, function: Callable[[], object]) -> float:
        started = self.clock()
        for _ in range(self.repeat):
            function()
        return (self.clock() - started) / self.repeat


if __name__ == "__main__":
    main()
