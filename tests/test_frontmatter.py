"""Front matter: YAML and TOML, date forms, categories/tags, draft flags, case-insensitive keys."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.errors import PostError
from bot.frontmatter import parse_date, read_front_matter, simple_yaml, split_front_matter

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


_KEY_WORDS = ["title", "date", "tags", "Draft", "x-y", "_k", "true", "null", "on", "Yes"]
_SEPARATORS = [": ", ":  ", ":", " : "]
_VALUE_WORDS = [
    "Meetup #4",
    "February 2019 Meetup",
    "true",
    "Yes",
    "off",
    "~",
    "null",
    "12",
    "1_000",
    "0x1f",
    "1:20",
    "3.5",
    ".inf",
    "2019-03-21",
    "2019-03-21T00:00:00Z",
    "2015-01-17 20:30:00 +0900",
    "=",
    "<<",
    "a: b",
    "a:",
    "https://x.example/a:b",
    "a #c",
    "- a",
    "? a",
    "[a, b]",
    '["a", "b"]',
    '["a",]',
    "[]",
    '"q  "',
    "' s'",
    "'it''s'",
    '"a\\"b"',
    "&a x",
    "*a",
    "!x y",
    "| x",
    "> x",
    "@x",
    "`x`",
    "%x",
    "{a: 1}",
    "言葉「x」",
    "a\tb",
    "a\u3000b",
    "a\x85b",
    "a\u2028b",
    "a\x07b",
    '"a\x07b"',
    "",
]
_KEYS, _VALUES = st.sampled_from(_KEY_WORDS), st.sampled_from(_VALUE_WORDS)
_PAIR = st.tuples(_KEYS, st.sampled_from(_SEPARATORS), _VALUES, st.sampled_from(["", "  "])).map(
    "".join
)
_LINES = st.one_of(
    _PAIR,
    _PAIR,
    _PAIR,
    st.sampled_from(["", "  ", "  more", "- item", "  - item", "# note", "key"]),
)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=4).map("\n".join))
def test_simple_yaml_reads_what_pyyaml_reads(raw: str) -> None:
    """The shortcut for `key: value` front matter gives PyYAML's own answer, types and key
    order included, or steps aside (None)."""
    _same_as_pyyaml(raw)


def test_simple_yaml_reads_each_value_as_pyyaml_does() -> None:
    for key in _KEY_WORDS:
        for separator in _SEPARATORS:
            for value in _VALUE_WORDS:
                _same_as_pyyaml(f"{key}{separator}{value}\n")


def _same_as_pyyaml(raw: str) -> None:
    fast = simple_yaml(raw)
    if fast is not None:
        slow = yaml.load(raw, Loader=yaml.CSafeLoader)
        assert repr(list(fast.items())) == repr(list(slow.items())), raw


def test_simple_yaml_takes_the_usual_front_matter() -> None:
    raw = 'title: "Meetup #4"\ndate: 2019-03-21T00:00:00Z\ntags: ["a", "b"]\ncomments: true\n'
    assert simple_yaml(raw) == yaml.load(raw, Loader=yaml.CSafeLoader)
    assert simple_yaml("tags:\n- a\n") is None


PELICAN_POST = """Title: Verslag: Go meetup, maart
Date: 2026-03-14 10:30
Category: Meetups
Tags: golang, meetup
Status: draft

Donderdag was ik bij de meetup.
"""


def test_pelican_metadata_without_a_fence() -> None:
    kind, _raw, body = split_front_matter(PELICAN_POST)
    found = meta(PELICAN_POST)
    assert kind == "Pelican"
    assert body.strip() == "Donderdag was ik bij de meetup."
    assert found.title == "Verslag: Go meetup, maart"
    assert found.date == datetime(2026, 3, 14, 10, 30)
    assert (found.categories, found.tags, found.draft) == (("Meetups",), ("golang", "meetup"), True)


@pytest.mark.parametrize(
    "text",
    [
        "Note: the talks were in Dutch.\n\n## Talk 1\n",  # no Title among the lines
        "Title: Go meetup\nand then a sentence that is no key\n\nBody\n",
        "Title: Go meetup",  # never followed by a blank line: no metadata block, no body
    ],
)
def test_lines_that_are_no_pelican_metadata_stay_the_body(text: str) -> None:
    assert split_front_matter(text) == (None, "", text)


def test_hexo_front_matter_without_its_opening_fence() -> None:
    text = "title: 参加しました\ndate: 2026-08-05 21:40:12\ntags:\n  - builderscon\n---\n\n本文\n"
    kind, _raw, body = split_front_matter(text)
    found = meta(text)
    assert (kind, body.strip()) == ("YAML", "本文")
    assert (found.title, found.tags) == ("参加しました", ("builderscon",))


@pytest.mark.parametrize(
    "text",
    [
        "title: not a key, a sentence\nMore prose here.\n---\n\nBody\n",
        "title: Notes: what I saw\n---\n\nBody\n",  # no valid YAML: prose, then a rule
    ],
)
def test_a_rule_after_plain_lines_is_no_front_matter(text: str) -> None:
    assert split_front_matter(text)[0] is None
