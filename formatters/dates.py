"""Post dates as people read them, from the value alone (no clock, no time-zone conversion)."""

from __future__ import annotations

from datetime import date, datetime

from formatters.labels import Labels


def format_date(value: date | datetime | None, labels: Labels) -> str | None:
    """ "2015-01-17 (Sat) 20:30" / "2015年1月17日(土) 20:30"; the time only for a datetime.

    A datetime is shown in its own offset (the author's local time), never converted.
    """
    if value is None:
        return None
    day = labels.weekdays[value.weekday()]
    if labels.language == "ja":
        out = f"{value.year}年{value.month}月{value.day}日({day})"
    else:
        out = f"{value.year:04d}-{value.month:02d}-{value.day:02d} ({day})"
    if isinstance(value, datetime):
        out += f" {value.hour:02d}:{value.minute:02d}"
    return out
