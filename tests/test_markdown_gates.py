"""The block parser that leaves out rules which cannot match gives exactly the tokens of the
parser with every rule on (the gates in `bot.parser.markdown` only save time)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.common.normalize_url import normalizeLink
from markdown_it.token import Token

from bot.parser import markdown
from bot.parser.markdown import PLAIN_URL, block_parser, keep_unicode

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

_FULL = MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])
_FULL.normalizeLink = keep_unicode  # type: ignore[method-assign]


def _shape(tokens: list[Token]) -> list[tuple[object, ...]]:
    return [(t.type, t.tag, t.nesting, t.content, t.map, t.markup, t.info) for t in tokens]


def _same_tokens(text: str) -> None:
    env_gated: dict[str, object] = {}
    env_full: dict[str, object] = {}
    gated = block_parser(text).parse(text, env_gated)
    assert _shape(gated) == _shape(_FULL.parse(text, env_full))
    assert env_gated == env_full  # link reference definitions too


_SAMPLES = {
    "setext": "Title\n=====\n\nSub\n---\n\ntext\n",
    "setext in a list": "- Item\n  ---\n- next\n",
    "setext in a quote": "> Quoted\n> ===\n",
    "hr, not underline": "para\n\n---\n\n- a\n- b\n",
    "reference": "[deck]: https://x.example/d\n\nSee [the deck][deck].\n",
    "reference over lines": "[a\nb]: /u\n\n[a b]\n",
    "list after paragraph": "text\n2. two\n1. one\n",
    "quote then list": "> q\n2. x\n\n> r\n- y\n",
    "html then paragraph": "<div>\n<b>x</b>\n</div>\ntext\n",
    "table": "| a | b |\n|---|---|\n| 1 | 2 |\n",
    "fence": "```\n# not a heading\n```\n",
    "lone CR line ends": "Title\r===\r\r> q\r\r***\r<div>\r",
    "CRLF line ends": "Title\r\n---\r\n\r\n- a\r\n  ---\r\n",
    "NUL": "# T\0tle\n\n- a\0\n",
    "indented code": "text\n\n    code\n\tmore\n",
    "code in a list item": "-     code\n- x\n\n      also code\n",
    "code in a quote": ">     code\n>\tcode\n",
    "list in a quote, nested on one line": "> - 1. x\n>   * y\n",
    "empty list items": "-\n1.\n+\t\n",
    "table with alignment": "a | b\n:-|-:\n1 | 2\n",
    "table in a list": "- | a |\n  |:-:|\n",
    "pipes but no table": "Title | Name - Company\n\n<h5>A | B</h5>\n",
    "indented heading": "   ## Title\n> # Quoted\n- # Item\n",
}


@pytest.mark.parametrize("text", list(_SAMPLES.values()), ids=list(_SAMPLES))
def test_gated_parse_equals_full_parse(text: str) -> None:
    _same_tokens(text)


def test_gates_leave_rules_out_of_plain_text() -> None:
    """A text without underline, reference, quote... runs without those rules (else the gates
    would be checked by nothing)."""
    active = block_parser("# Title\n\n- a\n- b\n\ntext\n").block.ruler.get_active_rules()
    assert not {"lheading", "reference", "blockquote", "fence", "table"} & set(active)
    html = block_parser("<h5>Title | Name</h5>\n<p>x</p>\n").block.ruler.get_active_rules()
    assert not {"table", "code", "list", "heading"} & set(html)


_PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        "  ",
        "    ",
        "- ",
        "* ",
        "1. ",
        "2) ",
        "> ",
        "# ",
        "## ",
        "===",
        "---",
        "***",
        "[a]: /u",
        "[a]",
        "]:",
        "<div>",
        "</div>",
        "<!-- c -->",
        "```",
        "| a | b |",
        "|---|",
        ":-|-:",
        "|",
        "-\t",
        "1.",
        "   ",
        "#",
        "word",
        "言葉",
        "\t",
        "\r",
        "\0",
    ]
)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_gated_parse_equals_full_parse_on_any_mix(text: str) -> None:
    _same_tokens(text)


def _posts() -> list[Path]:
    return sorted(CORPUS.glob("*/*.md")) + sorted((REPO / "examples" / "posts").glob("*.md"))


@pytest.mark.skipif(not CORPUS.exists(), reason="the shared corpus is not beside the repo")
def test_gated_parse_equals_full_parse_on_every_post() -> None:
    for path in _posts():
        _same_tokens(path.read_text(encoding="utf-8"))


@given(st.from_regex(PLAIN_URL, fullmatch=True))
def test_plain_link_targets_skip_a_normalisation_that_keeps_them(url: str) -> None:
    assert keep_unicode(url) == normalizeLink(url) == url


_START = r"\n[ \t*+\-0-9.)>]*"
_WHOLE_TEXT_GATES = {
    "table": lambda t: "|" in t and re.search(_START + r"[|:-][|: \t-]*(?=\n|$)", t),
    "code": re.compile(_START + r"(?:\t| {4})").search,
    "list": re.compile(_START + r"(?:[*+-]|[0-9][.)])(?=[ \t\n]|$)").search,
    "heading": re.compile(_START + "#").search,
    "fence": markdown.has_fence,
    "blockquote": re.compile(_START + ">").search,
    "hr": re.compile(_START + r"[*_-][ \t*_-]*(?=\n|$)").search,
    "html_block": re.compile(_START + "<").search,
    "lheading": re.compile(_START + r"(?:=+|-+)[ \t]*(?=\n|$)").search,
    "reference": lambda t: "]:" in t,
}
"""The gates before: each pattern searched in the whole text."""
_LINE_PIECES = st.sampled_from(
    [
        *("\n", " ", "\t", "    ", "-", "*", "+", "1.", "2)", ">", "#", "|", ":", "=", "_", "<p>"),
        *("a", "---", "===", "|-|", "]:", "```", "é", "- x", "> q", "  * ", "言", ".", ")", "0"),
    ]
)


@settings(max_examples=1500)
@given(st.lists(_LINE_PIECES, max_size=14).map("".join))
def test_gates_read_on_the_gate_lines_answer_as_on_the_whole_text(text: str) -> None:
    probe = "\n" + text
    lines = markdown.gate_lines(probe)
    for name, gate in markdown._GATES:
        assert bool(gate(probe, lines)) == bool(_WHOLE_TEXT_GATES[name](probe)), name
