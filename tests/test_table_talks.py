"""Talks listed as table rows (bot.parser.talks.tables): a header names the columns."""

from __future__ import annotations

from bot.parser import parse_post

TIMETABLE = """---
title: Night of Queues
---

| Time | Speaker | Talk | Slides |
|------|---------|------|--------|
| 19:00 | - | Open | |
| 19:10 | Ravi Menon | Backpressure, gently | [link](https://speakerdeck.com/ravi/backpressure) |
| 19:40 | Organiser @odileb | Retry budgets | |
| 20:10 | | Break | |
| 20:20 | Li Wei | Poison messages | [link](https://example.com/li/poison.pdf) |
| 21:00 | | 懇親会 | |
"""

NOTES_TABLE = """---
title: Benchmarks
---

| Engine | p50 | p99 |
|--------|-----|-----|
| A | 2 ms | 8 ms |
| B | 11 ms | 330 ms |
"""

TITLE_ONLY = """---
title: Lightning round
---

| # | タイトル |
|---|---------|
| 1 | 型の話 Sakura さん |
| 2 | @kumo 「テストの話」 |
"""


def test_rows_are_talks_and_programme_rows_are_not() -> None:
    post = parse_post(TIMETABLE, source="night.md")
    got = [(t.speaker, t.title, t.slides_url) for t in post.talks]
    assert got == [
        ("Ravi Menon", "Backpressure, gently", "https://speakerdeck.com/ravi/backpressure"),
        ("@odileb", "Retry budgets", None),
        ("Li Wei", "Poison messages", "https://example.com/li/poison.pdf"),
    ]


def test_a_table_of_numbers_holds_no_talks() -> None:
    assert parse_post(NOTES_TABLE, source="bench.md").talks == ()


def test_a_title_column_alone_is_split_like_a_heading() -> None:
    post = parse_post(TITLE_ONLY, source="lt.md")
    assert [(t.speaker, t.title) for t in post.talks] == [
        ("Sakura", "型の話"),
        ("@kumo", "テストの話"),
    ]
