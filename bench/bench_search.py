"""Benchmark the search index against the engines' own, side by side in one run.

    PYTHONPATH=. .venv/bin/python bench/bench_search.py            # 10,000 posts (~150,000 talks)
    PYTHONPATH=. .venv/bin/python bench/bench_search.py --posts 2000 --rounds 10
    PYTHONPATH=. .venv/bin/python bench/bench_search.py --posts 500 --backend postgres

Generates synthetic Japanese + English meetup posts (markdown, front matter, `##` per talk,
bullets, `### 感想`) into a temporary folder, indexes them with the real parser into a SQLite
file (or a throwaway PostgreSQL database), restarts on the unchanged index and re-indexes one
edited post. Then builds the contenders (bench/search_contenders.py: FTS5 trigram and FTS5
bigram+words on SQLite, pg_trgm on PostgreSQL) from the same talks, prints every query's total
from each (ours against a brute-force count: the error of an estimate), and times the query mix
with the contenders interleaved (each query on each contender in turn), with ratios.
Numbers go to bench/README.md (## Search index); nothing here is a test assertion.

`--keep DIR` keeps the posts and the databases in DIR; a later run with the same DIR (SQLite)
reuses them: no generation, no build (its times are not measured then), queries only.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.search_contenders import Fts5, PgTrgm, ours_index_only
from bot.catalog import Catalog
from bot.indexer import sync_index
from bot.query import Term
from bot.search import FIELD_WEIGHTS, find_meetups, meetup_talks, parse, search_talks
from bot.store import open_store
from bot.store.matching import check_cases

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
    "production",  # thousands of matches: an estimated total, measured against a brute force
]


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _sqlite_sizes(path: Path) -> tuple[int, int]:
    """(bytes of our full-text index, bytes of the whole database file)."""
    with sqlite3.connect(path) as db:
        row = db.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'talk\\_fts%' ESCAPE '\\'"
            " OR name LIKE 'talk\\_tri%' ESCAPE '\\'"
        ).fetchone()
    return int(row[0] or 0), path.stat().st_size


def _pg_sizes(url: str) -> tuple[int, int]:
    import psycopg

    with psycopg.connect(url) as db:
        row = db.execute(
            "SELECT pg_relation_size('talks_keys'), pg_database_size(current_database())"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def _brute_force(store: Any, terms: list[Term]) -> int:
    """How many talks match, by checking every talk (what an estimate is measured against)."""
    cases, params = check_cases(terms, FIELD_WEIGHTS, store.instr)
    every = " AND ".join(f"({case}) > 0" for case in cases)
    return int(store.fetch(f"SELECT count(*) FROM talks WHERE {every}", params)[0][0])


def _generate(count: int, posts: Path) -> None:
    posts.mkdir(parents=True, exist_ok=True)
    rng = random.Random(42)
    for number in range(count):
        name, text = make_post(rng, number)
        (posts / name).write_text(text, encoding="utf-8")


class _TimedCatalog(Catalog):
    """A catalog that counts the CPU seconds of parsing (the store's are the rest)."""

    parse_cpu = 0.0

    def read(self, path: Path, data: bytes | None = None) -> Any:
        started = time.process_time()
        try:
            return super().read(path, data)
        finally:
            self.parse_cpu += time.process_time() - started


def _build(args: argparse.Namespace, base: Path, url: str) -> tuple[Any, dict[str, float]]:
    posts = base / "posts"
    store = open_store(url)
    catalog = _TimedCatalog(posts)
    started, cpu = time.perf_counter(), time.process_time()
    report = sync_index(store, catalog)
    index_s, index_cpu = time.perf_counter() - started, time.process_time() - cpu
    talks = sum(m.talk_count for m in store.list_meetups())
    store.close()
    print(f"index: {report.summary()}; {talks} talks")
    store_s, store_cpu = index_s - report.parse_seconds, index_cpu - catalog.parse_cpu
    print(
        f"index time: {index_s:.1f} s, of which parsing {report.parse_seconds:.1f} s"
        f" and the store {store_s:.1f} s (CPU {store_cpu:.1f} s)"
    )
    started = time.perf_counter()
    store = open_store(url)
    report = sync_index(store, Catalog(posts))
    restart_s = time.perf_counter() - started
    assert report.parsed == 0, report.summary()
    print(f"restart on unchanged index: {restart_s:.2f} s (parsed {report.parsed})")
    edited = sorted(posts.iterdir())[len(QUERIES)]
    edited.write_text(edited.read_text("utf-8") + "\n## @editor さん 追記 cgroup\n\n* more\n")
    started = time.perf_counter()
    report = sync_index(store, Catalog(posts))
    edit_s = time.perf_counter() - started
    print(f"one post edited: {edit_s:.2f} s ({report.summary()})")
    return store, {
        "build": store_s,
        "build_cpu": store_cpu,
        "restart": restart_s,
        "edit": edit_s,
        "talks": talks,
    }


def _contenders(args: argparse.Namespace, base: Path, url: str, rows: list[Any]) -> list[Any]:
    if args.backend == "postgres":
        found: list[Any] = [PgTrgm(url)]
    else:
        found = [Fts5(str(base / "trigram.db"), "trigram"), Fts5(str(base / "bigram.db"), "bigram")]
    for contender in found:
        if contender.exists():
            print(f"{contender.name}: reused, index {contender.size() / 1e6:.1f} MB")
            continue
        contender.built = contender.build(rows)
        print(
            f"{contender.name}: build {contender.built:.1f} s (CPU {contender.built_cpu:.1f} s),"
            f" index {contender.size() / 1e6:.1f} MB"
        )
    return found


def _interleaved(
    store: Any, contenders: list[Any], rounds: int
) -> dict[str, dict[str, list[float]]]:
    """Milliseconds per search (total + first page) by contender and query, each contender in
    turn on each query."""
    names = ["ours", *(c.name for c in contenders)]
    times = {name: {query: list[float]() for query in QUERIES} for name in names}
    parsed = {query: parse(query) for query in QUERIES}
    for _ in range(rounds):
        for query in QUERIES:
            terms = parsed[query]
            started = time.perf_counter()
            store.match(terms, FIELD_WEIGHTS, offset=0, limit=5)
            times["ours"][query].append((time.perf_counter() - started) * 1000)
            for contender in contenders:
                started = time.perf_counter()
                contender.search(terms, FIELD_WEIGHTS)
                times[contender.name][query].append((time.perf_counter() - started) * 1000)
    return times


def _answers(store: Any, contenders: list[Any]) -> None:
    """Totals side by side; ours against a brute-force count (estimates: their error)."""
    for query in QUERIES:
        terms = parse(query)
        page = store.match(terms, FIELD_WEIGHTS, offset=0, limit=5)
        truth = _brute_force(store, terms)
        others = ", ".join(f"{c.name} {c.search(terms, FIELD_WEIGHTS)[0]}" for c in contenders)
        ours = f"{page.total}" if page.exact else f"about {page.total}"
        error = "" if page.exact else f" ({(page.total - truth) / max(1, truth):+.1%})"
        print(f"  {query!r}: ours {ours}{error}; brute force {truth}; {others}")


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
    reuse = args.backend == "sqlite" and (base / "meetup.db").exists()
    url = f"sqlite:///{base / 'meetup.db'}" if server is None else server.create_database("bench")
    if reuse:
        store = open_store(url)
        report = sync_index(store, Catalog(base / "posts"))  # rebuilds an older index layout
        print(f"reusing {base}: {report.summary()} (no build, restart or edit measured)")
        ours: dict[str, float] = {}
    else:
        _generate(args.posts, base / "posts")
        print(f"generated {args.posts} posts -> {base / 'posts'}; backend {args.backend}")
        store, ours = _build(args, base, url)
    index_b, db_b = _pg_sizes(url) if server is not None else _sqlite_sizes(base / "meetup.db")
    print(f"ours: index {index_b / 1e6:.1f} MB (database {db_b / 1e6:.0f} MB)")
    rows = store.fetch("SELECT talk_id, n_title, n_speaker, n_impressions, n_notes FROM talks")
    contenders = _contenders(args, base, url, rows)
    index_s = index_cpu = 0.0
    if server is None and not reuse:
        index_s, index_cpu = ours_index_only(str(base / "ours-index.db"), rows)
        print(
            f"ours, index part only (same rows as the contenders): build {index_s:.1f} s"
            f" (CPU {index_cpu:.1f} s)"
        )
    for contender in contenders:
        ratios = [f"index size {index_b / max(1, contender.size()):.2f}x"]
        if contender.built and ours:
            ratios.append(f"store build {ours['build'] / contender.built:.2f}x")
        if contender.built_cpu and ours:
            ratios.append(f"store build CPU {ours['build_cpu'] / contender.built_cpu:.2f}x")
        if contender.built and index_s:
            ratios.append(f"index build {index_s / contender.built:.2f}x")
        if contender.built_cpu and index_cpu:
            ratios.append(f"index build CPU {index_cpu / contender.built_cpu:.2f}x")
        print(f"  ours / {contender.name}: {', '.join(ratios)}")
    _answers(store, contenders)
    _interleaved(store, contenders, 1)  # warm up
    times = _interleaved(store, contenders, args.rounds)
    print("median ms per query: " + " | ".join(times))
    for query in QUERIES:
        medians = " | ".join(f"{statistics.median(t[query]):.1f}" for t in times.values())
        print(f"  {query!r}: {medians}")
    every = {name: [v for values in t.values() for v in values] for name, t in times.items()}
    ours_p50, ours_p99 = percentile(every["ours"], 50), percentile(every["ours"], 99)
    for name, values in every.items():
        p50, p99 = percentile(values, 50), percentile(values, 99)
        ratio = (
            ""
            if name == "ours"
            else f"  (ours: {ours_p50 / p50:.2f}x p50, {ours_p99 / p99:.2f}x p99)"
        )
        print(f"{name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(values):.1f} ms{ratio}")
    every_search: list[float] = []
    for _ in range(max(1, args.rounds // 4)):
        for query in QUERIES:
            started = time.perf_counter()
            search_talks(store, query, limit=5)
            every_search.append((time.perf_counter() - started) * 1000)
    print(
        f"ours through search_talks (with snippets): p50 {percentile(every_search, 50):.1f} ms,"
        f" p99 {percentile(every_search, 99):.1f} ms"
    )
    others: list[float] = []
    for selector in ["", "synthetic meetup #42", "2015-03", "2015-03-01"] * 5:
        started = time.perf_counter()
        found = find_meetups(store, selector)
        if found:
            meetup_talks(store, found[0].post_id)
        others.append((time.perf_counter() - started) * 1000)
    print(f"talks [MEETUP] latency: p50 {percentile(others, 50):.1f} ms, max {max(others):.1f} ms")
    for contender in contenders:
        contender.close()
    store.close()
    if server is not None:
        server.stop()
    if not args.keep:
        import shutil

        shutil.rmtree(base)
    print(f"cpu count {os.cpu_count()}")


if __name__ == "__main__":
    main()
