"""Post dates as people read them, from the value alone (no clock, no time-zone conversion)."""

from __future__ import annotations

from datetime import date, datetime

import words


def format_date(value: date | datetime | None, lang: str) -> str | None:
    """ "2015-01-17 (Sat) 20:30" / "2015年1月17日(土) 20:30"; the time only for a datetime.

    A datetime is shown in its own offset (the author's local time), never converted.
    """
    if value is None:
        return None
    weekday = words.text(f"weekday.{value.weekday()}", lang)
    out = words.text(
        "date.day", lang, year=value.year, month=value.month, day=value.day, weekday=weekday
    )
    if isinstance(value, datetime):
        out += f" {value.hour:02d}:{value.minute:02d}"
    return out
