"""Data-driven parser tests: each tests/fixtures/parser/**/NAME.md has its expected NAME.json.

Regenerate the expected files with `UPDATE_FIXTURES=1 pytest tests/test_parser_fixtures.py`,
then review the diff by hand.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from bot.model import Post, to_jsonable
from bot.parser import parse_post

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "parser"
POST_KEYS = (
    "title",
    "date",
    "categories",
    "tags",
    "draft",
    "intro",
    "event_url",
    "impressions",
    "language",
    "slug",
    "extra",
)
TALK_KEYS = ("speaker", "title", "slides_url", "impressions", "section")
CASES = sorted(FIXTURES.rglob("*.md"))


def expected_view(post: Post) -> dict[str, Any]:
    """The part of `to_jsonable(post)` the fixtures pin down."""
    data = to_jsonable(post)
    view = {key: data[key] for key in POST_KEYS}
    view["talks"] = [{key: talk[key] for key in TALK_KEYS} for talk in data["talks"]]
    return view


@pytest.mark.parametrize("path", CASES, ids=[str(p.relative_to(FIXTURES)) for p in CASES])
def test_fixture(path: Path) -> None:
    source = str(path.relative_to(FIXTURES))
    post = parse_post(path.read_text(encoding="utf-8"), source=source)
    got = expected_view(post)
    expected_path = path.with_suffix(".json")
    if os.environ.get("UPDATE_FIXTURES") == "1":
        expected_path.write_text(
            json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
    assert expected_path.exists(), f"run with UPDATE_FIXTURES=1 to create {expected_path.name}"
    assert got == json.loads(expected_path.read_text(encoding="utf-8"))


def test_there_are_fixtures() -> None:
    assert len(CASES) >= 5
