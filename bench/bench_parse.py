"""Parse + condense + format of one post, against markdown-it-py's bare parse of the same text.

Both are timed side by side in one process, interleaved round by round, so machine noise hits
both alike; the result is a ratio. Run: `.venv/bin/python bench/bench_parse.py [POST.md]`
(default: the reference post in ../shared/corpus, else the bundled Japanese example).
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from markdown_it import MarkdownIt

from bot.parser import parse_post
from formatters import render_post

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "corpus" / "seed" / "docker-meetup-tokyo-4.md"
EXAMPLE = REPO / "examples" / "posts" / "2026-10-03-container-night-12.md"


def _best_of(function: Callable[[], object], repeat: int) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - started) / repeat


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("post", nargs="?", type=Path)
    options.add_argument("--rounds", type=int, default=15)
    options.add_argument("--repeat", type=int, default=20)
    options.add_argument(
        "--all", type=Path, metavar="DIR", help="every *.md in DIR, one ratio each (max <= 5x)"
    )
    args = options.parse_args()
    if args.all is not None:
        _every_post(sorted(args.all.glob("*.md")), args.rounds, args.repeat)
        return
    path = args.post or (REFERENCE if REFERENCE.exists() else EXAMPLE)
    base, mine = _ratio(path, args.rounds, args.repeat)
    print(f"post: {path.name} ({path.stat().st_size:,} bytes)")
    print(f"markdown-it bare parse : {base * 1e3:8.3f} ms (median of {args.rounds} rounds)")
    print(f"parse + condense + format: {mine * 1e3:8.3f} ms")
    print(f"ratio: {mine / base:.2f}x (target <= 1.5x)")


def _every_post(paths: list[Path], rounds: int, repeat: int) -> None:
    ratios = []
    for path in paths:
        base, mine = _ratio(path, rounds, repeat)
        ratios.append((mine / base, path.name, base, mine))
    for ratio, name, base, mine in sorted(ratios, reverse=True):
        print(f"{ratio:5.2f}x  {base * 1e3:7.2f} ms -> {mine * 1e3:7.2f} ms  {name}")
    median = statistics.median(ratio[0] for ratio in ratios)
    print(f"max {max(ratios)[0]:.2f}x (target <= 5x), median {median:.2f}x")


def _ratio(path: Path, rounds: int, repeat: int) -> tuple[float, float]:
    """Median seconds of the bare markdown-it parse and of ours, interleaved round by round."""
    text = path.read_text(encoding="utf-8")
    bare = MarkdownIt("commonmark").enable("table")

    def baseline() -> object:
        return bare.parse(text)

    def ours() -> object:
        return render_post(parse_post(text, source=str(path)))

    baseline(), ours()  # warm caches and imports
    base_times, our_times = [], []
    for _ in range(rounds):
        base_times.append(_best_of(baseline, repeat))
        our_times.append(_best_of(ours, repeat))
    return statistics.median(base_times), statistics.median(our_times)


if __name__ == "__main__":
    main()
