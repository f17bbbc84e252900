"""Talk shapes: one hand-labelled post per shape of meetup report the detector must read (issue 9).

Each `tests/fixtures/talks/NAME.md` is a complete post of the project's own writing, in one of the
shapes real meetup reports take (talks without headings, title-first headings, Japanese bracket
forms, timetables, container and non-talk sections, every way of giving slides, ...). Next to it,
`NAME.json` lists, in order, the talks a careful human reads in that post, written by hand:

    {"talks": [{"speaker": "@deeeet", "title": "...", "slides_url": "https://..." | null,
                "video_url": ... (optional), "talk_page_url": ... (optional)}, ...]}

The labels are the truth, not what the parser prints today. Conventions: the speaker without
さん/氏/san and without brackets, handles as written, several speakers kept with the post's own
joiner; the title without numbering, times, session codes, track or surrounding 「」; `slides_url`
the deck only (never a video, a talk page or the event page), a speakerdeck data-id-only embed as
`https://speakerdeck.com/player/<id>`, a relative PDF as written, null when the talk has none.
`video_url` / `talk_page_url` are documentation for the link-kind work; this test compares
`(speaker, title, slides_url)` of every talk, exactly, in order.

Fixtures the detector does not pass yet are listed in `NOT_YET`: they run as strict xfails, so the
suite is green now and each one turns into a failure (XPASS) the moment it passes, to be taken off
the list. `scripts/score-shapes` (this module run as a script) prints, per fixture, which talks
differ.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

if __name__ == "__main__":  # run as a script: make `bot` importable from the repository root
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.parser import parse_post

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "talks"
NAMES = sorted(path.stem for path in FIXTURES.glob("*.md"))

Triple = tuple[str | None, str | None, str | None]

NOT_YET: set[str] = {
    "slides-label-line-and-bare-url",
}
"""Fixtures the detector does not parse right yet (strict xfail: drop a name once it passes)."""

NOT_YET_REASON = (
    "a known disagreement with the corpus labels (a lead code link counts as slides there); see"
    " scripts/score-shapes"
)

TALK_KEYS = {"speaker", "title", "slides_url", "video_url", "talk_page_url"}


def expected_talks(name: str) -> list[Triple]:
    """The hand-written talks of fixture NAME, as (speaker, title, slides_url)."""
    data = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    return [(t["speaker"], t["title"], t["slides_url"]) for t in data["talks"]]


def parsed_talks(name: str) -> list[Triple]:
    """The talks the bot would post for fixture NAME, as (speaker, title, slides_url): none when
    the detector is unsure of the post's talk list (it posts the announcement only)."""
    text = (FIXTURES / f"{name}.md").read_text(encoding="utf-8")
    post = parse_post(text, source=f"{name}.md")
    return [(t.speaker, t.title, t.slides_url) for t in post.talks] if post.talks_posted else []


# --- the data-driven test ------------------------------------------------------------------------

_RESULTS: dict[str, bool] = {}


@pytest.fixture(scope="module", autouse=True)
def _summary(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the module: one line saying how many fixtures the detector reads right."""
    yield
    if not _RESULTS:
        return
    passed = sorted(name for name, ok in _RESULTS.items() if ok)
    line = (
        f"talk shapes: {len(passed)}/{len(_RESULTS)} fixtures parse exactly as labelled "
        f"({len(NOT_YET)} listed in NOT_YET)"
    )
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if capture is None:  # pragma: no cover - pytest run with -p no:capture
        print(f"\n{line}")
        return
    with capture.global_and_fixture_disabled():
        print(f"\n{line}")


def _case(name: str) -> Any:
    if name in NOT_YET:
        return pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=NOT_YET_REASON))
    return name


@pytest.mark.parametrize("name", [_case(name) for name in NAMES])
def test_talk_shape(name: str) -> None:
    expected = expected_talks(name)
    got = parsed_talks(name)
    _RESULTS[name] = got == expected
    assert got == expected, "\n" + "\n".join(diff_lines(expected, got))


# --- the fixtures themselves ---------------------------------------------------------------------


def test_there_is_a_fixture_per_shape() -> None:
    assert len(NAMES) >= 30
    assert sum(1 for name in NAMES if name.startswith("negative-")) >= 2


@pytest.mark.parametrize("name", NAMES)
def test_fixture_is_well_formed(name: str) -> None:
    path = FIXTURES / f"{name}.json"
    assert path.exists(), f"{name}.md has no {name}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"talks"}
    assert isinstance(data["talks"], list)
    for talk in data["talks"]:
        assert {"speaker", "title", "slides_url"} <= set(talk) <= TALK_KEYS, talk
        assert all(value is None or isinstance(value, str) for value in talk.values()), talk
        assert talk["title"] or talk["speaker"], talk
    if name.startswith("negative-"):
        assert data["talks"] == [], "a negative fixture has no talks"
    else:
        assert 2 <= len(data["talks"]) <= 8, "a fixture post has 2-8 talks"


def test_every_json_has_its_post() -> None:
    orphans = {p.stem for p in FIXTURES.glob("*.json")} - set(NAMES)
    assert not orphans


def test_not_yet_names_existing_fixtures() -> None:
    unknown = NOT_YET - set(NAMES)
    assert not unknown, sorted(unknown)


# --- per-fixture report, for the detector's developer (`scripts/score-shapes`) ------------------


def _show(talk: Triple) -> str:
    speaker, title, slides = talk
    return f"{speaker!s} | {title!s} | {slides!s}"


def diff_lines(expected: list[Triple], got: list[Triple]) -> list[str]:
    """Talk-by-talk differences: `- ` expected but not parsed, `+ ` parsed but not expected."""
    lines = []
    matcher = difflib.SequenceMatcher(a=expected, b=got, autojunk=False)
    for tag, a0, a1, b0, b1 in matcher.get_opcodes():
        if tag == "equal":
            continue
        lines += [f"  - {_show(talk)}" for talk in expected[a0:a1]]
        lines += [f"  + {_show(talk)}" for talk in got[b0:b1]]
    return lines


def score(names: list[str], *, quiet: bool = False) -> int:
    """Print per fixture whether it parses as labelled and which talks differ; 0 when all pass."""
    passed = 0
    stale = []
    for name in names:
        expected = expected_talks(name)
        try:
            got = parsed_talks(name)
        except Exception as error:  # report and go on: one broken fixture must not hide the rest
            print(f"CRASH {name}: {type(error).__name__}: {error}")
            continue
        if got == expected:
            passed += 1
            print(f"ok    {name}")
            if name in NOT_YET:
                stale.append(name)
            continue
        hits = sum(1 for talk in got if talk in expected)
        print(f"FAIL  {name}: {hits}/{len(expected)} talks exact, {len(got)} parsed")
        if not quiet:
            print("\n".join(diff_lines(expected, got)))
    print(f"\n{passed}/{len(names)} fixtures parse exactly as labelled")
    if stale:
        print("passing but still in NOT_YET (take them off): " + ", ".join(stale))
    return 0 if passed == len(names) else 1


def main(argv: list[str]) -> int:
    quiet = "-q" in argv or "--quiet" in argv
    wanted = [arg.removesuffix(".md") for arg in argv if not arg.startswith("-")]
    unknown = [name for name in wanted if name not in NAMES]
    if unknown:
        print("no such fixture: " + ", ".join(unknown), file=sys.stderr)
        return 2
    return score(wanted or NAMES, quiet=quiet)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
