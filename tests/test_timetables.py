"""A timetable written in a code block: which lines are talks, and which code is no timetable."""

from __future__ import annotations

import pytest

from bot.parser.blocks import Block
from bot.parser.talks.timetables import timetable_talks


def _talks(text: str) -> list[tuple[str | None, str | None]] | None:
    found = timetable_talks(Block("code", text=text))
    return None if found is None else [(t.match.speaker, t.match.title) for t in found]


def test_each_timed_line_naming_a_speaker_is_a_talk() -> None:
    text = """18:30 受付
19:00-19:25 Rust で書く CLI / @cli_rin
19:25〜 Kotlin Multiplatform の今 - Hanna Berg
19:50 休憩
20:00 WebGPU 入門（北野 悠）
20:30 懇親会
"""
    assert _talks(text) == [
        ("@cli_rin", "Rust で書く CLI"),
        ("Hanna Berg", "Kotlin Multiplatform の今"),
        ("北野 悠", "WebGPU 入門"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        # log lines carry seconds: no slot times
        "12:00:01 INFO server started by Jane Doe\n12:00:02 WARN retry / @ops\n"
        "12:00:03 INFO done - Ana Ruiz\n",
        # only one line names a speaker
        "18:30 Doors\n19:00 Opening words\n19:10 Scaling Postgres by Jane Doe\n20:00 Pizza\n",
        # most lines are code, not slots
        'fn main() {\n    let t = 1;\n    println!("{t}");\n}\n'
        "10:00 A talk by Jane Doe\n11:00 Another by Ana Ruiz\n12:00 Third by Li Wei\n"
        "// end\n// end\n// end\n",
        "",
    ],
)
def test_code_that_is_no_timetable_gives_no_talks(text: str) -> None:
    assert _talks(text) is None


def test_only_a_code_block_is_read() -> None:
    text = "19:00 Rust で書く CLI / @cli_rin\n19:30 WebGPU 入門 / 北野 悠\n20:00 Zig / @zig\n"
    assert timetable_talks(Block("paragraph", text=text)) is None
    assert _talks(text) is not None
