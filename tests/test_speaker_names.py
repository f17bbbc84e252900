"""A speaker as the post names them (`bot.parser.talks.names.clean_speaker`): honorifics off,
several names joined one way, a company kept as written."""

from __future__ import annotations

import pytest

from bot.parser.talks.names import clean_speaker

CASES = [
    ("高橋さん", "高橋"),
    ("@a さん、@b さん", "@a / @b"),
    ("Yuto Kimura 氏（@ykimura_rs）", "Yuto Kimura（@ykimura_rs）"),
    ("kana 氏 & tomo 氏", "kana & tomo"),
    ("青木 さん（Acme）、井上 さん", "青木（Acme） / 井上"),  # each name's own さん, company kept
    ("김민준 님", "김민준"),
    ("Google の Emily Chen", "Emily Chen"),
    ("Hannah Okafor & Lars Brenner, Zalando", "Hannah Okafor & Lars Brenner, Zalando"),
    ("Marco Rossi, Acme", "Marco Rossi, Acme"),
    ("Ana Ruiz, Li Wei, Sam Hall", "Ana Ruiz / Li Wei / Sam Hall"),
    ("氏家 健", "氏家 健"),  # a name that starts with 氏
]


@pytest.mark.parametrize(("text", "speaker"), CASES)
def test_clean_speaker(text: str, speaker: str) -> None:
    assert clean_speaker(text) == speaker
