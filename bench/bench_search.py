"""Benchmark the search index: index time, restart time, search latency.

    PYTHONPATH=. .venv/bin/python bench/bench_search.py            # 10,000 posts (~150,000 talks)
    PYTHONPATH=. .venv/bin/python bench/bench_search.py --posts 500 # a quick run
    PYTHONPATH=. .venv/bin/python bench/bench_search.py --posts 2000 --backend postgres

Generates synthetic Japanese + English meetup posts (markdown, front matter, `##` per talk,
bullets, `### 感想`) into a temporary folder, indexes them with the real parser into a SQLite
file (or a throwaway PostgreSQL database), restarts on the unchanged index, then times a fixed
query mix in-process.
Numbers go to bench/README.md (## Search index); nothing here is a test assertion.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

from bot.catalog import Catalog
from bot.indexer import sync_index
from bot.search import FIELD_WEIGHTS, find_meetups, meetup_talks, parse, search_talks
from bot.store import open_store

JA = [
    "監視",
    "運用",
    "設計",
    "開発",
    "本番",
    "環境",
    "構築",
    "自動化",
    "分散",
    "性能",
    "改善",
    "障害",
    "対応",
    "移行",
    "検証",
    "導入",
    "事例",
    "入門",
    "実践",
    "基礎",
    "応用",
    "設定",
    "管理",
    "計測",
    "可視化",
    "通知",
    "認証",
    "権限",
    "暗号",
    "通信",
    "保存",
    "検索",
    "集計",
    "解析",
    "学習",
    "推論",
    "配信",
    "冗長化",
    "死活監視",
    "負荷試験",
    "コンテナ",
    "仮想化",
    "クラウド",
    "基盤",
    "チーム",
    "組織",
    "文化",
    "採用",
    "育成",
    "レビュー",
    "品質",
    "速度",
    "費用",
    "削減",
    "安定",
    "拡張",
    "互換",
    "更新",
]
JA_GLUE = ("の", "を", "で", "と", "に", "が", "は", "から", "について", "による")
EN = [
    "docker",
    "kubernetes",
    "etcd",
    "cgroup",
    "linux",
    "go",
    "rust",
    "python",
    "ruby",
    "rails",
    "java",
    "scala",
    "node",
    "react",
    "postgres",
    "mysql",
    "redis",
    "kafka",
    "spark",
    "terraform",
    "ansible",
    "aws",
    "gcp",
    "azure",
    "lambda",
    "serverless",
    "grpc",
    "graphql",
    "http",
    "api",
    "cli",
    "ci",
    "cd",
    "prometheus",
    "grafana",
    "datadog",
    "nginx",
    "envoy",
    "istio",
    "helm",
    "tracing",
    "logging",
    "metrics",
    "security",
    "testing",
    "performance",
    "migration",
    "scaling",
    "deploy",
]
EN_WORDS = [
    "the",
    "a",
    "of",
    "and",
    "with",
    "for",
    "in",
    "on",
    "at",
    "how",
    "we",
    "why",
    "what",
    "our",
    "your",
    "new",
    "fast",
    "simple",
    "small",
    "large",
    "production",
    "story",
    "lessons",
    "talk",
    "notes",
    "demo",
    "tips",
]
SPEAKERS = [
    f"@{name}{n}" for name in ("taro", "hanako", "ken", "mika", "sho", "yui") for n in range(400)
]


KANJI = (
    "情報技術開発運用設計本番環境構築分散性能改善障害対応移行"
    "検証導入事例実践基礎応用設定管理計測通知認証"
)
KANA = "あいうえおかきくけこさしすせそたちつてとなにぬねのまみむめもらりるれろ"
SYLLABLES = ["ka", "ro", "mi", "zu", "tel", "pan", "dor", "vex", "lin", "qua", "sto", "bri"]
_vocab_rng = random.Random(7)
FILLER_JA = [
    "".join(_vocab_rng.choice(KANJI) for _ in range(_vocab_rng.randint(2, 3)))
    + _vocab_rng.choice(KANA)
    for _ in range(3000)
]
FILLER_EN = [
    "".join(_vocab_rng.choice(SYLLABLES) for _ in range(_vocab_rng.randint(2, 3)))
    for _ in range(3000)
]


def word(rng: random.Random, japanese: bool) -> str:
    """A filler word most of the time; a named keyword (docker, 監視...) one time in ten."""
    if rng.random() < 0.1:
        return rng.choice(JA if japanese else EN)
    return rng.choice(FILLER_JA if japanese else FILLER_EN)


def phrase(rng: random.Random, low: int, high: int) -> str:
    parts = []
    for _ in range(rng.randint(low, high)):
        if rng.random() < 0.5:
            parts.append(word(rng, True) + rng.choice(JA_GLUE))
        else:
            parts.append(" " + word(rng, False) + " " + rng.choice(EN_WORDS) + " ")
    return "".join(parts).strip()


def make_post(rng: random.Random, number: int) -> tuple[str, str]:
    year = 2010 + number % 15
    month = 1 + (number // 15) % 12
    day = 1 + (number // 180) % 28
    slug = f"meetup-{number}"
    lines = [
        "---",
        f'title: "Synthetic Meetup #{number} {rng.choice(EN).title()} 勉強会"',
        f"date: {year:04d}-{month:02d}-{day:02d} 19:00:00 +0900",
        "---",
        "",
        f"Synthetic Meetup #{number} に参加しました。",
        "",
    ]
    for _ in range(rng.randint(12, 18)):
        lines += [f"## {rng.choice(SPEAKERS)} さん {phrase(rng, 2, 4)}", ""]
        for _ in range(rng.randint(3, 6)):
            lines.append(f"* {phrase(rng, 2, 4)}")
        lines.append("")
        if rng.random() < 0.4:
            lines += ["### 感想", "", f"* {phrase(rng, 2, 3)}", ""]
    return f"{year:04d}-{month:02d}-{day:02d}-{slug}.md", "\n".join(lines)


QUERIES = [
    "cgroup",  # common English word
    "kubernetes",
    "serverless production",
    "grafana",
    "監視",  # two-character Japanese, inside words (死活監視)
    "死活監視",
    "冗長化",
    "負荷試験 grafana",
    '"kafka lessons"',
    "speaker:@taro7",
    "speaker:hanako12 docker",
    "ＫＵＢＥＲＮＥＴＥＳ",
    "Docker",
    "istio 移行",
    "自動化",
    "nothing-matches-this",
    "監",  # one character: a scan
]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the query mix")
    parser.add_argument("--keep", help="keep the generated folder and database here")
    parser.add_argument(
        "--backend",
        choices=["sqlite", "postgres"],
        default="sqlite",
        help="postgres: a throwaway local server (tests/postgres_server.py)",
    )
    args = parser.parse_args()
    server = None
    if args.backend == "postgres":
        from tests.postgres_server import SKIP_REASON, start_postgres

        server = start_postgres()
        if server is None:
            raise SystemExit(SKIP_REASON)

    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="bench-search-"))
    posts = base / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    rng = random.Random(42)
    started = time.perf_counter()
    for number in range(args.posts):
        name, text = make_post(rng, number)
        (posts / name).write_text(text, encoding="utf-8")
    print(f"generated {args.posts} posts in {time.perf_counter() - started:.1f} s -> {posts}")

    url = f"sqlite:///{base / 'meetup.db'}" if server is None else server.create_database("bench")
    store = open_store(url)
    started = time.perf_counter()
    report = sync_index(store, Catalog(posts))
    index_s = time.perf_counter() - started
    talks = sum(m.talk_count for m in store.list_meetups())
    store.close()
    db_mb = sum(p.stat().st_size for p in base.glob("meetup.db*")) / 1e6
    if server is not None:
        import psycopg

        with psycopg.connect(url) as conn:
            row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
            db_mb = (row[0] if row else 0) / 1e6
    print(f"index: {report.summary()}; {talks} talks; database {db_mb:.0f} MB")
    print(
        f"index time: {index_s:.1f} s ({talks / index_s:.0f} talks/s), of which parsing "
        f"{report.parse_seconds:.1f} s and the store {index_s - report.parse_seconds:.1f} s"
    )

    started = time.perf_counter()
    store = open_store(url)
    report = sync_index(store, Catalog(posts))
    restart_s = time.perf_counter() - started
    assert report.parsed == 0, report.summary()
    print(f"restart on unchanged index: {restart_s:.2f} s (parsed {report.parsed})")

    # One edited post: incremental update.
    edited = sorted(posts.iterdir())[len(QUERIES)]
    edited.write_text(edited.read_text("utf-8") + "\n## @editor さん 追記 cgroup\n\n* more\n")
    started = time.perf_counter()
    report = sync_index(store, Catalog(posts))
    print(f"one post edited: {time.perf_counter() - started:.2f} s ({report.summary()})")

    for query in QUERIES:  # warm up (page cache), and show the totals
        page = search_talks(store, query)
        exact = store.match(parse(query), FIELD_WEIGHTS, offset=0, limit=5).exact
        print(f"  {query!r}: {'' if exact else 'about '}{page.total} hits")
    per_query: dict[str, list[float]] = {q: [] for q in QUERIES}
    every: list[float] = []
    for _ in range(args.rounds):
        for query in QUERIES:
            started = time.perf_counter()
            search_talks(store, query, limit=5)
            elapsed = (time.perf_counter() - started) * 1000
            per_query[query].append(elapsed)
            every.append(elapsed)
    print(
        f"search latency over {len(every)} searches: p50 {percentile(every, 50):.1f} ms, "
        f"p99 {percentile(every, 99):.1f} ms, max {max(every):.1f} ms"
    )
    for query, values in per_query.items():
        print(f"  {query!r}: median {statistics.median(values):.1f} ms")
    others: list[float] = []
    for selector in ["", "synthetic meetup #42", "2015-03", "2015-03-01"] * 5:
        started = time.perf_counter()
        found = find_meetups(store, selector)
        if found:
            meetup_talks(store, found[0].post_id)
        others.append((time.perf_counter() - started) * 1000)
    print(f"talks [MEETUP] latency: p50 {percentile(others, 50):.1f} ms, max {max(others):.1f} ms")
    store.close()
    if server is not None:
        server.stop()
    if not args.keep:
        import shutil

        shutil.rmtree(base)
    print(f"cpu count {os.cpu_count()}")


if __name__ == "__main__":
    main()
