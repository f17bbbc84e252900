"""Lists nested the kramdown way (child indented less than the parent's content) stay nested."""

from __future__ import annotations

from bot.model import NoteKind
from bot.parser import parse_post
from bot.parser.indent import lenient_lists

POST = """## @alice Build caches

  1. Layers
    * order matters
    * copy lockfiles first
  1. Remote cache
    * registry backed
      * needs auth
    * local

1. Top level
  * child under a number
"""


def _tree(notes: tuple) -> list:
    return [(n.kind.value, n.text, _tree(n.children)) for n in notes]


def test_under_indented_children_nest_under_their_parent() -> None:
    talk = parse_post(POST).talks[0]
    assert _tree(talk.notes) == [
        (
            "ordered",
            "Layers",
            [
                ("bullet", "order matters", []),
                ("bullet", "copy lockfiles first", []),
            ],
        ),
        (
            "ordered",
            "Remote cache",
            [
                ("bullet", "registry backed", [("bullet", "needs auth", [])]),
                ("bullet", "local", []),
            ],
        ),
        ("ordered", "Top level", [("bullet", "child under a number", [])]),
    ]
    assert all(note.kind is not NoteKind.CODE for note in talk.notes)


def test_well_indented_lists_and_code_fences_are_left_alone() -> None:
    text = "- a\n  - b\n    - c\n\n```\n  - not a list\n```\n\n    indented code\n"
    assert lenient_lists(text) == text


def test_continuation_lines_follow_their_item() -> None:
    text = "1. one\n  * two\n    more about two\n"
    assert lenient_lists(text) == "1. one\n   * two\n     more about two\n"


def test_slack_mention_syntax_in_a_post_is_kept_as_text() -> None:
    post = parse_post("## @bob Release notes <!here>\n\n- ping <!channel> and <!subteam^S1>\n")
    talk = post.talks[0]
    assert talk.title == "Release notes <!here>"
    assert talk.notes[0].text == "ping <!channel> and <!subteam^S1>"
