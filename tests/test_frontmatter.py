"""Front matter: YAML and TOML, date forms, categories/tags, draft flags, case-insensitive keys."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.errors import PostError
from bot.frontmatter import parse_date, read_front_matter, split_front_matter

JST = timezone(timedelta(hours=9))


def meta(text: str):  # type: ignore[no-untyped-def]
    kind, raw, _body = split_front_matter(text)
    return read_front_matter(kind, raw, "post.md")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2015-01-17 20:30:00 +0900", datetime(2015, 1, 17, 20, 30, tzinfo=JST)),
        ("2015-01-17T20:30:00+09:00", datetime(2015, 1, 17, 20, 30, tzinfo=JST)),
        (
            "2019-04-30T12:00:00-07:00",
            datetime(2019, 4, 30, 12, tzinfo=timezone(timedelta(hours=-7))),
        ),
        ("2015-01-17", date(2015, 1, 17)),
        ("'2015-01-17'", date(2015, 1, 17)),
        ("2015-01-17 20:30", datetime(2015, 1, 17, 20, 30)),
        ("2015-02-30", None),
        ("soon", None),
        (date(2020, 1, 2), date(2020, 1, 2)),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: object) -> None:
    assert parse_date(value) == expected


def test_yaml_datetime_object_keeps_offset() -> None:
    got = meta("---\ndate: 2015-01-17T20:30:00+09:00\n---\nbody\n").date
    assert got == datetime(2015, 1, 17, 20, 30, tzinfo=JST) and got.utcoffset() is not None


def test_yaml_date_only_stays_a_date() -> None:
    got = meta("---\ndate: 2015-01-17\n---\n").date
    assert type(got) is date


def test_toml_front_matter() -> None:
    m = meta('+++\ntitle = "T"\ndate = 2024-05-01T10:00:00+09:00\ndraft = true\n\n+++\nbody\n')
    assert (m.title, m.draft, m.kind) == ("T", True, "TOML")
    assert m.date == datetime(2024, 5, 1, 10, tzinfo=JST)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('categories: "勉強会"', ("勉強会",)),
        ("categories: a b", ("a", "b")),
        ("categories: a, b c", ("a", "b c")),
        ("categories: [a, [b, c]]", ("a", "b", "c")),
        ("categories:", ()),
        ("Categories:\n  - x\n  -\n", ("x",)),
        ("category: one", ("one",)),
    ],
)
def test_categories(line: str, expected: tuple[str, ...]) -> None:
    assert meta(f"---\n{line}\n---\n").categories == expected


@pytest.mark.parametrize(
    ("line", "draft"),
    [
        ("draft: true", True),
        ('draft: "true"', True),
        ("published: false", True),
        ("published: true", False),
        ("draft: false", False),
        ("title: x", False),
    ],
)
def test_draft_flags(line: str, draft: bool) -> None:
    assert meta(f"---\n{line}\n---\n").draft is draft


def test_case_insensitive_keys_and_extra() -> None:
    m = meta("---\nTitle: Hi\nTags: [a]\npermalink: /p/\nslug: s\n---\n")
    assert (m.title, m.tags) == ("Hi", ("a",))
    assert m.extra == {"permalink": "/p/", "slug": "s"}


def test_no_front_matter_and_unclosed_fence() -> None:
    assert split_front_matter("# Title\n")[0] is None
    assert split_front_matter("---\nnot closed\n")[0] == "unclosed YAML"
    with pytest.raises(PostError, match=r"post\.md: the front matter opened by \+\+\+ on line 1"):
        meta("+++\ntitle = 'x'\n")


@pytest.mark.parametrize(
    "text", ["---\n: : :\n---\n", "---\nplain string\n---\n", "+++\n= nope\n+++\n"]
)
def test_broken(text: str) -> None:
    with pytest.raises(PostError, match=r"post\.md: front matter is not valid"):
        meta(text)
