"""The search index's tables, written once (SQLAlchemy Core) for both backends, and its layout.

- `files`: every catalog post's file fingerprint (by post id); `posts`: one meetup each; `talks`:
  a talk's normalised field texts (checked as substrings) and the talk as JSON; `notes`: how the
  rows were made (`Store.note`), the layout among them (LAYOUT_NOTE).
- The full-text index over the talks' tokens (bot/store/tokens.py): on SQLite two contentless
  FTS5 tables with a column per field and `detail=column` (which columns have a token, no
  positions): `talk_tri`, SQLite's own `trigram` tokenizer over the ASCII runs, with
  `talk_tri_vocab` listing its trigrams, and `talk_fts`, our short tokens; on PostgreSQL one
  GIN index over `meetup_keys(...)` of the title, the speaker, the impressions and of all four
  texts together (ALL_TEXTS, plus sample keys: EVERY_KEYS), an immutable SQL function giving
  the same keys as `tokens.keys` (as bigint[]), so the table stores no tokens at all.
- The index is derived data: an index of another layout (or of the release before this one,
  with its `grams` postings and no layout note) is dropped and rebuilt from the posts by the next
  sync, and the log says so.

Talk ids order talks as searches list them: `talk_id = minutes << SEQ_BITS | seq`, the meetup's
date in minutes, then a sequence counting down within it (post order), so the newest talk has the
highest id and an engine's own id order (FTS5 `ORDER BY rowid DESC`) is the tie order.
"""

from __future__ import annotations

import logging

import sqlalchemy
from sqlalchemy import BigInteger, Column, Index, Integer, MetaData, Table, Text
from sqlalchemy.schema import CreateIndex, CreateTable

log = logging.getLogger(__name__)

LAYOUT = "10"
"""10: PostgreSQL's sample keys at four levels (SAMPLE_STEPS); 9: PostgreSQL's keys index has a
sample key (EVERY_KEYS); 8: SQLite's trigram tokenizer for
the ASCII runs (talk_tri), FTS5 rowids negated; 6: FTS5 / GIN over our tokens, date-ordered talk
ids (5 and before: our own postings). 7 was the sample keys on their own branch."""
LAYOUT_NOTE = "index layout"
"""The note (`notes` table, `Store.note`) holding the layout."""
SEQ_BITS = 22
"""Talk ids per minute of meetup date (4 million: edits count down within it)."""
FIELDS = ("title", "speaker", "impressions", "notes")
ALL_TEXTS = "n_title || ' ' || n_speaker || ' ' || n_impressions || ' ' || n_notes"
"""Every field's text in one (no key spans a space, so its keys are the fields' keys)."""
SAMPLE_STEPS = (4, 8, 16, 32)
"""Sample levels: one talk in SAMPLE_STEPS[n], by a hash of its id (not by its place in its post,
which words may depend on), has the key `sample_key(n)` in EVERY_KEYS. The levels nest: a talk
of a sparser level is in every denser one."""


def sample_key(level: int) -> int:
    """The key of sample level `level` (above every token key)."""
    return (1 << 50) + level


def _sample_keys() -> str:
    whens = " ".join(
        f"WHEN mod(hashint8(talk_id), {step}) = 0"
        f" THEN ARRAY[{', '.join(str(sample_key(n)) for n in range(level + 1))}]::bigint[]"
        for level, step in reversed(list(enumerate(SAMPLE_STEPS)))
    )
    return f"CASE {whens} ELSE '{{}}'::bigint[] END"


EVERY_KEYS = f"(meetup_keys({ALL_TEXTS}) || {_sample_keys()})"
"""The keys of every text and the talk's sample keys: a lookup with `sample_key(n)` too finds about
one candidate in SAMPLE_STEPS[n], reading only those rows."""
TABLES = (
    "talk_tri_vocab",
    "talk_tri",
    "talk_fts",
    "talks",
    "posts",
    "files",
    "grams",
    "gram_stats",
    "meetup_schema",
    "notes",
)
"""Everything an index of any layout may have, dropped to rebuild it."""

_ID = BigInteger().with_variant(Integer(), "sqlite")  # SQLite: INTEGER PRIMARY KEY is the rowid


