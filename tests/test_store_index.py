"""The full-text index under the store: the keys that give 1- and 2-character terms an index,
the same keys from PostgreSQL's `meetup_keys` as from Python, plans that use the index, exact
totals up to past 1,000 matches, and re-indexing an edited post."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from bot.model import Note, NoteKind, Post, Span, Talk
from bot.query import Term, normalize
from bot.search import FIELD_WEIGHTS
from bot.store import Store, open_store
from bot.store.base import Fingerprint, PutPost, normalized_fields
from bot.store.matcher import EXACT_CAP
from bot.store.tokens import exact, keys, short_tokens, term_tokens, tokens, trigram_text
from tests.store_backends import PERSISTENT, fresh_postgres_url, postgres_server  # noqa: F401

TEXTS = [
    "",
    "a",
    "監",
    "docker tips",
    "死活監視の運用 go\nk8s c++ (ｋｕｂｅ)",
    "a b c",
    "emoji 🚀 rocket",
]


@pytest.mark.parametrize(
    ("term", "is_exact"),
    [
        ("監", True),
        ("監視", True),
        ("go", True),
        ("k8s", True),
        ("死活監視", False),
        ("docker", False),
    ],
)
def test_short_terms_have_one_key_that_says_it_all(term: str, is_exact: bool) -> None:
    assert term_tokens(term) and exact(term) is is_exact
    if is_exact:
        assert len(term_tokens(term)) == 1
        assert term_tokens(term)[0] in tokens(f"x {term} y")


def test_ascii_words_look_up_trigrams_and_one_ascii_character_has_none() -> None:
    assert all(len(token) == 3 for token in term_tokens("kubernetes"))
    assert term_tokens("kubernetes") == ["kub", "rne", "tes"]  # first, middle, last
    assert term_tokens("o") == [] and not exact("o")
    assert set(term_tokens("istio 移行")) <= tokens("we use istio 移行 now")


@pytest.fixture(params=PERSISTENT)
def store(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[Store]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'meetup.db'}"
    else:
        url = fresh_postgres_url(request)
    with open_store(url) as opened:
        yield opened


def _talks(matches: int, decoys: int) -> Post:
    talks = [Talk(f"@s{n}", f"Lockerdock {n}", None) for n in range(matches)]
    decoy = (Note(NoteKind.BULLET, (Span("a dock by the locker"),)),)
    talks += [Talk(f"@d{n}", f"Talk {n}", None, decoy) for n in range(decoys)]
    return Post(title="Big", date=date(2020, 1, 1), slug="big", talks=tuple(talks))


def test_totals_are_exact_past_a_thousand_candidates_when_the_matches_are_fewer(
    store: Store,
) -> None:
    """1,150 candidates for `docker` (every trigram), 900 of them real matches: exact 900."""
    store.upsert_post("big.md", Fingerprint(1, 1, "x"), _talks(0, 250))
    store.upsert_post("more.md", Fingerprint(2, 2, "y"), _many_docker(900))
    page = store.match([Term("docker")], FIELD_WEIGHTS, offset=0, limit=5)
    assert EXACT_CAP < 900 + 250
    assert (page.total, page.exact) == (900, True)


def _many_docker(count: int) -> Post:
    talks = tuple(Talk(f"@m{n}", f"Docker {n}", None) for n in range(count))
    return Post(title="Docker", date=date(2021, 1, 1), slug="docker", talks=talks)


def test_an_edited_post_is_reindexed_and_its_old_words_are_gone(store: Store) -> None:
    before = Post("M", date(2020, 1, 1), "m", talks=(Talk("@a", "監視 and etcd", None),))
    after = Post("M", date(2020, 1, 1), "m", talks=(Talk("@a", "運用 and raft", None),))
    store.upsert_post("m.md", Fingerprint(1, 1, "a"), before)
    store.upsert_post("m.md", Fingerprint(2, 2, "b"), after)
    for gone in ("監視", "監", "etcd", "etc"):
        assert store.match([Term(gone)], FIELD_WEIGHTS, offset=0, limit=5).total == 0
    for there in ("運用", "運", "raft", "aft"):
        assert store.match([Term(there)], FIELD_WEIGHTS, offset=0, limit=5).total == 1


def test_postgres_meetup_keys_are_the_python_keys(request: pytest.FixtureRequest) -> None:
    import psycopg

    url = fresh_postgres_url(request)
    open_store(url).close()
    with psycopg.connect(url) as conn:
        for text in TEXTS:
            row = conn.execute("SELECT meetup_keys(%s)", (text,)).fetchone()
            assert row is not None and set(row[0]) == keys(text), text


def test_postgres_two_character_terms_use_the_gin_index(request: pytest.FixtureRequest) -> None:
    """EXPLAIN after a build (which ran ANALYZE), on the store's own connection: a bitmap scan
    of the keys index per field for 監視 and for an ASCII word, and for 話 that every talk has,
    never a sequential scan of the talks (which would compute the keys of every talk)."""
    from bot.store.matching import Cond
    from bot.store.postgres import PostgresStore, source

    url = fresh_postgres_url(request)
    talks = tuple(
        Talk(f"@s{n}", f"話 {n} {'監視' if n % 50 == 0 else '運用'}", None) for n in range(1200)
    )
    with open_store(url) as store:
        assert isinstance(store, PostgresStore)
        post = Post("M", date(2020, 1, 1), "m", talks=talks)
        store.upsert_post("m.md", Fingerprint(1, 1, "a"), post)
        for term in ("監視", "kubernetes"):
            conds = [Cond(tuple(term_tokens(term)), ("title", "notes")), Cond(("話",), ("title",))]
            sql, params = source(conds)
            plan = "\n".join(row[0] for row in store.fetch(f"EXPLAIN {sql}", params))
            assert plan.count("Bitmap Index Scan on talks_keys") == 2, plan
            assert "Seq Scan" not in plan and "Filter" not in plan, plan
        assert store.match([Term("監視")], FIELD_WEIGHTS, offset=0, limit=5).total == 24


def _generic_plan(conn: Any, name: str, statement: str, params: list[object]) -> str:
    """EXPLAIN ANALYZE of `statement` prepared on `conn` (which forces generic plans)."""
    from psycopg import sql

    marks = iter(range(1, len(params) + 1))
    numbered = "".join(f"${next(marks)}" if c == "?" else c for c in statement)
    conn.execute(sql.SQL("PREPARE {} AS ").format(sql.Identifier(name)) + sql.SQL(numbered))
    explain = sql.SQL("EXPLAIN (ANALYZE, COSTS OFF) EXECUTE {}({})").format(
        sql.Identifier(name), sql.SQL(", ").join(map(sql.Literal, params))
    )
    return "\n".join(row[0] for row in conn.execute(explain))


def test_postgres_searches_run_one_generic_plan_that_uses_the_gin_index(
    request: pytest.FixtureRequest,
) -> None:
    """Searches are prepared and planned once, for any values (the store's connection forces
    generic plans: repeated searches make no custom plan). That plan of the candidates
    statement, made without the term's keys, still scans the keys index for 監視 (2 characters)
    and for an ASCII word, never the whole table; and a page of one field's candidates reads
    only those among the newest talks (the keys index and-ed with the primary key's range)."""
    import psycopg

    from bot.store.matching import Checker, Cond
    from bot.store.postgres import PostgresStore, candidates_sql, page_sql

    url = fresh_postgres_url(request)
    posts = _common_word_posts("監視", 12, 100)
    with open_store(url) as store, psycopg.connect(url, autocommit=True) as conn:
        assert isinstance(store, PostgresStore)
        store.apply(
            [PutPost(f"m{n}.md", Fingerprint(n, 1, "x"), post) for n, post in enumerate(posts)]
        )
        for _ in range(8):
            store.match([Term("監視")], FIELD_WEIGHTS, offset=0, limit=5)
        plans = "SELECT generic_plans, custom_plans FROM pg_prepared_statements"
        rows = store.fetch(f"{plans} WHERE statement LIKE 'WITH %'")  # the searches'
        assert max(generic for generic, _ in rows) >= 8 and {c for _, c in rows} == {0}, rows
        assert store.fetch("SHOW jit") == [("off",)]  # its compile took 40-100 ms at 10k posts
        conn.execute("SET enable_seqscan = off")  # as the store's connection
        conn.execute("SET plan_cache_mode = force_generic_plan")
        for number, (term, share) in enumerate((("監視", 0), ("kubernetes", 64))):
            terms = [Term(term)]
            conds = [Cond(tuple(term_tokens(term)), terms[0].fields)]
            checker = Checker(store, terms, FIELD_WEIGHTS)
            statement, params = candidates_sql(conds, EXACT_CAP + 1, share, checker)
            plan = _generic_plan(conn, f"probe{number}", statement, params)
            assert "Bitmap Index Scan on talks_keys" in plan, plan
            assert "Seq Scan" not in plan, plan
        title = [Cond(tuple(term_tokens("監視")), ("title",))]
        plan = _generic_plan(conn, "page", *page_sql(title, 5, 0))
        assert "BitmapAnd" in plan and "Index Scan on talks_pkey" in plan, plan
        assert "CTE Scan on c (never executed)" in plan, plan  # not every candidate


def test_sqlite_candidates_come_from_fts5(tmp_path: Any) -> None:
    """監視 from our short tokens, kubernetes from SQLite's trigram tokenizer, both by FTS5."""
    import sqlite3

    from bot.store.matching import Cond
    from bot.store.sqlite import fts_queries

    with open_store(f"sqlite:///{tmp_path / 'm.db'}"):
        pass
    with sqlite3.connect(tmp_path / "m.db") as conn:
        for term, table in (("監視", "talk_fts"), ("kubernetes", "talk_tri")):
            queries = fts_queries([Cond(tuple(term_tokens(term)), ("title",))], lambda _: [])
            assert list(queries) == [table]
            plan = conn.execute(
                f"EXPLAIN QUERY PLAN SELECT rowid FROM {table} WHERE {table} MATCH ?",
                (queries[table],),
            ).fetchall()
            assert "VIRTUAL TABLE INDEX" in str(plan)


@pytest.mark.parametrize("text", TEXTS)
def test_sqlite_tables_hold_every_token_between_them(text: str) -> None:
    """Each token a term may be looked up by is in SQLite's index: an ASCII trigram in the text
    the trigram tokenizer reads, a token with a non-ASCII character among the short tokens (a
    lone character, or a bigram it starts), an ASCII bigram as the start of some trigram."""
    read = trigram_text(text)
    short = short_tokens(text).split()
    assert short_tokens("plain ascii words") == ""
    for token in tokens(text):
        if len(token) == 3:
            assert token in read
        elif not token.isascii():
            assert token in short or (len(token) == 1 and any(s[0] == token for s in short))
        else:
            assert any(read[n : n + 2] == token for n in range(len(read) - 2)), token


def test_two_ascii_characters_inside_a_word_are_found(store: Store) -> None:
    """FTS5 keeps no bigram that starts a trigram: `go` is found in `golang` by prefix."""
    talks = (Talk("@a", "golang tips", None), Talk("@b", "go", None), Talk("@c", "ergo", None))
    store.upsert_post("m.md", Fingerprint(1, 1, "a"), Post("M", date(2020, 1, 1), "m", talks=talks))
    for term, total in (("go", 3), ("ol", 1), ("ng", 1), ("gg", 0), ("o ", 0)):
        page = store.match([Term(term)], FIELD_WEIGHTS, offset=0, limit=5)
        assert page.total == total, term


def test_postgres_index_of_the_previous_release_is_rebuilt(request: pytest.FixtureRequest) -> None:
    """A PostgreSQL database of the release with our own postings (`grams`, `meetup_schema`, no
    layout note) opens as an empty index of the new layout."""
    import psycopg

    url = fresh_postgres_url(request)
    with psycopg.connect(url) as conn:
        conn.execute(
            "CREATE TABLE files (post_id TEXT PRIMARY KEY, mtime_ns BIGINT, size BIGINT,"
            " sha256 TEXT); INSERT INTO files VALUES ('m', 1, 2, 'x');"
            " CREATE TABLE grams (gram BIGINT, talk_id BIGINT, PRIMARY KEY (gram, talk_id));"
            " CREATE TABLE meetup_schema (version INTEGER NOT NULL); INSERT INTO meetup_schema"
            " VALUES (5)"
        )
    with open_store(url) as store:
        assert store.file_fingerprints() == {}
        post = Post("M", date(2020, 1, 1), "m", talks=(Talk("@a", "監視 tips", None),))
        store.upsert_post("m", Fingerprint(1, 1, "a"), post)
        assert store.match([Term("監視")], FIELD_WEIGHTS, offset=0, limit=5).total == 1
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT to_regclass('grams')").fetchone() == (None,)


def _random_text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice("abgo+.監視運用の  \n") for _ in range(size))


