"""Heading text -> (speaker, title): one case per notation the talk detector must split."""

from __future__ import annotations

import pytest

from bot.model import Span
from bot.parser.blocks import Block
from bot.parser.talks.heading_rules import match_heading
from bot.parser.talks.headings import classify, is_break, is_group, is_group_row

CASES = [
    ("Scaling Postgres by Jane Doe", "Jane Doe", "Scaling Postgres"),
    ("Building queues with Rust - Alice & Bob", "Alice & Bob", "Building queues with Rust"),
    ("Rust in prod / Alice Smith / Bob Jones", "Alice Smith / Bob Jones", "Rust in prod"),
    ("Mina Kowalski - How we test the untestable", "Mina Kowalski", "How we test the untestable"),
    ("Why caches lie: @odileb", "@odileb", "Why caches lie"),
    ("型システム入門（山田太郎）", "山田太郎", "型システム入門"),
    ("クラウド移行の実践 山田太郎 氏", "山田太郎", "クラウド移行の実践"),
    ("型の話 Sakura さん", "Sakura", "型の話"),
    ("Sakura「型の話」", "Sakura", "型の話"),
    ("Sakura 「型の話」", "Sakura", "型の話"),
    ("@kumo さん「テスト」", "@kumo", "テスト"),
    ("@crab_san 「所有権を 5 分で説明する」", "@crab_san", "所有権を 5 分で説明する"),
    ("「型の話」 Sakura さん", "Sakura", "型の話"),
    ("10:00～10:50【16-C-1】クラウド移行の実践 山田太郎 氏", "山田太郎", "クラウド移行の実践"),
    ("[Track A] Observability at scale", None, "Observability at scale"),
    ("19:46 Nerves のデモ", None, "Nerves のデモ"),
    ("19:00 - 19:30\tBuilding CLIs by Ana Silva", "Ana Silva", "Building CLIs"),
    ("1. Queues in practice — Ravi Menon", "Ravi Menon", "Queues in practice"),
    ("Learning by breaking things by Ana Ruiz", "Ana Ruiz", "Learning by breaking things"),
    ("【13-B-4】SRE の 5 年 長谷川 翔 氏 / 森 千尋 氏", "長谷川 翔 / 森 千尋", "SRE の 5 年"),
    ("Ops の話 | 株式会社サンプル様", "株式会社サンプル", "Ops の話"),
    ("Gateway API の話｜@ingress_taro", "@ingress_taro", "Gateway API の話"),
    ("Karpenter でコスト削減｜佐藤 健一", "佐藤 健一", "Karpenter でコスト削減"),
    ("【Solid Queue を本番投入した話】田中 大輔さん", "田中 大輔", "Solid Queue を本番投入した話"),
    ("【Hotwire で作り直す】@turbo_mika さん", "@turbo_mika", "Hotwire で作り直す"),
    ("【LT】@kumo さん", "@kumo", None),
    ("Observability on a shoestring @ana_obs", "@ana_obs", "Observability on a shoestring"),
    ("Acessibilidade além do alt text [@carol]", "@carol", "Acessibilidade além do alt text"),
    ("型の話 @tanaka", "@tanaka", "型の話"),
    # a phrase or a place in a series before a quoted title is no speaker
    ("型の話「入門編」", None, "型の話「入門編」"),
    ("第3回「型の話」", None, "型の話"),
    ("Part 2 「型の話」", None, "型の話"),
    ("もりもと「型の話」", "もりもと", "型の話"),
    # a name in hiragana may hold a particle's kana; after a space it is no particle
    ("「Zig の comptime 入門」 はやし", "はやし", "Zig の comptime 入門"),
    ("「型の話」はいいぞ", None, "「型の話」はいいぞ"),
    (
        "山形の果樹園を Go で管理して3年 / 佐藤 まこと",
        "佐藤 まこと",
        "山形の果樹園を Go で管理して3年",
    ),
    ("「Swift Testing 移行記」 / @swift_mika", "@swift_mika", "Swift Testing 移行記"),
    # a company in brackets after a Japanese name that follows a slash is not the speaker
    (
        "オープニング / 三条（カモガワラボ 開発者広報）",
        None,
        "オープニング / 三条（カモガワラボ 開発者広報）",
    ),
    # a heading that names only its speaker (its title is in the body), after an ordinal
    ("最初の登壇：博多 さやかさん", "博多 さやか", None),
    ("3番目：門司 航さん（株式会社レトロ）", "門司 航（株式会社レトロ）", None),
    ("2番目：わたし", "わたし", None),
    ("型の話 Sakura さん", "Sakura", "型の話"),
    ("クラウド移行の実践 山田太郎 氏（Acme）", "山田太郎（Acme）", "クラウド移行の実践"),
    # a name in brackets (Scrapbox) is a speaker, not a session code or a track
    ("[@kt_ume] 「Compose のプレビューを速くする」", "@kt_ume", "Compose のプレビューを速くする"),
    ("[中洲] 「Ktor で BFF を書いた」", "中洲", "Ktor で BFF を書いた"),
    ("[A1] 「Ktor で BFF を書いた」", None, "Ktor で BFF を書いた"),
    # wiki links read as their words; a kind of session is no speaker
    ("集約の境界 ― [[@ddd_kuro]]", "@ddd_kuro", "集約の境界"),
    (
        "[[sync-engines|Sync engines on SQLite]] — Joana Silva",
        "Joana Silva",
        "Sync engines on SQLite",
    ),
    ("読書会: 『実践ドメイン駆動設計』第3章", None, "読書会: 『実践ドメイン駆動設計』第3章"),
    # a time range, then a dash, then the talk
    (
        "19:00-19:25 — Ellie Ward: Web Components, for real",
        "Ellie Ward",
        "Web Components, for real",
    ),
    # a conference's session code and the author's rating are neither title nor speaker
    ("SVS401 — Lambda under the hood", None, "Lambda under the hood"),
    (
        "Observability without dashboards (Pablo Serrano) ★★★★☆",
        "Pablo Serrano",
        "Observability without dashboards",
    ),
    ("Edge caching in practice — Ana Ruiz (8/10)", "Ana Ruiz", "Edge caching in practice"),
    ("HTTP/2 vs HTTP/3", None, "HTTP/2 vs HTTP/3"),
    ("ランキング（再掲）", None, "ランキング（再掲）"),
    # a track, a room or a stage is where, never who
    (
        "11:15 Track B — Chaos drills for small teams — Marta Ferreira & Lukas Brenner",
        "Marta Ferreira & Lukas Brenner",
        "Chaos drills for small teams",
    ),
    (
        "Salle Rhône — « Les Web Components, enfin prêts ? »",
        None,
        "Les Web Components, enfin prêts ?",
    ),
    ("Amphi 300 — Rust côté serveur", None, "Rust côté serveur"),
    ("Main Stage — “Why CSS is hard”", None, "Main Stage — “Why CSS is hard”"),
    ("Stage Fright - Jane Doe", "Jane Doe", "Stage Fright"),
    ("Room for improvement - Jane Doe", "Jane Doe", "Room for improvement"),
    # a name with its company or role in brackets is the speaker side
    (
        "WebAssembly でプラグインを作る実践入門 / 中野 玲（株式会社ミナト）",
        "中野 玲（株式会社ミナト）",
        "WebAssembly でプラグインを作る実践入門",
    ),
    ("🎤 Lucía Fernández — Tipado gradual", "Lucía Fernández", "Tipado gradual"),
    ("Pinia stores that scale — Sanne de Vries", "Sanne de Vries", "Pinia stores that scale"),
    ("Historia de Django — Ana Pérez", "Ana Pérez", "Historia de Django"),
    ("«Pandas o Polars en 2026», por Álvaro Pinto", "Álvaro Pinto", "Pandas o Polars en 2026"),
    ("Go で書く WASM ランタイム（？）— ぽち", "ぽち", "Go で書く WASM ランタイム（？）"),
    ("제네릭 1년 사용기 — 김민준", "김민준", "제네릭 1년 사용기"),
    ("Ana Ruiz — FastAPI: lo que nadie cuenta", "Ana Ruiz", "FastAPI: lo que nadie cuenta"),
    # a title with a colon or a dash is not split without a clear name on one side
    ("Dynamic CSS: Layouts & Beyond", None, "Dynamic CSS: Layouts & Beyond"),
    ("Sharding: the hard parts", None, "Sharding: the hard parts"),
    ("Exercise 2 — with help from @tomk", None, "Exercise 2 — with help from @tomk"),
    # a split never cuts a bracket pair in two
    (
        "Xcode Cloud（松井 健 さん / 某社） 資料は後日",
        None,
        "Xcode Cloud（松井 健 さん / 某社） 資料は後日",
    ),
    ("《Swift 并发迁移笔记》 —— 李娜", "李娜", "《Swift 并发迁移笔记》"),
    # a talk label is no speaker; a company in brackets after a name is not the speaker
    ('Talk 1 – "Ownership explained"', None, "Ownership explained"),
    (
        "10:40〜 [Track A] The Future of Bundlers — Tanya Brooks",
        "Tanya Brooks",
        "The Future of Bundlers",
    ),
    (
        "Profiling: what now? — Felipe Andrade (Grafana Labs)",
        "Felipe Andrade (Grafana Labs)",
        "Profiling: what now?",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "title"), CASES)