def tables(postgres: bool) -> MetaData:
    metadata = MetaData()
    Table(
        "files",
        metadata,
        Column("post_id", Text, primary_key=True),
        Column("mtime_ns", BigInteger, nullable=False),
        Column("size", BigInteger, nullable=False),
        Column("sha256", Text, nullable=False),
    )
    posts = Table(
        "posts",
        metadata,
        Column("post_id", Text, primary_key=True),
        *(Column(name, Text, nullable=False) for name in ("title", "date", "sort_date")),
        Column("url", Text),
        Column("talk_count", Integer, nullable=False),
        Column("n_key", Text, nullable=False),
        Column("day", Text, nullable=False),
    )
    Index("posts_by_date", posts.c.sort_date, posts.c.post_id)
    talks = Table(
        "talks",
        metadata,
        Column("talk_id", _ID, primary_key=True, autoincrement=False),
        Column("post_id", Text, nullable=False),
        Column("position", Integer, nullable=False),
        *(Column(f"n_{name}", Text, nullable=False) for name in FIELDS),
        Column("data", Text, nullable=False),
    )
    Index("talks_by_post", talks.c.post_id, talks.c.position)
    if postgres:
        keys = [sqlalchemy.func.meetup_keys(talks.c[f"n_{name}"]) for name in FIELDS[:3]]
        every = sqlalchemy.text(EVERY_KEYS)
        Index("talks_keys", *keys, every, postgresql_using="gin")
    Table(
        "notes",
        metadata,
        Column("key", Text, primary_key=True),
        Column("value", Text, nullable=False),
    )
    return metadata


_PUNCTUATION = "".join(chr(code) for code in range(33, 127) if not chr(code).isalnum())
_TOKENIZE = "ascii tokenchars '" + _PUNCTUATION.replace("'", "''") + "'"
_CONTENTLESS = "title, speaker, impressions, notes, content='', detail=column, columnsize=0"
FTS5 = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS talk_tri USING fts5({_CONTENTLESS},"
    " tokenize='trigram case_sensitive 1')",
    "CREATE VIRTUAL TABLE IF NOT EXISTS talk_tri_vocab USING fts5vocab(talk_tri, 'row')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS talk_fts USING fts5({_CONTENTLESS},"
    ' tokenize="' + _TOKENIZE.replace('"', '""') + '")',
)
"""The texts are normalised (lower case): the trigram tokenizer need not fold case. Our short
tokens go in as they are: every printable ASCII character is part of a token, spaces separate
them (and non-ASCII characters always are token characters)."""


MEETUP_KEYS = r"""
CREATE OR REPLACE FUNCTION meetup_keys(t text) RETURNS bigint[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE COST 10000 AS $$
SELECT coalesce(array_agg(DISTINCT k), '{}') FROM (
  SELECT CASE WHEN s = 0 THEN (c[i] << 21) | c[i + 1]
              WHEN s = 1 THEN (1::bigint << 42) | (c[i] << 14) | (c[i + 1] << 7) | c[i + 2]
              ELSE c[i] END AS k, s, i, c
  FROM (SELECT array_agg(ascii(ch)::bigint) AS c FROM regexp_split_to_table(t, '') AS ch) AS a,
       generate_series(1, coalesce(array_length(c, 1), 0)) AS i, (VALUES (0), (1), (2)) AS v(s)
) AS x
WHERE (s = 0 AND c[i + 1] IS NOT NULL AND c[i] NOT IN (10, 32) AND c[i + 1] NOT IN (10, 32))
   OR (s = 1 AND c[i + 2] IS NOT NULL AND c[i] < 128 AND c[i + 1] < 128 AND c[i + 2] < 128
       AND c[i] NOT IN (10, 32) AND c[i + 1] NOT IN (10, 32) AND c[i + 2] NOT IN (10, 32))
   OR (s = 2 AND c[i] > 127)
$$"""
"""bot/store/tokens.py's `keys` in SQL (bigrams, ASCII trigrams, non-ASCII characters), for the
PostgreSQL expression index: the table keeps the texts, the index alone keeps the keys."""


def ddl(dialect: sqlalchemy.Dialect) -> list[str]:
    """CREATE ... IF NOT EXISTS statements of the current layout for this backend."""
    postgres = dialect.name == "postgresql"
    metadata = tables(postgres)
    out: list[str] = [MEETUP_KEYS] if postgres else []
    for table in metadata.sorted_tables:
        out.append(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)))
        out.extend(
            str(CreateIndex(index, if_not_exists=True).compile(dialect=dialect))
            for index in sorted(table.indexes, key=lambda index: str(index.name))
        )
    if postgres:  # ANALYZE would compute meetup_keys of 30,000 sampled talks for their stats
        out += [f"ALTER INDEX talks_keys ALTER COLUMN {n} SET STATISTICS 0" for n in range(1, 5)]
    else:
        out.extend(FTS5)
    return out


def rebuild_needed(found: str | None, legacy: bool) -> bool:
    """Whether the index must be dropped: another layout, or a legacy index without a layout
    row. Logs why (the next sync parses every post again)."""
    if found == LAYOUT or (found is None and not legacy):
        return False
    log.warning(
        "the search index has layout %s, this release uses %s: rebuilding it from the posts",
        found or "5 or older",
        LAYOUT,
        extra={"index_layout": found, "wanted": LAYOUT},
    )
    return True