def _brute_force(texts: list[dict[str, str]], terms: list[Term]) -> list[int]:
    """The score of every talk holding every term (in one of its fields), by reading them all."""
    scores = []
    for fields_of in texts:
        found = [[FIELD_WEIGHTS[f] for f in t.fields if t.text in fields_of[f]] for t in terms]
        if all(found):
            scores.append(sum(max(weights) for weights in found))
    return scores


def _random_terms(rng: random.Random, texts: list[dict[str, str]]) -> list[Term]:
    source = rng.choice(texts)["impressions"]
    start = rng.randrange(len(source))
    text = normalize(source[start : start + rng.randint(1, 5)])
    fields = rng.choice([("title", "speaker", "impressions", "notes"), ("impressions",)])
    terms = [Term(text, fields)] if text else [Term("監")]
    if rng.random() < 0.3:
        terms.append(Term(rng.choice(["監視", "go", "ab", "a", "の運"])))
    return terms


def _random_talks(rng: random.Random, count: int) -> tuple[Talk, ...]:
    return tuple(
        Talk(
            _random_text(rng, 3), _random_text(rng, 12), None, impressions=(_random_text(rng, 30),)
        )
        for _ in range(count)
    )


def test_every_term_finds_what_a_substring_search_finds(store: Store) -> None:
    """Random texts of a few ASCII characters, kana and kanji, spaces and line breaks, and terms
    cut from them (1 to 5 characters, across spaces too, and in one field or all): the totals
    are a brute-force substring count's and the page has the best scores, so the index misses
    nothing whichever table or lookup a term goes to."""
    rng = random.Random(11)
    talks = _random_talks(rng, 150)
    store.upsert_post("r.md", Fingerprint(1, 1, "r"), Post("R", date(2020, 1, 1), "r", talks=talks))
    texts = [normalized_fields(talk) for talk in talks]
    for _ in range(120):
        terms = _random_terms(rng, texts)
        scores = _brute_force(texts, terms)
        page = store.match(terms, FIELD_WEIGHTS, offset=0, limit=5)
        assert (page.total, page.exact) == (len(scores), True), terms
        assert list(page.scores) == sorted(scores, reverse=True)[:5], terms


