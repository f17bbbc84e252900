"""The speaker named by a talk's first lines (bot.parser.talks.lead_speaker), one case per rule."""

from __future__ import annotations

import pytest

from bot.parser.blocks import parse_blocks
from bot.parser.talks.lead_speaker import lead_speaker

CASES = [
    ("By Mina Kowalski, Staff Engineer @ Fernhill", "Mina Kowalski"),
    ("Speaker: Tomas Lind", "Tomas Lind"),
    ("**hanakoさん**", "hanako"),
    ("[@mochi_dev](https://twitter.com/mochi_dev) さんの発表。", "@mochi_dev"),
    ("今日いちばん面白かった [kaede](https://github.com/kaede) 氏の発表．", "kaede"),
    ("[Ravi Menon](https://twitter.com/ravimenon), a calm tour of queues.", "Ravi Menon"),
    ("Odile Brun @odileb, showed how caches lie.", "Odile Brun"),
    ("**Ana Silva** and **Li Wei** walked us through the rewrite.", "Ana Silva / Li Wei"),
    (
        "<p>\n<strong>Jon Park</strong> opened with a story.\n</p>",
        "Jon Park",
    ),
    (
        '<iframe src="//www.slideshare.net/slideshow/embed_code/key/abc"></iframe>'
        ' <div><strong><a href="//www.slideshare.net/u/deck">Deck title</a></strong>'
        ' from <strong><a href="//www.slideshare.net/u">quietfox</a></strong></div>',
        "quietfox",
    ),
    ("rating: 4/5\n\nBy Pia Holm", "Pia Holm"),
    ("Puis Camille Bernard a présenté son projet de serre connectée.", "Camille Bernard"),
    ("Ensuite c'est Yann qui a pris le relais avec le typage.", "Yann"),
    ("**Talare:** Elin Johansson", "Elin Johansson"),
    ("*Priya Raman, Staff Engineer, Payments*", "Priya Raman"),
    ("登壇者：Sarah Müller さん、石井 亮さん", "Sarah Müller / 石井 亮"),
    ("登壇者：Google の Emily Chen さん", "Emily Chen"),
    ("**Prelegenci:** Michał Lewandowski i Ola Kamińska", "Michał Lewandowski i Ola Kamińska"),
    ("Speaker: Mario Rossi, Red Hat", "Mario Rossi"),
    ("yamadaさん（株式会社フガ）", "yamada"),
    ("自分（@zenn_writer_k）", "@zenn_writer_k"),
    ("> 講者：林怡君（某基金會）\n> 投影片：https://speakerdeck.com/y/z", "林怡君"),
    ('<p>Speaker: <a href="https://twitter.com/kd">Kieran Doyle</a></p>', "Kieran Doyle"),
    ("_Tom Becker & Aiko Mori, Search_", "Tom Becker & Aiko Mori"),
]

NOT_SPEAKERS = [
    "本番（@prod）",  # no self word: not the author's handle
    "*Recording only, no slides.*",
    "*Senior Engineer, Payments*",
    "[@kumo](https://twitter.com/kumo)さんのこれを見てください。",
    "A great talk about queues, with many diagrams.",
    "**Key points**: caching and queues.",
    "[the docs](https://example.com/docs), then some code.",
    "It presented a clear picture of the roadmap.",
]


@pytest.mark.parametrize(("text", "speaker"), CASES)
def test_lead_names_the_speaker(text: str, speaker: str) -> None:
    assert lead_speaker(parse_blocks(text)) == speaker


@pytest.mark.parametrize("text", NOT_SPEAKERS)
def test_prose_names_nobody(text: str) -> None:
    assert lead_speaker(parse_blocks(text)) is None


def test_only_the_first_blocks_count() -> None:
    text = "One.\n\nTwo.\n\nThree.\n\nBy Late Comer"
    assert lead_speaker(parse_blocks(text)) is None