def test_heading_split(text: str, speaker: str | None, title: str | None) -> None:
    found = match_heading(text)
    assert (found.speaker, found.title) == (speaker, title)


def test_a_run_of_handles_is_read_in_linear_time() -> None:
    # `Title @a @b` once tried every way to share the spaces between handles (2^n)
    found = match_heading("Talk" + " @a" * 90 + " !")
    assert found.rule != "handle_tail"
    assert match_heading("Talk" + " @a" * 90).speaker is not None


@pytest.mark.parametrize(
    "text",
    [
        "Break",
        "☕ Break",
        "🍕 懇親会",
        "■ Lunch",
        "~~Kubernetes Operator 開發實戰~~（臨時取消）",
        "Serverless at scale (cancelled)",
        "Rust im Browser – abgesagt",
    ],
)
def test_a_programme_row_behind_an_emoji_is_still_no_talk(text: str) -> None:
    assert is_break(text)


@pytest.mark.parametrize(
    "text",
    [
        "Breaking the monolith — Ana Ruiz",
        "☕ Coffee roasting with Go",
        "How we cancelled our Kafka migration",
        "取消可能な非同期処理の設計",
    ],
)
def test_a_talk_is_no_programme_row(text: str) -> None:
    assert not is_break(text)


SECTION_WORDS = [
    "Fazit",
    "Zusammenfassung",
    "🙏 Danke",
    "Ausblick",
    "Conclusión",
    "Considerações finais",
    "Conclusioni",
    "Samenvatting",
    "Podsumowanie",
    "Tack!",
    "总结",
    "感谢",
    "写在最后",
    "마무리",
    "후기",
    "감사",
    "Links",
    "Liens",
    "スポンサーセッション",
    "🍕 네트워킹",
    "總結",
    "攤位 & 其他",
    "Volgende keer",
    "Lo que me llevo",
]
TALK_TITLES = [
    "Ausblick auf Java 25",
    "Introducción a Rust",
    "Ortung mit BLE",
    "Tack för kaffet",
    "감사 로그 설계",
]


def _heading(text: str) -> Block:
    return Block("heading", level=2, spans=(Span(text),))


@pytest.mark.parametrize("text", SECTION_WORDS)
def test_a_section_word_in_any_language_is_no_talk(text: str) -> None:
    assert classify(_heading(text), frozenset()).non_talk


@pytest.mark.parametrize("text", TALK_TITLES)
def test_a_talk_title_that_starts_with_a_section_word_is_a_talk(text: str) -> None:
    assert not classify(_heading(text), frozenset()).non_talk


@pytest.mark.parametrize("title", ["LT（3本）", "Ignite talks (see below)", "Lightning talks x 5"])
def test_a_programme_row_naming_a_group_of_talks_is_no_talk(title: str) -> None:
    assert is_group_row(title)


@pytest.mark.parametrize("title", ["LT で学ぶ Rust", "Ignite your career (keynote)"])
def test_a_talk_named_after_a_group_word_is_a_talk(title: str) -> None:
    assert not is_group_row(title)


@pytest.mark.parametrize("text", ["📌 라이트닝 토크", "Ignite talks", "Las charlas"])
def test_a_group_heading_in_any_language_holds_talks(text: str) -> None:
    head = classify(_heading(text), frozenset())
    assert not head.non_talk and is_group(head, text)