def test_past_a_thousand_candidates_the_page_is_the_best_and_the_total_near(store: Store) -> None:
    """The same with 1,600 talks in 40 meetups, so that common terms have more than EXACT_CAP
    candidates: the page still has the best scores (read field by field), and an estimated
    total is within 10 % of the brute-force count."""
    rng = random.Random(5)
    talks = _random_talks(rng, 1600)
    store.apply(
        [
            PutPost(
                f"m{n}.md",
                Fingerprint(n, n, "m"),
                Post("M", date(2020, 1, 1 + n), f"m{n}", talks=talks[n * 40 : n * 40 + 40]),
            )
            for n in range(28)
        ]
        + [
            PutPost(
                f"n{n}.md",
                Fingerprint(n, n, "n"),
                Post(
                    "N", date(2021, 1, 1 + n), f"n{n}", talks=talks[1120 + n * 40 : 1160 + n * 40]
                ),
            )
            for n in range(12)
        ]
    )
    texts = [normalized_fields(talk) for talk in talks]
    estimated = 0
    for _ in range(40):
        terms = _random_terms(rng, texts)
        scores = _brute_force(texts, terms)
        page = store.match(terms, FIELD_WEIGHTS, offset=0, limit=5)
        assert list(page.scores) == sorted(scores, reverse=True)[:5], terms
        if page.exact:
            assert page.total == len(scores), terms
        else:
            estimated += 1
            assert abs(page.total - len(scores)) <= 0.1 * len(scores), terms
    assert estimated  # some totals were estimated


