"""`parse_memo`: an answer computed once per parse and key, forgotten by each parse, never more
than its limit of keys."""

from __future__ import annotations

from bot.parser import parse_post
from bot.parser.memo import forget_parse, parse_memo


def test_an_answer_is_computed_once_until_the_next_parse_forgets_it() -> None:
    calls: list[str] = []
    memo = parse_memo(lambda key: calls.append(key) or len(key))
    assert [memo("abc"), memo("abc"), memo("de")] == [3, 3, 2]
    assert calls == ["abc", "de"]
    parse_post("---\ntitle: A post\n---\n\nText.\n", source="a.md")  # forgets every memo
    assert memo("abc") == 3
    assert calls == ["abc", "de", "abc"]
    forget_parse()
    memo("abc")
    assert calls.count("abc") == 3


def test_a_memo_never_grows_past_its_limit() -> None:
    calls: list[int] = []
    memo = parse_memo(lambda key: calls.append(key) or key * 2, limit=10)
    assert [memo(n) for n in range(100)] == [n * 2 for n in range(100)]
    assert [memo(n) for n in range(90, 100)] == [n * 2 for n in range(90, 100)]
    assert len(calls) == 100  # the last ten are still known
    memo(0)
    assert len(calls) == 101  # the first were let go to keep to the limit