def test_postgres_a_build_leaves_the_index_vacuumed(request: pytest.FixtureRequest) -> None:
    """After a sync of many talks the GIN index's pending list is merged and the table is all
    visible (VACUUM ran, not only ANALYZE): searches do not read through unmerged keys. ANALYZE
    left the keys index's expressions alone (computing them for its sample made most of a
    build)."""
    import psycopg

    url = fresh_postgres_url(request)
    talks = tuple(Talk(f"@s{n}", f"監視 {n}", None) for n in range(1200))
    with open_store(url) as store:
        store.upsert_post(
            "m.md", Fingerprint(1, 1, "a"), Post("M", date(2020, 1, 1), "m", talks=talks)
        )
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT relpages, relallvisible, reltuples FROM pg_class WHERE relname = 'talks'"
        ).fetchone()
        assert row is not None and row[0] > 0 and row[1] == row[0] and row[2] == 1200, row
        stats = "SELECT count(*) FROM pg_stats WHERE tablename = %s"
        assert conn.execute(stats, ("talks",)).fetchone() != (0,)  # ANALYZE ran
        assert conn.execute(stats, ("talks_keys",)).fetchone() == (0,)  # not on the keys
        conn.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple")
        pending = conn.execute("SELECT pending_pages FROM pgstatginindex('talks_keys')").fetchone()
        assert pending == (0,)


def _common_word_posts(word: str, posts: int, per_post: int) -> list[Post]:
    """Five talks in six have `word` in their notes, one in ten has it in the title; the other
    notes have every token of it but not the word."""
    decoy = " ".join(term_tokens(word))
    found = []
    for number in range(posts):
        talks = []
        for n in range(per_post):
            title = f"{word} talk {n}" if n % 10 == 3 else f"talk {n}"
            notes = (Note(NoteKind.BULLET, (Span(decoy if n % 6 == 5 else f"in {word} now"),)),)
            talks.append(Talk(f"@s{n}", title, None, notes))
        day = date(2020 + number // 300, 1 + number // 25 % 12, 1 + number % 25)
        found.append(Post(f"M{number}", day, f"m{number}", talks=tuple(talks)))
    return found


def test_postgres_estimates_a_common_word_from_its_sample_and_pages_as_counting_all(
    request: pytest.FixtureRequest, tmp_path: Any
) -> None:
    """6,000 candidates for `production`, 5,220 matches: PostgreSQL reads only the sampled
    candidates (schema.SAMPLE_KEY) for the total, an estimate within 10 %, and its pages are
    SQLite's (which reads every candidate)."""
    from bot.store.postgres import ESTIMATE_FROM
    from bot.store.schema import SAMPLE_STEPS

    posts = _common_word_posts("production", 60, 100)
    pages = []
    for url in (fresh_postgres_url(request), f"sqlite:///{tmp_path / 'meetup.db'}"):
        with open_store(url) as store:
            for number, post in enumerate(posts):
                store.upsert_post(f"m{number}.md", Fingerprint(number, 1, "x"), post)
            found = [
                store.match([Term("production")], FIELD_WEIGHTS, offset=offset, limit=5)
                for offset in (0, 5, 60, 600)
            ]
        pages.append(found)
    assert 6000 / SAMPLE_STEPS[0] > ESTIMATE_FROM * 1.2
    assert all(not page.exact and abs(page.total - 5220) <= 522 for page in pages[0]), pages[0]
    assert [(p.talk_ids, p.scores) for p in pages[0]] == [(p.talk_ids, p.scores) for p in pages[1]]
    assert pages[0][0].scores == (8.0,) * 5 and pages[0][3].scores == (1.0,) * 5


def test_postgres_a_page_of_ids_is_the_newest_candidates_near_or_not(
    request: pytest.FixtureRequest,
) -> None:
    """PostgreSQL looks for a page among the newest talks first (postgres.NEAR times the page):
    the page is the same as a slice of every candidate, newest first, whether the newest talks
    hold enough (a word in one title in ten), too few (a word only in the oldest post), or the
    page reaches past them."""
    from bot.store.matching import Cond
    from bot.store.postgres import NEAR, PostgresStore

    oldest = Post("Old", date(2019, 1, 1), "old", talks=(Talk("@z", "zebra crossing", None),) * 9)
    posts = [oldest, *_common_word_posts("production", 12, 100)]
    with open_store(fresh_postgres_url(request)) as store:
        assert isinstance(store, PostgresStore)
        store.apply(
            [PutPost(f"m{n}.md", Fingerprint(n, 1, "x"), post) for n, post in enumerate(posts)]
        )
        for word, fields in (("production", ("title",)), ("zebra", ("title",))):
            conds = [Cond(tuple(term_tokens(word)), fields)]
            every = store.ids(conds)
            for limit, offset in ((5, 0), (5, 7), (40, 0), (5, 100)):
                assert store.ids(conds, limit, offset) == every[offset : offset + limit]
        assert NEAR * 5 < 1209 < NEAR * 40


def test_postgres_a_very_common_word_is_estimated_from_a_sparser_sample_level(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sample comes from the sparsest level expected to hold ESTIMATE_FROM candidates: with
    6,000 candidates, 1,000 gives the level of one talk in 4 (sampled ids of any hash modulo 16),
    250 a sparser one (every sampled id's hash a multiple of 16), and the total is still within
    10 % of the candidates."""
    from bot.store import postgres
    from bot.store.matching import Cond

    conds = [Cond(tuple(term_tokens("production")), ("title", "speaker", "impressions", "notes"))]
    with open_store(fresh_postgres_url(request)) as store:
        assert isinstance(store, postgres.PostgresStore)
        posts = _common_word_posts("production", 60, 100)
        store.apply(
            [PutPost(f"m{n}.md", Fingerprint(n, 1, "x"), post) for n, post in enumerate(posts)]
        )
        moduli = []
        for estimate_from in (1000, 250):
            monkeypatch.setattr(postgres, "ESTIMATE_FROM", estimate_from)
            found = store.candidates(conds, EXACT_CAP + 1, 64)
            assert not found.exact and abs(found.total - 6000) <= 600, found.total
            rows = store.fetch(
                "SELECT mod(hashint8(i), 16) FROM unnest(?::bigint[]) AS i", [found.sample]
            )
            moduli.append({int(row[0]) for row in rows})
    assert moduli[0] != {0} and moduli[1] == {0}
